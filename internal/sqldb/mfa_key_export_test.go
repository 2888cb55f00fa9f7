package sqldb

import "context"

// StorePlainTOTP writes a TOTP secret in plain text, as kasane did before
// encryption at rest (test only).
func StorePlainTOTP(ctx context.Context, db *DB, userID, secret string) error {
	return db.inTx(ctx, true, "test", func(tx *Tx) error {
		_, err := tx.exec(ctx, "UPDATE users SET totp_secret = ?, totp_enabled = 1 WHERE id = ?", secret, userID)
		return err
	})
}

// StoredTOTP reads the raw stored value of a user's TOTP secret (test only).
func StoredTOTP(ctx context.Context, db *DB, userID string) (string, error) {
	var s string
	err := db.inTx(ctx, false, "test", func(tx *Tx) error {
		return tx.queryRow(ctx, "SELECT totp_secret FROM users WHERE id = ?", userID).Scan(&s)
	})
	return s, err
}
