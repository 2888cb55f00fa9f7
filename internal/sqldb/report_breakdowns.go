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
func breakdownSections(ctx context.Context, t *Tx, run *reportRun) ([]report.Section, error) {
	cases, err := run.yearCases(ctx, t)
	if err != nil {
		return nil, err
	}
	type cell struct {
		row   report.Row
		tally distinctTally
	}
	cells := make([][]cell, len(breakdownKeys))
	for i, k := range breakdownKeys {
		for _, it := range report.Breakdown(k.key) {
			cells[i] = append(cells[i], cell{row: report.NewRow(it.Label, map[string]string{k.key: it.Value})})
		}
	}
	for _, c := range cases {
		m := int(c.month)
		for i, j := range c.cells {
			cells[i][j].row.Add(m, 1)
			cells[i][j].tally.add(m, c.person, c.household)
		}
	}
	out := make([]report.Section, len(breakdownKeys))
	for i, k := range breakdownKeys {
		out[i] = report.Section{Key: k.key, Title: report.Titles.Label(k.key), Unit: "件",
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
func ageBandOn(birth, day string) string { return newAgeBands().on(birth, day) }

// ageBands computes age bands with the dates parsed once.
type ageBands struct {
	births map[string]japanese.Date
	days   map[string]time.Time
}

func newAgeBands() ageBands {
	return ageBands{births: map[string]japanese.Date{}, days: map[string]time.Time{}}
}

// on is the age band of a person born on birth (stored form) on day.
func (a ageBands) on(birth, day string) string {
	b, ok := a.births[birth]
	if !ok {
		var err error
		if b, err = japanese.ParseISO(birth); err != nil {
			b = japanese.Date{}
		}
		a.births[birth] = b
	}
	if !b.Known() {
		return report.AgeBand(0, false)
	}
	on, ok := a.days[day]
	if !ok {
		var err error
		if on, err = time.Parse("2006-01-02", day); err != nil {
			on = time.Time{}
		}
		a.days[day] = on
	}
	if on.IsZero() {
		return report.AgeBand(0, false)
	}
	return report.AgeBand(japanese.Age(b, on))
}
