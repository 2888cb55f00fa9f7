package sqldb

import (
	"context"
	"strings"

	"kasane/internal/casework"
	"kasane/internal/report"
)

// ExportKinds are the lists that can be exported.
var ExportKinds = casework.CodeList{{Value: "cases", Label: "ケース一覧"}, {Value: "persons", Label: "本人一覧"}, {Value: "contacts", Label: "支援経過記録"}, {Value: "meetings", Label: "会議一覧"}}

// ExportOptions narrow an export and describe it for the audit log.
type ExportOptions struct {
	FiscalYear int    // 0: every year (cases by received date, contacts by time)
	Format     string // csv or xlsx
	Encoding   string // utf8 or cp932 (csv)
}

// Export loads a list for export with every access rule applied: only
// cases the actor may read (rule 1), persons the actor may see (rule 4) with
// addresses hidden under DV等支援措置 outside the lead (rule 6). The export
// is audited in the same transaction (rule 8).
func (db *DB) Export(ctx context.Context, a casework.Actor, kind string, o ExportOptions) (*report.Table, error) {
	if !ExportKinds.Has(kind) {
		return nil, casework.NotFound("出力の種類")
	}
	if o.FiscalYear != 0 {
		if err := report.ValidFiscalYear(o.FiscalYear); err != nil {
			return nil, err
		}
	}
	var t *report.Table
	err := db.inRead(replicaOK(ctx), "出力", func(tx *Tx) error {
		var err error
		switch kind {
		case "cases":
			t, err = tx.exportCases(ctx, a, o)
		case "persons":
			t, err = tx.exportPersons(ctx, a)
		case "meetings":
			t, err = tx.exportMeetings(ctx, a, o)
		default:
			t, err = tx.exportContacts(ctx, a, o)
		}
		if err != nil {
			return err
		}
		reason := strings.TrimSpace(o.Format+" "+o.Encoding) + " " + itoa(len(t.Rows)) + "件"
		if o.FiscalYear != 0 {
			reason += " " + itoa(o.FiscalYear) + "年度"
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActExport, ObjectType: kind, Reason: reason})
	})
	return t, err
}

// teamScope is the SQL condition "the case (column col) has the actor's
// organization as lead or team member", a cheap first cut before the rule.
func teamScope(col string, a casework.Actor) (string, []any) {
	return " AND (" + col + " IN (SELECT id FROM cases WHERE municipality_id = ? AND lead_org_id = ?) OR " + col +
			" IN (SELECT case_id FROM case_team WHERE municipality_id = ? AND organization_id = ?))",
		[]any{a.MunicipalityID, a.OrganizationID, a.MunicipalityID, a.OrganizationID}
}

// readableCases keeps the cases the actor may read, remembering the answer.
type readableCases struct {
	a    casework.Actor
	day  string
	seen map[string]bool
}

func (t *Tx) newReadable(a casework.Actor) *readableCases {
	return &readableCases{a: a, day: casework.Today(t.now), seen: map[string]bool{}}
}

func (r *readableCases) ok(ctx context.Context, t *Tx, caseID string) (bool, error) {
	if v, ok := r.seen[caseID]; ok {
		return v, nil
	}
	_, f, err := t.caseFacts(ctx, r.a.MunicipalityID, caseID)
	if err != nil {
		return false, err
	}
	r.seen[caseID] = casework.CanReadCaseData(r.a, f, casework.CatRecords, r.day)
	return r.seen[caseID], nil
}

