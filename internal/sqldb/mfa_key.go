package sqldb

import (
	"context"
	"errors"

	"kasane/internal/auth"
	"kasane/internal/casework"
)

// SetSecretKey installs the server's secret key: TOTP secrets are stored
// encrypted under it (AES-256-GCM, bound to the user's id). Call it before
// serving; without it no second factor can be enrolled or checked.
func (db *DB) SetSecretKey(key []byte) error {
	b, err := auth.NewSecretBox(key)
	if err != nil {
		return err
	}
	db.box = b
	return nil
}

// SecretKeyID is the id of the installed key, "" without one.
func (db *DB) SecretKeyID() string {
	if db.box == nil {
		return ""
	}
	return db.box.KeyID()
}

// TOTPKeyState counts the stored TOTP secrets, for the start-up decision.
type TOTPKeyState struct {
	Enrolled int // users with the second factor on
	Stored   int // users with any stored secret (enrolled or mid-enrolment)
	Plain    int // secrets stored unencrypted (before encryption existed)
	OtherKey int // secrets sealed under a key other than the installed one
}

// TOTPKeys inspects the stored secrets against the installed key.
func (db *DB) TOTPKeys(ctx context.Context) (TOTPKeyState, error) {
	var st TOTPKeyState
	err := db.inTx(ctx, false, "二要素認証", func(tx *Tx) error {
		rows, err := tx.query(ctx, "SELECT totp_secret, totp_enabled FROM users WHERE totp_secret <> '' OR totp_enabled = 1")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var s string
			var on int
			if err := rows.Scan(&s, &on); err != nil {
				return err
			}
			st.Enrolled += on
			if s == "" {
				continue
			}
			st.Stored++
			switch {
			case !auth.IsSealed(s):
				st.Plain++
			case db.box == nil || auth.SealedKeyID(s) != db.box.KeyID():
				st.OtherKey++
			}
		}
		return rows.Err()
	})
	return st, err
}

// SealPlainTOTPSecrets encrypts every TOTP secret still stored in plain
// text under the installed key (the one-time migration to encryption at
// rest), each change audited as the system. It is idempotent: sealed values are left alone, and each row is
// only changed if it still holds the plain value read. It returns how many
// secrets it sealed.
func (db *DB) SealPlainTOTPSecrets(ctx context.Context) (int, error) {
	if db.box == nil {
		return 0, errors.New("暗号鍵が設定されていません")
	}
	n := 0
	err := db.inTx(ctx, true, "二要素認証", func(tx *Tx) error {
		type row struct{ id, muni, secret string }
		rows, err := collect(ctx, tx, func(s scanner) (row, error) {
			var r row
			return r, s.Scan(&r.id, &r.muni, &r.secret)
		}, "SELECT id, municipality_id, totp_secret FROM users WHERE totp_secret <> '' AND totp_secret NOT LIKE 'v1:%'")
		if err != nil {
			return err
		}
		for _, r := range rows {
			sealed, err := db.box.Seal(r.secret, totpPurpose(r.id))
			if err != nil {
				return err
			}
			res, err := tx.exec(ctx, "UPDATE users SET totp_secret = ? WHERE id = ? AND totp_secret = ?", sealed, r.id, r.secret)
			if err != nil {
				return err
			}
			if c, _ := res.RowsAffected(); c != 1 {
				continue
			}
			n++
			if err := tx.audit(ctx, casework.System(r.muni), auditRecord{Action: casework.ActUpdate, ObjectType: "totp", ObjectID: r.id, Reason: "保存時の暗号化（移行）"}); err != nil {
				return err
			}
		}
		return nil
	})
	return n, err
}

// totpPurpose binds a sealed secret to its user: copied to another row it
// does not open.
func totpPurpose(userID string) string { return "kasane/totp/" + userID }

// noKeyErr is what a request meets when the server has no usable key.
func noKeyErr() error {
	return casework.Errorf(casework.EUNAVAILABLE, "サーバーに暗号鍵が設定されていないため、二要素認証を利用できません。システム管理者に連絡してください。")
}

// sealTOTP encrypts a new secret for the user's row.
func (db *DB) sealTOTP(userID, secret string) (string, error) {
	if db.box == nil {
		return "", noKeyErr()
	}
	return db.box.Seal(secret, totpPurpose(userID))
}

// openTOTP decrypts a stored secret. A plain legacy value (stored before
// encryption, not yet migrated) is returned as it is.
func (db *DB) openTOTP(userID, stored string) (string, error) {
	if stored == "" || !auth.IsSealed(stored) {
		return stored, nil
	}
	if db.box == nil {
		return "", noKeyErr()
	}
	plain, err := db.box.Open(stored, totpPurpose(userID))
	if err != nil {
		// the detail (key ids, never the secret) goes to the operator's log
		return "", casework.Errorf(casework.EUNAVAILABLE, "二要素認証の秘密情報を復号できません。システム管理者に連絡してください。（%s）", err.Error())
	}
	return plain, nil
}
