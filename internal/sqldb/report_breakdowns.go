package sqldb

import (
	"context"
	"time"

	"kasane/internal/japanese"
	"kasane/internal/report"
)

// breakdownSections are the breakdowns of the year's new consultations
// (issue 22, report/breakdowns.go): each case received in the year once per
// breakdown, with 実人数 and 世帯数 as in report_persons.go. The 受付機関 is
// the organization that received the case, kept at intake
// (cases.intake_org_id, migration 0033), so a later hand-over of the lead
// does not move the case; rows written without it (bulk test data) fall
// back to the lead organization.
func breakdownSections(ctx context.Context, t *Tx, muni string, r report.FiscalRange) ([]report.Section, error) {
	roots, err := t.linkedPersons(ctx, muni)
	if err != nil {
		return nil, err
	}
	keys := []string{report.SecIntakeOrg, report.SecIntakeRoute, report.SecIntakeMethod, report.SecAgeBand, report.SecSex,
		report.SecPrimaryIssue, report.SecScreening}
	type cell struct {
		row   report.Row
		tally distinctTally
	}
	cells := make([][]cell, len(keys))
	index := make([]map[string]int, len(keys))
	for i, k := range keys {
		index[i] = map[string]int{}
		for j, it := range report.Breakdown(k) {
			cells[i] = append(cells[i], cell{row: report.NewRow(it.Label, map[string]string{k: it.Value})})
			index[i][it.Value] = j
		}
	}
	rows, err := t.query(ctx, "SELECT c.received_on, c.focus_person_id, c.household_id, c.route, c.method, c.primary_problem, c.screening, "+
		"COALESCE(p.sex, ''), COALESCE(p.birth_date, ''), COALESCE(o.kind, ''), c.focus_age_band FROM cases c "+
		"LEFT JOIN persons p ON p.id = c.focus_person_id LEFT JOIN organizations o ON o.id = (CASE WHEN c.intake_org_id <> '' THEN c.intake_org_id ELSE c.lead_org_id END) "+
		"WHERE c.municipality_id = ? AND c.received_on >= ? AND c.received_on <= ?", muni, r.From, r.To)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var received, person, household, route, method, problem, screening, sex, birth, kind, band string
		if err := rows.Scan(&received, &person, &household, &route, &method, &problem, &screening, &sex, &birth, &kind, &band); err != nil {
			return nil, err
		}
		age := ageBandOn(birth, received)
		if band != "" {
			age = band // kept when the person was anonymized by a disposal (retention_dispose.go)
		}
		m := r.MonthIndex(received)
		person = roots.root(person)
		values := []string{report.IntakeOrgRow(kind), route, method, age, sex, problem, screening}
		fallback := []string{"others", "", "", "unknown", "unknown", "", ""}
		for i, v := range values {
			j, ok := index[i][v]
			if !ok {
				j = index[i][fallback[i]]
			}
			cells[i][j].row.Add(m, 1)
			cells[i][j].tally.add(m, person, household)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]report.Section, len(keys))
	for i, k := range keys {
		out[i] = report.Section{Key: k, Title: report.Titles.Label(k), Unit: "件",
			Note: "その年度に受け付けたケースを受付日で1件ずつ数えます（各行の合計は新規相談件数と一致します）。" + personsMonthsNote}
		for j := range cells[i] {
			cells[i][j].tally.set(&cells[i][j].row)
			out[i].Rows = append(out[i].Rows, cells[i][j].row)
		}
	}
	out[0].Note = "受付機関は相談を受け付けた機関です（後に主担当を引き継いだケースも受け付けた機関に数えます）。" + out[0].Note
	return out, nil
}

// ageBandOn is the age band of a person born on birth (stored form) on day.
func ageBandOn(birth, day string) string {
	b, err := japanese.ParseISO(birth)
	if err != nil || !b.Known() {
		return report.AgeBand(0, false)
	}
	on, err := time.Parse("2006-01-02", day)
	if err != nil {
		return report.AgeBand(0, false)
	}
	return report.AgeBand(japanese.Age(b, on))
}
