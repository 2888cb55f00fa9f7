package sqldb

import (
	"context"

	"kasane/internal/casework"
)

// BeginTOTPEnrolment stores a new, not yet confirmed TOTP secret for a user
// who has no second factor yet, encrypted under the server's key (without a
// key it refuses: a secret is never stored in plain text).
func (db *DB) BeginTOTPEnrolment(ctx context.Context, userID, secret string) error {
	sealed, err := db.sealTOTP(userID, secret)
	if err != nil {
		return err
	}
	return db.inTx(ctx, true, "二要素認証", func(tx *Tx) error {
		return tx.execOne(ctx, casework.Errorf(casework.ECONFLICT, "二要素認証は既に登録されています。"),
			"UPDATE users SET totp_secret = ?, totp_last_step = 0 WHERE id = ? AND totp_enabled = 0", sealed, userID)
	})
}

// ConfirmTOTPEnrolment turns the second factor on after the first valid code,
// stores the hashed recovery codes and completes the pending login, all in
// one transaction.
func (db *DB) ConfirmTOTPEnrolment(ctx context.Context, idHash string, u casework.User, step int64, recoveryHashes []string, addr string) error {
	return db.inTx(ctx, true, "二要素認証", func(tx *Tx) error {
		if err := tx.execOne(ctx, casework.Errorf(casework.ECONFLICT, "二要素認証は既に登録されています。"),
			"UPDATE users SET totp_enabled = 1, totp_last_step = ?, version = version + 1 WHERE id = ? AND totp_enabled = 0", step, u.ID); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "DELETE FROM recovery_codes WHERE user_id = ?", u.ID); err != nil {
			return err
		}
		for _, h := range recoveryHashes {
			if _, err := tx.exec(ctx, "INSERT INTO recovery_codes (id, municipality_id, user_id, code_hash) VALUES (?,?,?,?)", newID(), u.MunicipalityID, u.ID, h); err != nil {
				return err
			}
		}
		a := ActorFor(u)
		a.Address = addr
		if err := tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "totp", ObjectID: u.ID}); err != nil {
			return err
		}
		return tx.completeLogin(ctx, idHash, a)
	})
}

// LoginWithRecoveryCode spends one recovery code (each works once) and
// completes the pending login.
func (db *DB) LoginWithRecoveryCode(ctx context.Context, idHash string, u casework.User, codeHash, addr string) error {
	return db.inTx(ctx, true, "二要素認証", func(tx *Tx) error {
		if err := tx.execOne(ctx, casework.Errorf(casework.EUNAUTHORIZED, "確認コードが正しくありません。"),
			"UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at = ''", ts(tx.now), u.ID, codeHash); err != nil {
			return err
		}
		a := ActorFor(u)
		a.Address = addr
		if err := tx.audit(ctx, a, auditRecord{Action: casework.ActLogin, ObjectType: "recovery_code", ObjectID: u.ID, Reason: "recovery code"}); err != nil {
			return err
		}
		return tx.completeLogin(ctx, idHash, casework.Actor{})
	})
}

// completeLogin lifts the MFA-pending mark of a session; with a non-empty
// actor it also writes the login event.
func (t *Tx) completeLogin(ctx context.Context, idHash string, a casework.Actor) error {
	if err := t.execOne(ctx, casework.Errorf(casework.EUNAUTHORIZED, "ログインの有効期限が切れました。もう一度ログインしてください。"),
		"UPDATE sessions SET mfa_pending = 0, last_seen_at = ? WHERE id_hash = ? AND mfa_pending = 1 AND ended_at = ''", ts(t.now), idHash); err != nil {
		return err
	}
	if a.UserID == "" {
		return nil
	}
	return t.audit(ctx, a, auditRecord{Action: casework.ActLogin, ObjectType: "user", ObjectID: a.UserID})
}

// TOTPSecret returns the decrypted secret ("" when none is stored) and the
// last accepted step of a user. Without the right key it is EUNAVAILABLE
// with a message for the operator, never a plain-text fallback.
func (db *DB) TOTPSecret(ctx context.Context, userID string) (secret string, lastStep int64, err error) {
	var stored string
	err = db.inTx(ctx, false, "二要素認証", func(tx *Tx) error {
		return tx.queryRow(ctx, "SELECT totp_secret, totp_last_step FROM users WHERE id = ?", userID).Scan(&stored, &lastStep)
	})
	if err != nil {
		return "", 0, err
	}
	secret, err = db.openTOTP(userID, stored)
	return secret, lastStep, err
}
