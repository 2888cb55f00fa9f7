package web_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/transform"

	"kasane/internal/sqldb"
)

// listFixture: houkatsu leads three cases.
//
//	c1 髙橋 一郎 (本町) R8.4.10 介護 課題 8050・介護, no record
//	c2 佐藤 花子 (北町) R8.5.20 子ども 課題 ダブルケア, a record 40 days later
//	c3 =cmd|' /C calc'!A0 (北町) R8.5.25 困窮 課題 経済的困窮, closed
//
// The clock then moves on 40 days, so c1 and c3 have gone 40 days without
// a record.
type listFixture struct {
	e              *env
	lead           string
	c1, c2, c3     string
	p1, p2, p3     string
	numbers        map[string]string
	bySort         map[string]string
	kurashiMembers string // a case where kurashi is a member under `basic`
}

func newListFixture(t *testing.T) *listFixture {
	e := newEnv(t)
	f := &listFixture{e: e, lead: e.token("worker"), numbers: map[string]string{}}
	person := func(fam, given, street string) string {
		return e.mkPerson(f.lead, map[string]any{"family_name": fam, "given_name": given, "family_name_kana": "サトウ", "given_name_kana": "ハナコ", "sex": "female",
			"address": map[string]any{"prefecture": "架空県", "city": "かさね市", "street": street}})
	}
	f.p1 = e.mkPerson(f.lead, yamada) // 本町1-2-3
	f.p2 = person("佐藤", "花子", "北町5-1")
	f.p3 = person("=cmd|' /C calc'!A0", "", "北町7-7")
	mk := func(pid, day string, bunya, problems []string) string {
		r := e.api("POST", "/api/v1/cases", f.lead, map[string]any{"focus_person_id": pid, "received_on": day, "route": "家族",
			"method": "来所", "bunya": bunya, "problems": problems, "complaint": "相談"})
		if r.StatusCode != http.StatusCreated {
			t.Fatalf("case: %d %s", r.StatusCode, r.Body)
		}
		m := r.JSON(t)
		f.numbers[m["id"].(string)] = m["number"].(string)
		return m["id"].(string)
	}
	f.c1 = mk(f.p1, "R8.4.10", []string{"kaigo"}, []string{"8050", "介護"})
	f.c2 = mk(f.p2, "R8.5.20", []string{"kodomo"}, []string{"ダブルケア"})
	f.c3 = mk(f.p3, "R8.5.25", []string{"konkyu"}, []string{"経済的困窮"})
	if r := e.api("POST", "/api/v1/cases/"+f.c3+"/transitions", f.lead, map[string]any{"to": "closed", "reason": "resolved"}); r.StatusCode != 200 {
		t.Fatalf("close: %d %s", r.StatusCode, r.Body)
	}
	e.clock.Add(40 * 24 * time.Hour)
	if r := e.api("POST", "/api/v1/cases/"+f.c2+"/contacts", f.lead, map[string]any{"at": e.clock.Now().Format(time.RFC3339), "method": "電話",
		"content": "近況を聞いた", "minutes": 10, "jigyo": "sodan", "bunya": "kodomo"}); r.StatusCode != http.StatusCreated {
		t.Fatalf("contact: %d %s", r.StatusCode, r.Body)
	}
	return f
}

// ids lists the case ids GET /api/v1/cases?query answers, in order.
func (f *listFixture) ids(t *testing.T, tok, query string) []string {
	t.Helper()
	r := f.e.api("GET", "/api/v1/cases?"+query, tok, nil)
	if r.StatusCode != 200 {
		t.Fatalf("%s: %d %s", query, r.StatusCode, r.Body)
	}
	var out []string
	for _, it := range r.JSON(t)["items"].([]any) {
		out = append(out, it.(map[string]any)["id"].(string))
	}
	return out
}

func same(a, b []string) bool { return strings.Join(a, ",") == strings.Join(b, ",") }

