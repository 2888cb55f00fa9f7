package sqldb

import (
	"context"
	"strings"

	"kasane/internal/casework"
	"kasane/internal/report"
)

// RecordQuery names the records behind one figure of the annual report.
type RecordQuery struct {
	FiscalYear int
	Section    string
	Month      string            // YYYY-MM, or empty for the whole year
	Filter     map[string]string // bunya, jigyo, reason, status (referral result, plan stage or meeting type), bucket
	Limit      int
}

// Record is one record behind a figure.
type Record struct {
	Kind       string `json:"kind"` // case, referral, contact, plan, evaluation, meeting, meeting_item
	ID         string `json:"id"`
	CaseID     string `json:"case_id"`
	CaseNumber string `json:"case_number"`
	PersonName string `json:"person_name"`
	Date       string `json:"date"` // YYYY-MM-DD (Japan)
	Detail     string `json:"detail"`
	// MeetingID is set on meeting records: they are shown to the
	// organizations attending the meeting, not by the case.
	MeetingID string `json:"meeting_id,omitempty"`
	// personal records without a case (outreach targets and attempts,
	// matches) are shown only to their organization (owner); community
	// records without personal data (places, sessions) to every report user.
	personal bool
	owner    string
	// lead is the case's lead organization, when the query read it
	// (report_records_batch.go decides the lead's records without
	// loading the case's team and consents: casework.LeadFacts)
	lead string
	// light is set on a contact read without its details (completeContacts)
	light bool
}

// Records are the records behind a figure that the actor may read. Hidden
// counts the others: the figure itself is public to report users, the
// records are not.
type Records struct {
	Items  []Record `json:"items"`
	Total  int      `json:"total"`
	Hidden int      `json:"hidden"`
	More   bool     `json:"more"` // more readable records than Limit
	// Filters describe the figure's filter in Japanese (e.g. 分野: 介護).
	Filters []string `json:"filters,omitempty"`
}

var recordFilters = map[string]casework.CodeList{
	"bunya": casework.Bunya, "jigyo": casework.Jigyo, "reason": casework.ClosureReasons, "status": casework.ReferralStatuses,
	"bucket": bucketList(),
}

func bucketList() casework.CodeList {
	var l casework.CodeList
	for _, b := range report.DayBuckets {
		l = append(l, casework.CodeItem{Value: b.Key, Label: b.Label})
	}
	return l
}

func (q *RecordQuery) validate() error {
	if err := report.ValidFiscalYear(q.FiscalYear); err != nil {
		return err
	}
	if !report.Titles.Has(q.Section) {
		return &casework.Error{Code: casework.EINVALID, Message: "集計項目が一覧にありません。", Fields: map[string]string{"section": "集計項目が一覧にありません。"}}
	}
	if q.Month != "" && report.Fiscal(q.FiscalYear).MonthIndex(q.Month) < 0 {
		return &casework.Error{Code: casework.EINVALID, Message: "月は年度内の YYYY-MM で指定してください。", Fields: map[string]string{"month": "月は年度内の YYYY-MM で指定してください。"}}
	}
	for k, v := range q.Filter {
		if v == "" {
			delete(q.Filter, k)
			continue
		}
		if l, ok := filterList(q.Section, k); !ok || !l.Has(v) {
			return &casework.Error{Code: casework.EINVALID, Message: "絞り込みの値が正しくありません。", Fields: map[string]string{k: "値が一覧にありません。"}}
		}
	}
	if q.Limit <= 0 || q.Limit > 1000 {
		q.Limit = 500
	}
	return nil
}

