package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"kasane/internal/casework"
	"kasane/internal/report"
	"kasane/internal/sqldb"
)

// cmdBenchReportSize is `kasane bench report [--cases 100000] [--contacts
// 1000000] [--db DSN] [--rounds 20]` (issue 24): a municipality of
// synthetic cases and contacts, then the whole annual report as a report
// user (viewer) opens it, a month's drill-down, and beside them, in the same
// run on the same data, the plain GROUP BY baseline. Without --db a
// temporary SQLite database is used; a --db must be new (empty).
func cmdBenchReportSize(ctx context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("kasane bench report", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	cases := fs.Int("cases", 100000, "synthetic cases received over the fiscal year")
	contacts := fs.Int("contacts", 1000000, "synthetic contacts (支援経過記録) spread over the fiscal year")
	rounds := fs.Int("rounds", 20, "timed runs of each")
	dsn := fs.String("db", "", "a new database: SQLite file or postgres:// URL (default: a temporary SQLite file)")
	cpuprof := fs.String("cpuprofile", "", "write a CPU profile (pprof) of the timed annual reports to this file")
	reuse := fs.Bool("reuse", false, "use the --db seeded by an earlier run of kasane bench report as it is (its --cases and --contacts)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *cases < 1 || *contacts < 0 || *rounds < 1 {
		return errors.New("--cases と --rounds は 1 以上、--contacts は 0 以上にしてください")
	}
	path := *dsn
	if *reuse && path == "" {
		return errors.New("--reuse には --db で前回のデータベースを指定してください")
	}
	if path == "" {
		dir, err := os.MkdirTemp("", "kasane-bench-report-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		path = filepath.Join(dir, "bench.db")
	}
	fy := time.Now().AddDate(-1, -3, 0).Year() // the last whole fiscal year
	w := e.stdout
	var db *sqldb.DB
	var worker casework.Actor
	if *reuse {
		var err error
		if db, worker, err = benchReopen(ctx, path); err != nil {
			return err
		}
		defer db.Close()
		fmt.Fprintf(w, "kasane bench report: %s, reusing %s (%d cases, %d contacts expected), fiscal year %d, %d rounds, load average %s\n",
			db.Dialect(), path, *cases, *contacts, fy, *rounds, loadAverage())
	} else {
		var err error
		if db, err = sqldb.Open(ctx, path); err != nil {
			return err
		}
		defer db.Close()
		if _, err := db.Migrate(ctx); err != nil {
			return err
		}
		if ms, err := db.Municipalities(ctx); err != nil || len(ms) > 0 {
			return errors.New("--db には空のデータベースを指定してください（合成データを書き込みます。前回のものを使うときは --reuse）")
		}
		if worker, err = benchSetup(ctx, db); err != nil {
			return err
		}
		other := casework.Organization{Name: "ベンチ自立相談", Kind: "self_reliance_support"}
		if err := db.CreateOrganization(ctx, casework.System(worker.MunicipalityID), &other); err != nil {
			return err
		}
		fmt.Fprintf(w, "kasane bench report: %s, %d cases, %d contacts, fiscal year %d, %d rounds, load average %s\n",
			db.Dialect(), *cases, *contacts, fy, *rounds, loadAverage())
		t0 := time.Now()
		if err := db.SeedSynthetic(ctx, worker.MunicipalityID, worker.OrganizationID, other.ID, worker.UserID, fy, *cases, *contacts); err != nil {
			return err
		}
		fmt.Fprintf(w, "seeded in %.1f s (the report counters kept in step by the same inserts)\n", time.Since(t0).Seconds())
	}
	if err := db.SettleAfterBulkLoad(ctx); err != nil {
		return err
	}
	if *cpuprof != "" {
		benchProfile = *cpuprof
	}
	prof, err := db.AnnualReportProfile(ctx, worker.MunicipalityID, fy)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "one build of the report, builder by builder:")
	for _, p := range prof {
		fmt.Fprintf(w, "  %8.1f ms  %s\n", float64(p.Took.Microseconds())/1000, strings.Join(p.Sections, ", "))
	}
	viewer := worker
	viewer.Roles = []string{"viewer"}
	var rep, drill, drillContacts, base []time.Duration
	month := report.Fiscal(fy).Months[6]
	for range *rounds {
		stop := startProfile("annual")
		t := time.Now()
		a, err := db.AnnualReport(ctx, viewer, fy)
		stop()
		if err != nil {
			return err
		}
		rep = append(rep, time.Since(t))
		if s, _ := a.Section(report.SecContacts); s.Rows[0].Total != int64(*contacts) {
			return fmt.Errorf("the report counts %d contacts, %d were written", s.Rows[0].Total, *contacts)
		}
		stop = startProfile("drill")
		t = time.Now()
		if _, err := db.AnnualRecords(ctx, worker, sqldb.RecordQuery{FiscalYear: fy, Section: report.SecNewConsultations, Month: month, Limit: 100}); err != nil {
			return err
		}
		drill = append(drill, time.Since(t))
		stop()
		stop = startProfile("drill-contacts")
		t = time.Now()
		if _, err := db.AnnualRecords(ctx, worker, sqldb.RecordQuery{FiscalYear: fy, Section: report.SecContacts, Month: month, Filter: map[string]string{}, Limit: 100}); err != nil {
			return err
		}
		drillContacts = append(drillContacts, time.Since(t))
		stop()
		t = time.Now()
		if _, err := db.BaselineGroupBy(ctx, worker.MunicipalityID, fy); err != nil {
			return err
		}
		base = append(base, time.Since(t))
	}
	fmt.Fprintf(w, "%-44s p50 %8.1f ms  p95 %8.1f ms\n", "annual report, whole FY page (viewer)", pctMS(rep, 50), pctMS(rep, 95))
	fmt.Fprintf(w, "%-44s p50 %8.1f ms  p95 %8.1f ms\n", "drill-down of "+month+" (新規相談, first 100)", pctMS(drill, 50), pctMS(drill, 95))
	fmt.Fprintf(w, "%-44s p50 %8.1f ms  p95 %8.1f ms\n", "drill-down of "+month+" (支援経過記録, first 100)", pctMS(drillContacts, 50), pctMS(drillContacts, 95))
	fmt.Fprintf(w, "%-44s p50 %8.1f ms  p95 %8.1f ms\n", "baseline: plain GROUP BY (contacts, cases)", pctMS(base, 50), pctMS(base, 95))
	fmt.Fprintf(w, "load average after the run: %s\n", loadAverage())
	return nil
}