// words is what a user reads, each run of blanks made one space.
func words(html string) string { return strings.Join(strings.Fields(text(html)), " ") }

// follow does what a browser does after a form's 303.
func follow(b *browser, r resp) resp {
	if r.StatusCode != http.StatusSeeOther {
		return r
	}
	return b.get(r.Header.Get("Location"))
}

// Each filter of the case list, on the API (the page reads the same query).
func TestCaseListFiltersAPI(t *testing.T) {
	f := newListFixture(t)
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"", []string{f.c3, f.c2, f.c1}},
		{"status=closed", []string{f.c3}},
		{"status=intake", []string{f.c2, f.c1}},
		{"bunya=kodomo", []string{f.c2}},
		{"problem=" + url.QueryEscape("8050"), []string{f.c1}},
		{"problem=" + url.QueryEscape("ダブルケア"), []string{f.c2}},
		{"lead_org_id=" + f.e.orgs["houkatsu"].ID, []string{f.c3, f.c2, f.c1}},
		{"lead_org_id=" + f.e.orgs["kurashi"].ID, nil},
		{"lead_worker_id=" + f.e.users["worker"].ID, []string{f.c3, f.c2, f.c1}},
		{"district=" + url.QueryEscape("北町"), []string{f.c3, f.c2}},
		{"district=" + url.QueryEscape("本町"), []string{f.c1}},
		{"received_from=" + url.QueryEscape("R8.5.1"), []string{f.c3, f.c2}},
		{"received_from=2026-05-01&received_to=" + url.QueryEscape("令和8年5月20日"), []string{f.c2}},
		{"stale_days=30", []string{f.c3, f.c1}},
		{"stale_days=50", nil},
		{"q=" + url.QueryEscape("佐藤"), []string{f.c2}},
		{"q=" + url.QueryEscape("髙橋 一郎"), []string{f.c1}},
		{"q=" + f.numbers[f.c2], []string{f.c2}},
		{"sort=received", []string{f.c1, f.c2, f.c3}},
		{"sort=number", []string{f.c1, f.c2, f.c3}},
		{"sort=-number", []string{f.c3, f.c2, f.c1}},
		{"sort=name", []string{f.c3, f.c2, f.c1}},   // "=cmd…" sorts before kanji
		{"sort=status", []string{f.c1, f.c2, f.c3}}, // 受付 (oldest received first), then 終結
		{"status=intake&bunya=kaigo&problem=8050&district=" + url.QueryEscape("本町"), []string{f.c1}},
	} {
		if got := f.ids(t, f.lead, tc.query); !same(got, tc.want) {
			t.Errorf("%q: got %v, want %v (c1 %s c2 %s c3 %s)", tc.query, got, tc.want, f.c1, f.c2, f.c3)
		}
	}
	if got := f.ids(t, f.lead, "sort=-last_contact"); len(got) != 3 || got[0] != f.c2 {
		t.Errorf("newest record first: %v (c2 %s)", got, f.c2)
	}
	if got := f.ids(t, f.lead, "sort=last_contact"); len(got) != 3 || got[2] != f.c2 {
		t.Errorf("oldest record first (none first): %v (c2 %s)", got, f.c2)
	}
	// every problem at once, each naming its field, in Japanese
	r := f.e.api("GET", "/api/v1/cases?status=nope&received_from=2026-02-30&stale_days=x&problem=unknown", f.lead, nil)
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad filters: %d %s", r.StatusCode, r.Body)
	}
	for _, want := range []string{"状態は一覧から", "受付日（から）は", "最終記録からの日数は", "課題は一覧から"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("bad filters: no %q in %s", want, r.Body)
		}
	}
}