// AnnualRecords lists the records behind a figure of the annual report,
// only those of cases the actor may read (rule 1). Audited as a search.
func (db *DB) AnnualRecords(ctx context.Context, a casework.Actor, q RecordQuery) (Records, error) {
	out := Records{Items: []Record{}}
	if !report.CanView(a) {
		return out, report.ErrNoReports
	}
	if err := q.validate(); err != nil {
		return out, err
	}
	// one snapshot: the total, the lead's and the team's records are
	// counted in separate statements (a hand-over committed between them
	// would count a record twice or not at all)
	err := db.inReadSnapshot(replicaOK(ctx), "集計の明細", func(tx *Tx) error {
		vis := recordVisibility{a: a}
		total, beyond, cands, err := tx.recordCandidates(ctx, a, q, &vis)
		if err != nil {
			return err
		}
		out.Total, out.Filters = total, filterLabels(q.Section, q.Filter)
		if err := vis.prefetch(ctx, tx, cands); err != nil {
			return err
		}
		// beyond: readable records not among the candidates, counted
		// (contactCandidates); they come after the candidates shown
		visible := beyond
		out.More = beyond > 0
		for _, rec := range cands {
			ok, err := vis.check(ctx, tx, rec)
			if err != nil {
				return err
			}
			if !ok {
				continue
			}
			visible++
			if len(out.Items) == q.Limit {
				out.More = true
				continue
			}
			out.Items = append(out.Items, rec)
		}
		if err := tx.completeContacts(ctx, a.MunicipalityID, out.Items); err != nil {
			return err
		}
		for i := range out.Items {
			if rec := &out.Items[i]; rec.PersonName != "" {
				c := casework.Case{FocusPersonID: rec.PersonName}
				if err := tx.fillFocusName(ctx, &c); err != nil {
					return err
				}
				rec.PersonName = c.FocusName
			}
		}
		out.Hidden = out.Total - visible
		return tx.audit(ctx, a, auditRecord{Action: casework.ActSearch, ObjectType: "report_records", ObjectID: q.Section,
			Reason: itoa(q.FiscalYear) + " " + q.Month + " " + filterText(q.Filter)})
	})
	return out, err
}

func filterText(f map[string]string) string {
	var parts []string
	for _, k := range []string{"jigyo", "bunya", "reason", "status", "bucket"} {
		if v := f[k]; v != "" {
			parts = append(parts, k+"="+v)
		}
	}
	return strings.Join(parts, " ")
}

