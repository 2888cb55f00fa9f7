package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
)

// officerOnTeam adds a privacy officer who is also a worker of houkatsu, the
// lead of the cases the tests make: that officer may see those persons.
func (e *env) officerOnTeam() string {
	e.t.Helper()
	u := casework.User{OrganizationID: e.orgs["houkatsu"].ID, Email: "privacy2@example.jp", Name: "職員 privacy2", Roles: []string{"privacy_officer", "worker"}}
	if err := e.db.CreateUser(context.Background(), e.sys, &u, passwordHash(e.t)); err != nil {
		e.t.Fatal(err)
	}
	e.users["privacy2"] = u
	return "privacy2"
}

// TestAuditPageReadsForAPrivacyOfficer: staff name and organization,
// Japanese action labels, times in JST with 和暦; the person's name only
// for an officer who may see the person, 「（閲覧権限外）」 otherwise.
func TestAuditPageReadsForAPrivacyOfficer(t *testing.T) {
	e := newEnv(t)
	cid, pid := e.emergencyHousehold()
	tok := e.token("worker")
	if r := e.api("GET", "/api/v1/cases/"+cid, tok, nil); r.StatusCode != 200 {
		t.Fatalf("case: %d", r.StatusCode)
	}
	number := e.api("GET", "/api/v1/cases/"+cid, tok, nil).JSON(t)["number"].(string)
	b := e.browser()
	b.login("privacy")
	r := b.get("/audit?person_id=" + pid)
	page := text(r.Body)
	if r.StatusCode != 200 {
		t.Fatalf("audit page: %d", r.StatusCode)
	}
	for _, want := range []string{"職員 worker", "houkatsu機関", "登録", "本人", "（閲覧権限外）", "令和8年6月1日 10:00:00", "2026-06-01"} {
		if !strings.Contains(page, want) {
			t.Errorf("the audit page does not show %q:\n%s", want, page)
		}
	}
	if strings.Contains(page, "緒方") || strings.Contains(page, ">create<") || strings.Contains(page, "2026-06-01T01") {
		t.Errorf("a privacy officer outside the team sees the name, a code or UTC:\n%s", page)
	}
	// the same events for an officer whose organization leads the case
	b2 := e.browser()
	b2.login(e.officerOnTeam())
	page = text(b2.get("/audit?person_id=" + pid).Body)
	if !strings.Contains(page, "本人：緒方 ハル") {
		t.Errorf("an officer on the team does not see the person's name:\n%s", page)
	}
	page = text(b2.get("/audit?case=" + url.QueryEscape(number)).Body)
	if !strings.Contains(page, "ケース："+number) || !strings.Contains(page, "閲覧") {
		t.Errorf("the case filter by number does not show the case events:\n%s", page)
	}
	// the API carries the same, without widening
	j := e.api("GET", "/api/v1/audit?person_id="+pid, e.token("privacy"), nil).JSON(t)
	items := j["items"].([]any)
	if len(items) == 0 {
		t.Fatal("no API items")
	}
	it := items[0].(map[string]any)
	if it["actor_name"] != "職員 worker" || it["actor_organization_name"] != "houkatsu機関" || it["subject_hidden"] != true || it["subject"] != nil || it["action_label"] == it["action"] {
		t.Errorf("API item: %v", it)
	}
}