// Filtering by 課題 (and 地区) never tells what the viewer may not read: a
// member under a consent of `basic` neither finds the case by its 課題 nor,
// under DV等支援措置, by the district of the address it may not see.
func TestCaseListProblemFilterNoLeak(t *testing.T) {
	e := newEnv(t)
	caseID, _, _ := e.attackBasicMember(true) // 課題 介護・ひきこもり・8050, 本町, DV
	kurashi := e.token("worker2")
	lead := e.token("worker")
	r := e.api("GET", "/api/v1/cases", kurashi, nil)
	if r.StatusCode != 200 || !strings.Contains(r.Body, caseID) || strings.Contains(r.Body, "8050") {
		t.Fatalf("member's list: %d %s", r.StatusCode, r.Body)
	}
	for _, q := range []string{"problem=8050", "problem=" + url.QueryEscape("介護"), "district=" + url.QueryEscape("本町")} {
		if r := e.api("GET", "/api/v1/cases?"+q, kurashi, nil); r.StatusCode != 200 || strings.Contains(r.Body, caseID) {
			t.Errorf("member filtering %s: %d %s", q, r.StatusCode, r.Body)
		}
		if r := e.api("GET", "/api/v1/cases?"+q, lead, nil); r.StatusCode != 200 || !strings.Contains(r.Body, caseID) {
			t.Errorf("lead filtering %s: %d %s", q, r.StatusCode, r.Body)
		}
	}
	// the page's counts follow the same rule
	b := e.browser()
	b.login("worker2")
	if r := b.get("/cases?problem=8050"); r.StatusCode != 200 || strings.Contains(r.Body, caseID) || !strings.Contains(words(r.Body), "すべて 0件") {
		t.Errorf("member's page: %d %s", r.StatusCode, r.Body)
	}
	// another organization outside the team sees nothing at all
	if r := e.api("GET", "/api/v1/cases?problem=8050", e.token("kodomo"), nil); strings.Contains(r.Body, caseID) {
		t.Errorf("outsider: %s", r.Body)
	}
}

// The page: counts per status, sortable column heads that work as links,
// errors beside the field with the input kept.
func TestCaseListPageSortAndCounts(t *testing.T) {
	f := newListFixture(t)
	b := f.e.browser()
	b.login("worker")
	r := b.get("/cases")
	body := words(r.Body)
	for _, want := range []string{"すべて 3件", "相談受付 2件", "終結 1件", "受付日の新しい順", "令和8年5月25日"} {
		if !strings.Contains(body, want) {
			t.Errorf("page: no %q in %s", want, body)
		}
	}
	if !strings.Contains(r.Body, `aria-sort="descending"`) || !strings.Contains(r.Body, `href="/cases?sort=number"`) {
		t.Errorf("column heads: %s", r.Body)
	}
	// counts ignore the status filter but keep the others
	r = b.get("/cases?status=closed&bunya=kodomo")
	if body := words(r.Body); !strings.Contains(body, "すべて 1件") || !strings.Contains(body, "終結 0件") || !strings.Contains(body, "条件に合うケースはありません") {
		t.Errorf("counts under filters: %s", body)
	}
	r = b.get("/cases?sort=last_contact")
	i1, i2 := strings.Index(r.Body, f.numbers[f.c1]), strings.Index(r.Body, f.numbers[f.c2])
	if i1 < 0 || i2 < 0 || i1 > i2 || !strings.Contains(r.Body, `aria-sort="ascending"`) || !strings.Contains(r.Body, "sort=-last_contact") {
		t.Errorf("oldest record first: c1 at %d, c2 at %d", i1, i2)
	}
	// filters survive the sort link
	r = b.get("/cases?bunya=kaigo&sort=number")
	if !strings.Contains(r.Body, "bunya=kaigo&amp;sort=-number") {
		t.Errorf("sort link drops the filter: %s", r.Body)
	}
	r = b.get("/cases?received_from=R8.2.30&q=" + url.QueryEscape("佐藤"))
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "受付日（から）は 2026-04-01 または R8.4.1 の形") ||
		!strings.Contains(r.Body, `value="佐藤"`) || !strings.Contains(r.Body, `value="R8.2.30"`) {
		t.Errorf("bad date: %d %s", r.StatusCode, words(r.Body))
	}
}

