package sqldb

import (
	"context"
	"fmt"
	"sort"
	"time"

	"kasane/internal/casework"
	"kasane/internal/retention"
)

// The retention scan (issue 23): the records of one type whose period has
// ended. The lists show no names or case content: a case by its number, a
// consent or a target by its dates, so the roles that decide (who read no
// case content, rule 7) can decide.

// DueRecord is one record past its period.
type DueRecord struct {
	ID         string   `json:"id"`
	Label      string   `json:"label"`    // case number, meeting type, …
	EndOn      string   `json:"end_on"`   // the day the record was completed
	EndKind    string   `json:"end_kind"` // 終結, 撤回, 開催, 引継ぎ, …
	FiscalYear int      `json:"fiscal_year"`
	DueOn      string   `json:"due_on"` // first day it may be disposed of
	OrgID      string   `json:"organization_id,omitempty"`
	Records    int      `json:"records"`               // contacts of a case, items of a meeting, attempts of a target, events of the audit log
	Held       []string `json:"held,omitempty"`        // kinds of the holds that stop it
	DecisionID string   `json:"decision_id,omitempty"` // an open decision already covering it
}

// DueList is the scan of one record type.
type DueList struct {
	RecordType string           `json:"record_type"`
	Policy     retention.Policy `json:"policy"`
	Cutoff     string           `json:"cutoff"` // records completed before this day
	Items      []DueRecord      `json:"items"`  // at most the limit asked for
	Total      int              `json:"total"`  // every record past its period
	Held       int              `json:"held"`   // of which stopped by a hold
	InDecision int              `json:"in_decision"`
	Proposable int              `json:"proposable"` // neither held nor in an open decision
	Records    int              `json:"records"`    // sum of Records
	FYFrom     int              `json:"fiscal_year_from"`
	FYTo       int              `json:"fiscal_year_to"`
}

// RetentionDue scans one record type of the actor's municipality (fy: only
// the records completed in that fiscal year; 0 = all) and returns up to
// limit records (0 = all) with the totals.
func (db *DB) RetentionDue(ctx context.Context, a casework.Actor, recordType string, fy, limit int) (DueList, error) {
	if err := retention.CheckView(a); err != nil {
		return DueList{}, err
	}
	if !retention.RecordTypes.Has(recordType) {
		return DueList{}, invalidField("type", "記録の種類を一覧から選んでください。")
	}
	var out DueList
	err := db.inTx(replicaOK(ctx), false, "保存年限", func(tx *Tx) error {
		var err error
		out, err = tx.retentionDue(ctx, a.MunicipalityID, recordType, fy, limit)
		return err
	})
	return out, err
}

func (t *Tx) retentionDue(ctx context.Context, muni, recordType string, fy, limit int) (DueList, error) {
	ps, err := t.retentionPolicies(ctx, muni)
	if err != nil {
		return DueList{}, err
	}
	l := DueList{RecordType: recordType, Policy: ps[recordType]}
	if l.Policy.Permanent {
		return l, nil
	}
	if recordType == retention.TypeAudit {
		return l, t.auditDue(ctx, muni, &l)
	}
	l.Cutoff = retention.Cutoff(casework.Today(t.now), l.Policy.Years)
	if recordType == retention.TypeCase && limit > 0 {
		return l, t.caseDueSummary(ctx, muni, &l, fy, limit) // retention_scan_cases.go
	}
	open, err := t.openDecisionItems(ctx, muni, recordType)
	if err != nil {
		return l, err
	}
	err = t.scanDue(ctx, muni, recordType, l.Cutoff, fy, func(r DueRecord) {
		r.FiscalYear, r.DueOn, r.DecisionID = retention.FiscalYear(r.EndOn), retention.DueOn(r.EndOn, l.Policy.Years), open[r.ID]
		l.Total++
		l.Records += r.Records
		switch {
		case len(r.Held) > 0:
			l.Held++
		case r.DecisionID != "":
			l.InDecision++
		default:
			l.Proposable++
		}
		if l.FYFrom == 0 || r.FiscalYear < l.FYFrom {
			l.FYFrom = r.FiscalYear
		}
		l.FYTo = max(l.FYTo, r.FiscalYear)
		if limit <= 0 || len(l.Items) < limit {
			l.Items = append(l.Items, r)
		}
	})
	return l, err
}

