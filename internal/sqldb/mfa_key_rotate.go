package sqldb

import (
	"context"
	"fmt"

	"kasane/internal/auth"
	"kasane/internal/casework"
)

// RotateSecretKey re-encrypts every stored TOTP secret under newKey (the
// key file was exposed, or the operator's policy says so). The installed
// key must open them all: a secret under any other key stops the rotation
// with nothing changed. One transaction; each re-encrypted secret is audited
// as the system. Afterwards newKey is the installed key; servers still
// running with the old key must be restarted with the new key file. It
// returns how many secrets were re-encrypted.
func (db *DB) RotateSecretKey(ctx context.Context, newKey []byte) (int, error) {
	if db.box == nil {
		return 0, fmt.Errorf("現在の暗号鍵が設定されていません")
	}
	nb, err := auth.NewSecretBox(newKey)
	if err != nil {
		return 0, err
	}
	if nb.KeyID() == db.box.KeyID() {
		return 0, fmt.Errorf("新しい暗号鍵が現在の鍵と同じです")
	}
	n := 0
	err = db.inTx(ctx, true, "二要素認証", func(tx *Tx) error {
		type row struct{ id, muni, secret string }
		rows, err := collect(ctx, tx, func(s scanner) (row, error) {
			var r row
			return r, s.Scan(&r.id, &r.muni, &r.secret)
		}, "SELECT id, municipality_id, totp_secret FROM users WHERE totp_secret <> '' ORDER BY id")
		if err != nil {
			return err
		}
		for _, r := range rows {
			plain := r.secret
			if auth.IsSealed(r.secret) {
				if plain, err = db.box.Open(r.secret, totpPurpose(r.id)); err != nil {
					return fmt.Errorf("職員 %s の二要素認証の秘密情報を現在の鍵で復号できません（鍵ID %s）。何も変更していません: %w", r.id, auth.SealedKeyID(r.secret), err)
				}
			}
			sealed, err := nb.Seal(plain, totpPurpose(r.id))
			if err != nil {
				return err
			}
			if err := tx.execOne(ctx, casework.Conflict("職員"), "UPDATE users SET totp_secret = ? WHERE id = ? AND totp_secret = ?", sealed, r.id, r.secret); err != nil {
				return err
			}
			if err := tx.audit(ctx, casework.System(r.muni), auditRecord{Action: casework.ActUpdate, ObjectType: "totp", ObjectID: r.id, Reason: "暗号鍵の更新（鍵ID " + nb.KeyID() + "）"}); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	db.box = nb
	return n, nil
}
