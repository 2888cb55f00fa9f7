package sqldb

import (
	"context"
	"encoding/json"
	"strings"

	"kasane/internal/casework"
	"kasane/internal/retention"
)

// 廃棄の決定 (issue 23): one person proposes the disposal of the records of
// a type past their period, another person (a privacy officer) approves,
// then it is carried out (retention_dispose.go). Each step is audited and
// the decision, with its items, is kept for ever as the 廃棄記録.

const disposalCols = `id, record_type, status, years, cutoff, fiscal_year, item_count, fy_from, fy_to, reason,
	proposed_by, proposed_by_name, proposed_at, approved_by, approved_by_name, approved_at,
	rejected_by, rejected_by_name, rejected_at, reject_reason, disposed_by, disposed_by_name, disposed_at,
	method, disposed_count, persons_anonymized, details, version`

func scanDisposal(s scanner) (retention.Decision, error) {
	var d retention.Decision
	var proposed, approved, rejected, disposed, details string
	err := s.Scan(&d.ID, &d.RecordType, &d.Status, &d.Years, &d.Cutoff, &d.FiscalYear, &d.ItemCount, &d.FYFrom, &d.FYTo, &d.Reason,
		&d.ProposedBy, &d.ProposedByName, &proposed, &d.ApprovedBy, &d.ApprovedByName, &approved,
		&d.RejectedBy, &d.RejectedByName, &rejected, &d.RejectReason, &d.DisposedBy, &d.DisposedByName, &disposed,
		&d.Method, &d.DisposedCount, &d.Persons, &details, &d.Version)
	if err != nil {
		return d, err
	}
	d.ProposedAt = parseTS(proposed)
	if approved != "" {
		d.ApprovedAt = parseTS(approved)
	}
	if rejected != "" {
		d.RejectedAt = parseTS(rejected)
	}
	if disposed != "" {
		d.DisposedAt = parseTS(disposed)
	}
	if details != "" {
		_ = json.Unmarshal([]byte(details), &d.Details)
	}
	d.SetLabels()
	return d, nil
}

// RetentionDecisions lists the decisions of the municipality, newest
// first; status "" = every status.
func (db *DB) RetentionDecisions(ctx context.Context, a casework.Actor, status string) ([]retention.Decision, error) {
	if err := retention.CheckView(a); err != nil {
		return nil, err
	}
	var out []retention.Decision
	err := db.inTx(ctx, false, "廃棄の決定", func(tx *Tx) error {
		q, args := "SELECT "+disposalCols+" FROM retention_decisions WHERE municipality_id = ?", []any{a.MunicipalityID}
		if status != "" {
			q, args = q+" AND status = ?", append(args, status)
		}
		var err error
		out, err = collect(ctx, tx, scanDisposal, q+" ORDER BY created_at DESC, id", args...)
		return err
	})
	return out, err
}

// DecisionItem is one record a decision covers.
type DecisionItem struct {
	RecordID   string `json:"record_id"`
	Label      string `json:"label,omitempty"` // a case's number
	EndOn      string `json:"end_on"`
	FiscalYear int    `json:"fiscal_year"`
}

// RetentionDecision returns a decision with up to limit of its items (0 = all).
func (db *DB) RetentionDecision(ctx context.Context, a casework.Actor, id string, limit int) (retention.Decision, []DecisionItem, error) {
	var d retention.Decision
	var items []DecisionItem
	if err := retention.CheckView(a); err != nil {
		return d, nil, err
	}
	err := db.inTx(ctx, false, "廃棄の決定", func(tx *Tx) error {
		var err error
		if d, err = tx.decision(ctx, a.MunicipalityID, id); err != nil {
			return err
		}
		q := `SELECT i.record_id, COALESCE(c.number, ''), i.end_on, i.fiscal_year FROM retention_decision_items i
			LEFT JOIN cases c ON c.id = i.record_id AND ? = 'case' WHERE i.decision_id = ? ORDER BY i.end_on, i.record_id`
		if limit > 0 {
			q += " LIMIT " + itoa(limit)
		}
		items, err = collect(ctx, tx, func(s scanner) (DecisionItem, error) {
			var it DecisionItem
			return it, s.Scan(&it.RecordID, &it.Label, &it.EndOn, &it.FiscalYear)
		}, q, d.RecordType, id)
		return err
	})
	return d, items, err
}