func (t *Tx) exportCases(ctx context.Context, a casework.Actor, o ExportOptions) (*report.Table, error) {
	tb := &report.Table{Name: "ケース一覧", Columns: []report.Column{report.Col("ケース番号", report.Text), report.Col("本人", report.Text), report.Col("受付日", report.Date),
		report.Col("相談経路", report.Text), report.Col("相談方法", report.Text), report.Col("分野", report.Text), report.Col("課題", report.Text), report.Col("主な課題", report.Text),
		report.Col("主訴", report.Text), report.Col("状態", report.Text), report.Col("主担当機関", report.Text), report.Col("支援決定日", report.Date), report.Col("終結日", report.Date),
		report.Col("終結理由", report.Text), report.Col("最終記録日時", report.DateTime)}}
	if !casework.CanHandleCases(a) {
		return tb, nil
	}
	q := "SELECT " + caseCols + " FROM cases WHERE municipality_id = ?"
	args := []any{a.MunicipalityID}
	if o.FiscalYear != 0 {
		r := report.Fiscal(o.FiscalYear)
		q += " AND received_on >= ? AND received_on <= ?"
		args = append(args, r.From, r.To)
	}
	scope, sargs := teamScope("id", a)
	cs, err := collect(ctx, t, scanCase, q+scope+" ORDER BY received_on, number", append(args, sargs...)...)
	if err != nil {
		return nil, err
	}
	names, err := t.orgNames(ctx, a.MunicipalityID)
	if err != nil {
		return nil, err
	}
	rc := t.newReadable(a)
	for _, c := range cs {
		if ok, err := rc.ok(ctx, t, c.ID); err != nil || !ok {
			if err != nil {
				return nil, err
			}
			continue
		}
		if err := t.fillFocusName(ctx, &c); err != nil {
			return nil, err
		}
		var bunya []string
		for _, b := range c.Bunya {
			bunya = append(bunya, casework.Bunya.Label(b))
		}
		var last any
		if c.LastContactAt != nil {
			last = *c.LastContactAt
		}
		tb.Rows = append(tb.Rows, []any{c.Number, c.FocusName, c.ReceivedOn, c.Route, c.Method, strings.Join(bunya, "・"),
			strings.Join(c.Problems, "・"), c.PrimaryProblem, c.Complaint, casework.CaseStatuses.Label(c.Status), names[c.LeadOrgID],
			c.DecidedOn, c.ClosedOn, casework.ClosureReasons.Label(c.ClosureReason), last})
	}
	return tb, nil
}

func (t *Tx) exportContacts(ctx context.Context, a casework.Actor, o ExportOptions) (*report.Table, error) {
	tb := &report.Table{Name: "支援経過記録", Columns: []report.Column{report.Col("ケース番号", report.Text), report.Col("本人", report.Text), report.Col("日時", report.DateTime),
		report.Col("方法", report.Text), report.Col("相手", report.Text), report.Col("内容", report.Text), report.Col("時間（分）", report.Int), report.Col("事業", report.Text),
		report.Col("分野", report.Text), report.Col("記録者", report.Text), report.Col("記録機関", report.Text)}}
	if !casework.CanHandleCases(a) {
		return tb, nil
	}
	q := "SELECT " + contactCols + ", k.number, k.focus_person_id FROM contacts c LEFT JOIN users u ON u.id = c.author_id JOIN cases k ON k.id = c.case_id WHERE c.municipality_id = ?"
	args := []any{a.MunicipalityID}
	if o.FiscalYear != 0 {
		r := report.Fiscal(o.FiscalYear)
		q += " AND c.at >= ? AND c.at < ?"
		args = append(args, r.MonthStarts[0], r.MonthStarts[12])
	}
	scope, sargs := teamScope("c.case_id", a)
	type row struct {
		c              casework.Contact
		number, person string
	}
	rows, err := collect(ctx, t, func(s scanner) (row, error) {
		var x row
		var at, created, updated string
		err := s.Scan(&x.c.ID, &x.c.CaseID, &at, &x.c.Method, &x.c.Counterpart, &x.c.Content, &x.c.Minutes, &x.c.Jigyo, &x.c.Bunya,
			&x.c.AuthorID, &x.c.AuthorOrgID, &x.c.Version, &created, &updated, &x.c.AuthorName, &x.number, &x.person)
		x.c.At = parseTS(at)
		return x, err
	}, q+scope+" ORDER BY c.at, c.id", append(args, sargs...)...)
	if err != nil {
		return nil, err
	}
	names, err := t.orgNames(ctx, a.MunicipalityID)
	if err != nil {
		return nil, err
	}
	rc := t.newReadable(a)
	persons := map[string]string{}
	for _, x := range rows {
		if ok, err := rc.ok(ctx, t, x.c.CaseID); err != nil || !ok {
			if err != nil {
				return nil, err
			}
			continue
		}
		if _, ok := persons[x.person]; !ok {
			c := casework.Case{FocusPersonID: x.person}
			if err := t.fillFocusName(ctx, &c); err != nil {
				return nil, err
			}
			persons[x.person] = c.FocusName
		}
		tb.Rows = append(tb.Rows, []any{x.number, persons[x.person], x.c.At, x.c.Method, x.c.Counterpart, x.c.Content, x.c.Minutes,
			casework.Jigyo.Label(x.c.Jigyo), casework.Bunya.Label(x.c.Bunya), x.c.AuthorName, names[x.c.AuthorOrgID]})
	}
	return tb, nil
}