// openDecisionItems maps each record of a proposed or approved decision of
// the type to the decision.
func (t *Tx) openDecisionItems(ctx context.Context, muni, recordType string) (map[string]string, error) {
	out := map[string]string{}
	rows, err := t.query(ctx, `SELECT i.record_id, i.decision_id FROM retention_decision_items i JOIN retention_decisions d ON d.id = i.decision_id
		WHERE d.municipality_id = ? AND d.record_type = ? AND d.status IN ('proposed', 'approved')`, muni, recordType)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var r, d string
		if err := rows.Scan(&r, &d); err != nil {
			return nil, err
		}
		out[r] = d
	}
	return out, rows.Err()
}

// scanDue calls fn for every record of the type completed before cutoff
// (and in fiscal year fy unless 0) and not yet disposed of, in order of
// completion, with the holds that stop it.
func (t *Tx) scanDue(ctx context.Context, muni, recordType, cutoff string, fy int, fn func(DueRecord)) error {
	h, err := t.activeHolds(ctx, muni)
	if err != nil {
		return err
	}
	inFY := func(day string) bool { return day < cutoff && (fy == 0 || retention.FiscalYear(day) == fy) }
	switch recordType {
	case retention.TypeCase:
		return t.scanDueCases(ctx, muni, cutoff, fy, h, fn)
	case retention.TypeConsent:
		return t.scanDueConsents(ctx, muni, h, inFY, fn)
	case retention.TypeMeeting:
		return t.scanDueMeetings(ctx, muni, cutoff, h, inFY, fn)
	case retention.TypeOutreach:
		return t.scanDueTargets(ctx, muni, h, inFY, fn)
	}
	return fmt.Errorf("retention: no scan for %s", recordType)
}

// scanDueCases: closed cases by their closing day (index cases_closed),
// with the number of their contacts (index contacts_case).
func (t *Tx) scanDueCases(ctx context.Context, muni, cutoff string, fy int, h holdSet, fn func(DueRecord)) error {
	q := `SELECT c.id, c.number, c.closed_on, c.lead_org_id, (SELECT COUNT(*) FROM contacts x WHERE x.case_id = c.id)
		FROM cases c WHERE c.municipality_id = ? AND c.status = 'closed' AND c.closed_on <> '' AND c.closed_on < ? AND c.disposed_at = ''`
	args := []any{muni, cutoff}
	if fy != 0 {
		q += " AND c.closed_on >= ? AND c.closed_on < ?"
		args = append(args, fmt.Sprintf("%04d-04-01", fy), fmt.Sprintf("%04d-04-01", fy+1))
	}
	rows, err := t.query(ctx, q+" ORDER BY c.closed_on, c.disposed_at, c.id", args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r DueRecord
		if err := rows.Scan(&r.ID, &r.Label, &r.EndOn, &r.OrgID, &r.Records); err != nil {
			return err
		}
		r.EndKind, r.Held = "終結", h.blockedCases[r.ID]
		fn(r)
	}
	return rows.Err()
}

// consentEnd is the day a consent ended: the earliest of its withdrawal,
// the day after its last valid day, and the day a newer consent replaced
// it, among those not after today ("" while it is in force).
func consentEnd(today, withdrawn, validUntil, replaced string) (string, string) {
	end, kind := "", ""
	take := func(day, k string) {
		if day != "" && day <= today && (end == "" || day < end) {
			end, kind = day, k
		}
	}
	take(withdrawn, "撤回")
	if validUntil != "" {
		if d, err := time.Parse("2006-01-02", validUntil); err == nil {
			take(d.AddDate(0, 0, 1).Format("2006-01-02"), "有効期限")
		}
	}
	take(replaced, "新しい同意")
	return end, kind
}

