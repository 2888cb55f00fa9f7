package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
)

// oldClosedCase takes a case in FY2015 with a contact and closes it, with
// the clock set back, then puts the clock back to 2026-06-01.
func (e *env) oldClosedCase() (caseID, personID string) {
	e.t.Helper()
	ctx := context.Background()
	now := e.clock.Now()
	e.clock.Add(time.Date(2015, 6, 1, 1, 0, 0, 0, time.UTC).Sub(now))
	defer e.clock.Add(now.Sub(e.clock.Now()))
	w := sqldb.ActorFor(e.users["worker"])
	p := casework.Person{Identified: true, FamilyName: "保存満了", GivenName: "花子", FamilyKana: "ホゾンマンリョウ", GivenKana: "ハナコ", BirthDate: "1950-02-03",
		Sex: "female", Phone: "045-000-1234"}
	if err := e.db.CreatePerson(ctx, w, &p); err != nil {
		e.t.Fatal(err)
	}
	c := casework.Case{FocusPersonID: p.ID, ReceivedOn: "2015-06-01", Route: "本人", Method: "来所", Bunya: []string{"kaigo"}, Complaint: "満了前の相談"}
	if err := e.db.CreateCase(ctx, w, &c); err != nil {
		e.t.Fatal(err)
	}
	if err := e.db.AddContact(ctx, w, &casework.Contact{CaseID: c.ID, At: e.clock.Now(), Method: "電話", Content: "満了前の支援経過", Minutes: 5, Jigyo: "sodan", Bunya: "kaigo"}); err != nil {
		e.t.Fatal(err)
	}
	e.clock.Add(200 * 24 * time.Hour)
	if _, err := e.db.TransitionCase(ctx, w, c.ID, "closed", "resolved"); err != nil {
		e.t.Fatal(err)
	}
	return c.ID, p.ID
}

