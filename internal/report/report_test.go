package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"kasane/internal/casework"
	"kasane/internal/japanese"
)

func TestFiscalRangeUsesJapaneseMonths(t *testing.T) {
	r := Fiscal(2026)
	if r.From != "2026-04-01" || r.To != "2027-03-31" || len(r.Months) != 12 || r.Months[11] != "2027-03" {
		t.Fatalf("range %+v", r)
	}
	if r.MonthStarts[0] != "2026-03-31T15:00:00.000000Z" || r.MonthStarts[12] != "2027-03-31T15:00:00.000000Z" {
		t.Fatalf("bounds %v", r.MonthStarts)
	}
	for _, c := range []struct {
		at   time.Time
		want int
	}{
		{time.Date(2026, 3, 31, 23, 59, 0, 0, casework.JST), -1},
		{time.Date(2026, 4, 1, 0, 0, 0, 0, casework.JST), 0},
		{time.Date(2026, 5, 1, 8, 59, 0, 0, casework.JST), 1},
		{time.Date(2027, 3, 31, 23, 59, 0, 0, casework.JST), 11},
		{time.Date(2027, 4, 1, 0, 0, 0, 0, casework.JST), -1},
	} {
		if got := r.InstantMonth(c.at.UTC().Format(casework.TimeFormat)); got != c.want {
			t.Errorf("%s: %d, want %d", c.at, got, c.want)
		}
	}
	if r.MonthIndex("2027-03-31") != 11 || r.MonthIndex("2026-03-31") != -1 {
		t.Fatal("MonthIndex")
	}
	if CurrentFiscalYear(time.Date(2027, 3, 31, 15, 30, 0, 0, time.UTC)) != 2027 || CurrentFiscalYear(time.Date(2027, 3, 31, 14, 30, 0, 0, time.UTC)) != 2026 {
		t.Fatal("CurrentFiscalYear must use the Japanese day")
	}
}

func TestDayBucketsAndSummary(t *testing.T) {
	for n, want := range map[int]string{0: "0-1", 1: "0-1", 2: "2-3", 5: "4-5", 10: "6-10", 11: "11-", 400: "11-"} {
		if DayBucket(n) != want {
			t.Errorf("%d days: %s", n, DayBucket(n))
		}
	}
	from := time.Date(2026, 6, 1, 14, 0, 0, 0, time.UTC) // 23:00 JST
	if d := DaysBetween(from, from.Add(2*time.Hour)); d != 1 {
		t.Fatalf("across midnight in Japan: %d", d)
	}
}

func TestCSVAndSVG(t *testing.T) {
	tb := &Table{Name: "x", Columns: []Column{Col("氏", Text), Col("日", Date), Col("時", DateTime), Col("数", Int)},
		Rows: [][]any{{"𠮷田", "2026-05-20", time.Date(2026, 5, 20, 1, 30, 0, 0, time.UTC), 3}}}
	var b bytes.Buffer
	res, err := WriteCSV(&b, tb, japanese.UTF8BOM)
	if err != nil || !strings.HasPrefix(b.String(), "\uFEFF氏,日,日（和暦）,時,時（和暦）,数\r\n𠮷田,2026-05-20,令和8年5月20日,2026-05-20 10:30,令和8年5月20日 10:30,3") || len(res.Unencodable) != 0 {
		t.Fatalf("utf8: %v %q", err, b.String())
	}
	b.Reset()
	res, _ = WriteCSV(&b, tb, japanese.CP932)
	if got := Describe(tb, res.Unencodable); len(got) != 1 || got[0] != "2行目「氏」の「𠮷」" {
		t.Fatalf("cp932: %v", got)
	}
	svg := string(BarChart("c", "状態<別>", "件", []Count{{Key: "a", Label: "受付&", Value: 3}, {Key: "b", Label: "終結", Value: 0}}))
	for _, want := range []string{`role="img"`, `aria-labelledby="c-title c-desc"`, `<title id="c-title">状態&lt;別&gt;</title>`, `受付&amp; 3件`, `fill="#1A4D8F"`} {
		if !strings.Contains(svg, want) {
			t.Errorf("svg lacks %s: %s", want, svg)
		}
	}
	if strings.Contains(svg, "style") {
		t.Fatal("style attribute in svg")
	}
	row := NewRow("介護", nil)
	row.Add(0, 2)
	row.Add(11, 1)
	row.Add(-1, 9)
	m := string(MonthChart("m", "月別", "件", Fiscal(2026).Months, []Row{row}))
	if !strings.Contains(m, "4月 2件") || !strings.Contains(m, "3月 1件") || row.Total != 3 {
		t.Fatalf("month chart: %s", m)
	}
}

func TestCompareTargets(t *testing.T) {
	a := &Annual{Sections: []Section{{Key: SecNewConsultations, Rows: []Row{{Total: 30}}}, {Key: SecContactMinutes, Rows: []Row{{Total: 600}}}}}
	ps := Compare(a, []Target{{Indicator: "new_consultations", Target: 40}, {Indicator: "contact_hours", Target: 20}})
	for _, p := range ps {
		switch p.Indicator {
		case "new_consultations":
			if *p.Percent != 75 || p.Actual != 30 {
				t.Fatalf("%+v", p)
			}
		case "contact_hours":
			if p.Actual != 10 || *p.Percent != 50 {
				t.Fatalf("%+v", p)
			}
		case "contacts":
			if p.Target != nil || p.Percent != nil {
				t.Fatalf("%+v", p)
			}
		}
	}
	bad := Target{FiscalYear: 26, Indicator: "x", Target: -1}
	if casework.ErrorFields(bad.Validate())["indicator"] == "" {
		t.Fatal("validate")
	}
}

func TestPlanAndMeetingIndicators(t *testing.T) {
	a := &Annual{Sections: []Section{
		{Key: SecPlans, Rows: []Row{{Filter: map[string]string{"status": "made"}, Total: 4}, {Filter: map[string]string{"status": "decided"}, Total: 3},
			{Filter: map[string]string{"status": "evaluated"}, Total: 2}}},
		{Key: SecMeetings, Rows: []Row{{Label: "合計", Total: 7}}},
		{Key: SecMeetingItems, Rows: []Row{{Label: "合計", Total: 9}}},
	}}
	for ind, want := range map[string]int64{"plans_made": 4, "plans_decided": 3, "plans_evaluated": 2, "meetings_held": 7, "meeting_items": 9} {
		if got, ok := a.Actual(ind); !ok || got != want {
			t.Errorf("%s: %d %v, want %d", ind, got, ok, want)
		}
	}
	for _, p := range PendingSections {
		if p.Key == "plans" || p.Key == "meetings" {
			t.Errorf("%s is counted now and must not be pending", p.Key)
		}
	}
}
