package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestAnnualCommunityAcrossFiscalYears seeds outreach targets and attempts,
// places and hosts, sessions and matches on both sides of 1 April (Japan
// time) and checks the counts by month and row, and who sees the records
// behind them: outreach and matches only their organization, places and
// sessions every report user.
func TestAnnualCommunityAcrossFiscalYears(t *testing.T) {
	e := newEnv(t) // now: 2026-06-01 10:00 JST
	tok := e.token("worker")
	target := func(foundOn string) string {
		r := e.api("POST", "/api/v1/outreach-targets", tok, map[string]any{"label": "北団地の60代女性", "found_via": "民生委員",
			"concern": "姿を見かけない", "found_on": foundOn, "district": "北地区"})
		if r.StatusCode != http.StatusCreated {
			t.Fatalf("target %s: %d %s", foundOn, r.StatusCode, r.Body)
		}
		return r.JSON(t)["id"].(string)
	}
	tA, tB := target("2026-03-31"), target("2026-04-01")
	for _, at := range []string{"2026-03-31T23:30:00+09:00", "2026-04-01T00:10:00+09:00"} {
		if r := e.api("POST", "/api/v1/outreach-targets/"+tA+"/attempts", tok, map[string]any{"at": at, "method": "訪問", "outcome": "不在"}); r.StatusCode != http.StatusCreated {
			t.Fatalf("attempt %s: %d %s", at, r.StatusCode, r.Body)
		}
	}
	if r := e.stage(tok, tB, "contacted", "玄関先で会えた"); r.StatusCode != 200 {
		t.Fatalf("stage: %d %s", r.StatusCode, r.Body)
	}
	salon := e.mkResource(tok, map[string]any{"name": "中央公民館サロン", "kind": "サロン", "district": "北地区"})
	farm := e.mkResource(tok, map[string]any{"name": "みどり農園", "kind": "農園", "district": "北地区", "accepts_participants": true})
	for _, s := range []map[string]any{{"held_on": "2026-03-31", "participants": map[string]int{"中高生": 9}},
		{"held_on": "2026-04-01", "participants": map[string]int{"小学生": 5}, "total": 7}} {
		if r := e.api("POST", "/api/v1/resources/"+salon+"/sessions", tok, s); r.StatusCode != http.StatusCreated {
			t.Fatalf("session: %d %s", r.StatusCode, r.Body)
		}
	}
	pid := e.mkPerson(tok, yamada)
	match := func(res string) {
		if m := e.api("POST", "/api/v1/participation-matches", tok, map[string]any{"person_id": pid, "resource_id": res, "menu": "体験参加"}); m.StatusCode != http.StatusCreated {
			t.Fatalf("match: %d %s", m.StatusCode, m.Body)
		}
	}
	match(farm) // proposed 2026-06-01: FY2026 June
	// 23:50 on 31 March 2027 is FY2026; 00:10 on 1 April 2027 is FY2027
	// although it is still 31 March in UTC
	at, _ := time.Parse(time.RFC3339, "2027-03-31T23:50:00+09:00")
	e.clock.Add(at.Sub(e.clock.Now()))
	shokudo := e.mkResource(tok, map[string]any{"name": "こども食堂ひまわり", "kind": "子ども食堂", "district": "南地区", "accepts_participants": true})
	e.clock.Add(20 * time.Minute)
	match(shokudo)

	a := e.annual(tok, "2026")
	for _, p := range a.Pending {
		t.Errorf("%s still pending", p.Key)
	}
	check := func(a annualReport, section, key, value string, total int64, month int, n int64) {
		t.Helper()
		m, got := a.row(t, section, key, value)
		if got != total || m[month] != n {
			t.Errorf("FY%d %s %s=%s: %v total %d, want total %d and %d in month %d", a.FiscalYear, section, key, value, m, got, total, n, month)
		}
	}
	check(a, "outreach_targets", "", "", 1, 0, 1)
	check(a, "outreach_targets", "status", "contacted", 1, 0, 1)
	check(a, "outreach_targets", "status", "found", 0, 0, 0)
	check(a, "outreach_attempts", "status", "不在", 1, 0, 1)
	check(a, "matches", "status", "proposed", 1, 2, 1)
	check(a, "resources", "", "", 3, 2, 2)
	check(a, "resources", "status", "places", 2, 11, 1)
	check(a, "resources", "status", "hosts", 2, 2, 1)
	check(a, "sessions", "", "", 1, 0, 1)
	check(a, "participants", "", "", 7, 0, 7)
	check(a, "participants", "status", "小学生", 5, 0, 5)
	check(a, "participants", "status", "中高生", 0, 0, 0)
	prev := e.annual(tok, "2025")
	check(prev, "outreach_targets", "status", "found", 1, 11, 1)
	check(prev, "outreach_attempts", "", "", 1, 11, 1)
	check(prev, "sessions", "", "", 1, 11, 1)
	check(prev, "participants", "status", "中高生", 9, 11, 9)
	check(prev, "resources", "status", "places", 0, 0, 0)
	next := e.annual(tok, "2027")
	check(next, "matches", "", "", 1, 0, 1)
	check(next, "resources", "", "", 0, 0, 0)

	// outreach targets and attempts, and matches, only to the registering
	// organization; the figure counts them all
	for _, c := range []struct {
		user, query   string
		items, hidden int
	}{
		{"worker", "section=outreach_targets&status=contacted&month=2026-04", 1, 0},
		{"worker2", "section=outreach_targets&status=contacted&month=2026-04", 0, 1},
		{"admin", "section=outreach_targets", 0, 1},
		{"worker", "section=outreach_attempts&month=2026-04", 1, 0},
		{"kodomo", "section=outreach_attempts&status=不在", 0, 1},
		{"worker", "section=matches&status=proposed", 1, 0},
		{"worker2", "section=matches", 0, 1},
		// places and sessions are not personal data
		{"worker2", "section=resources&status=places", 2, 0},
		{"admin", "section=resources&status=hosts&month=2026-06", 1, 0},
		{"worker2", "section=sessions", 1, 0},
		{"kodomo", "section=participants&status=小学生", 1, 0},
		{"kodomo", "section=participants&status=中高生", 0, 0},
	} {
		items, hidden := e.records(e.token(c.user), "fiscal_year=2026&"+c.query)
		if len(items) != c.items || hidden != c.hidden {
			t.Errorf("%s %s: %v hidden %d, want %d items and %d hidden", c.user, c.query, items, hidden, c.items, c.hidden)
		}
	}
	if items, _ := e.records(tok, "fiscal_year=2026&section=outreach_targets"); len(items) != 1 || items[0]["id"] != tB || items[0]["date"] != "2026-04-01" {
		t.Errorf("target record: %v", items)
	}
	if r := e.api("GET", "/api/v1/reports/annual/records?fiscal_year=2026&section=matches&status=accepted", tok, nil); r.StatusCode != 422 {
		t.Fatalf("referral status on matches: %d %s", r.StatusCode, r.Body)
	}
	contains := func(s string, subs ...string) bool {
		for _, sub := range subs {
			if !strings.Contains(s, sub) {
				return false
			}
		}
		return true
	}
	b := e.browser()
	b.login("worker2")
	if p := b.get("/reports/annual?fiscal_year=2026"); p.StatusCode != 200 || !contains(p.Body, "居場所の開催回数", "section=outreach_targets", "アウトリーチ対象者") || contains(p.Body, "準備中の集計") {
		t.Fatalf("annual page: %d %s", p.StatusCode, text(p.Body))
	}
	if p := b.get("/reports/annual/records?fiscal_year=2026&section=outreach_targets"); p.StatusCode != 200 || contains(p.Body, tB) {
		t.Fatalf("outsider outreach records page: %d %s", p.StatusCode, text(p.Body))
	}
}
