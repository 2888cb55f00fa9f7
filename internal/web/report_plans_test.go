package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// meetingAt creates a meeting hosted by takikan at the given time; every
// attending organization acknowledges confidentiality itself, and a meeting
// whose time has come is recorded held.
func (e *env) meetingAt(mtype, at string, orgs ...string) string {
	e.t.Helper()
	if mtype == "shien_kaigi" {
		e.shienKaigiSetup()
	}
	var att []map[string]any
	for _, o := range orgs {
		att = append(att, map[string]any{"organization_id": e.orgs[o].ID, "member_or_guest": "member"})
	}
	r := e.api("POST", "/api/v1/meetings", e.token("coord"), map[string]any{"type": mtype, "scheduled_at": at,
		"host_organization_id": e.orgs["takikan"].ID, "attendees": att})
	if r.StatusCode != http.StatusCreated {
		e.t.Fatalf("meeting at %s: %d %s", at, r.StatusCode, r.Body)
	}
	mid := r.JSON(e.t)["id"].(string)
	e.ackSelf(mid, orgs...)
	if when, err := time.Parse(time.RFC3339, at); err == nil && !when.After(e.clock.Now()) {
		e.hold(e.token("coord"), mid)
	}
	return mid
}

func (e *env) meetingItem(meetingID, caseID string) {
	e.t.Helper()
	r := e.api("POST", "/api/v1/meetings/"+meetingID+"/items", e.token("worker"), map[string]any{"case_id": caseID, "agenda": "info_share",
		"situation": "状況", "decisions": "見守りを続ける"})
	if r.StatusCode != http.StatusCreated {
		e.t.Fatalf("meeting item: %d %s", r.StatusCode, r.Body)
	}
}

// records fetches a drill-down and returns its items and hidden count.
func (e *env) records(tok, query string) ([]map[string]any, int) {
	e.t.Helper()
	r := e.api("GET", "/api/v1/reports/annual/records?"+query, tok, nil)
	if r.StatusCode != 200 {
		e.t.Fatalf("records %s: %d %s", query, r.StatusCode, r.Body)
	}
	m := r.JSON(e.t)
	var items []map[string]any
	for _, it := range m["items"].([]any) {
		items = append(items, it.(map[string]any))
	}
	return items, int(m["hidden"].(float64))
}

