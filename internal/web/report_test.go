package web_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

// annualReport is the JSON of the annual report, as far as the tests read it.
type annualReport struct {
	FiscalYear int `json:"fiscal_year"`
	Sections   []struct {
		Key  string `json:"key"`
		Rows []struct {
			Label  string            `json:"label"`
			Filter map[string]string `json:"filter"`
			Months []int64           `json:"months"`
			Total  int64             `json:"total"`
		} `json:"rows"`
	} `json:"sections"`
	Pending []struct{ Key string } `json:"pending"`
}

// row returns the months and total of a section's row chosen by its
// filter ("" for the total row).
func (a annualReport) row(t *testing.T, section, key, value string) ([]int64, int64) {
	t.Helper()
	for _, s := range a.Sections {
		if s.Key != section {
			continue
		}
		for _, r := range s.Rows {
			if (key == "" && len(r.Filter) == 0) || (key != "" && r.Filter[key] == value && len(r.Filter) == 1) {
				return r.Months, r.Total
			}
		}
	}
	t.Fatalf("no row %s %s=%s", section, key, value)
	return nil, 0
}

func (e *env) annual(tok string, fy string) annualReport {
	e.t.Helper()
	r := e.api("GET", "/api/v1/reports/annual?fiscal_year="+fy, tok, nil)
	if r.StatusCode != 200 {
		e.t.Fatalf("annual: %d %s", r.StatusCode, r.Body)
	}
	var a annualReport
	if err := json.Unmarshal([]byte(r.Body), &a); err != nil {
		e.t.Fatal(err)
	}
	return a
}

// caseOn opens a case received on day with the given 分野.
func (e *env) caseOn(tok, personID, day string, bunya ...string) string {
	e.t.Helper()
	r := e.api("POST", "/api/v1/cases", tok, map[string]any{"focus_person_id": personID, "received_on": day, "route": "本人",
		"method": "電話", "bunya": bunya, "problems": []string{"介護"}, "complaint": "相談"})
	if r.StatusCode != http.StatusCreated {
		e.t.Fatalf("case on %s: %d %s", day, r.StatusCode, r.Body)
	}
	return r.JSON(e.t)["id"].(string)
}

func (e *env) contactAt(tok, caseID, at, jigyo, bunya string, minutes int) {
	e.t.Helper()
	r := e.api("POST", "/api/v1/cases/"+caseID+"/contacts", tok, map[string]any{"at": at, "method": "電話", "content": "経過",
		"jigyo": jigyo, "bunya": bunya, "minutes": minutes})
	if r.StatusCode != http.StatusCreated {
		e.t.Fatalf("contact %s: %d %s", at, r.StatusCode, r.Body)
	}
}

