package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
)

// TestDisclosurePagesAndAPI: the privacy officer finds the person by name
// and birth date, records a 開示請求 (a mistake is shown beside the field
// with what was typed), produces the bundle as A4 print, xlsx, JSON and by
// the API; a worker can do none of it. A decided 利用停止 warns on the
// person's and the case's pages.
func TestDisclosurePagesAndAPI(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	w := sqldb.ActorFor(e.users["worker"])
	p := casework.Person{Identified: true, FamilyName: "開示", GivenName: "請子", FamilyKana: "カイジ", GivenKana: "セイコ", BirthDate: "1970-01-02", Sex: "female"}
	if err := e.db.CreatePerson(ctx, w, &p); err != nil {
		t.Fatal(err)
	}
	c := casework.Case{FocusPersonID: p.ID, ReceivedOn: "2026-05-01", Route: "本人", Method: "来所", Bunya: []string{"konkyu"}, Problems: []string{"経済的困窮"},
		Complaint: "家賃の滞納"}
	c.Visitor = &casework.Visitor{Name: "付添 太郎", Relation: "友人"}
	if err := e.db.CreateCase(ctx, w, &c); err != nil {
		t.Fatal(err)
	}
	po := e.browser()
	po.login("privacy")
	if r := po.get("/"); !strings.Contains(r.Body, `href="/disclosure"`) {
		t.Fatal("no menu item for 開示請求")
	}
	r := po.get("/disclosure?name=" + url.QueryEscape("カイジセイコ") + "&birth_date=" + url.QueryEscape("S45.1.2"))
	if r.StatusCode != 200 || !strings.Contains(r.Body, "/persons/"+p.ID+"/disclosure") {
		t.Fatalf("lookup: %d %s", r.StatusCode, text(r.Body))
	}
	r = po.post("/persons/"+p.ID+"/disclosure/requests", url.Values{"request_number": {"R8-1"}, "received_on": {"令和9年1月1日"},
		"requester_name": {"開示 請子"}, "requester_relation": {"本人"}})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "受付日に未来の日付は入力できません。") || !strings.Contains(r.Body, `value="R8-1"`) {
		t.Fatalf("a future date: %d %s", r.StatusCode, text(r.Body))
	}
	r = po.post("/persons/"+p.ID+"/disclosure/requests", url.Values{"request_number": {"R8-1"}, "received_on": {"R8.6.1"},
		"requester_name": {"開示 請子"}, "requester_relation": {"本人"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("request: %d %s", r.StatusCode, text(r.Body))
	}
	reqs, err := e.db.DisclosureRequests(ctx, sqldb.ActorFor(e.users["privacy"]), p.ID)
	if err != nil || len(reqs) != 1 {
		t.Fatalf("requests: %v %v", reqs, err)
	}
	rid := reqs[0].ID
	r = po.get("/persons/" + p.ID + "/disclosure")
	if !strings.Contains(r.Body, "R8-1") || !strings.Contains(r.Body, "disclosure/print?request="+rid) {
		t.Fatalf("person page: %s", text(r.Body))
	}
	r = po.get("/persons/" + p.ID + "/disclosure/print?request=" + rid)
	for _, want := range []string{"保有個人情報開示資料", "家賃の滞納", "付添 太郎", "第三者の情報（個人情報保護法第78条第1項第2号）", "印刷する"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("print view lacks %q", want)
		}
	}
	if r := po.get("/persons/" + p.ID + "/disclosure/print"); r.StatusCode == 200 {
		t.Error("a bundle without a request")
	}
	x := po.get("/persons/" + p.ID + "/disclosure/export?request=" + rid + "&format=xlsx")
	if x.StatusCode != 200 || !strings.Contains(x.Header.Get("Content-Type"), "spreadsheetml") || !strings.HasPrefix(x.Body, "PK") {
		t.Fatalf("xlsx: %d %s", x.StatusCode, x.Header.Get("Content-Type"))
	}
	tok := e.token("privacy")
	api := e.api("GET", "/api/v1/persons/"+p.ID+"/disclosure?request_id="+rid, tok, nil)
	var b struct {
		Request struct {
			RequestNumber string `json:"request_number"`
		} `json:"request"`
		Sections []struct{ Key string } `json:"sections"`
		Counts   struct {
			ThirdParty int `json:"third_party_fields"`
		} `json:"counts"`
	}
	if err := json.Unmarshal([]byte(api.Body), &b); err != nil || api.StatusCode != 200 || b.Request.RequestNumber != "R8-1" || len(b.Sections) == 0 || b.Counts.ThirdParty == 0 {
		t.Fatalf("API bundle: %d %v %s", api.StatusCode, err, api.Body[:min(len(api.Body), 300)])
	}
	if r := e.api("GET", "/api/v1/persons/"+p.ID+"/disclosure", tok, nil); r.StatusCode != 422 || !strings.Contains(r.Body, "request_id") {
		t.Fatalf("without request_id: %d %s", r.StatusCode, r.Body)
	}
	wtok := e.token("worker")
	if r := e.api("GET", "/api/v1/persons/"+p.ID+"/disclosure?request_id="+rid, wtok, nil); r.StatusCode != 403 {
		t.Fatalf("worker: %d", r.StatusCode)
	}
	wb := e.browser()
	wb.login("worker")
	for _, path := range []string{"/disclosure", "/persons/" + p.ID + "/disclosure", "/file-register"} {
		if r := wb.get(path); r.StatusCode != 403 {
			t.Errorf("worker %s: %d", path, r.StatusCode)
		}
	}
	// 利用停止: recorded by API, decided on the page; then the team is warned
	rr := e.api("POST", "/api/v1/persons/"+p.ID+"/rights-requests", tok, map[string]any{"kind": "suspension", "received_on": "2026-06-01",
		"requester_name": "開示 請子", "requester_relation": "本人", "content": "NPOへの提供をやめてほしい"})
	if rr.StatusCode != 201 {
		t.Fatalf("rights request: %d %s", rr.StatusCode, rr.Body)
	}
	rrid := rr.JSON(t)["id"].(string)
	if r := wb.get("/persons/" + p.ID); strings.Contains(r.Body, "use-suspension") {
		t.Fatal("warning before the decision")
	}
	r = po.post("/rights-requests/"+rrid+"/decision", url.Values{"person_id": {p.ID}, "version": {"1"}, "decision": {"partial"}, "decided_on": {"2026-06-01"}})
	if r.StatusCode != 422 || !strings.Contains(r.Body, `id="f-reason-`+rrid+`"`) || !strings.Contains(r.Body, "理由を入力してください") {
		t.Fatalf("decision without a reason: %d %s", r.StatusCode, text(r.Body))
	}
	r = po.post("/rights-requests/"+rrid+"/decision", url.Values{"person_id": {p.ID}, "version": {"1"}, "decision": {"partial"}, "decided_on": {"2026-06-01"},
		"reason": {"NPOへの提供のみ停止"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("decision: %d %s", r.StatusCode, text(r.Body))
	}
	for _, path := range []string{"/persons/" + p.ID, "/cases/" + c.ID} {
		r := wb.get(path)
		if !strings.Contains(r.Body, `id="use-suspension"`) || !strings.Contains(r.Body, "一部を利用停止する") {
			t.Errorf("%s: no 利用停止 warning", path)
		}
	}
	// the ファイル簿: page and xlsx for the privacy officer, API for the administrator
	if r := po.get("/file-register"); r.StatusCode != 200 || !strings.Contains(r.Body, "個人情報ファイルの名称") {
		t.Fatalf("file register page: %d", r.StatusCode)
	}
	if r := po.get("/file-register/export"); r.StatusCode != 200 || !strings.HasPrefix(r.Body, "PK") {
		t.Fatalf("file register xlsx: %d", r.StatusCode)
	}
	if r := e.api("GET", "/api/v1/file-register", e.token("admin"), nil); r.StatusCode != 200 || !strings.Contains(r.Body, "記録項目") {
		t.Fatalf("file register API: %d", r.StatusCode)
	}
}