// TestRetentionPages: the pages of the roles that decide: the overview
// with the policies, the scan and the 廃棄記録; a bad period is shown
// beside its field with what was typed; a proposal cannot be approved by
// its proposer (no button, and 403 if sent); a second privacy officer
// approves, an administrator carries it out; the hold form reports every
// missing field. Workers reach none of it.
func TestRetentionPages(t *testing.T) {
	e := newEnv(t)
	caseID, personID := e.oldClosedCase()
	e.addUser("privacy2", "city", "privacy_officer")
	admin, privacy, privacy2, worker := e.loggedIn("admin"), e.loggedIn("privacy"), e.loggedIn("privacy2"), e.loggedIn("worker")

	if r := worker.get("/retention"); r.StatusCode != http.StatusForbidden {
		t.Fatalf("worker: %d", r.StatusCode)
	}
	if r := worker.get("/"); strings.Contains(r.Body, `href="/retention"`) {
		t.Fatal("the worker's menu offers 保存年限・廃棄")
	}
	r := admin.get("/retention")
	if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, `href="/retention"`) || !strings.Contains(text(r.Body), "ケースとその記録") ||
		!strings.Contains(r.Body, `name="years"`) || strings.Contains(r.Body, "満了前") || strings.Contains(r.Body, "保存満了") {
		t.Fatalf("overview for the administrator: %d %s", r.StatusCode, text(r.Body))
	}
	if !strings.Contains(text(r.Body), "令和3年4月1日") { // FY2026 with 5 years: completed before 2021-04-01
		t.Errorf("the cutoff in 和暦 is missing: %s", text(r.Body))
	}
	// a bad period: message beside the field, typed value kept, nothing saved
	r = admin.post("/retention/policies", url.Values{"record_type": {"case"}, "years": {"五年"}, "version": {"0"}})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="f-years-case-error"`) || !strings.Contains(r.Body, `value="五年"`) {
		t.Fatalf("bad period: %d %s", r.StatusCode, text(r.Body))
	}
	if r = privacy.post("/retention/policies", url.Values{"record_type": {"case"}, "years": {"7"}}); r.StatusCode != http.StatusForbidden {
		t.Fatalf("a privacy officer changes the policy: %d", r.StatusCode)
	}
	if r = admin.post("/retention/policies", url.Values{"record_type": {"meeting"}, "years": {"永年"}, "version": {"0"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("永年: %d %s", r.StatusCode, text(r.Body))
	}
	if r = admin.get("/retention"); !strings.Contains(text(r.Body), "永年保存") {
		t.Fatal("meeting records not shown as 永年")
	}
	// the list of one type, without names
	r = privacy.get("/retention/due?type=case")
	if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, caseID) || strings.Contains(r.Body, "保存満了") || !strings.Contains(text(r.Body), "平成27年度") {
		t.Fatalf("due cases: %d %s", r.StatusCode, text(r.Body))
	}
	if r = privacy.get("/retention/due?type=case&fiscal_year=abc"); r.StatusCode != http.StatusBadRequest || !strings.Contains(r.Body, `value="abc"`) {
		t.Fatalf("bad fiscal year: %d", r.StatusCode)
	}
	// propose, then the proposer may not approve
	r = privacy.post("/retention/decisions", url.Values{"record_type": {"case"}, "fiscal_year": {"平成27"}, "reason": {"定期廃棄"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("propose: %d %s", r.StatusCode, text(r.Body))
	}
	loc := r.Header.Get("Location")
	id := strings.TrimPrefix(strings.Split(loc, "?")[0], "/retention/decisions/")
	r = privacy.get(loc)
	if r.StatusCode != http.StatusOK || strings.Contains(r.Body, "/approve") || !strings.Contains(text(r.Body), "承認待ち") {
		t.Fatalf("the proposer's decision page: %d %s", r.StatusCode, text(r.Body))
	}
	if r = privacy.post("/retention/decisions/"+id+"/approve", url.Values{"version": {"1"}}); r.StatusCode != http.StatusForbidden {
		t.Fatalf("self-approval: %d", r.StatusCode)
	}
	if r = admin.post("/retention/decisions/"+id+"/dispose", url.Values{"version": {"1"}}); r.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(text(r.Body), "まだ承認されていません") {
		t.Fatalf("disposal before approval: %d %s", r.StatusCode, text(r.Body))
	}
	if r = privacy2.get("/retention/decisions/" + id); !strings.Contains(r.Body, "/approve") {
		t.Fatal("the second officer is not offered the approval")
	}
	if r = privacy2.post("/retention/decisions/"+id+"/approve", url.Values{"version": {"1"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("approval: %d %s", r.StatusCode, text(r.Body))
	}
	if r = admin.post("/retention/decisions/"+id+"/dispose", url.Values{"version": {"1"}}); r.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(text(r.Body), "ほかの職員が先に") {
		t.Fatalf("stale version: %d %s", r.StatusCode, text(r.Body))
	}
	if r = admin.post("/retention/decisions/"+id+"/dispose", url.Values{"version": {"2"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("disposal: %d %s", r.StatusCode, text(r.Body))
	}
	r = admin.get("/retention/decisions/" + id + "?done=dispose")
	if !strings.Contains(text(r.Body), "廃棄済み") || !strings.Contains(text(r.Body), "職員 privacy2") || !strings.Contains(text(r.Body), "本人の匿名化 1人") {
		t.Fatalf("廃棄記録 page: %s", text(r.Body))
	}
	if r = admin.get("/retention"); !strings.Contains(text(r.Body), "職員 privacy2") {
		t.Fatal("the 廃棄記録 is not on the overview")
	}
	if r = e.loggedIn("worker").get("/persons/" + personID); strings.Contains(r.Body, "保存満了") || strings.Contains(r.Body, "045-000-1234") {
		t.Fatal("the person page still shows the disposed person")
	}
	// holds: every missing field reported, then one set and lifted
	r = privacy.post("/retention/holds", url.Values{"subject_type": {"case"}})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="f-subject_id-error"`) || !strings.Contains(r.Body, `id="f-kind-error"`) ||
		!strings.Contains(r.Body, `id="f-reason-error"`) {
		t.Fatalf("empty hold: %d %s", r.StatusCode, text(r.Body))
	}
	if r = admin.post("/retention/holds", url.Values{"subject_type": {"person"}, "subject_id": {personID}, "kind": {"audit"}, "reason": {"x"}}); r.StatusCode != http.StatusForbidden {
		t.Fatalf("an administrator sets a hold: %d", r.StatusCode)
	}
	if r = privacy.post("/retention/holds", url.Values{"subject_type": {"person"}, "subject_id": {personID}, "kind": {"disclosure"}, "reason": {"開示請求 第12号"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("hold: %d %s", r.StatusCode, text(r.Body))
	}
	r = privacy.get("/retention/holds")
	if !strings.Contains(text(r.Body), "開示請求 第12号") || !strings.Contains(r.Body, "/lift") {
		t.Fatalf("holds page: %s", text(r.Body))
	}
	hs, err := e.db.LegalHolds(context.Background(), sqldb.ActorFor(e.users["privacy"]), false)
	if err != nil || len(hs) != 1 {
		t.Fatalf("holds: %v %d", err, len(hs))
	}
	if r = privacy.post("/retention/holds/"+hs[0].ID+"/lift", url.Values{"version": {"1"}}); r.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, `id="f-lift_reason-`+hs[0].ID+`-error"`) {
		t.Fatalf("lift without a reason: %d %s", r.StatusCode, text(r.Body))
	}
	if r = privacy.post("/retention/holds/"+hs[0].ID+"/lift", url.Values{"version": {"1"}, "lift_reason": {"開示決定"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("lift: %d %s", r.StatusCode, text(r.Body))
	}
}

// TestRetentionAPI: the JSON API gives the same decisions: problem+json
// for the proposer's approval (403) and a disposal before approval (422).
func TestRetentionAPI(t *testing.T) {
	e := newEnv(t)
	e.oldClosedCase()
	e.addUser("privacy2", "city", "privacy_officer")
	po, po2, admin, worker := e.token("privacy"), e.token("privacy2"), e.token("admin"), e.token("worker")
	if r := e.api("GET", "/api/v1/retention/due?type=case", worker, nil); r.StatusCode != http.StatusForbidden {
		t.Fatalf("worker: %d", r.StatusCode)
	}
	r := e.api("GET", "/api/v1/retention/due?type=case", admin, nil)
	if r.StatusCode != http.StatusOK || r.JSON(t)["total"].(float64) != 1 {
		t.Fatalf("due: %d %s", r.StatusCode, r.Body)
	}
	if r = e.api("GET", "/api/v1/retention/policies", admin, nil); r.StatusCode != http.StatusOK || len(r.JSON(t)["items"].([]any)) != 5 {
		t.Fatalf("policies: %s", r.Body)
	}
	if r = e.api("PUT", "/api/v1/retention/policies/consent", admin, map[string]any{"years": 0, "version": 0}); r.StatusCode != http.StatusOK || r.JSON(t)["permanent"] != true {
		t.Fatalf("永年 by API: %d %s", r.StatusCode, r.Body)
	}
	r = e.api("POST", "/api/v1/retention/decisions", po, map[string]any{"record_type": "case"})
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("propose: %d %s", r.StatusCode, r.Body)
	}
	id := r.JSON(t)["id"].(string)
	if r = e.api("POST", "/api/v1/retention/decisions/"+id+"/approve", po, map[string]any{}); r.StatusCode != http.StatusForbidden || r.JSON(t)["code"] != "forbidden" {
		t.Fatalf("self-approval: %d %s", r.StatusCode, r.Body)
	}
	if r = e.api("POST", "/api/v1/retention/decisions/"+id+"/dispose", admin, nil); r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("dispose before approval: %d %s", r.StatusCode, r.Body)
	}
	if r = e.api("POST", "/api/v1/retention/decisions/"+id+"/approve", po2, nil); r.StatusCode != http.StatusOK || r.JSON(t)["status"] != "approved" {
		t.Fatalf("approve: %d %s", r.StatusCode, r.Body)
	}
	if r = e.api("POST", "/api/v1/retention/decisions/"+id+"/dispose", admin, nil); r.StatusCode != http.StatusOK || r.JSON(t)["status"] != "disposed" {
		t.Fatalf("dispose: %d %s", r.StatusCode, r.Body)
	}
	if r = e.api("GET", "/api/v1/retention/decisions/"+id, po, nil); r.StatusCode != http.StatusOK || len(r.JSON(t)["items"].([]any)) != 1 {
		t.Fatalf("decision: %d %s", r.StatusCode, r.Body)
	}
	if r = e.api("GET", "/api/v1/retention/decisions?status=disposed", po, nil); len(r.JSON(t)["items"].([]any)) != 1 {
		t.Fatalf("disposed decisions: %s", r.Body)
	}
	if r = e.api("POST", "/api/v1/legal-holds", po, map[string]any{"subject_type": "case", "subject_id": "nothing", "kind": "audit", "reason": "監査"}); r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("hold on an unknown case: %d %s", r.StatusCode, r.Body)
	}
	if r = e.api("GET", "/api/v1/legal-holds?all=true", po, nil); r.StatusCode != http.StatusOK {
		t.Fatalf("holds: %d", r.StatusCode)
	}
}
