package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"sort"
	"strings"
	"time"

	"kasane/internal/casework"
	"kasane/internal/config"
	"kasane/internal/sqldb"
)

// cmdBenchReport is `kasane bench report --db PRIMARY --db-read STANDBY
// --user EMAIL`: the annual report and the case export timed on the primary
// alone, then with --db-read (reports and exports read from the standby;
// the export's audit event still goes to the primary first). Both in the
// same run, on the same data.
//
// Without --db-read it is cmdBenchReportSize (bench_report_size.go): the
// annual report at a city's size beside the plain GROUP BY.
func cmdBenchReport(ctx context.Context, e env, args []string) error {
	if !hasFlag(args, "db-read") {
		return cmdBenchReportSize(ctx, e, args)
	}
	var dbRead, email string
	var rounds, fy int
	cfg, _, err := config.Load("bench report", args, e.getenv, e.stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&dbRead, "db-read", "", "postgres:// URL of the standby reports and exports read from (required)")
		fs.StringVar(&email, "user", "", "e-mail of the user the export runs as (required)")
		fs.IntVar(&rounds, "rounds", 20, "timed runs of each")
		fs.IntVar(&fy, "fiscal-year", time.Now().AddDate(0, -3, 0).Year(), "fiscal year of the annual report")
	})
	if err != nil {
		return err
	}
	if dbRead == "" || email == "" {
		return errors.New("使い方: kasane bench report --db postgres://（プライマリ） --db-read postgres://（スタンバイ） --user EMAIL")
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := db.UserByEmail(ctx, email)
	if err != nil || u.Disabled {
		return fmt.Errorf("職員 %s が見つからないか、無効になっています", email)
	}
	a := sqldb.ActorFor(u)
	a.Address = "cli"
	sys := casework.System(u.MunicipalityID)
	run := func(label string) error {
		var rep, exp []time.Duration
		rows := 0
		for range rounds {
			t0 := time.Now()
			if _, err := db.AnnualReport(ctx, sys, fy); err != nil {
				return fmt.Errorf("%s: 集計: %w", label, err)
			}
			rep = append(rep, time.Since(t0))
			t0 = time.Now()
			t, err := db.Export(ctx, a, "cases", sqldb.ExportOptions{Format: "csv", Encoding: "utf8"})
			if err != nil {
				return fmt.Errorf("%s: 出力: %w", label, err)
			}
			exp = append(exp, time.Since(t0))
			rows = len(t.Rows)
		}
		fmt.Fprintf(e.stdout, "%-28s annual report p50 %7.1f ms p95 %7.1f ms | case export (%d rows) p50 %7.1f ms p95 %7.1f ms\n",
			label, pctMS(rep, 50), pctMS(rep, 95), rows, pctMS(exp, 50), pctMS(exp, 95))
		return nil
	}
	fmt.Fprintf(e.stdout, "kasane bench report: %d rounds, fiscal year %d\n", rounds, fy)
	if err := run("primary only"); err != nil {
		return err
	}
	if err := db.OpenReadReplica(ctx, dbRead); err != nil {
		return err
	}
	return run("--db-read (standby)")
}

func pctMS(d []time.Duration, p int) float64 {
	if len(d) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return float64(s[(len(s)-1)*p/100].Microseconds()) / 1000
}

// hasFlag reports whether args carry -name or --name (with or without =).
func hasFlag(args []string, name string) bool {
	for _, a := range args {
		if a == "-"+name || a == "--"+name || strings.HasPrefix(a, "-"+name+"=") || strings.HasPrefix(a, "--"+name+"=") {
			return true
		}
	}
	return false
}
