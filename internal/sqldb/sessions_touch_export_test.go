package sqldb

import "context"

// FlushTouchesForTest writes the queued last-seen moments now.
func FlushTouchesForTest(ctx context.Context, db *DB) error { return db.flushTouches(ctx) }

// LastSeenForTest reads a session's stored last_seen_at and ended_at.
func LastSeenForTest(ctx context.Context, db *DB, idHash string) (seen, ended string, err error) {
	err = db.inTx(ctx, false, "試験", func(tx *Tx) error {
		return tx.queryRow(ctx, "SELECT last_seen_at, ended_at FROM sessions WHERE id_hash = ?", idHash).Scan(&seen, &ended)
	})
	return seen, ended, err
}
