package sqldb

import (
	"context"
	"database/sql"
	"errors"

	"kasane/internal/casework"
)

// PurgeAudit deletes, in each municipality, the audit events older than its
// retention setting (default 10 years; none when set to 永年). The chain
// stays verifiable: the head records the last purged event's sequence and
// hash, and the purge itself is an audit event. It returns how many events
// were removed. `kasane audit purge` and the 保存年限・廃棄 pages reach it
// only through an approved disposal decision (retention_dispose.go); this
// method is the storage step.
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
			if s.AuditPermanent() {
				return errStop
			}
			n, err := tx.purgeAuditBefore(ctx, m.ID, ts(tx.now.AddDate(-s.AuditRetention(), 0, 0)), casework.System(m.ID), "retention")
			total += n
			if err == nil && n == 0 {
				return errStop
			}
			return err
		})
		if err != nil && err != errStop {
			return total, err
		}
	}
	return total, nil
}

// purgeAuditBefore deletes the municipality's audit events recorded before
// cutoff (a stored instant), moves the chain's base to the last one deleted
// and records the purge as an event of a. It returns how many were deleted.
func (t *Tx) purgeAuditBefore(ctx context.Context, muni, cutoff string, a casework.Actor, reason string) (int64, error) {
	var lastSeq int64
	var lastHash string
	err := t.queryRow(ctx, "SELECT seq, hash FROM audit_events WHERE municipality_id = ? AND at < ? ORDER BY seq DESC LIMIT 1", muni, cutoff).Scan(&lastSeq, &lastHash)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil // nothing to purge
	}
	if err != nil {
		return 0, err
	}
	res, err := t.exec(ctx, "DELETE FROM audit_events WHERE municipality_id = ? AND seq <= ?", muni, lastSeq)
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	if _, err := t.exec(ctx, "UPDATE audit_heads SET base_seq = ?, base_hash = ? WHERE municipality_id = ?", lastSeq, lastHash, muni); err != nil {
		return 0, err
	}
	return n, t.audit(ctx, a, auditRecord{Action: casework.ActPurge, ObjectType: "audit_log", Reason: reason})
}
