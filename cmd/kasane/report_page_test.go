package main

import (
	"context"
	"encoding/json"
	"html"
	"io"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"kasane/internal/config"
	"kasane/internal/demo"
	"kasane/internal/japanese"
	"kasane/internal/report"
	"kasane/internal/sqldb"
	"kasane/internal/web"
)

var (
	reTableRow = regexp.MustCompile(`(?s)<tr[^>]*>(.*?)</tr>`)
	reCell     = regexp.MustCompile(`(?s)<t[hd][^>]*>(.*?)</t[hd]>`)
	reTag      = regexp.MustCompile(`<[^>]+>`)
)

// pageRows reads the data rows of the tables of a page (rows whose first
// cell is a row header), each as its cells' text.
func pageRows(body string) [][]string {
	var out [][]string
	for _, m := range reTableRow.FindAllStringSubmatch(body, -1) {
		if !strings.Contains(m[1], `<th scope="row">`) {
			continue
		}
		var row []string
		for _, c := range reCell.FindAllStringSubmatch(m[1], -1) {
			row = append(row, strings.TrimSpace(html.UnescapeString(reTag.ReplaceAllString(c[1], ""))))
		}
		out = append(out, row)
	}
	return out
}

// TestCLIReportAnnualMatchesPage: on the demo data, `kasane report annual`
// and the page /reports/annual give the same figures, row by row: the
// indicator set of the 実施計画 (実績, 目標, 達成率, per 10万人), then each
// section's rows (label, the twelve months, the total, 実人数 and 世帯数, the
// share), each row with 実人数 followed by its line of monthly 実人数.
func TestCLIReportAnnualMatchesPage(t *testing.T) {
	ctx := context.Background()
	dsn := newDB(t)
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := demo.Seed(ctx, db); err != nil {
		t.Fatal(err)
	}
	fy := report.CurrentFiscalYear(time.Now())
	out, errb := &strings.Builder{}, &strings.Builder{}
	e := env{getenv: func(string) string { return "" }, stdin: strings.NewReader(""), stdout: out, stderr: errb}
	if err := cmdReport(ctx, e, []string{"annual", "--db", dsn, "--fiscal-year", japanese.FiscalYearName(fy)}); err != nil {
		t.Fatalf("report: %v %s", err, errb)
	}
	var cli report.Annual
	if err := json.Unmarshal([]byte(out.String()), &cli); err != nil || cli.FiscalYear != fy {
		t.Fatalf("json: %v %.200s", err, out)
	}
	var want [][]string
	var nonzero int64
	if cli.Indicators == nil || len(cli.Indicators.Rows) != len(report.PlanIndicators) || cli.Indicators.Population == nil {
		t.Fatalf("indicator set: %+v", cli.Indicators)
	}
	targets := 0
	for _, r := range cli.Indicators.Rows {
		target := "未設定"
		if r.Target != nil {
			target = strconv.FormatInt(*r.Target, 10)
			targets++
		}
		want = append(want, []string{r.Label, r.Jigyo, r.Basis, strconv.FormatInt(r.Actual, 10), r.Unit, target, r.PercentText(), r.ActualPer100kText(), r.TargetPer100kText()})
	}
	if targets == 0 {
		t.Fatal("the demo data sets no target of the indicator set")
	}
	var monthly int
	for _, s := range cli.Sections {
		for _, r := range s.Rows {
			row := []string{r.Label}
			for _, v := range r.Months {
				row = append(row, strconv.FormatInt(v, 10))
			}
			row = append(row, strconv.FormatInt(r.Total, 10))
			nonzero += r.Total
			if r.Persons != nil {
				row = append(row, strconv.FormatInt(*r.Persons, 10), strconv.FormatInt(*r.Households, 10))
			}
			if s.Key == report.SecMinutesByBunya {
				row = append(row, strconv.FormatFloat(r.Share, 'f', -1, 64)+"%")
			}
			want = append(want, row)
			if r.PersonsMonths != nil {
				monthly++
				row := []string{r.PersonsLabel()}
				for _, v := range r.PersonsMonths {
					row = append(row, strconv.FormatInt(v, 10))
				}
				want = append(want, append(row, "—", strconv.FormatInt(*r.Persons, 10), "—"))
			}
		}
	}
	if nonzero == 0 || monthly == 0 {
		t.Fatalf("the demo data gives no figure in the current 年度 (%d), or no monthly 実人数 (%d)", nonzero, monthly)
	}

	srv, err := web.New(config.Default(), db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	defer hs.Close()
	c := newPageCrawl(hs.URL)
	cl, err := c.login(ctx, "worker@demo.kasane.example", demo.Password)
	if err != nil {
		t.Fatal(err)
	}
	code, body, _, err := c.get(ctx, cl, "/reports/annual?fiscal_year="+url.QueryEscape(japanese.FiscalYearName(fy)))
	if err != nil || code != 200 {
		t.Fatalf("page: %d %v", code, err)
	}
	got := pageRows(body)
	if len(got) != len(want) {
		t.Fatalf("page has %d rows, the command %d", len(got), len(want))
	}
	for i := range want {
		if strings.Join(got[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d: page %v, command %v", i, got[i], want[i])
		}
	}
}
