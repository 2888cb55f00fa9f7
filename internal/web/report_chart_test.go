package web_test

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestDashboardChartCountsEachCaseOnce: two cases received in December, one
// of them in three 分野. The 分野 table counts it in each (4 in December,
// labelled 重複あり), but the stacked bar of December is the 2 cases: its
// segments add up to the case total and the chart says what it counts.
func TestDashboardChartCountsEachCaseOnce(t *testing.T) {
	e := newEnv(t) // now: 2026-06-01
	tok := e.token("worker")
	pid := e.mkPerson(tok, yamada)
	e.clock.Add(200 * 24 * time.Hour) // 2026-12-18
	e.caseOn(tok, pid, "2026-12-01", "kaigo", "shogai", "konkyu")
	e.caseOn(tok, pid, "2026-12-02", "kodomo")

	a := e.annual(tok, "2026")
	if m, _ := a.row(t, "new_consultations", "", ""); m[8] != 2 {
		t.Fatalf("new cases in December: %v", m)
	}
	b := e.browser()
	b.login("worker")
	p := b.get("/reports?fiscal_year=2026")
	if p.StatusCode != 200 {
		t.Fatalf("dashboard: %d", p.StatusCode)
	}
	chart := p.Body[strings.Index(p.Body, `<svg`):]
	chart = chart[strings.Index(chart, `id="chart-new-title"`):]
	chart = chart[:strings.Index(chart, `</svg>`)]
	var december int
	for _, m := range regexp.MustCompile(`<title>12月 ([^ ]+) (\d+)件</title>`).FindAllStringSubmatch(chart, -1) {
		n := 0
		for _, c := range m[2] {
			n = n*10 + int(c-'0')
		}
		december += n
	}
	if december != 2 {
		t.Errorf("the December bar adds up to %d, want the 2 cases", december)
	}
	if !strings.Contains(chart, "12月 2件") {
		t.Errorf("the chart's description does not give 2 for December")
	}
	for _, want := range []string{"1ケース1件", "重複あり"} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("the dashboard does not say %q", want)
		}
	}
}
