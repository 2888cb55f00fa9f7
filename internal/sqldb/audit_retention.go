package sqldb

import (
	"context"

	"kasane/internal/casework"
)

// PurgeAudit deletes, in each municipality, the audit events older than its
// retention setting (default 10 years). The chain stays verifiable: the head
// records the last purged event's sequence and hash, and the purge itself is
// an audit event. It returns how many events were removed.
func (db *DB) PurgeAudit(ctx context.Context) (int64, error) {
	ms, err := db.Municipalities(ctx)
	if err != nil {
		return 0, err
	}
	var total int64
	for _, m := range ms {
		err := db.inTx(ctx, true, "監査ログ", func(tx *Tx) error {
			var s casework.Settings
			if err := tx.settings(ctx, m.ID, &s); err != nil {
				return err
			}
			cutoff := ts(tx.now.AddDate(-s.AuditRetention(), 0, 0))
			var lastSeq int64
			var lastHash string
			err := tx.queryRow(ctx, "SELECT seq, hash FROM audit_events WHERE municipality_id = ? AND at < ? ORDER BY seq DESC LIMIT 1", m.ID, cutoff).Scan(&lastSeq, &lastHash)
			if err != nil {
				return errStop // nothing to purge
			}
			res, err := tx.exec(ctx, "DELETE FROM audit_events WHERE municipality_id = ? AND seq <= ?", m.ID, lastSeq)
			if err != nil {
				return err
			}
			n, _ := res.RowsAffected()
			total += n
			if _, err := tx.exec(ctx, "UPDATE audit_heads SET base_seq = ?, base_hash = ? WHERE municipality_id = ?", lastSeq, lastHash, m.ID); err != nil {
				return err
			}
			return tx.audit(ctx, casework.System(m.ID), auditRecord{Action: casework.ActPurge, ObjectType: "audit_log", Reason: "retention"})
		})
		if err != nil && err != errStop {
			return total, err
		}
	}
	return total, nil
}
