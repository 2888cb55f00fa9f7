package sqldb

import (
	"context"

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
	month             int
	fields            map[string]string
	person, household string
}

// setRowDistinct sets Persons, Households and PersonsMonths on every row of
// s: a row counts a record when the record has each of the row's filter
// values (the total row, without filter, counts every record).
func setRowDistinct(s *report.Section, roots personRoots, recs []distinctRecord) {
	tallies := make([]distinctTally, len(s.Rows))
	for _, rec := range recs {
		person := roots.root(rec.person)
		for i, row := range s.Rows {
			ok := true
			for k, v := range row.Filter {
				if rec.fields[k] != v {
					ok = false
					break
				}
			}
			if ok {
				tallies[i].add(rec.month, person, rec.household)
			}
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
	var recs []distinctRecord
	mc, args := monthCase("c.at", r)
	args = append(args, muni, r.MonthStarts[0], r.MonthStarts[12])
	rows, err := t.query(ctx, "SELECT "+mc+", c.jigyo, c.bunya, k.focus_person_id, k.household_id FROM contacts c JOIN cases k ON k.id = c.case_id "+
		"WHERE c.municipality_id = ? AND c.at >= ? AND c.at < ? GROUP BY 1, 2, 3, 4, 5", args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var rec distinctRecord
		var jigyo, bunya string
		if err := rows.Scan(&rec.month, &jigyo, &bunya, &rec.person, &rec.household); err != nil {
			return err
		}
		rec.fields = map[string]string{"jigyo": jigyo, "bunya": bunya}
		recs = append(recs, rec)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()
	mc, args = monthCase("l.at", r)
	args = append(args, muni, r.MonthStarts[0], r.MonthStarts[12])
	logs, err := t.query(ctx, "SELECT "+mc+", m.person_id FROM participation_logs l JOIN participation_matches m ON m.id = l.match_id "+
		"WHERE l.municipality_id = ? AND l.at >= ? AND l.at < ? GROUP BY 1, 2", args...)
	if err != nil {
		return err
	}
	defer logs.Close()
	for logs.Next() {
		rec := distinctRecord{fields: map[string]string{"jigyo": "sanka"}}
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
		rec := distinctRecord{month: r.InstantMonth(f.Created), person: f.Person, household: f.Household, fields: map[string]string{"status": f.Status}}
		if d, ok := f.acceptDays(); ok {
			rec.fields["bucket"] = report.DayBucket(d)
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
