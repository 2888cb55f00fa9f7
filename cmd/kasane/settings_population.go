package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"time"

	"kasane/internal/casework"
	"kasane/internal/japanese"
	"kasane/internal/report"
	"kasane/internal/sqldb"
)

// populationFlags are the flags of `kasane municipality set` for the
// municipal population of a fiscal year (the base of the figures per 10万人
// of the 実施計画's indicator set, issue 22).
type populationFlags struct {
	set                 bool
	population          int64
	yearText, asOf, bad string
}

func (p *populationFlags) register(fs *flag.FlagSet) {
	fs.Func("population", "municipal population of the fiscal year (the base of the annual report's figures per 100,000)", func(s string) error {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			p.bad = "--population は人口を整数で指定してください（例: --population 123456）"
		}
		p.population, p.set = n, true
		return nil
	})
	fs.StringVar(&p.yearText, "population-year", "", "fiscal year of --population (2026, 令和8年度 or R8; default: this fiscal year)")
	fs.StringVar(&p.asOf, "population-as-of", "", "day the population was counted, e.g. 2026-04-01 or 令和8年4月1日 (optional)")
}

// save stores the population (over the year's earlier setting, if any).
func (p *populationFlags) save(ctx context.Context, e env, db *sqldb.DB, sys casework.Actor) error {
	if p.bad != "" {
		return fmt.Errorf("%s", p.bad)
	}
	fy, err := report.ParseFiscalYear(p.yearText, time.Now())
	if err != nil {
		return fmt.Errorf("--population-year: %s", casework.ErrorMessage(err))
	}
	ps, err := db.Populations(ctx, sys)
	if err != nil {
		return err
	}
	x := report.Population{FiscalYear: fy, Population: p.population, AsOf: p.asOf}
	for _, old := range ps {
		if old.FiscalYear == fy {
			x.Version, x.Note = old.Version, old.Note
		}
	}
	if err := db.SetPopulation(ctx, sys, &x); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%sの人口を %d 人として保存しました。\n", japanese.FiscalYearLabel(fy), x.Population)
	return nil
}