// recordCandidates loads every record behind the figure (PersonName holds
// the focus person id until the record is shown).
// It returns the number of all records behind the figure and, of them,
// those of cases on which the actor's organization appears (lead or team
// member); the caller applies the full rule to each.
func (t *Tx) recordCandidates(ctx context.Context, a casework.Actor, q RecordQuery, vis *recordVisibility) (int, int, []Record, error) {
	muni := a.MunicipalityID
	r := report.Fiscal(q.FiscalYear)
	from, to := r.From, r.To
	iFrom, iTo := r.MonthStarts[0], r.MonthStarts[12]
	if q.Month != "" {
		m := r.MonthIndex(q.Month)
		from, to = q.Month+"-01", q.Month+"-31"
		iFrom, iTo = r.MonthStarts[m], r.MonthStarts[m+1]
	}
	f := q.Filter
	scanRec := func(kind string) func(scanner) (Record, error) {
		return func(s scanner) (Record, error) {
			rec := Record{Kind: kind}
			err := s.Scan(&rec.ID, &rec.CaseID, &rec.CaseNumber, &rec.PersonName, &rec.Date, &rec.Detail, &rec.lead)
			return rec, err
		}
	}
	switch q.Section {
	case report.SecNewConsultations, report.SecCasesDecided, report.SecCasesClosed:
		// new consultations from the cases; decisions and closures from
		// their events (the figures of the annual report)
		sql := "SELECT c.id, c.id, c.number, c.focus_person_id, c.received_on AS day, c.status, c.lead_org_id FROM cases c WHERE c.municipality_id = ? AND c.received_on >= ? AND c.received_on <= ?"
		bunya, order := "c.bunya", " ORDER BY day, number"
		if q.Section != report.SecNewConsultations {
			src := map[string]string{report.SecCasesDecided: srcDecisions, report.SecCasesClosed: srcClosures}[q.Section]
			sql = "SELECT c.id, c.id AS case_id, c.number, c.focus_person_id, e.event_on AS day, c.status, c.lead_org_id FROM cases c JOIN (SELECT * FROM " + src +
				" AND event_on >= ? AND event_on <= ?) e ON e.case_id = c.id WHERE c.municipality_id = e.municipality_id"
			bunya = "e.bunya"
		}
		args := []any{muni, from, to}
		if f["bunya"] != "" {
			sql += " AND (',' || " + bunya + " || ',') LIKE ?"
			args = append(args, "%,"+f["bunya"]+",%")
		}
		if f["reason"] != "" {
			sql += " AND e.closure_reason = ?"
			args = append(args, f["reason"])
		}
		idCol := "c.id"
		if q.Section != report.SecNewConsultations {
			idCol = "e.case_id"
		}
		total, recs, err := t.scoped(ctx, a, idCol, "c.lead_org_id", sql, order, scanRec("case"), args)
		for i := range recs {
			recs[i].Detail = casework.CaseStatuses.Label(recs[i].Detail)
		}
		return total, 0, recs, err
	case report.SecReferrals, report.SecReferralDays:
		recs, err := t.referralRecords(ctx, muni, r, iFrom, iTo, f, q.Section == report.SecReferralDays)
		if !casework.CanHandleCases(a) {
			return len(recs), 0, nil, err
		}
		return len(recs), 0, recs, err
	case report.SecPlans:
		return noneBeyond(t.planRecords(ctx, a, q.Filter["status"], from, to, iFrom, iTo))
	case report.SecMeetings, report.SecMeetingItems:
		return noneBeyond(t.meetingRecords(ctx, a, q.Section == report.SecMeetingItems, q.Filter["status"], iFrom, iTo))
	}
	if _, ok := report.CommunityRows(q.Section); ok {
		return noneBeyond(t.communityRecords(ctx, a, q.Section, q.Filter["status"], from, to, iFrom, iTo))
	}
	// a month of a city's contacts is tens of thousands: the total comes
	// from the report counters, kept in step with the contacts
	// (report_counters.go); of the readable ones only the first are read,
	// light (id, case, lead), the others counted (contactCandidates), and
	// only the records shown are completed (completeContacts)
	counted := "SELECT COALESCE(SUM(n), 0) FROM report_contact_counts WHERE municipality_id = ? AND month >= ? AND month <= ?"
	months := []any{muni, r.Months[0], r.Months[11]}
	if q.Month != "" {
		months = []any{muni, q.Month, q.Month}
	}
	for _, k := range []string{"jigyo", "bunya"} {
		if f[k] != "" {
			counted += " AND " + k + " = ?"
			months = append(months, f[k])
		}
	}
	var total int
	if err := t.queryRow(ctx, counted, months...).Scan(&total); err != nil {
		return 0, 0, nil, err
	}
	var recs []Record
	var beyond int
	var err error
	if casework.CanHandleCases(a) && total > 0 {
		beyond, recs, err = t.contactCandidates(ctx, a, vis, f, iFrom, iTo, q.Limit)
	}
	if err == nil && q.Section == report.SecContacts && f["bunya"] == "" && (f["jigyo"] == "" || f["jigyo"] == "sanka") {
		// the participation logs counted with 参加支援 (contacts_participation.go)
		var logs []Record
		if logs, err = t.matchLogRecords(ctx, muni, iFrom, iTo); err == nil {
			total += len(logs)
			recs = append(recs, logs...)
		}
	}
	return total, beyond, recs, err
}

// scoped counts the rows of sql and loads those whose case (caseCol, its
// lead organization leadCol) has the actor's organization as lead or team
// member.
func (t *Tx) scoped(ctx context.Context, a casework.Actor, caseCol, leadCol, sql, order string, scan func(scanner) (Record, error), args []any) (int, []Record, error) {
	var total int
	if err := t.queryRow(ctx, "SELECT COUNT(*) FROM ("+sql+") x", args...).Scan(&total); err != nil {
		return 0, nil, err
	}
	if !casework.CanHandleCases(a) || total == 0 {
		return total, nil, nil
	}
	cond, more := leadOrTeam(a, caseCol, leadCol)
	sql += cond
	args = append(args, more...)
	recs, err := collect(ctx, t, scan, sql+order, args...)
	return total, recs, err
}

