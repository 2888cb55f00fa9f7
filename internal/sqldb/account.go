package sqldb

import (
	"context"
	"slices"

	"kasane/internal/casework"
)

// PasswordHash returns the stored password hash of the acting user, to check
// the current password before a change or a re-authentication.
func (db *DB) PasswordHash(ctx context.Context, a casework.Actor) (string, error) {
	var h string
	err := db.inTx(ctx, false, "アカウント", func(tx *Tx) error {
		return tx.queryRow(ctx, "SELECT password_hash FROM users WHERE id = ? AND municipality_id = ? AND disabled = 0", a.UserID, a.MunicipalityID).Scan(&h)
	})
	return h, err
}

// ChangeOwnPassword stores a new password hash for the acting user (the
// caller has checked the current password and the policy), lifts the
// must-change mark and ends every other session of the user. keepSession is
// the hash of the session making the change ("" for an API token: then
// every session ends).
func (db *DB) ChangeOwnPassword(ctx context.Context, a casework.Actor, keepSession, newHash string) error {
	if a.UserID == "" || newHash == "" {
		return casework.Errorf(casework.EUNAUTHORIZED, "認証が必要です。")
	}
	return db.inTx(ctx, true, "パスワード", func(tx *Tx) error {
		if err := tx.execOne(ctx, casework.NotFound("職員"),
			"UPDATE users SET password_hash = ?, must_change_password = 0, version = version + 1 WHERE id = ? AND municipality_id = ?",
			newHash, a.UserID, a.MunicipalityID); err != nil {
			return err
		}
		if _, err := tx.endUserSessions(ctx, a.UserID, keepSession); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "password", ObjectID: a.UserID, Reason: "本人による変更"})
	})
}

// adminTarget checks that the actor administers the municipality of the
// user and returns the user.
func (t *Tx) adminTarget(ctx context.Context, a casework.Actor, userID string) (casework.User, error) {
	if !casework.CanManageOrganizations(a) {
		return casework.User{}, casework.Errorf(casework.EFORBIDDEN, "職員を管理する権限がありません。")
	}
	u, err := scanUser(t.queryRow(ctx, "SELECT "+userCols+" FROM users WHERE municipality_id = ? AND id = ?", a.MunicipalityID, userID))
	if err != nil {
		return u, casework.NotFound("職員")
	}
	return u, nil
}

// ManagedUser returns a user of the actor's municipality for its
// administrator (the user page of the admin screens).
func (db *DB) ManagedUser(ctx context.Context, a casework.Actor, id string) (casework.User, error) {
	var u casework.User
	err := db.inTx(ctx, false, "職員", func(tx *Tx) error {
		var err error
		u, err = tx.adminTarget(ctx, a, id)
		return err
	})
	return u, err
}

// ResetPassword sets a temporary password chosen by an administrator: the
// user must change it at the next login; every session of the user ends
// and every API token is revoked.
func (db *DB) ResetPassword(ctx context.Context, a casework.Actor, userID string, version int, tempHash string) error {
	return db.inTx(ctx, true, "パスワード", func(tx *Tx) error {
		if _, err := tx.adminTarget(ctx, a, userID); err != nil {
			return err
		}
		if userID == a.UserID {
			return invalidField("reset", "自分のパスワードは「パスワードの変更」から変更してください。")
		}
		if err := tx.execOne(ctx, casework.Conflict("職員"),
			"UPDATE users SET password_hash = ?, must_change_password = 1, version = version + 1 WHERE id = ? AND version = ?",
			tempHash, userID, version); err != nil {
			return err
		}
		if err := tx.cutAccess(ctx, userID); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "password", ObjectID: userID, Reason: "管理者による仮パスワード設定"})
	})
}

// ResetMFA turns a user's second factor off (lost device): the secret, the
// security keys and the recovery codes are deleted, every session ends,
// every API token is revoked, and the user enrols again at the next login.
func (db *DB) ResetMFA(ctx context.Context, a casework.Actor, userID string, version int) error {
	return db.inTx(ctx, true, "二要素認証", func(tx *Tx) error {
		if _, err := tx.adminTarget(ctx, a, userID); err != nil {
			return err
		}
		if userID == a.UserID {
			return invalidField("mfa", "自分の二要素認証は解除できません。別の管理者に依頼してください。")
		}
		if err := tx.execOne(ctx, casework.Conflict("職員"),
			"UPDATE users SET totp_enabled = 0, totp_secret = '', totp_last_step = 0, version = version + 1 WHERE id = ? AND version = ?",
			userID, version); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "DELETE FROM recovery_codes WHERE user_id = ?", userID); err != nil {
			return err
		}
		if err := tx.removeSecurityKeys(ctx, a, userID); err != nil {
			return err
		}
		if err := tx.cutAccess(ctx, userID); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "totp", ObjectID: userID, Reason: "管理者による二要素認証の解除"})
	})
}

// ChangeRoles replaces a user's roles. An administrator cannot change their
// own roles (so the last administrator cannot lock everyone out by mistake).
func (db *DB) ChangeRoles(ctx context.Context, a casework.Actor, userID string, version int, roles []string) error {
	return db.inTx(ctx, true, "職員", func(tx *Tx) error {
		u, err := tx.adminTarget(ctx, a, userID)
		if err != nil {
			return err
		}
		if userID == a.UserID {
			return invalidField("roles", "自分の役割は変更できません。別の管理者に依頼してください。")
		}
		u.Roles = slices.Compact(slices.Sorted(slices.Values(roles)))
		if err := u.Validate(); err != nil {
			return err
		}
		org, err := tx.organization(ctx, a.MunicipalityID, u.OrganizationID)
		if err != nil {
			return err
		}
		if err := casework.CheckRolesForOrgKind(org.Kind, u.Roles); err != nil {
			return err
		}
		if err := tx.execOne(ctx, casework.Conflict("職員"),
			"UPDATE users SET roles = ?, version = version + 1 WHERE id = ? AND version = ?", joinList(u.Roles), userID, version); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "user_roles", ObjectID: userID, Reason: joinList(u.Roles)})
	})
}

func invalidField(field, msg string) error {
	return &casework.Error{Code: casework.EINVALID, Message: msg, Fields: map[string]string{field: msg}}
}