// TestAnnualReportFiscalYearBoundary seeds records on both sides of 1 April
// (in Japan time) and checks every section's counts by month.
func TestAnnualReportFiscalYearBoundary(t *testing.T) {
	e := newEnv(t) // now: 2026-06-01 10:00 JST
	tok := e.token("worker")
	pid := e.mkPerson(tok, yamada)
	march := e.caseOn(tok, pid, "2026-03-31", "kaigo")                         // FY2025
	april := e.caseOn(tok, pid, "2026-04-01", "kaigo")                         // FY2026 April
	may := e.caseOn(tok, pid, "2026-05-20", "shogai", "konkyu")                // FY2026 May, two 分野
	e.contactAt(tok, march, "2026-03-31T23:30:00+09:00", "sodan", "kaigo", 20) // FY2025 although 14:30 UTC is…
	e.contactAt(tok, april, "2026-04-01T00:10:00+09:00", "sodan", "kaigo", 30) // …and this is 31 March in UTC
	// a referral answered two days later
	e.consent(tok, pid, []string{e.orgs["kurashi"].ID}, "")
	ref := e.api("POST", "/api/v1/referrals", tok, map[string]any{"case_id": may, "to_organization_id": e.orgs["kurashi"].ID, "reason": "家計"})
	if ref.StatusCode != 201 {
		t.Fatalf("referral: %s", ref.Body)
	}
	e.clock.Add(2 * 24 * time.Hour)
	if r := e.api("POST", "/api/v1/referrals/"+ref.JSON(t)["id"].(string)+"/accept", e.token("worker2"), nil); r.StatusCode != 200 {
		t.Fatalf("accept: %s", r.Body)
	}
	if r := e.api("POST", "/api/v1/cases/"+april+"/transitions", tok, map[string]any{"to": "closed", "reason": "resolved"}); r.StatusCode != 200 {
		t.Fatalf("close: %s", r.Body)
	}
	e.clock.Add(305 * 24 * time.Hour)                  // 2027-04-03
	last := e.caseOn(tok, pid, "2027-03-31", "kodomo") // FY2026 March
	e.caseOn(tok, pid, "2027-04-01", "kodomo")         // FY2027
	e.contactAt(tok, last, "2027-03-31T23:50:00+09:00", "takikan", "konkyu", 45)
	e.contactAt(tok, last, "2027-04-01T00:05:00+09:00", "takikan", "konkyu", 99)

	a := e.annual(tok, "2026")
	months, total := a.row(t, "new_consultations", "", "")
	if total != 3 || months[0] != 1 || months[1] != 1 || months[11] != 1 {
		t.Fatalf("new consultations FY2026: %v %d", months, total)
	}
	if _, n := a.row(t, "new_consultations", "bunya", "kaigo"); n != 1 {
		t.Fatalf("kaigo: %d", n)
	}
	if _, n := a.row(t, "new_consultations", "bunya", "konkyu"); n != 1 {
		t.Fatalf("konkyu: %d", n)
	}
	if m, n := a.row(t, "cases_closed", "reason", "resolved"); n != 1 || m[2] != 1 {
		t.Fatalf("closed: %v %d", m, n)
	}
	if _, n := a.row(t, "referrals", "status", "accepted"); n != 1 {
		t.Fatalf("accepted referrals: %d", n)
	}
	if m, n := a.row(t, "referral_days", "bucket", "2-3"); n != 1 || m[2] != 1 {
		t.Fatalf("days to accept: %v %d", m, n)
	}
	if m, n := a.row(t, "contacts", "", ""); n != 2 || m[0] != 1 || m[11] != 1 {
		t.Fatalf("contacts: %v %d", m, n)
	}
	if m, n := a.row(t, "contact_minutes", "jigyo", "takikan"); n != 45 || m[11] != 45 {
		t.Fatalf("minutes takikan: %v %d", m, n)
	}
	if _, n := a.row(t, "minutes_by_bunya", "bunya", "kaigo"); n != 30 {
		t.Fatalf("minutes kaigo: %d", n)
	}
	if len(a.Pending) != 0 {
		t.Fatalf("every section of the annual report is built now, pending: %v", a.Pending)
	}
	prev := e.annual(tok, "2025")
	if _, n := prev.row(t, "new_consultations", "", ""); n != 1 {
		t.Fatalf("FY2025 new: %d", n)
	}
	if _, n := prev.row(t, "contact_minutes", "", ""); n != 20 {
		t.Fatalf("FY2025 minutes: %d", n)
	}
	// the same figures as files, and the page with its drill-down links
	if r := e.api("GET", "/api/v1/reports/annual?fiscal_year=2026&format=csv", tok, nil); !strings.HasPrefix(r.Body, "\uFEFF集計項目,区分,令和8年4月") {
		t.Fatalf("annual csv: %.200q", r.Body)
	}
	b := e.browser()
	b.login("worker")
	p := b.get("/reports/annual?fiscal_year=2026")
	if p.StatusCode != 200 || !strings.Contains(p.Body, "/reports/annual/records?") || strings.Contains(p.Body, "style=") {
		t.Fatalf("annual page: %d", p.StatusCode)
	}
	if r := e.api("GET", "/api/v1/reports/annual?fiscal_year=26", tok, nil); r.StatusCode != 422 {
		t.Fatalf("bad year: %d", r.StatusCode)
	}
	if r := e.api("GET", "/api/v1/reports/annual?fiscal_year=2026", e.token("privacy"), nil); r.StatusCode != 403 {
		t.Fatalf("privacy officer sees reports: %d", r.StatusCode)
	}
}