func (t *Tx) scanDueConsents(ctx context.Context, muni string, h holdSet, inFY func(string) bool, fn func(DueRecord)) error {
	rows, err := t.query(ctx, `SELECT x.id, x.person_id, x.given_on, x.valid_until, x.withdrawn_on, x.recorded_by_org_id,
		COALESCE((SELECT MIN(y.given_on) FROM consents y WHERE y.supersedes_id = x.id), '')
		FROM consents x WHERE x.municipality_id = ? AND x.disposed_at = '' ORDER BY x.given_on, x.id`, muni)
	if err != nil {
		return err
	}
	defer rows.Close()
	today := casework.Today(t.now)
	var due []DueRecord
	for rows.Next() {
		var r DueRecord
		var person, given, valid, withdrawn, replaced string
		if err := rows.Scan(&r.ID, &person, &given, &valid, &withdrawn, &r.OrgID, &replaced); err != nil {
			return err
		}
		if r.EndOn, r.EndKind = consentEnd(today, withdrawn, valid, replaced); r.EndOn == "" || !inFY(r.EndOn) {
			continue
		}
		r.Label, r.Held = "同意（"+given+"）", h.persons[person]
		due = append(due, r)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	sortDue(due)
	for _, r := range due {
		fn(r)
	}
	return nil
}

// scanDueMeetings: meetings held or cancelled, by their day (JST).
func (t *Tx) scanDueMeetings(ctx context.Context, muni, cutoff string, h holdSet, inFY func(string) bool, fn func(DueRecord)) error {
	blocked, err := t.blockedMeetings(ctx, muni, h)
	if err != nil {
		return err
	}
	day, _ := time.ParseInLocation("2006-01-02", cutoff, casework.JST)
	rows, err := t.query(ctx, `SELECT m.id, m.type, m.status, m.scheduled_at, m.host_org_id,
		(SELECT COUNT(*) FROM meeting_items i WHERE i.meeting_id = m.id) + (SELECT COUNT(*) FROM meeting_outreach_items o WHERE o.meeting_id = m.id)
		FROM meetings m WHERE m.municipality_id = ? AND m.status IN ('held', 'cancelled') AND m.scheduled_at < ? AND m.disposed_at = ''
		ORDER BY m.scheduled_at, m.id`, muni, ts(day))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r DueRecord
		var typ, status, at string
		if err := rows.Scan(&r.ID, &typ, &status, &at, &r.OrgID, &r.Records); err != nil {
			return err
		}
		r.EndOn = casework.Today(parseTS(at))
		if !inFY(r.EndOn) {
			continue
		}
		r.Label, r.EndKind, r.Held = casework.MeetingTypes.Label(typ), map[string]string{"held": "開催", "cancelled": "中止"}[status], blocked[r.ID]
		fn(r)
	}
	return rows.Err()
}