// leadOrTeam narrows candidates to cases (caseCol, its lead leadCol) the
// actor's organization leads or is on the team of: per candidate, the
// case's lead or a lookup of its team, not a list of every case the
// organization leads (thousands in a city). The full rule is applied to
// each afterwards (recordVisibility).
func leadOrTeam(a casework.Actor, caseCol, leadCol string) (string, []any) {
	return " AND (" + leadCol + " = ? OR EXISTS (SELECT 1 FROM case_team x WHERE x.case_id = " + caseCol + " AND x.municipality_id = ? AND x.organization_id = ?))",
		[]any{a.OrganizationID, a.MunicipalityID, a.OrganizationID}
}

func (t *Tx) referralRecords(ctx context.Context, muni string, r report.FiscalRange, from, to string, f map[string]string, byDays bool) ([]Record, error) {
	extra, args := "", []any{}
	month := -1 // a month's drill-down: the referrals of that month by their day (report_referrals.go)
	if from != r.MonthStarts[0] || to != r.MonthStarts[12] {
		month = r.InstantMonth(from)
	}
	if f["status"] != "" {
		extra += " AND r.status = ?"
		args = append(args, f["status"])
	}
	facts, err := t.referralFacts(ctx, muni, r, extra+" ORDER BY r.created_at", args...)
	if err != nil {
		return nil, err
	}
	var out []Record
	for _, x := range facts {
		if month >= 0 && r.MonthIndex(x.Day) != month {
			continue
		}
		d, accepted := x.acceptDays()
		if byDays && (!accepted || (f["bucket"] != "" && report.DayBucket(d) != f["bucket"])) {
			continue
		}
		rec := Record{Kind: "referral", ID: x.ID, CaseID: x.CaseID, Date: x.Day, Detail: casework.ReferralStatuses.Label(x.Status)}
		if accepted {
			rec.Detail += "（受諾まで" + itoa(d) + "日）"
		}
		if err := t.queryRow(ctx, "SELECT number, focus_person_id FROM cases WHERE id = ?", x.CaseID).Scan(&rec.CaseNumber, &rec.PersonName); err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	return out, nil
}

// DayBucketList is the code list of the drill-down's day buckets (for the
// API documentation).
func DayBucketList() casework.CodeList { return bucketList() }

// completeContacts reads the details of the light contact records among
// recs (the ones a drill-down shows), in one query per 250.
func (t *Tx) completeContacts(ctx context.Context, muni string, recs []Record) error {
	at := map[string]int{}
	var ids []any
	for i, rec := range recs {
		if rec.light {
			at[rec.ID] = i
			ids = append(ids, rec.ID)
		}
	}
	for start := 0; start < len(ids); start += factsBatch {
		chunk := ids[start:min(start+factsBatch, len(ids))]
		rows, err := t.query(ctx, `SELECT c.id, k.number, k.focus_person_id, c.at, c.jigyo, c.bunya, c.minutes FROM contacts c JOIN cases k ON k.id = c.case_id
			WHERE c.id IN (`+placeholders(len(chunk))+`) AND `+t.dialect.noIndex("c.municipality_id")+` = ?`, append(append([]any{}, chunk...), muni)...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id, when, jigyo, bunya string
			var minutes int
			var rec Record
			if err := rows.Scan(&id, &rec.CaseNumber, &rec.PersonName, &when, &jigyo, &bunya, &minutes); err != nil {
				rows.Close()
				return err
			}
			r := &recs[at[id]]
			r.CaseNumber, r.PersonName, r.light = rec.CaseNumber, rec.PersonName, false
			r.Date = casework.Today(parseTS(when))
			r.Detail = casework.Jigyo.Label(jigyo) + "・" + casework.Bunya.Label(bunya) + "・" + itoa(minutes) + "分"
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// noneBeyond is a list of candidates that holds every readable record.
func noneBeyond(total int, recs []Record, err error) (int, int, []Record, error) {
	return total, 0, recs, err
}