// TestDrillDownShowsOnlyReadableRecords: the figure counts every case of the
// municipality; the records behind it are listed only to those who may read
// them, and the listing is audited.
func TestDrillDownShowsOnlyReadableRecords(t *testing.T) {
	e := newEnv(t)
	w1, w2 := e.token("worker"), e.token("worker2")
	mine := e.caseOn(w1, e.mkPerson(w1, yamada), "2026-05-10", "kaigo")
	other := map[string]any{"family_name": "秘密", "given_name": "花子", "family_name_kana": "ヒミツ", "given_name_kana": "ハナコ", "birth_date": "1990-01-01", "sex": "female"}
	e.caseOn(w2, e.mkPerson(w2, other), "2026-05-11", "kaigo")
	path := "/api/v1/reports/annual/records?fiscal_year=2026&section=new_consultations&bunya=kaigo&month=2026-05"
	for _, c := range []struct {
		user          string
		items, hidden int
	}{{"worker", 1, 1}, {"viewer", 1, 1}, {"worker2", 1, 1}, {"kodomo", 0, 2}, {"admin", 0, 2}} {
		r := e.api("GET", path, e.token(c.user), nil)
		m := r.JSON(t)
		if r.StatusCode != 200 || len(m["items"].([]any)) != c.items || m["hidden"] != float64(c.hidden) || m["total"] != float64(2) {
			t.Errorf("%s: %d %s", c.user, r.StatusCode, r.Body)
		}
		if c.user != "worker2" && strings.Contains(r.Body, "秘密") {
			t.Errorf("%s sees a case outside the team", c.user)
		}
	}
	if r := e.api("GET", path, w1, nil); r.JSON(t)["items"].([]any)[0].(map[string]any)["case_id"] != mine {
		t.Fatalf("worker's record: %s", r.Body)
	}
	b := e.browser()
	b.login("kodomo")
	p := b.get("/reports/annual/records?fiscal_year=2026&section=new_consultations&bunya=kaigo")
	if p.StatusCode != 200 || strings.Contains(p.Body, "髙橋") || strings.Contains(p.Body, "秘密") || !strings.Contains(p.Body, "2 件は") {
		t.Fatalf("outsider page: %d %s", p.StatusCode, text(p.Body))
	}
	// contacts drill-down and bad parameters
	e.contactAt(w1, mine, "2026-05-12T10:00:00+09:00", "sodan", "kaigo", 10)
	if r := e.api("GET", "/api/v1/reports/annual/records?fiscal_year=2026&section=contacts&jigyo=sodan&bunya=kaigo", e.token("kodomo"), nil); r.JSON(t)["hidden"] != float64(1) {
		t.Fatalf("contacts drill: %s", r.Body)
	}
	if r := e.api("GET", "/api/v1/reports/annual/records?fiscal_year=2026&section=nope", w1, nil); r.StatusCode != 422 {
		t.Fatalf("bad section: %d", r.StatusCode)
	}
	ev := e.api("GET", "/api/v1/audit?action=search", e.token("privacy"), nil)
	if !strings.Contains(ev.Body, `"object_type":"report_records"`) {
		t.Fatal("drill-down not audited")
	}
}