// Saved views belong to one user: another user (even of the same
// organization) neither sees nor deletes them.
func TestCaseListSavedViewsPerUser(t *testing.T) {
	f := newListFixture(t)
	mate := f.e.addUser("mate", "houkatsu", "worker")
	b := f.e.browser()
	b.login("worker")
	r := follow(b, b.post("/case-views", url.Values{"view_name": {"8050の相談"}, "query": {"problem=8050&sort=number&page=3&evil=1"}}))
	if r.StatusCode != 200 || !strings.Contains(r.Body, "条件を保存しました") {
		t.Fatalf("save: %d %s", r.StatusCode, words(r.Body))
	}
	if !strings.Contains(r.Body, `<a href="/cases?problem=8050&amp;sort=number">8050の相談</a>`) || strings.Contains(r.Body, "evil") {
		t.Fatalf("saved view link: %s", r.Body)
	}
	if r := b.post("/case-views", url.Values{"view_name": {"  "}, "query": {"bunya=kaigo"}}); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "条件の名前を入力してください") {
		t.Fatalf("empty name: %d %s", r.StatusCode, words(r.Body))
	}
	views, err := f.e.db.CaseViews(context.Background(), sqldb.ActorFor(f.e.users["worker"]))
	if err != nil || len(views) != 1 {
		t.Fatalf("views: %v %v", views, err)
	}
	other := f.e.browser()
	other.loginAs(mate.Email)
	if r := other.get("/cases"); strings.Contains(r.Body, "8050の相談") || !strings.Contains(r.Body, "保存した条件（0件）") {
		t.Fatalf("another user sees the view: %s", words(r.Body))
	}
	if r := other.post("/case-views/"+views[0].ID+"/delete", url.Values{}); r.StatusCode != http.StatusNotFound {
		t.Fatalf("another user deletes: %d", r.StatusCode)
	}
	if r := follow(b, b.post("/case-views/"+views[0].ID+"/delete", url.Values{"back": {"problem=8050"}})); r.StatusCode != 200 || !strings.Contains(r.Body, "保存した条件を削除しました") || strings.Contains(r.Body, "8050の相談") {
		t.Fatalf("delete: %d %s", r.StatusCode, words(r.Body))
	}
}