// TestAuditFiltersAndPagingPast200: filters by staff, organization,
// person, case, action and dates; 次へ and 前へ walk past 200 events.
func TestAuditFiltersAndPagingPast200(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	cid, pid := e.emergencyHousehold()
	w2 := sqldb.ActorFor(e.users["worker2"])
	for i := 0; i < 230; i++ {
		if err := e.db.RecordPrint(ctx, w2, "outreach_report", "r1"); err != nil {
			t.Fatal(err)
		}
	}
	b := e.browser()
	b.login("privacy")
	rows := regexp.MustCompile(`<tr id="e-`)
	next := regexp.MustCompile(`href="([^"]+)">次へ`)
	prev := regexp.MustCompile(`href="([^"]+)">← 前へ`)
	r := b.get("/audit?action=print&actor_id=" + e.users["worker2"].ID)
	if n := len(rows.FindAllString(r.Body, -1)); n != 200 {
		t.Fatalf("first page: %d rows", n)
	}
	if prev.MatchString(r.Body) {
		t.Error("the first page offers 前へ")
	}
	m := next.FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatalf("no 次へ on the first page")
	}
	r2 := b.get(strings.ReplaceAll(m[1], "&amp;", "&"))
	if n := len(rows.FindAllString(r2.Body, -1)); n != 30 || next.MatchString(r2.Body) {
		t.Fatalf("second page: %d rows, next %v", n, next.MatchString(r2.Body))
	}
	if !strings.Contains(text(r2.Body), "印刷") || strings.Contains(r2.Body, "<td>登録") {
		t.Error("the action filter does not hold on page 2")
	}
	pm := prev.FindStringSubmatch(r2.Body)
	if pm == nil {
		t.Fatal("no 前へ on page 2")
	}
	r3 := b.get(strings.ReplaceAll(pm[1], "&amp;", "&"))
	if len(rows.FindAllString(r3.Body, -1)) != 200 || prev.MatchString(r3.Body) {
		t.Error("前へ does not return to the first page")
	}
	// organization: kurashi (worker2) has prints, houkatsu (worker) has none
	if n := len(rows.FindAllString(b.get("/audit?action=print&organization_id="+e.orgs["houkatsu"].ID).Body, -1)); n != 0 {
		t.Errorf("organization filter: %d rows of houkatsu prints", n)
	}
	if n := len(rows.FindAllString(b.get("/audit?action=create&organization_id="+e.orgs["houkatsu"].ID).Body, -1)); n < 5 {
		t.Errorf("organization filter: %d houkatsu creates", n)
	}
	// person and case
	for _, q := range []string{"person_id=" + pid, "case=" + cid} {
		body := b.get("/audit?" + q).Body
		if n := len(rows.FindAllString(body, -1)); n == 0 || strings.Contains(body, "報告") && strings.Contains(text(body), "アウトリーチの集計") {
			t.Errorf("%s: %d rows", q, n)
		}
	}
	// dates, in 和暦 or 西暦; a range before the events is empty
	if n := len(rows.FindAllString(b.get("/audit?from=R8.6.1&to=2026-06-01&action=print").Body, -1)); n != 200 {
		t.Errorf("date range of the day: %d rows", n)
	}
	if body := b.get("/audit?to=R8.5.31").Body; len(rows.FindAllString(body, -1)) != 0 || !strings.Contains(body, "条件に合う記録はありません") {
		t.Error("a range before the events is not empty")
	}
	// a wrong date is shown beside the field with what was typed
	bad := b.get("/audit?from=R8.2.30&to=きのう")
	if bad.StatusCode != http.StatusBadRequest || strings.Count(bad.Body, `class="field-error"`) != 2 || !strings.Contains(bad.Body, `value="R8.2.30"`) {
		t.Errorf("bad dates: %d\n%s", bad.StatusCode, bad.Body)
	}
	// the API pages with next_cursor
	tok := e.token("privacy")
	j := e.api("GET", "/api/v1/audit?action=print", tok, nil).JSON(t)
	if len(j["items"].([]any)) != 200 || j["next_cursor"] == "" {
		t.Fatalf("API first page: %d %v", len(j["items"].([]any)), j["next_cursor"])
	}
	j2 := e.api("GET", "/api/v1/audit?action=print&cursor="+j["next_cursor"].(string), tok, nil).JSON(t)
	if len(j2["items"].([]any)) != 30 {
		t.Errorf("API second page: %d", len(j2["items"].([]any)))
	}
	if r := e.api("GET", "/api/v1/audit", e.token("worker"), nil); r.StatusCode != 403 {
		t.Errorf("a worker reads the audit log: %d", r.StatusCode)
	}
}

// TestAuditSearchTermsRecorded: the terms of a person search are in the
// audit log and shown to the officer, never in the server log.
func TestAuditSearchTermsRecorded(t *testing.T) {
	e := newEnv(t)
	e.emergencyHousehold()
	if r := e.api("GET", "/api/v1/persons?q="+url.QueryEscape("緒方はる"), e.token("worker2"), nil); r.StatusCode != 200 {
		t.Fatalf("search: %d", r.StatusCode)
	}
	b := e.browser()
	b.login("privacy")
	page := text(b.get("/audit?action=search").Body)
	if !strings.Contains(page, "検索語: 緒方はる") || !strings.Contains(page, "職員 worker2") {
		t.Errorf("the search terms are not on the audit page:\n%s", page)
	}
	if logs := e.logs.String(); strings.Contains(logs, "緒方") || strings.Contains(logs, url.QueryEscape("緒方")) {
		t.Errorf("the search terms reach the server log:\n%s", logs)
	}
}

