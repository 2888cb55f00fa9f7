package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"kasane/internal/casework"
	"kasane/internal/retention"
	"kasane/internal/sqldb"
)

// cmdBenchRetention is `kasane bench retention [--contacts 1000000]
// [--db postgres://…]` (issue 23): synthetic cases and contacts over twelve
// fiscal years, then the retention scan (kasane retention list: the closed
// cases past their period with the number of their contacts, the holds
// applied) timed beside its baseline, a plain date query counting the
// contacts recorded before the same cutoff, in the same run on the same
// data. SQLite in a temporary folder unless --db names a PostgreSQL
// database (a schema kasane_bench_retention is made and dropped) or a
// SQLite file (kept, and reused by a later run).
func cmdBenchRetention(ctx context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("kasane bench retention", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	contacts := fs.Int("contacts", 1000000, "contacts (support records) to generate")
	cases := fs.Int("cases", 0, "cases (default: contacts / 10)")
	dsn := fs.String("db", "", "postgres://… or a SQLite file (default: a temporary SQLite database)")
	rounds := fs.Int("rounds", 5, "timed runs of each")
	years := fs.Int("years", 5, "retention of cases in years")
	holds := fs.Int("holds", 100, "legal holds on persons")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *cases <= 0 {
		*cases = max(1, *contacts/10)
	}
	w := e.stdout
	path := *dsn
	if path == "" {
		dir, err := os.MkdirTemp("", "kasane-bench-retention-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		path = filepath.Join(dir, "kasane.db")
	}
	engine := "SQLite"
	if sqldb.IsPostgres(path) {
		engine = "PostgreSQL"
		sdsn, drop, err := sqldb.RetentionBenchSchema(ctx, path)
		if err != nil {
			return err
		}
		defer drop()
		path = sdsn
	}
	fmt.Fprintf(w, "kasane bench retention: %s, %d contacts on %d cases, %d years, %d holds, GOMAXPROCS %d, %s\n", engine, *contacts, *cases, *years, *holds,
		runtime.GOMAXPROCS(0), runtime.Version())
	fmt.Fprintf(w, "machine: %d CPUs, load average %s\n", runtime.NumCPU(), loadAverage())
	db, err := sqldb.Open(ctx, path)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	today := time.Now()
	admin, reused, err := benchRetentionSetup(ctx, db)
	if err != nil {
		return err
	}
	if reused {
		fmt.Fprintf(w, "reused the data of %s\n", path)
	} else {
		t0 := time.Now()
		if err := db.SeedRetention(ctx, admin.MunicipalityID, admin.OrganizationID, admin.UserID, *cases, *contacts, today); err != nil {
			return err
		}
		if err := db.SettleAfterBulkLoad(ctx); err != nil { // PostgreSQL: VACUUM ANALYZE, as autovacuum would
			return err
		}
		officer, err := db.UserByEmail(ctx, "bench-po@example.jp")
		if err != nil {
			return err
		}
		for i := range *holds {
			h := retention.Hold{SubjectType: retention.SubjectPerson, SubjectID: fmt.Sprintf("rb-person-%08d", (i*7919)%*cases), Kind: "audit", Reason: "ベンチ"}
			if err := db.SetLegalHold(ctx, sqldb.ActorFor(officer), &h); err != nil {
				return err
			}
		}
		fmt.Fprintf(w, "generated in %.1fs\n", time.Since(t0).Seconds())
	}
	if _, err := db.SetRetentionPolicy(ctx, admin, retention.TypeCase, *years, policyVersion(ctx, db, admin)); err != nil {
		return err
	}
	var scan, full, base []time.Duration
	var l, all sqldb.DueList
	var before int
	for range *rounds {
		t0 := time.Now()
		if l, err = db.RetentionDue(ctx, admin, retention.TypeCase, 0, 20); err != nil {
			return err
		}
		scan = append(scan, time.Since(t0))
		t0 = time.Now()
		if all, err = db.RetentionDue(ctx, admin, retention.TypeCase, 0, 0); err != nil {
			return err
		}
		full = append(full, time.Since(t0))
		t0 = time.Now()
		if before, err = db.BaselineContactsBefore(ctx, admin.MunicipalityID, l.Cutoff); err != nil {
			return err
		}
		base = append(base, time.Since(t0))
	}
	if all.Total != l.Total || all.Records != l.Records || all.Held != l.Held {
		return fmt.Errorf("the list and the full scan disagree: %d/%d/%d and %d/%d/%d", l.Total, l.Records, l.Held, all.Total, all.Records, all.Held)
	}
	fmt.Fprintf(w, "\ncutoff %s (records completed before it are past %d years)\n", l.Cutoff, *years)
	fmt.Fprintf(w, "kasane retention scan (closed cases past their period, their contacts counted, holds applied): %d cases past their period (%d held), %d contacts in them\n",
		l.Total, l.Held, l.Records)
	fmt.Fprintf(w, "  the list (totals and the first 20, as the page, the API and kasane retention list show it): p50 %8.1f ms  p95 %8.1f ms  (%d rounds)\n",
		pctMS(scan, 50), pctMS(scan, 95), *rounds)
	fmt.Fprintf(w, "  the full scan (every case read out, as a proposal and the check before a disposal do): p50 %8.1f ms  p95 %8.1f ms\n", pctMS(full, 50), pctMS(full, 95))
	fmt.Fprintf(w, "baseline: plain date query (SELECT COUNT(*) FROM contacts WHERE municipality_id = ? AND at < cutoff): %d contacts\n", before)
	fmt.Fprintf(w, "  p50 %8.1f ms  p95 %8.1f ms  (%d rounds)\n", pctMS(base, 50), pctMS(base, 95), *rounds)
	if plan, err := db.RetentionScanPlan(ctx, admin.MunicipalityID, *years); err == nil {
		fmt.Fprintln(w, "\nplan of the scan's case query:")
		for _, p := range plan {
			fmt.Fprintln(w, "  "+p)
		}
	}
	fmt.Fprintf(w, "\nload average at the end: %s\n", loadAverage())
	return nil
}

// benchRetentionSetup makes (or finds) the bench municipality, its
// organization, an administrator and a privacy officer; reused says the
// data exists already.
func benchRetentionSetup(ctx context.Context, db *sqldb.DB) (casework.Actor, bool, error) {
	if u, err := db.UserByEmail(ctx, "bench-admin@example.jp"); err == nil {
		return sqldb.ActorFor(u), true, nil
	}
	m, err := db.CreateMunicipality(ctx, "999996", "ベンチ保存年限市")
	if err != nil {
		return casework.Actor{}, false, err
	}
	sys := casework.System(m.ID)
	o := casework.Organization{Name: "ベンチ 福祉総合相談課", Kind: "municipal_section"}
	if err := db.CreateOrganization(ctx, sys, &o); err != nil {
		return casework.Actor{}, false, err
	}
	admin := casework.User{OrganizationID: o.ID, Email: "bench-admin@example.jp", Name: "ベンチ 管理者", Roles: []string{"municipal_admin"}}
	if err := db.CreateUser(ctx, sys, &admin, ""); err != nil {
		return casework.Actor{}, false, err
	}
	po := casework.User{OrganizationID: o.ID, Email: "bench-po@example.jp", Name: "ベンチ 保護担当", Roles: []string{"privacy_officer"}}
	if err := db.CreateUser(ctx, sys, &po, ""); err != nil {
		return casework.Actor{}, false, err
	}
	return sqldb.ActorFor(admin), false, nil
}

// policyVersion is the version the case policy is at (0 on its default).
func policyVersion(ctx context.Context, db *sqldb.DB, a casework.Actor) int {
	ps, err := db.RetentionPolicies(ctx, a)
	if err != nil {
		return 0
	}
	for _, p := range ps {
		if p.RecordType == retention.TypeCase && !p.Default {
			return p.Version
		}
	}
	return 0
}