// The filtered list is exported as CSV (UTF-8 with BOM, CP932) and .xlsx:
// only the filtered cases, formulas neutralised, the export audited with
// its filters.
func TestCaseListExport(t *testing.T) {
	f := newListFixture(t)
	b := f.e.browser()
	b.login("worker")
	page := b.get("/cases?district=" + url.QueryEscape("北町"))
	if !strings.Contains(page.Body, `href="/cases/export?district=%E5%8C%97%E7%94%BA&amp;format=csv&amp;encoding=cp932"`) {
		t.Errorf("export link: %s", page.Body)
	}
	r := b.get("/cases/export?district=" + url.QueryEscape("北町") + "&format=csv")
	if r.StatusCode != 200 || !strings.HasPrefix(r.Body, "\uFEFF") {
		t.Fatalf("csv: %d %q", r.StatusCode, r.Body[:min(len(r.Body), 40)])
	}
	if !strings.Contains(r.Body, f.numbers[f.c2]) || !strings.Contains(r.Body, f.numbers[f.c3]) || strings.Contains(r.Body, f.numbers[f.c1]) {
		t.Errorf("csv rows: %s", r.Body)
	}
	if !strings.Contains(r.Body, "'=cmd") || strings.Contains(r.Body, ",=cmd") {
		t.Errorf("formula not neutralised: %s", r.Body)
	}
	r = b.get("/cases/export?format=csv&encoding=cp932&q=" + url.QueryEscape("佐藤"))
	if r.StatusCode != 200 || !strings.Contains(r.Header.Get("Content-Type"), "Shift_JIS") {
		t.Fatalf("cp932: %d %s", r.StatusCode, r.Header.Get("Content-Type"))
	}
	dec, err := io.ReadAll(transform.NewReader(bytes.NewReader([]byte(r.Body)), japanese.ShiftJIS.NewDecoder()))
	if err != nil || !strings.Contains(string(dec), "佐藤 花子") || !strings.Contains(string(dec), "ケース番号") || strings.Contains(string(dec), "髙橋") {
		t.Errorf("cp932 body: %v %s", err, dec)
	}
	r = b.get("/cases/export?format=xlsx&status=closed")
	if r.StatusCode != 200 || !strings.HasPrefix(r.Body, "PK") || !strings.Contains(r.Header.Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("xlsx: %d %s", r.StatusCode, r.Header.Get("Content-Type"))
	}
	evs, err := f.e.db.AuditEvents(context.Background(), sqldb.ActorFor(f.e.users["privacy"]), sqldb.AuditFilter{Action: "export", Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	var reasons []string
	for _, ev := range evs {
		if ev.ObjectType == "cases" && ev.ActorID == f.e.users["worker"].ID {
			reasons = append(reasons, ev.Reason)
		}
	}
	joined := strings.Join(reasons, "|")
	if len(reasons) != 3 || !strings.Contains(joined, "cp932 1件") || !strings.Contains(joined, "xlsx 1件 条件 status=closed") || !strings.Contains(joined, "2件 条件 district=") {
		t.Errorf("export audit: %v", reasons)
	}
	// another organization's export holds none of these cases
	other := f.e.browser()
	other.login("worker2")
	if r := other.get("/cases/export?format=csv"); r.StatusCode != 200 || strings.Contains(r.Body, f.numbers[f.c1]) {
		t.Errorf("outsider export: %d %s", r.StatusCode, r.Body)
	}
}

// Home: the system alerts are headed 対応が必要なこと, name the person beside
// the case number with dates in 和暦, and 担当しているケース leaves out closed
// cases.
func TestHomeAlertsNamePersonAndOpenCases(t *testing.T) {
	f := newListFixture(t)
	f.e.attackConsent(f.lead, f.p2, []string{f.e.orgs["kurashi"].ID}, []string{"basic", "records"}, nil)
	if r := f.e.api("POST", "/api/v1/referrals", f.lead, map[string]any{"case_id": f.c2, "to_organization_id": f.e.orgs["kurashi"].ID,
		"reason": "家計の相談", "due_on": "2026-07-13"}); r.StatusCode != http.StatusCreated {
		t.Fatalf("referral: %d %s", r.StatusCode, r.Body)
	}
	f.e.clock.Add(5 * 24 * time.Hour)
	b := f.e.browser()
	b.login("worker")
	r := b.get("/")
	body := words(r.Body)
	if !strings.Contains(body, "対応が必要なこと（") || strings.Contains(body, "見守り（") {
		t.Errorf("heading: %s", body)
	}
	if !strings.Contains(body, "髙橋 一郎 （ケース "+f.numbers[f.c1]+"）") || !strings.Contains(body, "45 日間、支援経過の記録がありません") {
		t.Errorf("alert naming the person: %s", body)
	}
	if !strings.Contains(body, "佐藤 花子 （ケース "+f.numbers[f.c2]+"）") || !strings.Contains(body, "期限 令和8年7月13日") || strings.Contains(body, "期限 2026-07-13") {
		t.Errorf("overdue referral alert: %s", body)
	}
	cases := body[strings.Index(body, "担当しているケース"):]
	if !strings.Contains(cases, f.numbers[f.c1]) || !strings.Contains(cases, f.numbers[f.c2]) || strings.Contains(cases, f.numbers[f.c3]) {
		t.Errorf("open cases: %s", cases)
	}
	al := f.e.api("GET", "/api/v1/alerts", f.lead, nil)
	if !strings.Contains(al.Body, `"person_name":"髙橋 一郎"`) || !strings.Contains(al.Body, `"case_number":"`+f.numbers[f.c1]+`"`) {
		t.Errorf("alerts API: %s", al.Body)
	}
}
