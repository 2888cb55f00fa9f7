package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"kasane/internal/casework"
	"kasane/internal/retention"
)

// The data and the baseline of `kasane bench retention` (issue 23).

// SeedRetention fills a municipality with synthetic (架空) persons, one case
// each, received over the twelve fiscal years before today and 70% of them
// closed within 400 days, and contacts spread over the cases and their
// months, written with multi-row INSERTs. It returns the day the scan is
// measured on (today).
func (db *DB) SeedRetention(ctx context.Context, muni, orgID, userID string, cases, contacts int, today time.Time) error {
	now := ts(db.Now())
	fy0 := casework.FiscalYearOf(casework.Today(today)) - 12
	start := time.Date(fy0, 4, 1, 0, 0, 0, 0, casework.JST)
	span := int(today.Sub(start).Hours()/24) - 30
	received := func(i int) time.Time { return start.AddDate(0, 0, (i*7919)%span) }
	closed := func(i int) string {
		if i%10 >= 7 {
			return ""
		}
		c := received(i).AddDate(0, 0, 1+(i*31)%400)
		if !c.Before(today) {
			return ""
		}
		return c.Format("2006-01-02")
	}
	caseID := func(i int) string { return fmt.Sprintf("rb-case-%08d", i) }
	err := db.bulk(ctx, "persons", "id, municipality_id, registered_by_org_id, family_name, given_name, family_kana, given_kana, birth_date, created_at, updated_at", cases,
		func(i int) []any {
			return []any{fmt.Sprintf("rb-person-%08d", i), muni, orgID, "架空", fmt.Sprintf("%d", i), "カクウ", "タロウ", "1970-01-01", now, now}
		})
	if err != nil {
		return err
	}
	bunya := casework.Bunya.Values()
	err = db.bulk(ctx, "cases", "id, municipality_id, number, focus_person_id, received_on, route, method, bunya, complaint, status, lead_org_id, lead_worker_id, closed_on, closure_reason, created_at, updated_at", cases,
		func(i int) []any {
			st, reason := "active", ""
			c := closed(i)
			if c != "" {
				st, reason = "closed", "resolved"
			}
			return []any{caseID(i), muni, fmt.Sprintf("RB-%08d", i), fmt.Sprintf("rb-person-%08d", i), received(i).Format("2006-01-02"), "本人", "来所",
				bunya[i%len(bunya)], "（架空）相談内容", st, orgID, userID, c, reason, now, now}
		})
	if err != nil {
		return err
	}
	jigyo := casework.Jigyo.Values()
	return db.bulk(ctx, "contacts", "id, municipality_id, case_id, at, method, content, minutes, jigyo, bunya, author_id, author_org_id, created_at, updated_at", contacts,
		func(i int) []any {
			c := i % cases
			at := received(c).AddDate(0, 0, (i/cases)*30).Add(10 * time.Hour)
			return []any{fmt.Sprintf("rb-contact-%09d", i), muni, caseID(c), ts(at), "電話", "（架空）支援経過", 5 + i%55,
				jigyo[i%len(jigyo)], bunya[c%len(bunya)], userID, orgID, now, now}
		})
}

// SettleAfterBulkLoad does what autovacuum does after a bulk load on
// PostgreSQL (VACUUM ANALYZE of the tables the retention scan and the
// annual report read: statistics, and
// the visibility map that lets index-only scans skip the table); the
// figures are then those of a database in its steady state. Nothing on
// SQLite.
func (db *DB) SettleAfterBulkLoad(ctx context.Context) error {
	if db.dialect != Postgres {
		return nil
	}
	for _, tb := range []string{"persons", "cases", "contacts", "legal_holds", "retention_decisions", "retention_decision_items",
		"referrals", "case_team", "report_case_presence", "report_contact_counts"} {
		if _, err := db.write.ExecContext(ctx, "VACUUM (ANALYZE) "+tb); err != nil {
			return mapError(err, "統計情報")
		}
	}
	return nil
}

// BaselineContactsBefore is the plain date query the retention scan is
// measured against: the contacts of the municipality recorded before the
// day (JST) the scan's cutoff names, by the index contacts_muni_at.
func (db *DB) BaselineContactsBefore(ctx context.Context, muni, cutoff string) (int, error) {
	day, err := time.ParseInLocation("2006-01-02", cutoff, casework.JST)
	if err != nil {
		return 0, err
	}
	var n int
	err = db.inTx(ctx, false, "基準", func(tx *Tx) error {
		return tx.queryRow(ctx, "SELECT COUNT(*) FROM contacts WHERE municipality_id = ? AND at < ?", muni, ts(day)).Scan(&n)
	})
	return n, err
}

// RetentionScanPlan is the query plan of the scan's case query (SQLite
// EXPLAIN QUERY PLAN, PostgreSQL EXPLAIN), one line per step.
func (db *DB) RetentionScanPlan(ctx context.Context, muni string, years int) ([]string, error) {
	cutoff := retention.Cutoff(casework.Today(db.Now()), years)
	q := `SELECT c.id, c.number, c.closed_on, c.lead_org_id, (SELECT COUNT(*) FROM contacts x WHERE x.case_id = c.id)
		FROM cases c WHERE c.municipality_id = ? AND c.status = 'closed' AND c.closed_on <> '' AND c.closed_on < ? AND c.disposed_at = '' ORDER BY c.closed_on, c.disposed_at, c.id`
	prefix := "EXPLAIN QUERY PLAN "
	if db.dialect == Postgres {
		prefix = "EXPLAIN "
	}
	var out []string
	err := db.inTx(ctx, false, "基準", func(tx *Tx) error {
		rows, err := tx.query(ctx, prefix+q, muni, cutoff)
		if err != nil {
			return err
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				return err
			}
			out = append(out, fmt.Sprint(vals[len(vals)-1]))
		}
		return rows.Err()
	})
	return out, err
}

// RetentionBenchSchema makes a fresh schema kasane_bench_retention in the
// PostgreSQL database of dsn and returns a DSN that uses it and a function
// that drops it.
func RetentionBenchSchema(ctx context.Context, dsn string) (string, func(), error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return "", nil, err
	}
	for _, s := range []string{"DROP SCHEMA IF EXISTS kasane_bench_retention CASCADE", "CREATE SCHEMA kasane_bench_retention"} {
		if _, err := db.ExecContext(ctx, s); err != nil {
			db.Close()
			return "", nil, err
		}
	}
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + "search_path=kasane_bench_retention", func() {
		_, _ = db.ExecContext(context.Background(), "DROP SCHEMA IF EXISTS kasane_bench_retention CASCADE")
		db.Close()
	}, nil
}
