package sqldb

import (
	"context"
	"fmt"

	"kasane/internal/retention"
)

// caseDueSummary is the list of cases past their period as the page, the
// API and `kasane retention list` show it (the first limit cases and the
// totals), counted in SQL rather than by reading every case into the
// program: with a million contacts the totals are a few index range scans
// (cases_closed, contacts_case), and only the shown rows and the few held
// cases are read out. The full scan (scanDueCases) serves the proposal and
// the check before a disposal, which need every record.
func (t *Tx) caseDueSummary(ctx context.Context, muni string, l *DueList, fy, limit int) error {
	due := ` c.municipality_id = ? AND c.status = 'closed' AND c.closed_on <> '' AND c.closed_on < ? AND c.disposed_at = ''`
	args := []any{muni, l.Cutoff}
	if fy != 0 {
		due += " AND c.closed_on >= ? AND c.closed_on < ?"
		args = append(args, fmt.Sprintf("%04d-04-01", fy), fmt.Sprintf("%04d-04-01", fy+1))
	}
	var first, last string
	if err := t.queryRow(ctx, "SELECT COUNT(*), COALESCE(MIN(c.closed_on), ''), COALESCE(MAX(c.closed_on), '') FROM cases c WHERE"+due, args...).
		Scan(&l.Total, &first, &last); err != nil {
		return err
	}
	if l.Total == 0 {
		return nil
	}
	l.FYFrom, l.FYTo = retention.FiscalYear(first), retention.FiscalYear(last)
	if err := t.queryRow(ctx, "SELECT COUNT(*) FROM cases c JOIN contacts x ON x.case_id = c.id WHERE"+due, args...).Scan(&l.Records); err != nil {
		return err
	}
	openSQL := `SELECT i.record_id, i.decision_id FROM retention_decision_items i JOIN retention_decisions d ON d.id = i.decision_id
		JOIN cases c ON c.id = i.record_id WHERE d.municipality_id = ? AND d.record_type = 'case' AND d.status IN ('proposed', 'approved') AND` + due
	var inDecision int
	if err := t.queryRow(ctx, "SELECT COUNT(*) FROM ("+openSQL+") o", append([]any{muni}, args...)...).Scan(&inDecision); err != nil {
		return err
	}
	h, err := t.activeHolds(ctx, muni)
	if err != nil {
		return err
	}
	// the held cases past their period, and which of them an open decision covers
	var blocked []any
	for id := range h.blockedCases {
		blocked = append(blocked, id)
	}
	for start := 0; start < len(blocked); start += 500 {
		chunk := blocked[start:min(start+500, len(blocked))]
		in := " AND c.id IN (" + placeholders(len(chunk)) + ")"
		ids, err := collect(ctx, t, scanString, "SELECT c.id FROM cases c WHERE"+due+in, append(append([]any(nil), args...), chunk...)...)
		if err != nil {
			return err
		}
		l.Held += len(ids)
		var both int
		if err := t.queryRow(ctx, "SELECT COUNT(*) FROM ("+openSQL+in+") o", append(append([]any{muni}, args...), chunk...)...).Scan(&both); err != nil {
			return err
		}
		inDecision -= both // counted as held
	}
	l.InDecision, l.Proposable = inDecision, l.Total-l.Held-inDecision
	// the rows shown
	rows, err := t.query(ctx, `SELECT c.id, c.number, c.closed_on, c.lead_org_id, (SELECT COUNT(*) FROM contacts x WHERE x.case_id = c.id)
		FROM cases c WHERE`+due+" ORDER BY c.closed_on, c.disposed_at, c.id LIMIT "+itoa(limit), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var ids []any
	for rows.Next() {
		var r DueRecord
		if err := rows.Scan(&r.ID, &r.Label, &r.EndOn, &r.OrgID, &r.Records); err != nil {
			return err
		}
		r.EndKind, r.Held = "終結", h.blockedCases[r.ID]
		r.FiscalYear, r.DueOn = retention.FiscalYear(r.EndOn), retention.DueOn(r.EndOn, l.Policy.Years)
		l.Items = append(l.Items, r)
		ids = append(ids, r.ID)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()
	if len(ids) == 0 {
		return nil
	}
	dec := map[string]string{}
	rs, err := t.query(ctx, openSQL+" AND c.id IN ("+placeholders(len(ids))+")", append(append([]any{muni}, args...), ids...)...)
	if err != nil {
		return err
	}
	defer rs.Close()
	for rs.Next() {
		var r, d string
		if err := rs.Scan(&r, &d); err != nil {
			return err
		}
		dec[r] = d
	}
	for i := range l.Items {
		l.Items[i].DecisionID = dec[l.Items[i].ID]
	}
	return rs.Err()
}
