package sqldb

import (
	"context"
	"slices"
	"strings"

	"kasane/internal/report"
)

// 実人数 and 世帯数 beside the 延べ counts of the support record (支援経過記録)
// and of the referrals (issue 22), by month and for the year, under the
// rules of report_persons.go: a record counts its case's 本人, persons
// linked by 名寄せ once. A participation log counts the match's person.

// distinctRecord is one record (or a group of identical ones) behind a
// section: its fiscal month, the values of the filter keys of the rows it
// falls in, and its person and household.
type distinctRecord struct {
	month int
	// group names the record's filter values (records with the same values
	// share one group and, best, one fields map)
	group             string
	fields            map[string]string
	person, household string
}

// setRowDistinct sets Persons, Households and PersonsMonths on every row of
// s: a row counts a record when the record has each of the row's filter
// values (the total row, without filter, counts every record). Rows are
// found by their filter: for each record, each subset of the section's
// filter keys with the record's values names the rows it falls in.
func setRowDistinct(s *report.Section, roots personRoots, recs []distinctRecord) {
	var keys []string
	for _, row := range s.Rows {
		for k := range row.Filter {
			if !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
	}
	slices.Sort(keys)
	signature := func(mask int, value func(string) string) string {
		var b strings.Builder
		for i, k := range keys {
			if mask&(1<<i) != 0 {
				b.WriteString(k + "=" + value(k) + "\x00")
			}
		}
		return b.String()
	}
	rows := map[string][]int{}
	for i, row := range s.Rows {
		mask := 0
		for j, k := range keys {
			if _, ok := row.Filter[k]; ok {
				mask |= 1 << j
			}
		}
		sig := signature(mask, func(k string) string { return row.Filter[k] })
		rows[sig] = append(rows[sig], i)
	}
	tallies := make([]distinctTally, len(s.Rows))
	byGroup := map[string][]int{} // a group's rows
	for _, rec := range recs {
		in, ok := byGroup[rec.group]
		if !ok {
			for mask := 0; mask < 1<<len(keys); mask++ {
				in = append(in, rows[signature(mask, func(k string) string { return rec.fields[k] })]...)
			}
			byGroup[rec.group] = in
		}
		person := roots.root(rec.person)
		for _, i := range in {
			tallies[i].add(rec.month, person, rec.household)
		}
	}
	for i := range s.Rows {
		tallies[i].set(&s.Rows[i])
	}
}

// contactPersons adds 実人数 and 世帯数 to the section of the support
// record's count (事業・分野): the contacts of the year by the month of
// their instant, with their case's person and household, and the
// participation logs (事業 参加支援, no 分野) with their match's person.
func (t *Tx) contactPersons(ctx context.Context, muni string, r report.FiscalRange, s *report.Section) error {
	roots, err := t.linkedPersons(ctx, muni)
	if err != nil {
		return err
	}
	// the cases' persons and households, then one row per contact with the
	// month found here (cheaper than a join or a SQL grouping by a CASE of
	// the month)
	type who struct{ person, household string }
	cases := map[string]who{}
	crows, err := t.query(ctx, "SELECT id, focus_person_id, household_id FROM cases WHERE municipality_id = ? AND received_on <= ?", muni, r.To)
	if err != nil {
		return err
	}
	defer crows.Close()
	for crows.Next() {
		var id string
		var w who
		if err := crows.Scan(&id, &w.person, &w.household); err != nil {
			return err
		}
		cases[id] = w
	}
	if err := crows.Err(); err != nil {
		return err
	}
	crows.Close()
	var recs []distinctRecord
	fields := map[string]map[string]string{}
	rows, err := t.query(ctx, "SELECT at, jigyo, bunya, case_id FROM contacts WHERE municipality_id = ? AND at >= ? AND at < ?", muni, r.MonthStarts[0], r.MonthStarts[12])
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var at, jigyo, bunya, caseID string
		if err := rows.Scan(&at, &jigyo, &bunya, &caseID); err != nil {
			return err
		}
		w := cases[caseID]
		rec := distinctRecord{month: r.InstantMonth(at), group: jigyo + "\x00" + bunya, person: w.person, household: w.household}
		if rec.fields = fields[rec.group]; rec.fields == nil {
			rec.fields = map[string]string{"jigyo": jigyo, "bunya": bunya}
			fields[rec.group] = rec.fields
		}
		recs = append(recs, rec)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()
	mc, args := monthCase("l.at", r)
	args = append(args, muni, r.MonthStarts[0], r.MonthStarts[12])
	logs, err := t.query(ctx, "SELECT "+mc+", m.person_id FROM participation_logs l JOIN participation_matches m ON m.id = l.match_id "+
		"WHERE l.municipality_id = ? AND l.at >= ? AND l.at < ? GROUP BY 1, 2", args...)
	if err != nil {
		return err
	}
	defer logs.Close()
	sanka := map[string]string{"jigyo": "sanka"}
	for logs.Next() {
		rec := distinctRecord{group: "sanka", fields: sanka}
		if err := logs.Scan(&rec.month, &rec.person); err != nil {
			return err
		}
		recs = append(recs, rec)
	}
	if err := logs.Err(); err != nil {
		return err
	}
	setRowDistinct(s, roots, recs)
	return nil
}

// referralPersons adds 実人数 and 世帯数 to the referral sections: each
// referral by the month it was sent, with its case's person and household,
// under its result (status) and, when accepted, its day bucket.
func (t *Tx) referralPersons(ctx context.Context, muni string, r report.FiscalRange, facts []referralFact, ss []report.Section) error {
	roots, err := t.linkedPersons(ctx, muni)
	if err != nil {
		return err
	}
	recs := make([]distinctRecord, 0, len(facts))
	for _, f := range facts {
		rec := distinctRecord{month: r.MonthIndex(f.Day), person: f.Person, household: f.Household, group: f.Status, fields: map[string]string{"status": f.Status}}
		if d, ok := f.acceptDays(); ok {
			rec.fields["bucket"] = report.DayBucket(d)
			rec.group += "\x00" + rec.fields["bucket"]
		}
		recs = append(recs, rec)
	}
	for i := range ss {
		setRowDistinct(&ss[i], roots, recs)
		ss[i].Note += personsMonthsNote
	}
	return nil
}

// contactPersonsNote explains the 実人数 of the support record's count.
const contactPersonsNote = "実人数は記録のあったケースの本人（参加支援の記録はマッチングの本人）の数で、名寄せで同一人物とした本人は1人と数えます。"

// personsMonthsNote explains the lines of monthly 実人数 of a section.
const personsMonthsNote = "「（実人数）」の行は、その月に記録のあった本人の数です（名寄せで同一人物とした本人は1人）。年度の実人数は年度内の重複を除いた数で、各月の和ではありません。"