func TestSnapshotIsImmutable(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker")
	pid := e.mkPerson(tok, yamada)
	e.caseOn(tok, pid, "2026-04-10", "kaigo")
	first := e.api("POST", "/api/v1/reports/annual/snapshots", tok, map[string]any{"fiscal_year": 2026, "title": "6月時点"})
	if first.StatusCode != 201 {
		t.Fatalf("snapshot: %d %s", first.StatusCode, first.Body)
	}
	id := first.JSON(t)["id"].(string)
	e.caseOn(tok, pid, "2026-05-10", "kaigo")
	second := e.api("POST", "/api/v1/reports/annual/snapshots", tok, map[string]any{"fiscal_year": 2026})
	if second.StatusCode != 201 || second.JSON(t)["id"] == id {
		t.Fatalf("second snapshot: %s", second.Body)
	}
	got := e.api("GET", "/api/v1/reports/annual/snapshots/"+id, tok, nil)
	var s struct {
		Intact bool              `json:"intact"`
		Params map[string]string `json:"params"`
		Report annualReport      `json:"report"`
	}
	if err := json.Unmarshal([]byte(got.Body), &s); err != nil {
		t.Fatal(err)
	}
	if _, n := s.Report.row(t, "new_consultations", "", ""); n != 1 || !s.Intact || s.Params["fiscal_year"] != "2026" {
		t.Fatalf("frozen snapshot changed: %d %v %v", n, s.Intact, s.Params)
	}
	if _, n := e.annual(tok, "2026").row(t, "new_consultations", "", ""); n != 2 {
		t.Fatalf("live report: %d", n)
	}
	for _, m := range []string{"PATCH", "PUT", "DELETE"} {
		if r := e.api(m, "/api/v1/reports/annual/snapshots/"+id, tok, map[string]any{"title": "x"}); r.StatusCode < 400 {
			t.Fatalf("%s snapshot: %d", m, r.StatusCode)
		}
	}
	if l := e.api("GET", "/api/v1/reports/annual/snapshots?fiscal_year=2026", tok, nil); len(l.JSON(t)["items"].([]any)) != 2 {
		t.Fatalf("list: %s", l.Body)
	}
	b := e.browser()
	b.login("worker")
	if p := b.get("/reports/snapshots/" + id); p.StatusCode != 200 || !strings.Contains(p.Body, "6月時点") || strings.Contains(p.Body, "/reports/annual/records?") {
		t.Fatalf("snapshot page: %d", p.StatusCode)
	}
	if r := b.post("/reports/annual/snapshots", map[string][]string{"fiscal_year": {"2026"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("snapshot from page: %d", r.StatusCode)
	}
}

func TestTargetsAndDashboard(t *testing.T) {
	e := newEnv(t)
	tok, admin := e.token("worker"), e.token("admin")
	e.caseOn(tok, e.mkPerson(tok, yamada), "2026-04-10", "kaigo")
	target := map[string]any{"fiscal_year": 2026, "indicator": "new_consultations", "target": 4}
	if r := e.api("POST", "/api/v1/reports/targets", tok, target); r.StatusCode != 403 {
		t.Fatalf("worker sets target: %d", r.StatusCode)
	}
	if r := e.api("POST", "/api/v1/reports/targets", admin, target); r.StatusCode != 200 || r.JSON(t)["version"] != float64(1) {
		t.Fatalf("admin sets target: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("POST", "/api/v1/reports/targets", admin, target); r.StatusCode != 409 {
		t.Fatalf("change without version: %d", r.StatusCode)
	}
	target["version"], target["target"] = 1, 2
	if r := e.api("POST", "/api/v1/reports/targets", admin, target); r.StatusCode != 200 || r.JSON(t)["version"] != float64(2) {
		t.Fatalf("change with version: %d %s", r.StatusCode, r.Body)
	}
	d := e.api("GET", "/api/v1/reports/dashboard?fiscal_year=2026", tok, nil)
	if d.StatusCode != 200 || !strings.Contains(d.Body, `"indicator":"new_consultations","label":"新規相談件数","target":2,"actual":1,"percent":50`) {
		t.Fatalf("dashboard: %s", d.Body)
	}
	b := e.browser()
	b.login("admin")
	p := b.get("/reports?fiscal_year=2026")
	if p.StatusCode != 200 {
		t.Fatalf("dashboard page: %d", p.StatusCode)
	}
	for _, want := range []string{`role="img"`, `<title id="chart-status-title">`, `<title id="chart-new-title">`, `<title id="chart-wait-title">`,
		`<title id="chart-watch-title">`, `<table class="table"><caption>状態別のケース数`, "50%"} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("dashboard page lacks %s", want)
		}
	}
	if strings.Contains(p.Body, "style=") || strings.Contains(p.Body, "<script>") {
		t.Fatal("inline style or script on the dashboard")
	}
	if r := b.post("/reports/targets", map[string][]string{"fiscal_year": {"2026"}, "indicator": {"contacts"}, "target": {"abc"}}); r.StatusCode != 422 || !strings.Contains(r.Body, "目標値は0以上の整数") {
		t.Fatalf("bad target form: %d", r.StatusCode)
	}
	if r := b.post("/reports/targets", map[string][]string{"fiscal_year": {"2026"}, "indicator": {"contacts"}, "target": {"120"}, "version": {"0"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("target form: %d %s", r.StatusCode, r.Body)
	}
}
