package sqldb

import (
	"context"
	"strings"
	"time"

	"kasane/internal/casework"
	"kasane/internal/report"
)

// sectionBuilder computes sections of the annual report inside the caller's
// transaction.
type sectionBuilder func(ctx context.Context, t *Tx, run *reportRun) ([]report.Section, error)

// plain is a builder that needs only the municipality and the year.
func plain(b func(ctx context.Context, t *Tx, muni string, r report.FiscalRange) ([]report.Section, error)) sectionBuilder {
	return func(ctx context.Context, t *Tx, run *reportRun) ([]report.Section, error) {
		return b(ctx, t, run.muni, run.r)
	}
}

// annualSections are the builders of the annual report, in page order.
// Plans and meetings (migration 0003) are in report_plans.go with their
// drill-down in report_records_plans.go.
// Outreach, participation and community building (migration 0005) are in
// report_community.go with their drill-down in report_records_community.go.
var annualSections = []sectionBuilder{caseSections, breakdownSections, referralSections, contactSections, plain(planSections), plain(meetingSections), plain(communitySections), plain(teamEndSections)}

// AnnualReport computes the annual report of fiscal year fy (April fy to
// March fy+1) for the actor's municipality. The figures are aggregate (no
// personal data), so any user who may see reports gets the whole
// municipality's counts; the records behind them are listed by
// AnnualRecords under the access rules.
func (db *DB) AnnualReport(ctx context.Context, a casework.Actor, fy int) (*report.Annual, error) {
	if !report.CanView(a) {
		return nil, report.ErrNoReports
	}
	if err := report.ValidFiscalYear(fy); err != nil {
		return nil, err
	}
	var out *report.Annual
	err := db.inTx(replicaOK(ctx), false, "集計", func(tx *Tx) error {
		var err error
		out, err = tx.annual(ctx, a.MunicipalityID, fy, nil)
		return err
	})
	return out, err
}

// annual builds the report; took, if set, is told how long each builder
// (and the indicator set, "indicators") took (AnnualReportProfile).
func (t *Tx) annual(ctx context.Context, muni string, fy int, took func(sections []string, d time.Duration)) (*report.Annual, error) {
	r := report.Fiscal(fy)
	a := &report.Annual{FiscalYear: fy, From: r.From, To: r.To, Months: r.Months, GeneratedAt: t.now,
		Pending: append([]report.Pending(nil), report.PendingSections...)}
	run := newReportRun(muni, r)
	for _, build := range annualSections {
		start := time.Now()
		ss, err := build(ctx, t, run)
		if err != nil {
			return nil, err
		}
		if took != nil {
			keys := make([]string, len(ss))
			for i, s := range ss {
				keys[i] = s.Key
			}
			took(keys, time.Since(start))
		}
		a.Sections = append(a.Sections, ss...)
	}
	start := time.Now()
	ind, err := t.indicatorSet(ctx, muni, r, a)
	if err != nil {
		return nil, err
	}
	if took != nil {
		took([]string{"indicators"}, time.Since(start))
	}
	a.Indicators = ind
	a.SetLabels()
	return a, nil
}

func title(key string) string { return report.Titles.Label(key) }

// Sources of the case sections: cases by a date column, or the decision
// events (migration 0019) of one kind by their day.
const (
	srcDecisions = "case_events WHERE municipality_id = ? AND kind = 'decision' AND result IN ('承認', '修正')"
	srcClosures  = "case_events WHERE municipality_id = ? AND kind = 'closure'"
)

// dayCounts groups the rows of src by the month of a date column and a list
// column.
func (t *Tx) dayCounts(ctx context.Context, muni, src, dateCol, groupCol string, r report.FiscalRange, fn func(month int, group string, n int64)) error {
	rows, err := t.query(ctx, "SELECT substr("+dateCol+", 1, 7), "+groupCol+", COUNT(*) FROM "+src+" AND "+
		dateCol+" >= ? AND "+dateCol+" <= ? GROUP BY substr("+dateCol+", 1, 7), "+groupCol, muni, r.From, r.To)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var month, group string
		var n int64
		if err := rows.Scan(&month, &group, &n); err != nil {
			return err
		}
		fn(r.MonthIndex(month), group, n)
	}
	return rows.Err()
}

// byList builds a section with a total row and a row per code of list;
// a case with several codes counts once in the total and once per code.
func (t *Tx) byList(ctx context.Context, muni, src, key, dateCol, groupCol, filterKey string, list casework.CodeList, r report.FiscalRange) (report.Section, error) {
	s := report.Section{Key: key, Title: title(key), Unit: "件", Drill: true}
	total := report.NewRow("合計", nil)
	rows := make([]report.Row, len(list))
	primary := make([]report.Row, len(list)+1)
	for i, it := range list {
		rows[i] = report.NewRow(it.Label, map[string]string{filterKey: it.Value})
		primary[i] = report.NewRow(it.Label, nil)
	}
	primary[len(list)] = report.NewRow("未設定", nil)
	err := t.dayCounts(ctx, muni, src, dateCol, groupCol, r, func(m int, group string, n int64) {
		total.Add(m, n)
		first := len(list)
		for _, g := range splitList(group) {
			for i, it := range list {
				if it.Value == g {
					rows[i].Add(m, n)
					first = min(first, i)
				}
			}
		}
		primary[first].Add(m, n)
	})
	s.Rows = append([]report.Row{total}, rows...)
	for _, p := range primary {
		if filterKey == "bunya" && p.Total > 0 {
			s.Primary = append(s.Primary, p)
		}
	}
	return s, err
}

