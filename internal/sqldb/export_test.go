package sqldb

import (
	"context"
	"fmt"
)

// TamperAudit changes the audit log behind the application's back, as an
// attacker with database access would (test only).
func TamperAudit(ctx context.Context, db *DB, kind string, seq int64) error {
	return db.inTx(ctx, true, "test", func(tx *Tx) error {
		var err error
		switch kind {
		case "update":
			_, err = tx.exec(ctx, "UPDATE audit_events SET object_id = 'tampered' WHERE seq = ?", seq)
		case "delete":
			_, err = tx.exec(ctx, "DELETE FROM audit_events WHERE seq = ?", seq)
		case "insert":
			_, err = tx.exec(ctx, "UPDATE audit_events SET seq = seq + 1000 WHERE seq >= ?", seq)
			if err == nil {
				_, err = tx.exec(ctx, `INSERT INTO audit_events (municipality_id, seq, id, at, actor_id, actor_org_id, action, object_type, object_id, prev_hash, hash)
					SELECT municipality_id, ?, 'forged', at, actor_id, actor_org_id, 'view', object_type, object_id, prev_hash, hash FROM audit_events WHERE seq = ?`, seq, seq+1000)
			}
			if err == nil {
				_, err = tx.exec(ctx, "UPDATE audit_events SET seq = seq - 999 WHERE seq > 1000")
			}
		case "reorder":
			_, err = tx.exec(ctx, "UPDATE audit_events SET at = '2000-01-01T00:00:00.000000Z' WHERE seq = ?", seq)
		case "rehash":
			// change a field and recompute this event's own hash: the next link breaks
			_, err = tx.exec(ctx, "UPDATE audit_events SET action = 'view', hash = 'f00d' WHERE seq = ?", seq)
		default:
			err = fmt.Errorf("unknown tamper %s", kind)
		}
		return err
	})
}

// BreakAuditJournal makes the journal of reads unwritable (SQLite; test only).
func BreakAuditJournal(ctx context.Context, db *DB) error {
	if db.journal == nil {
		return nil
	}
	_, err := db.journal.db.ExecContext(ctx, "CREATE TRIGGER refuse BEFORE INSERT ON pending BEGIN SELECT RAISE(ABORT, 'broken by test'); END")
	return err
}

// BreakAuditHead removes the audit head so no event can be written to the
// chain (test only).
func BreakAuditHead(ctx context.Context, db *DB, muni string) error {
	return db.inTx(ctx, true, "test", func(tx *Tx) error {
		_, err := tx.exec(ctx, "DELETE FROM audit_heads WHERE municipality_id = ?", muni)
		return err
	})
}

// MoveJournalOnly appends the first n pending events of a municipality to
// the chain and leaves them in the journal, as a crash between the two
// steps would; with a small n after a larger one it is a second process
// that read the journal early and commits late.
func MoveJournalOnly(ctx context.Context, db *DB, muni string, n int) (int, error) {
	if db.journal == nil {
		return 0, nil
	}
	evs, err := db.journal.pending(ctx, muni, n)
	if err != nil || len(evs) == 0 {
		return 0, err
	}
	return len(evs), db.moveJournal(ctx, db.journal.id, muni, evs)
}

// JournalPending counts the events waiting in the journal.
func JournalPending(ctx context.Context, db *DB) (int, error) {
	var n int
	if db.journal == nil {
		return 0, nil
	}
	err := db.journal.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM pending").Scan(&n)
	return n, err
}

// StopJournalLoop stops moving the journal into the chain every second;
// reading the log and Close still move it (test only).
func StopJournalLoop(db *DB) {
	if db.journal != nil {
		db.journal.stopLoop()
	}
}
