package sqldb

import (
	"context"
	"strings"

	"kasane/internal/casework"
)

const userCols = "id, municipality_id, organization_id, email, name, roles, disabled, totp_enabled, must_change_password, version, created_at"

func scanUser(s scanner) (casework.User, error) {
	var u casework.User
	var roles, created string
	var disabled, totp, mustChange int
	err := s.Scan(&u.ID, &u.MunicipalityID, &u.OrganizationID, &u.Email, &u.Name, &roles, &disabled, &totp, &mustChange, &u.Version, &created)
	u.Roles, u.Disabled, u.TOTPEnabled, u.Created = splitList(roles), disabled == 1, totp == 1, parseTS(created)
	u.MustChangePW = mustChange == 1
	return u, err
}

// CreateUser adds a member of staff. passwordHash is an argon2id PHC string
// (or empty: the user cannot log in until a password is set).
func (db *DB) CreateUser(ctx context.Context, a casework.Actor, u *casework.User, passwordHash string) error {
	if !casework.CanManageOrganizations(a) {
		return casework.Errorf(casework.EFORBIDDEN, "職員を登録する権限がありません。")
	}
	if err := u.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, true, "職員", func(tx *Tx) error {
		org, err := tx.organization(ctx, a.MunicipalityID, u.OrganizationID)
		if err != nil {
			return &casework.Error{Code: casework.EINVALID, Message: "所属機関が見つかりません。", Fields: map[string]string{"organization_id": "所属機関が見つかりません。"}}
		}
		if err := casework.CheckOrgActive(org, "organization_id"); err != nil {
			return err
		}
		if err := casework.CheckRolesForOrgKind(org.Kind, u.Roles); err != nil {
			return err
		}
		var n int
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM users WHERE email = ?", u.Email).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return &casework.Error{Code: casework.EINVALID, Message: "このメールアドレスは既に使われています。", Fields: map[string]string{"email": "このメールアドレスは既に使われています。"}}
		}
		u.ID, u.MunicipalityID, u.Version, u.Created = newID(), a.MunicipalityID, 1, tx.now
		// a password an administrator typed is temporary: the user changes it
		// at the first login (the CLI's system actor sets final passwords)
		u.MustChangePW = passwordHash != "" && a.UserID != "system"
		if _, err := tx.exec(ctx, `INSERT INTO users (id, municipality_id, organization_id, email, name, roles, password_hash, must_change_password, version, created_at)
			VALUES (?,?,?,?,?,?,?,?,1,?)`, u.ID, u.MunicipalityID, u.OrganizationID, u.Email, u.Name, joinList(u.Roles), passwordHash, boolInt(u.MustChangePW), ts(tx.now)); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActCreate, ObjectType: "user", ObjectID: u.ID})
	})
}

// Users lists the staff of the actor's municipality (administrators only).
func (db *DB) Users(ctx context.Context, a casework.Actor) ([]casework.User, error) {
	if !casework.CanManageOrganizations(a) {
		return nil, casework.Errorf(casework.EFORBIDDEN, "職員の一覧を見る権限がありません。")
	}
	var out []casework.User
	err := db.inTx(ctx, false, "職員", func(tx *Tx) error {
		var err error
		out, err = collect(ctx, tx, scanUser, "SELECT "+userCols+" FROM users WHERE municipality_id = ? ORDER BY organization_id, name", a.MunicipalityID)
		return err
	})
	return out, err
}

// UserByEmail returns a user by e-mail in any municipality (CLI use).
func (db *DB) UserByEmail(ctx context.Context, email string) (casework.User, error) {
	var u casework.User
	err := db.inTx(ctx, false, "職員", func(tx *Tx) error {
		var err error
		u, err = scanUser(tx.queryRow(ctx, "SELECT "+userCols+" FROM users WHERE email = ?", strings.ToLower(strings.TrimSpace(email))))
		return err
	})
	return u, err
}

// ActorFor builds the acting identity of a user.
func ActorFor(u casework.User) casework.Actor {
	return casework.Actor{UserID: u.ID, MunicipalityID: u.MunicipalityID, OrganizationID: u.OrganizationID, Roles: u.Roles}
}

// CreateToken stores the hash of a new API token for the user; the plain
// token is made and shown once by the caller.
func (db *DB) CreateToken(ctx context.Context, a casework.Actor, userID, tokenHash string) error {
	return db.inTx(ctx, true, "APIトークン", func(tx *Tx) error {
		var muni string
		if err := tx.queryRow(ctx, "SELECT municipality_id FROM users WHERE id = ? AND municipality_id = ?", userID, a.MunicipalityID).Scan(&muni); err != nil {
			return err
		}
		id := newID()
		if _, err := tx.exec(ctx, "INSERT INTO api_tokens (id, municipality_id, user_id, token_hash, created_at) VALUES (?,?,?,?,?)",
			id, muni, userID, tokenHash, ts(tx.now)); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActCreate, ObjectType: "api_token", ObjectID: id})
	})
}

// ActorByToken resolves a bearer token hash to its user. An unknown, revoked
// token or a disabled user is EUNAUTHORIZED.
func (db *DB) ActorByToken(ctx context.Context, tokenHash string) (casework.Actor, casework.User, error) {
	var u casework.User
	err := db.inTx(sessionPool(ctx), false, "APIトークン", func(tx *Tx) error {
		var err error
		u, err = scanUser(tx.queryRow(ctx, "SELECT u."+strings.ReplaceAll(userCols, ", ", ", u.")+
			" FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND t.revoked_at = ''", tokenHash))
		return err
	})
	if err != nil || u.Disabled {
		if casework.ErrorCode(err) == casework.EUNAVAILABLE {
			return casework.Actor{}, u, err
		}
		return casework.Actor{}, u, casework.Errorf(casework.EUNAUTHORIZED, "認証が必要です。")
	}
	return ActorFor(u), u, nil
}
