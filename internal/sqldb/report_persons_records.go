package sqldb

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"strconv"
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
// values (the total row, without filter, counts every record: matchingRows),
// looked up once per group of records.
func setRowDistinct(s *report.Section, run *reportRun, recs []distinctRecord) {
	tallies := make([]distinctTally, len(s.Rows))
	byGroup := map[string][]int{} // a group's rows
	for _, rec := range recs {
		in, ok := byGroup[rec.group]
		if !ok {
			in = matchingRows(s, rec.fields)
			byGroup[rec.group] = in
		}
		p, h := run.person(rec.person), run.household(rec.household)
		for _, i := range in {
			tallies[i].add(rec.month, p, h)
		}
	}
	for i := range s.Rows {
		tallies[i].set(&s.Rows[i])
	}
}

// contactPersons adds 実人数 and 世帯数 to the section of the support
// record's count (事業・分野): the persons and households of the cases with
// contacts in the year, by the months of their contacts, read from
// report_case_presence (one row per case and year, kept in step by
// triggers: migration 0041), and the participation logs (事業 参加支援, no
// 分野) with their match's person.
func (t *Tx) contactPersons(ctx context.Context, run *reportRun, s *report.Section) error {
	if err := run.linked(ctx, t); err != nil {
		return err
	}
	muni, r := run.muni, run.r
	tallies := make([]distinctTally, len(s.Rows))
	in := map[string][]int{} // the rows a `jigyo/bunya` falls in
	rowsOf := func(group string, fields map[string]string) []int {
		rs, ok := in[group]
		if !ok {
			rs = matchingRows(s, fields)
			in[group] = rs
		}
		return rs
	}
	rows, err := t.query(ctx, "SELECT person_id, household_id, marks FROM report_case_presence WHERE municipality_id = ? AND fy = ?", muni, r.Year)
	if err != nil {
		return err
	}
	defer rows.Close()
	var person, household, marks sql.RawBytes
	acc := make([]uint16, len(s.Rows)) // the months of this case per row
	var touched []int
	for rows.Next() {
		if err := rows.Scan(&person, &household, &marks); err != nil {
			return err
		}
		p, h := run.personB(person), run.householdB(household)
		touched = touched[:0]
		for rest := []byte(marks); len(rest) > 0; {
			mark := rest
			if j := bytes.IndexByte(rest, ';'); j >= 0 {
				mark, rest = rest[:j], rest[j+1:]
			} else {
				rest = nil
			}
			cut := bytes.LastIndexByte(mark, '/')
			mask, err := strconv.ParseUint(string(mark[cut+1:]), 10, 16)
			if cut < 0 || err != nil {
				return fmt.Errorf("集計表 report_case_presence の内容が正しくありません（%q）。kasane report verify で確かめ、kasane report rebuild で作り直してください", mark)
			}
			group := string(mark[:cut])
			rs, ok := in[group]
			if !ok {
				jigyo, bunya, _ := strings.Cut(group, "/")
				rs = rowsOf(group, map[string]string{"jigyo": jigyo, "bunya": bunya})
			}
			for _, i := range rs {
				if acc[i] == 0 {
					touched = append(touched, i)
				}
				acc[i] |= uint16(mask)&0xfff | tallyInYear
			}
		}
		for _, i := range touched {
			tallies[i].addMonths(acc[i]&0xfff, p, h)
			acc[i] = 0
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()
	var sankaPerson string
	mc, args := monthCase("l.at", r)
	args = append(args, muni, r.MonthStarts[0], r.MonthStarts[12])
	logs, err := t.query(ctx, "SELECT "+mc+", m.person_id FROM participation_logs l JOIN participation_matches m ON m.id = l.match_id "+
		"WHERE l.municipality_id = ? AND l.at >= ? AND l.at < ? GROUP BY 1, 2", args...)
	if err != nil {
		return err
	}
	defer logs.Close()
	sanka := rowsOf("sanka", map[string]string{"jigyo": "sanka"})
	for logs.Next() {
		var month int
		if err := logs.Scan(&month, &sankaPerson); err != nil {
			return err
		}
		p := run.person(sankaPerson)
		for _, i := range sanka {
			tallies[i].add(month, p, -1)
		}
	}
	if err := logs.Err(); err != nil {
		return err
	}
	for i := range s.Rows {
		tallies[i].set(&s.Rows[i])
	}
	return nil
}

// matchingRows are the rows of s a record with these field values falls in:
// those whose every filter value is the record's (the total row, without a
// filter, takes every record).
func matchingRows(s *report.Section, fields map[string]string) []int {
	var out []int
	for i, row := range s.Rows {
		ok := true
		for k, v := range row.Filter {
			ok = ok && fields[k] == v
		}
		if ok {
			out = append(out, i)
		}
	}
	return out
}

// referralPersons adds 実人数 and 世帯数 to the referral sections: each
// referral by the month it was sent, with its case's person and household,
// under its result (status) and, when accepted, its day bucket.
func (t *Tx) referralPersons(ctx context.Context, run *reportRun, facts []referralFact, ss []report.Section) error {
	if err := run.linked(ctx, t); err != nil {
		return err
	}
	r := run.r
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
		setRowDistinct(&ss[i], run, recs)
		ss[i].Note += personsMonthsNote
	}
	return nil
}

// contactPersonsNote explains the 実人数 of the support record's count.
const contactPersonsNote = "実人数は記録のあったケースの本人（参加支援の記録はマッチングの本人）の数で、名寄せで同一人物とした本人は1人と数えます。"

// personsMonthsNote explains the lines of monthly 実人数 of a section.
const personsMonthsNote = "「（実人数）」の行は、その月に記録のあった本人の数です（名寄せで同一人物とした本人は1人）。年度の実人数は年度内の重複を除いた数で、各月の和ではありません。"