func (t *Tx) decision(ctx context.Context, muni, id string) (retention.Decision, error) {
	return scanDisposal(t.queryRow(ctx, "SELECT "+disposalCols+" FROM retention_decisions WHERE id = ? AND municipality_id = ?", id, muni))
}

// ProposeDisposal records a proposal (起案) to dispose of every record of
// the type past its period that no hold stops and no open decision covers
// (fy: only those completed in that fiscal year; 0 = all).
func (db *DB) ProposeDisposal(ctx context.Context, a casework.Actor, recordType string, fy int, reason string) (retention.Decision, error) {
	var d retention.Decision
	if err := retention.CheckPropose(a); err != nil {
		return d, err
	}
	if !retention.RecordTypes.Has(recordType) {
		return d, invalidField("record_type", "記録の種類を一覧から選んでください。")
	}
	reason = strings.TrimSpace(reason)
	if err := retention.CheckText("reason", reason, false); err != nil {
		return d, err
	}
	err := db.inTx(ctx, true, "廃棄の決定", func(tx *Tx) error {
		l, err := tx.retentionDue(ctx, a.MunicipalityID, recordType, fy, 0)
		if err != nil {
			return err
		}
		if l.Policy.Permanent {
			return invalidField("record_type", l.Policy.Label+"は永年保存に設定されているため、廃棄できません。")
		}
		d = retention.Decision{ID: newID(), RecordType: recordType, Status: retention.StatusProposed, Years: l.Policy.Years, Cutoff: l.Cutoff,
			FiscalYear: fy, Reason: reason, ProposedBy: a.UserID, ProposedByName: tx.userName(ctx, a.MunicipalityID, a.UserID), ProposedAt: tx.now,
			Method: retention.MethodFor(recordType), Version: 1}
		var rows [][]any
		for _, r := range l.Items {
			if len(r.Held) > 0 || r.DecisionID != "" {
				continue
			}
			if d.FYFrom == 0 || r.FiscalYear < d.FYFrom {
				d.FYFrom = r.FiscalYear
			}
			d.FYTo = max(d.FYTo, r.FiscalYear)
			if recordType == retention.TypeAudit {
				d.ItemCount, d.FYFrom = r.Records, l.FYFrom
				continue
			}
			d.ItemCount++
			rows = append(rows, []any{d.ID, a.MunicipalityID, r.ID, r.EndOn, r.FiscalYear})
		}
		if d.ItemCount == 0 {
			msg := "保存期間を過ぎた記録で、廃棄を起案できるものはありません。"
			if l.Held > 0 {
				msg = "保存期間を過ぎた記録はすべて保留（訴訟等による保存）中か、ほかの廃棄の決定に含まれています。"
			}
			return invalidField("record_type", msg)
		}
		if _, err := tx.exec(ctx, `INSERT INTO retention_decisions (id, municipality_id, record_type, status, years, cutoff, fiscal_year, item_count,
			fy_from, fy_to, reason, proposed_by, proposed_by_name, proposed_at, method, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
			d.ID, a.MunicipalityID, d.RecordType, d.Status, d.Years, d.Cutoff, d.FiscalYear, d.ItemCount, d.FYFrom, d.FYTo, d.Reason,
			d.ProposedBy, d.ProposedByName, ts(tx.now), d.Method, ts(tx.now)); err != nil {
			return err
		}
		if err := tx.insertRows(ctx, "retention_decision_items (decision_id, municipality_id, record_id, end_on, fiscal_year)", rows); err != nil {
			return err
		}
		d.SetLabels()
		return tx.audit(ctx, a, auditRecord{Action: casework.ActCreate, ObjectType: "retention_decision", ObjectID: d.ID,
			Reason: "廃棄の起案: " + d.RecordLabel + " " + itoa(d.ItemCount) + "件"})
	})
	return d, err
}

// ApproveDisposal is the second person's approval (privacy officer, not the
// proposer).
func (db *DB) ApproveDisposal(ctx context.Context, a casework.Actor, id string, version int) (retention.Decision, error) {
	return db.decide(ctx, a, id, version, func(tx *Tx, d *retention.Decision) (string, auditRecord, []any, error) {
		if err := retention.CheckApprove(a, *d); err != nil {
			return "", auditRecord{}, nil, err
		}
		d.Status, d.ApprovedBy, d.ApprovedByName, d.ApprovedAt = retention.StatusApproved, a.UserID, tx.userName(ctx, a.MunicipalityID, a.UserID), tx.now
		return "status = ?, approved_by = ?, approved_by_name = ?, approved_at = ?", auditRecord{Action: retention.ActApprove, Reason: "廃棄の承認"},
			[]any{d.Status, d.ApprovedBy, d.ApprovedByName, ts(tx.now)}, nil
	})
}

// RejectDisposal rejects (privacy officer) or withdraws (the proposer) a
// decision not yet carried out.
func (db *DB) RejectDisposal(ctx context.Context, a casework.Actor, id, reason string, version int) (retention.Decision, error) {
	reason = strings.TrimSpace(reason)
	return db.decide(ctx, a, id, version, func(tx *Tx, d *retention.Decision) (string, auditRecord, []any, error) {
		if err := retention.CheckReject(a, *d, reason); err != nil {
			return "", auditRecord{}, nil, err
		}
		d.Status, d.RejectedBy, d.RejectedByName, d.RejectedAt, d.RejectReason = retention.StatusRejected, a.UserID, tx.userName(ctx, a.MunicipalityID, a.UserID), tx.now, reason
		return "status = ?, rejected_by = ?, rejected_by_name = ?, rejected_at = ?, reject_reason = ?", auditRecord{Action: casework.ActUpdate, Reason: "廃棄の却下・取下げ"},
			[]any{d.Status, d.RejectedBy, d.RejectedByName, ts(tx.now), reason}, nil
	})
}

// decide runs one step on a decision at version: step checks it, changes
// d and returns the SET clause, the audit record and the SET arguments.
func (db *DB) decide(ctx context.Context, a casework.Actor, id string, version int,
	step func(*Tx, *retention.Decision) (string, auditRecord, []any, error)) (retention.Decision, error) {
	var d retention.Decision
	if err := retention.CheckView(a); err != nil {
		return d, err
	}
	err := db.inTx(ctx, true, "廃棄の決定", func(tx *Tx) error {
		var err error
		if d, err = tx.decision(ctx, a.MunicipalityID, id); err != nil {
			return err
		}
		if version != 0 && d.Version != version {
			return casework.Errorf(casework.ECONFLICT, "ほかの職員が先にこの廃棄の決定を変更しました。画面を開き直して確かめてください。")
		}
		set, rec, args, err := step(tx, &d)
		if err != nil {
			return err
		}
		if err := tx.execOne(ctx, casework.Errorf(casework.ECONFLICT, "ほかの職員が先にこの廃棄の決定を変更しました。"),
			"UPDATE retention_decisions SET "+set+", version = version + 1 WHERE id = ? AND version = ?", append(args, id, d.Version)...); err != nil {
			return err
		}
		d.Version++
		d.SetLabels()
		rec.ObjectType, rec.ObjectID = "retention_decision", d.ID
		return tx.audit(ctx, a, rec)
	})
	return d, err
}