// TestAnnualPlansAndMeetingsAcrossFiscalYears seeds plans and meetings on
// both sides of 1 April (Japan time) and checks the counts by month and
// stage or meeting type, and who sees the records behind them.
func TestAnnualPlansAndMeetingsAcrossFiscalYears(t *testing.T) {
	e := newEnv(t) // now: 2026-06-01 10:00 JST
	tok := e.token("worker")
	cid, _ := e.plannedCase()
	planA := e.mkPlan(tok, cid, planBody(e.orgs["houkatsu"].ID))["id"].(string)                                                   // made 2026-06-01: FY2026 June
	if r := e.api("POST", "/api/v1/plans/"+planA+"/agree", tok, map[string]any{"agreed_on": "2026-03-31"}); r.StatusCode != 200 { // FY2025 March
		t.Fatalf("agree: %d %s", r.StatusCode, r.Body)
	}
	if r := e.decide(planA, cid, "2026-04-01"); r.StatusCode != 200 { // FY2026 April
		t.Fatalf("decide: %d %s", r.StatusCode, r.Body)
	}
	goals := []map[string]any{{"goal": "介護サービスを使う", "result": "partly"}}
	if r := e.api("POST", "/api/v1/plans/"+planA+"/evaluations", tok, map[string]any{"goals": goals, "next_step": "continue",
		"evaluated_on": "2026-05-31", "next_review_on": "2026-12-01"}); r.StatusCode != 201 { // FY2026 May
		t.Fatalf("evaluate: %d %s", r.StatusCode, r.Body)
	}
	// meetings: 23:30 on 31 March is FY2025; 00:10 on 1 April is FY2026
	// although it is still 31 March in UTC
	m1 := e.meetingAt("shien_kaigi", "2026-03-31T23:30:00+09:00", "houkatsu", "takikan")
	m2 := e.meetingAt("shien_kaigi", "2026-04-01T00:10:00+09:00", "houkatsu", "takikan")
	m3 := e.meetingAt("other", "2026-04-15T10:00:00+09:00", "kurashi", "takikan")
	m4 := e.meetingAt("shien_kaigi", "2026-07-01T10:00:00+09:00", "houkatsu", "takikan") // not held yet
	m5 := e.meetingAt("shien_kaigi", "2027-04-01T00:05:00+09:00", "houkatsu", "takikan") // FY2027
	e.meetingItem(m1, cid)
	e.meetingItem(m2, cid)
	e.meetingItem(m4, cid)

	a := e.annual(tok, "2026")
	for _, p := range a.Pending {
		if p.Key == "plans" || p.Key == "meetings" {
			t.Fatalf("%s still pending", p.Key)
		}
	}
	check := func(a annualReport, section, key, value string, total int64, month int, n int64) {
		t.Helper()
		m, got := a.row(t, section, key, value)
		if got != total || m[month] != n {
			t.Errorf("FY%d %s %s=%s: %v total %d, want total %d and %d in month %d", a.FiscalYear, section, key, value, m, got, total, n, month)
		}
	}
	check(a, "plans", "status", "made", 1, 2, 1)
	check(a, "plans", "status", "agreed", 0, 11, 0)
	check(a, "plans", "status", "decided", 1, 0, 1)
	check(a, "plans", "status", "evaluated", 1, 1, 1)
	// the 重層的支援会議 of 1 April whose plan_review item the decision rests
	// on (issue 19) counts too
	check(a, "meetings", "", "", 3, 0, 3)
	check(a, "meetings", "status", "shien_kaigi", 1, 0, 1)
	check(a, "meetings", "status", "other", 1, 0, 1)
	check(a, "meetings", "status", "jusoteki_shien_kaigi", 1, 0, 1)
	check(a, "meeting_items", "", "", 2, 0, 2)
	prev := e.annual(tok, "2025")
	check(prev, "plans", "status", "agreed", 1, 11, 1)
	check(prev, "plans", "status", "decided", 0, 0, 0)
	check(prev, "meetings", "", "", 1, 11, 1)
	check(prev, "meeting_items", "status", "shien_kaigi", 1, 11, 1)

	// drill-down: plan records only for cases the viewer may read
	for _, c := range []struct {
		user          string
		items, hidden int
	}{{"worker", 1, 0}, {"viewer", 1, 0}, {"worker2", 0, 1}, {"coord", 0, 1}, {"admin", 0, 1}} {
		items, hidden := e.records(e.token(c.user), "fiscal_year=2026&section=plans&status=decided&month=2026-04")
		if len(items) != c.items || hidden != c.hidden || (c.items == 1 && items[0]["case_id"] != cid) {
			t.Errorf("%s plan records: %v hidden %d", c.user, items, hidden)
		}
	}
	// meetings only to the organizations attending them (rule 5)
	for _, c := range []struct {
		user, sees    string
		items, hidden int
	}{{"worker", m2, 2, 1}, {"worker2", m3, 1, 2}, {"coord", "", 2, 1}, {"kodomo", "", 0, 3}, {"admin", "", 0, 3}} {
		items, hidden := e.records(e.token(c.user), "fiscal_year=2026&section=meetings&month=2026-04")
		if len(items) != c.items || hidden != c.hidden || (c.sees != "" && items[0]["meeting_id"] != c.sees) {
			t.Errorf("%s meeting records: %v hidden %d", c.user, items, hidden)
		}
	}
	// a meeting's case items are shown to its attendees (coord is not on the
	// case's team), never to other organizations
	for _, c := range []struct {
		user          string
		items, hidden int
	}{{"worker", 1, 0}, {"coord", 1, 0}, {"worker2", 0, 1}, {"kodomo", 0, 1}} {
		items, hidden := e.records(e.token(c.user), "fiscal_year=2026&section=meeting_items&status=shien_kaigi")
		if len(items) != c.items || hidden != c.hidden || (c.items == 1 && (items[0]["case_id"] != cid || items[0]["meeting_id"] != m2)) {
			t.Errorf("%s meeting item records: %v hidden %d", c.user, items, hidden)
		}
	}
	if r := e.api("GET", "/api/v1/reports/annual/records?fiscal_year=2026&section=meetings&status=accepted", tok, nil); r.StatusCode != 422 {
		t.Fatalf("referral status on meetings: %d %s", r.StatusCode, r.Body)
	}
	b := e.browser()
	b.login("worker2")
	p := b.get("/reports/annual/records?fiscal_year=2026&section=meeting_items&status=shien_kaigi")
	if p.StatusCode != 200 || !strings.Contains(p.Body, "会議の種類: 支援会議") || strings.Contains(p.Body, "髙橋") || !strings.Contains(p.Body, "出席していない会議") {
		t.Fatalf("non-attendee items page: %d %s", p.StatusCode, text(p.Body))
	}
	b.login("worker")
	if p := b.get("/reports/annual/records?fiscal_year=2026&section=meetings&status=shien_kaigi"); p.StatusCode != 200 || !strings.Contains(p.Body, "/meetings/"+m2) {
		t.Fatalf("attendee meetings page: %d %s", p.StatusCode, text(p.Body))
	}
	if p := b.get("/reports/annual?fiscal_year=2026"); p.StatusCode != 200 || !strings.Contains(p.Body, "会議の開催数") || !strings.Contains(p.Body, "section=plans") {
		t.Fatalf("annual page: %d", p.StatusCode)
	}

	// later: a re-plan at 23:50 on 31 March 2027 (FY2026), another at 00:10
	// on 1 April 2027 (FY2027, still 31 March in UTC); the July meeting and
	// its item are recorded held by then
	at := func(s string) time.Time { v, _ := time.Parse(time.RFC3339, s); return v }
	e.clock.Add(at("2027-03-31T23:50:00+09:00").Sub(e.clock.Now()))
	e.mkPlan(tok, cid, planBody(e.orgs["houkatsu"].ID))
	e.clock.Add(20 * time.Minute)
	e.mkPlan(tok, cid, planBody(e.orgs["houkatsu"].ID))
	e.hold(e.token("coord"), m4)
	e.hold(e.token("coord"), m5)
	a = e.annual(tok, "2026")
	check(a, "plans", "status", "made", 2, 11, 1)
	check(a, "meetings", "", "", 4, 3, 1)
	check(a, "meeting_items", "status", "shien_kaigi", 2, 3, 1)
	next := e.annual(tok, "2027")
	check(next, "plans", "status", "made", 1, 0, 1)
	check(next, "meetings", "", "", 1, 0, 1)
	if items, _ := e.records(tok, "fiscal_year=2026&section=plans&status=made&month=2027-03"); len(items) != 1 || items[0]["date"] != "2027-03-31" {
		t.Fatalf("made in March 2027: %v", items)
	}
}
