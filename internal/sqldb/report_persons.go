package sqldb

import (
	"context"
	"slices"

	"kasane/internal/report"
)

// 実人数 and 世帯数 beside the 延べ counts of the case sections (issue 22).
// A record counts its case's 本人 (focus person); persons linked as the same
// person by a live 名寄せ decision (duplicate_decisions, decision = same)
// count once; a case without a household counts as its person's own
// household unless the same person's other records of the row name one.
// The year's totals carry them, and each month its own 実人数
// (PersonsMonths: distinct within the month; the year's is distinct within
// the year, not the months' sum).

// caseDistinctSources select (group, person, household, day) of the records
// of a case section (the new consultations are counted from the year's
// cases read once: report_case_year.go) within a fiscal year (municipality, first day, last day).
var caseDistinctSources = map[string]string{
	report.SecCasesDecided: "SELECT e.bunya, c.focus_person_id, c.household_id, e.event_on FROM case_events e JOIN cases c ON c.id = e.case_id " +
		"WHERE e.municipality_id = ? AND e.kind = 'decision' AND e.result IN ('承認', '修正') AND e.event_on >= ? AND e.event_on <= ?",
	report.SecCasesClosed: "SELECT e.closure_reason, c.focus_person_id, c.household_id, e.event_on FROM case_events e JOIN cases c ON c.id = e.case_id " +
		"WHERE e.municipality_id = ? AND e.kind = 'closure' AND e.event_on >= ? AND e.event_on <= ?",
}

// personRoots maps each person linked by a live 名寄せ decision to one
// representative of its group of linked persons; others map to themselves.
type personRoots map[string]string

func (p personRoots) root(id string) string {
	for {
		r, ok := p[id]
		if !ok || r == id {
			return id
		}
		id = r
	}
}

// linkedPersons reads the live 名寄せ decisions of the municipality.
func (t *Tx) linkedPersons(ctx context.Context, muni string) (personRoots, error) {
	rows, err := t.query(ctx, "SELECT person_a, person_b FROM duplicate_decisions WHERE municipality_id = ? AND decision = 'same' AND revoked_at = ''", muni)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	p := personRoots{}
	for rows.Next() {
		var a, b string
		if err := rows.Scan(&a, &b); err != nil {
			return nil, err
		}
		ra, rb := p.root(a), p.root(b)
		if ra != rb {
			if rb < ra {
				ra, rb = rb, ra
			}
			p[rb] = ra
		}
	}
	return p, rows.Err()
}

// addDistinct sets Persons and Households on every row of s: the total
// row (no filter) counts every record, a row with filter[filterKey] the
// records whose group list holds the code. query selects (group, person,
// household, day) with the arguments municipality, first day, last day.
func (t *Tx) addDistinct(ctx context.Context, run *reportRun, s *report.Section, query, filterKey string) error {
	r := run.r
	rows, err := t.query(ctx, query, run.muni, r.From, r.To)
	if err != nil {
		return err
	}
	defer rows.Close()
	tallies := make([]distinctTally, len(s.Rows))
	for rows.Next() {
		var group, person, household, day string
		if err := rows.Scan(&group, &person, &household, &day); err != nil {
			return err
		}
		m := r.MonthIndex(day)
		p, h := run.person(person), run.household(household)
		codes := splitList(group)
		for i, row := range s.Rows {
			if v, ok := row.Filter[filterKey]; row.Filter == nil || (ok && slices.Contains(codes, v)) {
				tallies[i].add(m, p, h)
			}
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for i := range s.Rows {
		tallies[i].set(&s.Rows[i])
	}
	return nil
}

// caseDistinct adds 実人数 and 世帯数 to the case sections.
func (t *Tx) caseDistinct(ctx context.Context, run *reportRun, ss []report.Section) error {
	if err := run.linked(ctx, t); err != nil {
		return err
	}
	for i := range ss {
		q, ok := caseDistinctSources[ss[i].Key]
		if !ok {
			continue
		}
		key := "bunya"
		if ss[i].Key == report.SecCasesClosed {
			key = "reason"
		}
		if err := t.addDistinct(ctx, run, &ss[i], q, key); err != nil {
			return err
		}
		ss[i].Note += personsMonthsNote
	}
	return nil
}