// TestAuditCSVExportIsAuditedAndFormulaSafe: the filtered log as CSV in
// UTF-8 with BOM and CP932, a cell that would be a formula neutralized,
// and the export itself in the log.
func TestAuditCSVExportIsAuditedAndFormulaSafe(t *testing.T) {
	e := newEnv(t)
	if r := e.api("GET", "/api/v1/persons?q="+url.QueryEscape("=HYPERLINK(\"x\")緒方"), e.token("worker2"), nil); r.StatusCode != 200 {
		t.Fatalf("search: %d %s", r.StatusCode, r.Body)
	}
	// a review note that a spreadsheet would run as a formula
	_, pid := e.emergencyHousehold()
	if r := e.api("POST", "/api/v1/persons/"+pid+"/break-glass", e.token("worker2"), map[string]any{"reason": "自宅で倒れているとの通報、家族への連絡が必要"}); r.StatusCode != 201 {
		t.Fatalf("break-glass: %d %s", r.StatusCode, r.Body)
	}
	bg, err := e.db.AuditEvents(context.Background(), sqldb.ActorFor(e.users["privacy"]), sqldb.AuditFilter{Action: casework.ActBreakGlass})
	if err != nil || len(bg) != 1 {
		t.Fatal(err, len(bg))
	}
	if r := e.api("POST", "/api/v1/audit/"+bg[0].ID+"/review", e.token("privacy"), map[string]any{"note": "=HYPERLINK(\"http://x\")"}); r.StatusCode != 200 {
		t.Fatalf("review: %d %s", r.StatusCode, r.Body)
	}
	b := e.browser()
	b.login("privacy")
	if x := b.get("/audit/export?action=break_glass"); !strings.Contains(x.Body, `'=HYPERLINK(""http://x"")`) {
		t.Errorf("the formula in the note is not neutralized:\n%s", x.Body)
	}
	r := b.get("/audit/export?action=search&encoding=utf8")
	if r.StatusCode != 200 || !strings.HasPrefix(r.Body, "\uFEFF") || !strings.Contains(r.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("export: %d %q %s", r.StatusCode, r.Header.Get("Content-Disposition"), r.Body[:min(len(r.Body), 200)])
	}
	if !strings.Contains(r.Body, "'検索語: =HYPERLINK") && !strings.Contains(r.Body, "検索語: =HYPERLINK") {
		t.Fatalf("the search event is not in the export:\n%s", r.Body)
	}
	if !strings.Contains(r.Body, "番号,日時（和暦）") || !strings.Contains(r.Body, "職員 worker2") || !strings.Contains(r.Body, "検索") || strings.Contains(r.Body, "ログイン") {
		t.Errorf("export content:\n%s", r.Body)
	}
	for _, line := range strings.Split(r.Body, "\r\n") {
		for _, cell := range strings.Split(line, ",") {
			c := strings.Trim(cell, `"`)
			if c != "" && strings.ContainsRune("=+-@", rune(c[0])) && !regexp.MustCompile(`^-?\d`).MatchString(c) {
				t.Errorf("a cell starts a formula: %q", c)
			}
		}
	}
	cp := b.get("/audit/export?action=search&encoding=cp932")
	if cp.StatusCode != 200 || !strings.Contains(cp.Header.Get("Content-Type"), "Shift_JIS") || strings.HasPrefix(cp.Body, "\uFEFF") {
		t.Errorf("cp932 export: %d %s", cp.StatusCode, cp.Header.Get("Content-Type"))
	}
	evs, err := e.db.AuditEvents(context.Background(), sqldb.ActorFor(e.users["privacy"]), sqldb.AuditFilter{Action: casework.ActExport})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 3 || evs[0].ObjectType != "audit_log" || !strings.Contains(evs[0].Reason, "操作=search") {
		t.Errorf("the exports are not audited: %+v", evs)
	}
	if r := e.browser(); true {
		r.login("worker")
		if x := r.get("/audit/export"); x.StatusCode != 403 || strings.Contains(x.Body, "番号,日時") {
			t.Errorf("a worker exports the audit log: %d", x.StatusCode)
		}
	}
}

