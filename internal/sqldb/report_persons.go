package sqldb

import (
	"context"

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
// of a case section within a fiscal year (municipality, first day, last day).
var caseDistinctSources = map[string]string{
	report.SecNewConsultations: "SELECT bunya, focus_person_id, household_id, received_on FROM cases WHERE municipality_id = ? AND received_on >= ? AND received_on <= ?",
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

// distinctTally collects the distinct persons and households of one row:
// for each person, the fiscal months (bit 0 = April) of their records and
// whether a record names their household.
type distinctTally struct {
	persons    map[string]personBits
	households map[string]bool
}

type personBits struct {
	months uint16
	named  bool
}

// add counts a record of month m (-1: outside the year's months, counted in
// the year only).
func (d *distinctTally) add(m int, person, household string) {
	if d.persons == nil {
		d.persons, d.households = map[string]personBits{}, map[string]bool{}
	}
	b := d.persons[person]
	if m >= 0 && m < 12 {
		b.months |= 1 << m
	}
	if household != "" {
		b.named = true
		d.households[household] = true
	}
	d.persons[person] = b
}

func (d *distinctTally) set(r *report.Row) {
	p, h := int64(len(d.persons)), int64(len(d.households))
	r.PersonsMonths = make([]int64, 12)
	for _, b := range d.persons {
		if !b.named {
			h++ // a person alone: their own household
		}
		for m := range 12 {
			if b.months&(1<<m) != 0 {
				r.PersonsMonths[m]++
			}
		}
	}
	r.Persons, r.Households = &p, &h
}

// addDistinct sets Persons and Households on every row of s: the total
// row (no filter) counts every record, a row with filter[filterKey] the
// records whose group list holds the code. query selects (group, person,
// household, day) with the arguments municipality, first day, last day.
func (t *Tx) addDistinct(ctx context.Context, muni string, roots personRoots, s *report.Section, query, filterKey string, r report.FiscalRange) error {
	rows, err := t.query(ctx, query, muni, r.From, r.To)
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
		person = roots.root(person)
		codes := map[string]bool{}
		for _, g := range splitList(group) {
			codes[g] = true
		}
		for i, row := range s.Rows {
			if v, ok := row.Filter[filterKey]; row.Filter == nil || (ok && codes[v]) {
				tallies[i].add(m, person, household)
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
func (t *Tx) caseDistinct(ctx context.Context, muni string, r report.FiscalRange, ss []report.Section) error {
	roots, err := t.linkedPersons(ctx, muni)
	if err != nil {
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
		if err := t.addDistinct(ctx, muni, roots, &ss[i], q, key, r); err != nil {
			return err
		}
		ss[i].Note += personsMonthsNote
	}
	return nil
}
