package sqldb

import (
	"context"
	"fmt"
	"strings"
	"time"

	"kasane/internal/casework"
	"kasane/internal/report"
)

// SeedSynthetic fills a municipality with synthetic records for
// benchmarks (`kasane bench`, go test -bench): persons, cases received over
// fiscal year fy, contacts spread over the year and referrals, written with
// multi-row INSERTs. Names are synthetic (架空).
func (db *DB) SeedSynthetic(ctx context.Context, muni, orgID, toOrgID, userID string, fy, cases, contacts int) error {
	r := report.Fiscal(fy)
	start, _ := time.ParseInLocation("2006-01-02", r.From, casework.JST)
	now := ts(db.Now())
	bunya, jigyo := casework.Bunya.Values(), casework.Jigyo.Values()
	statuses := casework.CaseStatuses.Values()
	caseID := func(i int) string { return fmt.Sprintf("bench-case-%08d", i) }
	err := db.bulk(ctx, "persons", "id, municipality_id, registered_by_org_id, family_name, given_name, family_kana, given_kana, birth_date, created_at, updated_at", cases,
		func(i int) []any {
			return []any{fmt.Sprintf("bench-person-%08d", i), muni, orgID, "架空", fmt.Sprintf("%d", i), "カクウ", "タロウ", "1970-01-01", now, now}
		})
	if err != nil {
		return err
	}
	err = db.bulk(ctx, "cases", "id, municipality_id, number, focus_person_id, received_on, route, method, bunya, status, lead_org_id, lead_worker_id, decided_on, closed_on, closure_reason, created_at, updated_at", cases,
		func(i int) []any {
			day := start.AddDate(0, 0, i%365).Format("2006-01-02")
			st := statuses[i%len(statuses)]
			decided, closed, reason := "", "", ""
			if i%3 == 0 {
				decided = day
			}
			if st == "closed" {
				closed, reason = day, casework.ClosureReasons.Values()[i%7]
			}
			return []any{caseID(i), muni, fmt.Sprintf("B-%08d", i), fmt.Sprintf("bench-person-%08d", i), day, "本人", "来所",
				bunya[i%len(bunya)] + "," + bunya[(i+2)%len(bunya)], st, orgID, userID, decided, closed, reason, now, now}
		})
	if err != nil {
		return err
	}
	err = db.bulk(ctx, "contacts", "id, municipality_id, case_id, at, method, content, minutes, jigyo, bunya, author_id, author_org_id, created_at, updated_at", contacts,
		func(i int) []any {
			at := start.Add(time.Duration(i) * (365 * 24 * time.Hour / time.Duration(max(contacts, 1))))
			return []any{fmt.Sprintf("bench-contact-%09d", i), muni, caseID(i % cases), ts(at), "電話", "架空の支援経過", 5 + i%55,
				jigyo[i%len(jigyo)], bunya[(i/7)%len(bunya)], userID, orgID, now, now}
		})
	if err != nil {
		return err
	}
	refs := cases / 5
	return db.bulk(ctx, "referrals", "id, municipality_id, case_id, from_org_id, to_org_id, reason, status, due_on, sent_by, answered_at, created_at", refs,
		func(i int) []any {
			created := start.Add(time.Duration(i) * (360 * 24 * time.Hour / time.Duration(max(refs, 1))))
			st := casework.ReferralStatuses.Values()[i%4]
			answered := ""
			if st != "pending" {
				answered = ts(created.Add(time.Duration(i%12) * 24 * time.Hour))
			}
			return []any{fmt.Sprintf("bench-ref-%08d", i), muni, caseID(i), orgID, toOrgID, "架空", st, "2099-01-01", userID, answered, ts(created)}
		})
}

// bulk inserts n rows made by row into table, 500 rows a statement and
// 50,000 rows a transaction.
func (db *DB) bulk(ctx context.Context, table, cols string, n int, row func(int) []any) error {
	const perStmt, perTx = 500, 50000
	ncol := len(strings.Split(cols, ","))
	one := "(" + placeholders(ncol) + ")"
	for lo := 0; lo < n; lo += perTx {
		hi := min(lo+perTx, n)
		err := db.inTx(ctx, true, "試験データ", func(tx *Tx) error {
			for s := lo; s < hi; s += perStmt {
				e := min(s+perStmt, hi)
				args := make([]any, 0, (e-s)*ncol)
				vals := make([]string, 0, e-s)
				for i := s; i < e; i++ {
					args = append(args, row(i)...)
					vals = append(vals, one)
				}
				if _, err := tx.exec(ctx, "INSERT INTO "+table+" ("+cols+") VALUES "+strings.Join(vals, ","), args...); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// BaselineGroupBy is the plain SQL the annual report is measured against:
// one GROUP BY over the year's contacts by 事業 and 分野 and one over the
// year's cases by received month and 分野. It returns the number of groups.
func (db *DB) BaselineGroupBy(ctx context.Context, muni string, fy int) (int, error) {
	r := report.Fiscal(fy)
	n := 0
	err := db.inTx(ctx, false, "基準", func(tx *Tx) error {
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{"SELECT jigyo, bunya, COUNT(*), SUM(minutes) FROM contacts WHERE municipality_id = ? AND at >= ? AND at < ? GROUP BY jigyo, bunya", []any{muni, r.MonthStarts[0], r.MonthStarts[12]}},
			{"SELECT substr(received_on, 1, 7), bunya, COUNT(*), 0 FROM cases WHERE municipality_id = ? AND received_on >= ? AND received_on <= ? GROUP BY substr(received_on, 1, 7), bunya", []any{muni, r.From, r.To}},
		} {
			rows, err := tx.query(ctx, q.sql, q.args...)
			if err != nil {
				return err
			}
			for rows.Next() {
				var a, b string
				var c, d int64
				if err := rows.Scan(&a, &b, &c, &d); err != nil {
					rows.Close()
					return err
				}
				n++
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		return nil
	})
	return n, err
}
