package sqldb_test

import (
	"context"
	"os"
	"testing"
	"time"

	"kasane/internal/casework"
	"kasane/internal/sqldb/sqldbtest"
)

// BenchmarkAnnualReport times the annual report over a year of synthetic
// records next to a plain SQL GROUP BY baseline in the same run. Default
// size: 2,000 cases and 20,000 contacts; KASANE_BENCH_LARGE=1 gives the
// issue's size, 100,000 cases and 1,000,000 contacts. It runs on SQLite, or
// on PostgreSQL with KASANE_TEST_DATABASE.
//
//	go test ./internal/sqldb -run '^$' -bench AnnualReport -benchtime 5x
func BenchmarkAnnualReport(b *testing.B) {
	if testing.Short() {
		b.Skip("seeding is slow")
	}
	cases, contacts := 2000, 20000
	if os.Getenv("KASANE_BENCH_LARGE") != "" {
		cases, contacts = 100000, 1000000
	}
	ctx := context.Background()
	db := sqldbtest.Open(b)
	sys := sqldbtest.Muni(b, db)
	org := sqldbtest.Org(b, db, sys, "地域包括支援センター", "community_support_center")
	other := sqldbtest.Org(b, db, sys, "自立相談支援機関", "self_reliance_support")
	u, _ := sqldbtest.User(b, db, sys, org, "bench@example.jp", "worker")
	start := time.Now()
	if err := db.SeedSynthetic(ctx, sys.MunicipalityID, org.ID, other.ID, u.ID, 2026, cases, contacts); err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: seeded %d cases, %d contacts, %d referrals in %s", db.Dialect(), cases, contacts, cases/5, time.Since(start).Round(time.Millisecond))
	viewer := casework.Actor{UserID: u.ID, MunicipalityID: sys.MunicipalityID, OrganizationID: org.ID, Roles: []string{"viewer"}}
	b.Run("report", func(b *testing.B) {
		for b.Loop() {
			a, err := db.AnnualReport(ctx, viewer, 2026)
			if err != nil {
				b.Fatal(err)
			}
			if s, _ := a.Section("contacts"); s.Rows[0].Total != int64(contacts) {
				b.Fatalf("contacts counted %d, want %d", s.Rows[0].Total, contacts)
			}
		}
	})
	b.Run("baseline_group_by", func(b *testing.B) {
		for b.Loop() {
			if _, err := db.BaselineGroupBy(ctx, sys.MunicipalityID, 2026); err != nil {
				b.Fatal(err)
			}
		}
	})
}