// scanDueTargets: outreach targets by their end: the hand-over to a case,
// or, for a target never handed over, its last record (found, edited, an
// attempt or a move of stage).
func (t *Tx) scanDueTargets(ctx context.Context, muni string, h holdSet, inFY func(string) bool, fn func(DueRecord)) error {
	rows, err := t.query(ctx, `SELECT o.id, o.found_on, o.stage, o.updated_at, o.org_id, o.person_id, o.case_id,
		COALESCE((SELECT MAX(a.at) FROM outreach_attempts a WHERE a.target_id = o.id), ''),
		COALESCE((SELECT MAX(s.at) FROM outreach_stage_history s WHERE s.target_id = o.id), ''),
		COALESCE((SELECT MAX(s.at) FROM outreach_stage_history s WHERE s.target_id = o.id AND s.to_stage = 'handed_over'), ''),
		(SELECT COUNT(*) FROM outreach_attempts a WHERE a.target_id = o.id)
		FROM outreach_targets o WHERE o.municipality_id = ? AND o.disposed_at = ''`, muni)
	if err != nil {
		return err
	}
	defer rows.Close()
	var due []DueRecord
	for rows.Next() {
		var r DueRecord
		var found, stage, updated, person, caseID, lastAttempt, lastMove, handed string
		if err := rows.Scan(&r.ID, &found, &stage, &updated, &r.OrgID, &person, &caseID, &lastAttempt, &lastMove, &handed, &r.Records); err != nil {
			return err
		}
		if stage == "handed_over" && handed != "" {
			r.EndOn, r.EndKind = casework.Today(parseTS(handed)), "ケースへ引継ぎ"
		} else {
			r.EndOn, r.EndKind = found, "最後の記録"
			for _, at := range []string{updated, lastAttempt, lastMove} {
				if at != "" {
					if d := casework.Today(parseTS(at)); d > r.EndOn {
						r.EndOn = d
					}
				}
			}
		}
		if !inFY(r.EndOn) {
			continue
		}
		r.Label = "アウトリーチ対象（把握 " + found + "）"
		r.Held = append(append([]string(nil), h.persons[person]...), h.blockedCases[caseID]...)
		due = append(due, r)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	sortDue(due)
	for _, r := range due {
		fn(r)
	}
	return nil
}

// auditDue: the audit log is past its period as one block, the events
// recorded before now minus the period. Events about a held person or case
// before that instant stop the whole block (the chain is cut at one place).
func (t *Tx) auditDue(ctx context.Context, muni string, l *DueList) error {
	cut := retention.AuditCutoff(t.now, l.Policy.Years)
	l.Cutoff = ts(cut)
	var n int
	var first, last string
	if err := t.queryRow(ctx, "SELECT COUNT(*), COALESCE(MIN(at), ''), COALESCE(MAX(at), '') FROM audit_events WHERE municipality_id = ? AND at < ?",
		muni, l.Cutoff).Scan(&n, &first, &last); err != nil {
		return err
	}
	if n == 0 {
		return nil
	}
	r := DueRecord{ID: retention.TypeAudit, Label: "監査ログ（" + casework.Today(parseTS(first)) + "〜" + casework.Today(parseTS(last)) + "）",
		EndOn: casework.Today(parseTS(last)), EndKind: "記録", Records: n, DueOn: casework.Today(parseTS(last).AddDate(l.Policy.Years, 0, 0))}
	r.FiscalYear = retention.FiscalYear(r.EndOn)
	h, err := t.activeHolds(ctx, muni)
	if err != nil {
		return err
	}
	if held, err := t.auditHeld(ctx, muni, l.Cutoff, h); err != nil {
		return err
	} else if held > 0 {
		r.Held = []string{"audit_events_held"}
	}
	r.DecisionID = t.openAuditDecision(ctx, muni)
	l.Items, l.Total, l.Records = []DueRecord{r}, 1, n
	l.FYFrom, l.FYTo = retention.FiscalYear(casework.Today(parseTS(first))), r.FiscalYear
	switch {
	case len(r.Held) > 0:
		l.Held = 1
	case r.DecisionID != "":
		l.InDecision = 1
	default:
		l.Proposable = 1
	}
	return nil
}

// auditHeld counts the events before cutoff about a held person or a
// blocked case.
func (t *Tx) auditHeld(ctx context.Context, muni, cutoff string, h holdSet) (int, error) {
	var ids []any
	for id := range h.persons {
		ids = append(ids, id)
	}
	for id := range h.blockedCases {
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return 0, nil
	}
	var n int
	err := t.queryRow(ctx, "SELECT COUNT(*) FROM audit_events WHERE municipality_id = ? AND at < ? AND object_id IN ("+placeholders(len(ids))+")",
		append([]any{muni, cutoff}, ids...)...).Scan(&n)
	return n, err
}

// openAuditDecision is the id of a proposed or approved audit-log decision.
func (t *Tx) openAuditDecision(ctx context.Context, muni string) string {
	var id string
	_ = t.queryRow(ctx, "SELECT id FROM retention_decisions WHERE municipality_id = ? AND record_type = ? AND status IN ('proposed', 'approved') ORDER BY created_at LIMIT 1",
		muni, retention.TypeAudit).Scan(&id)
	return id
}

func sortDue(d []DueRecord) {
	// by day of completion, then id: the same order as the SQL scans
	sort.Slice(d, func(i, j int) bool { return d[i].EndOn < d[j].EndOn || (d[i].EndOn == d[j].EndOn && d[i].ID < d[j].ID) })
}