func caseSections(ctx context.Context, t *Tx, run *reportRun) ([]report.Section, error) {
	muni, r := run.muni, run.r
	cases, err := run.yearCases(ctx, t)
	if err != nil {
		return nil, err
	}
	nc := newConsultations(cases)
	dc, err := t.byList(ctx, muni, srcDecisions, report.SecCasesDecided, "event_on", "bunya", "bunya", casework.Bunya, r)
	if err != nil {
		return nil, err
	}
	dc.Note = "重層的支援会議を経た市の支援決定（承認・修正）の記録を支援決定日で数えます。再プランの決定もそのつど数えます。分野は決定時点のものです。"
	cc, err := t.byList(ctx, muni, srcClosures, report.SecCasesClosed, "event_on", "closure_reason", "reason", casework.ClosureReasons, r)
	if err != nil {
		return nil, err
	}
	cc.Note = "終結の記録を終結日で数えます。その後に再開したケースも、終結した年度の件数に残ります。"
	ss := []report.Section{dc, cc}
	if err := t.caseDistinct(ctx, run, ss); err != nil {
		return nil, err
	}
	return []report.Section{nc, dc, cc}, nil
}

// monthCase is a CASE expression giving the fiscal month index (0–11) of a
// stored instant column, with its 11 boundary arguments.
func monthCase(col string, r report.FiscalRange) (string, []any) {
	var b strings.Builder
	var args []any
	b.WriteString("CASE")
	for i := 1; i < 12; i++ {
		b.WriteString(" WHEN " + col + " < ? THEN " + itoa(i-1))
		args = append(args, r.MonthStarts[i])
	}
	b.WriteString(" ELSE 11 END")
	return b.String(), args
}

func contactSections(ctx context.Context, t *Tx, run *reportRun) ([]report.Section, error) {
	muni, r := run.muni, run.r
	// The counts come from report_contact_counts (report_counters.go), kept
	// in step with the contacts by triggers: a read of at most 12×30 rows
	// instead of a scan of the year's contacts.
	rows, err := t.query(ctx, "SELECT month, jigyo, bunya, n, minutes FROM report_contact_counts WHERE municipality_id = ? AND month >= ? AND month <= ? AND n <> 0",
		muni, r.Months[0], r.Months[11])
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type key struct{ jigyo, bunya string }
	count, minutes := map[key]*report.Row{}, map[key]*report.Row{}
	get := func(m map[key]*report.Row, k key) *report.Row {
		if m[k] == nil {
			r := report.NewRow("", nil)
			m[k] = &r
		}
		return m[k]
	}
	for rows.Next() {
		var ym string
		var k key
		var n, min int64
		if err := rows.Scan(&ym, &k.jigyo, &k.bunya, &n, &min); err != nil {
			return nil, err
		}
		month := r.MonthIndex(ym + "-01")
		if month < 0 {
			continue
		}
		for _, kk := range []key{{}, {k.jigyo, ""}, k, {"", k.bunya}} {
			get(count, kk).Add(month, n)
			get(minutes, kk).Add(month, min)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := matchLogCounts(ctx, t, muni, r, func(month int, n int64) {
		for _, kk := range []key{{}, {"sanka", ""}} {
			get(count, kk).Add(month, n)
		}
	}); err != nil {
		return nil, err
	}
	build := func(secKey, unit string, m map[key]*report.Row) report.Section {
		s := report.Section{Key: secKey, Title: title(secKey), Unit: unit, Drill: true}
		add := func(k key, label string, filter map[string]string) {
			row := report.NewRow(label, filter)
			if m[k] != nil {
				row.Months, row.Total = m[k].Months, m[k].Total
			}
			s.Rows = append(s.Rows, row)
		}
		add(key{}, "合計", nil)
		for _, j := range casework.Jigyo {
			add(key{j.Value, ""}, j.Label+" 計", map[string]string{"jigyo": j.Value})
			for _, b := range casework.Bunya {
				if m[key{j.Value, b.Value}] != nil {
					add(key{j.Value, b.Value}, j.Label+"／"+b.Label, map[string]string{"jigyo": j.Value, "bunya": b.Value})
				}
			}
		}
		return s
	}
	cs, ms := build(report.SecContacts, "件", count), build(report.SecContactMinutes, "分", minutes)
	cs.Note = matchLogNote + contactPersonsNote + personsMonthsNote
	if err := t.contactPersons(ctx, run, &cs); err != nil {
		return nil, err
	}
	ms.Note = "事業・分野ごとの支援時間です。重層的支援体制整備事業の交付金は一体的に交付されるため、財源ごとの按分には使いません（業務量の内部分析の参考値）。"
	ab := report.Section{Key: report.SecMinutesByBunya, Title: title(report.SecMinutesByBunya), Unit: "分", Drill: true,
		Note: "内部分析用の参考値です（報告・申請には不要）。一体的な交付のため、タイムスタディによる財源ごとの按分は必要ありません。割合は分野別の支援時間の構成比です。"}
	for _, b := range casework.Bunya {
		row := report.NewRow(b.Label, map[string]string{"bunya": b.Value})
		if x := minutes[key{"", b.Value}]; x != nil {
			row.Months, row.Total = x.Months, x.Total
		}
		ab.Rows = append(ab.Rows, row)
	}
	ab.Shares()
	return []report.Section{cs, ms, ab}, nil
}
