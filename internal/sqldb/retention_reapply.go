package sqldb

import (
	"context"
	"encoding/json"
	"fmt"

	"kasane/internal/casework"
	"kasane/internal/retention"
)

// A backup taken before a disposal still holds what was disposed of. The
// 廃棄記録 is kept outside the database too (`kasane retention records
// --format json`, after each disposal, filed with the 廃棄簿); after a
// restore, `kasane retention reapply FILE` carries out again every disposal
// the file lists that the restored database does not show as done.

// DisposalRecord is a disposed decision with every record it covered: the
// 廃棄記録 as kept outside the database.
type DisposalRecord struct {
	retention.Decision
	Items []DecisionItem `json:"items"`
}

// RetentionRecords returns every disposal carried out in the actor's
// municipality, oldest first, with its records.
func (db *DB) RetentionRecords(ctx context.Context, a casework.Actor) ([]DisposalRecord, error) {
	if err := retention.CheckView(a); err != nil {
		return nil, err
	}
	var out []DisposalRecord
	err := db.inTx(ctx, false, "廃棄記録", func(tx *Tx) error {
		ds, err := collect(ctx, tx, scanDisposal, "SELECT "+disposalCols+" FROM retention_decisions WHERE municipality_id = ? AND status = 'disposed' ORDER BY disposed_at, id", a.MunicipalityID)
		if err != nil {
			return err
		}
		for _, d := range ds {
			items, err := collect(ctx, tx, func(s scanner) (DecisionItem, error) {
				var it DecisionItem
				return it, s.Scan(&it.RecordID, &it.EndOn, &it.FiscalYear)
			}, "SELECT record_id, end_on, fiscal_year FROM retention_decision_items WHERE decision_id = ? ORDER BY end_on, record_id", d.ID)
			if err != nil {
				return err
			}
			out = append(out, DisposalRecord{Decision: d, Items: items})
		}
		return nil
	})
	return out, err
}

// ReapplyDisposals carries out again, in the actor's municipality, each
// disposal of recs the database does not record as carried out (a restored
// backup older than the disposal), in the order given: the decision and its
// items are written back as they were decided (who proposed, approved and
// carried it out), the records are anonymized again (the audit log purged
// up to the same instant), and each is audited as the system's re-application.
// It returns how many disposals it applied.
func (db *DB) ReapplyDisposals(ctx context.Context, a casework.Actor, recs []DisposalRecord) (int, error) {
	if !casework.CanManageOrganizations(a) {
		return 0, casework.Errorf(casework.EFORBIDDEN, "廃棄の再適用は市の管理者またはコマンドラインから行います。")
	}
	applied := 0
	for _, r := range recs {
		if r.Status != retention.StatusDisposed || !retention.RecordTypes.Has(r.RecordType) {
			return applied, fmt.Errorf("廃棄記録 %s は実行済みの廃棄ではありません", r.ID)
		}
		err := db.inTx(ctx, true, "廃棄の再適用", func(tx *Tx) error {
			var status string
			err := tx.queryRow(ctx, "SELECT status FROM retention_decisions WHERE id = ? AND municipality_id = ?", r.ID, a.MunicipalityID).Scan(&status)
			if err == nil && status == retention.StatusDisposed {
				return errStop // already carried out in this database
			}
			if err == nil {
				if _, err := tx.exec(ctx, "DELETE FROM retention_decision_items WHERE decision_id = ?", r.ID); err != nil {
					return err
				}
				if _, err := tx.exec(ctx, "DELETE FROM retention_decisions WHERE id = ?", r.ID); err != nil {
					return err
				}
			}
			b, _ := json.Marshal(r.Details)
			if _, err := tx.exec(ctx, `INSERT INTO retention_decisions (id, municipality_id, record_type, status, years, cutoff, fiscal_year, item_count,
				fy_from, fy_to, reason, proposed_by, proposed_by_name, proposed_at, approved_by, approved_by_name, approved_at,
				disposed_by, disposed_by_name, disposed_at, method, disposed_count, persons_anonymized, details, created_at)
				VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
				r.ID, a.MunicipalityID, r.RecordType, retention.StatusDisposed, r.Years, r.Cutoff, r.FiscalYear, r.ItemCount, r.FYFrom, r.FYTo, r.Reason,
				r.ProposedBy, r.ProposedByName, ts(r.ProposedAt), r.ApprovedBy, r.ApprovedByName, ts(r.ApprovedAt),
				r.DisposedBy, r.DisposedByName, ts(r.DisposedAt), retention.MethodFor(r.RecordType), r.DisposedCount, r.Persons, string(b), ts(r.ProposedAt)); err != nil {
				return err
			}
			var rows [][]any
			for _, it := range r.Items {
				rows = append(rows, []any{r.ID, a.MunicipalityID, it.RecordID, it.EndOn, it.FiscalYear})
			}
			if err := tx.insertRows(ctx, "retention_decision_items (decision_id, municipality_id, record_id, end_on, fiscal_year)", rows); err != nil {
				return err
			}
			d := r.Decision
			details := map[string]int{}
			if d.RecordType == retention.TypeAudit {
				n, err := tx.purgeAuditBefore(ctx, a.MunicipalityID, d.Cutoff, a, "廃棄の再適用 "+d.ID)
				if err != nil {
					return err
				}
				details["audit_events"] = int(n)
			} else if _, _, err := tx.anonymize(ctx, a.MunicipalityID, d, details); err != nil {
				return err
			}
			applied++
			return tx.audit(ctx, a, auditRecord{Action: retention.ActDispose, ObjectType: "retention_decision", ObjectID: d.ID,
				Reason: fmt.Sprintf("復元後の再適用: %s %d件", retention.RecordTypes.Label(d.RecordType), len(r.Items))})
		})
		if err != nil && err != errStop {
			return applied, err
		}
	}
	return applied, nil
}
