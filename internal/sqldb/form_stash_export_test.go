package sqldb

import "context"

// StoredStash reads the raw stored value of a form stash (test only).
func StoredStash(ctx context.Context, db *DB, tokenHash string) (string, error) {
	var s string
	err := db.inTx(ctx, false, "test", func(tx *Tx) error {
		return tx.queryRow(ctx, "SELECT sealed FROM form_stashes WHERE token_hash = ?", tokenHash).Scan(&s)
	})
	return s, err
}
