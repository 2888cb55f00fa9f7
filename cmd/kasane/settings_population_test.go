package main

import (
	"context"
	"strings"
	"testing"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
)

// TestCLIMunicipalitySetPopulation: `kasane municipality set --population`
// sets the population of a fiscal year (the base of the annual report's
// figures per 10万人), over the year's earlier setting; bad input is refused
// in Japanese.
func TestCLIMunicipalitySetPopulation(t *testing.T) {
	dsn := newDB(t)
	if code, _, errs := cli(t, "", "municipality", "set", "--db", dsn, "--population", "六万"); code == 0 || !strings.Contains(errs, "--population は人口を整数で指定してください") {
		t.Fatalf("bad population: %d %s", code, errs)
	}
	if code, _, errs := cli(t, "", "municipality", "set", "--db", dsn, "--population", "0", "--population-year", "R8"); code == 0 || !strings.Contains(errs, "人口は1以上") {
		t.Fatalf("zero population: %d %s", code, errs)
	}
	if code, _, errs := cli(t, "", "municipality", "set", "--db", dsn, "--population", "1000", "--population-year", "平成40年度"); code == 0 || !strings.Contains(errs, "--population-year") {
		t.Fatalf("bad year: %d %s", code, errs)
	}
	if code, out, errs := cli(t, "", "municipality", "set", "--db", dsn, "--population", "68405", "--population-year", "令和8年度", "--population-as-of", "R8.4.1"); code != 0 ||
		!strings.Contains(out, "令和8年度（2026年度）の人口を 68405 人として保存しました") {
		t.Fatalf("set: %d %s %s", code, out, errs)
	}
	if code, out, errs := cli(t, "", "municipality", "set", "--db", dsn, "--population", "68410", "--population-year", "2026"); code != 0 || !strings.Contains(out, "68410") {
		t.Fatalf("set again: %d %s %s", code, out, errs)
	}
	db, err := sqldb.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ms, err := db.Municipalities(context.Background())
	if err != nil || len(ms) != 1 {
		t.Fatalf("municipalities: %v %v", ms, err)
	}
	ps, err := db.Populations(context.Background(), casework.System(ms[0].ID))
	if err != nil || len(ps) != 1 || ps[0].FiscalYear != 2026 || ps[0].Population != 68410 || ps[0].Version != 2 {
		t.Fatalf("populations: %+v %v", ps, err)
	}
	a, err := db.AnnualReport(context.Background(), casework.System(ms[0].ID), 2027)
	if err != nil || a.Indicators == nil || a.Indicators.Population == nil || *a.Indicators.Population != 68410 || a.Indicators.PopulationYear != 2026 {
		t.Fatalf("annual 2027: %+v %v", a.Indicators, err)
	}
}