// TestAuditReviewOfBreakGlass: only the privacy officer marks a flagged
// entry 確認済み with a note; the count on the officer's home goes down;
// the review is itself audited and the chain still verifies.
func TestAuditReviewOfBreakGlass(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	_, pid := e.emergencyHousehold()
	if r := e.api("POST", "/api/v1/persons/"+pid+"/break-glass", e.token("worker2"), map[string]any{"reason": "自宅で倒れているとの通報、家族への連絡が必要"}); r.StatusCode != 201 {
		t.Fatalf("break-glass: %d %s", r.StatusCode, r.Body)
	}
	officer := e.browser()
	officer.login("privacy")
	if home := text(officer.get("/").Body); !strings.Contains(home, "未確認が 1件") {
		t.Fatalf("the officer's home does not count the break-glass:\n%s", home)
	}
	if home := text(e.loggedIn("worker").get("/").Body); strings.Contains(home, "要確認の監査ログ") {
		t.Error("a worker's home shows the audit count")
	}
	evs, err := e.db.AuditEvents(ctx, sqldb.ActorFor(e.users["privacy"]), sqldb.AuditFilter{Action: casework.ActBreakGlass})
	if err != nil || len(evs) != 1 {
		t.Fatalf("break-glass events: %v %d", err, len(evs))
	}
	id := evs[0].ID
	page := officer.get("/audit?unreviewed=1")
	if !strings.Contains(page.Body, `action="/audit/events/`+id+`/review"`) || !strings.Contains(text(page.Body), "緊急時の閲覧（ブレークグラス）") {
		t.Fatalf("no review form for the break-glass:\n%s", text(page.Body))
	}
	// not the worker, nor the administrator
	for _, u := range []string{"worker", "admin"} {
		if r := e.loggedIn(u).post("/audit/events/"+id+"/review", url.Values{"note": {"見た"}}); r.StatusCode != 403 {
			t.Errorf("%s reviews: %d", u, r.StatusCode)
		}
	}
	if r := e.api("POST", "/api/v1/audit/"+id+"/review", e.token("coord"), map[string]any{"note": "x"}); r.StatusCode != 403 {
		t.Errorf("API review by a coordinator: %d", r.StatusCode)
	}
	// a too long note is shown beside the field, kept
	long := strings.Repeat("長", 1001)
	r := officer.post("/audit/events/"+id+"/review", url.Values{"note": {long}, "back": {"unreviewed=1"}})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "1000文字以内") || !strings.Contains(r.Body, long) {
		t.Fatalf("long note: %d", r.StatusCode)
	}
	r = officer.post("/audit/events/"+id+"/review", url.Values{"note": {"通報記録と照合、正当な緊急対応と確認"}, "back": {"unreviewed=1"}})
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/audit?") {
		t.Fatalf("review: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	if home := text(officer.get("/").Body); !strings.Contains(home, "未確認のものはありません") {
		t.Errorf("the count did not go down:\n%s", home)
	}
	page = officer.get("/audit?flagged=1")
	pt := text(page.Body)
	for _, want := range []string{"確認済み", "職員 privacy", "通報記録と照合、正当な緊急対応と確認", "確認済みの記録"} {
		if !strings.Contains(pt, want) && want != "確認済みの記録" {
			t.Errorf("the reviewed entry does not show %q", want)
		}
	}
	if strings.Contains(page.Body, `action="/audit/events/`+id+`/review"`) {
		t.Error("the reviewed entry still offers the review")
	}
	// twice: a conflict, beside the field
	if r := e.api("POST", "/api/v1/audit/"+id+"/review", e.token("privacy"), map[string]any{"note": "再確認"}); r.StatusCode != 409 {
		t.Errorf("second review: %d", r.StatusCode)
	}
	// the review is an event of its own and the chain is intact
	rev, err := e.db.AuditEvents(ctx, sqldb.ActorFor(e.users["privacy"]), sqldb.AuditFilter{Action: casework.ActReview})
	if err != nil || len(rev) != 1 || rev[0].ObjectID != id || rev[0].ActorID != e.users["privacy"].ID {
		t.Fatalf("review event: %v %+v", err, rev)
	}
	if v, err := e.db.VerifyAudit(ctx); err != nil || v.BrokenSeq != 0 {
		t.Fatalf("verify after review: %v %+v", err, v)
	}
	if !strings.Contains(text(officer.get("/audit?action=review").Body), "確認済みの記録") {
		t.Error("the review event has no label on the page")
	}
}

// loggedIn is a browser logged in as user.
func (e *env) loggedIn(user string) *browser {
	e.t.Helper()
	b := e.browser()
	b.login(user)
	return b
}
