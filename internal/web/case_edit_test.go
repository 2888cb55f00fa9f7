package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kasane/internal/casework"
)

// As the support goes on, the lead organization corrects what intake
// recorded and names the lead worker. Team members of other organizations
// cannot change it; two saves of the same version give one conflict that
// keeps the loser's text; a closed case is not changed.
func TestEditCaseByLeadOrganization(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	mate := casework.User{OrganizationID: e.orgs["houkatsu"].ID, Email: "mate@example.jp", Name: "職員 同僚", Roles: []string{"worker"}}
	if err := e.db.CreateUser(ctx, e.sys, &mate, passwordHash(t)); err != nil {
		t.Fatal(err)
	}
	lead, kurashi := e.token("worker"), e.token("worker2")
	cid, pid := e.teamCase()
	e.consent(lead, pid, []string{e.orgs["kurashi"].ID}, "")
	if r := e.api("POST", "/api/v1/cases/"+cid+"/team", lead, map[string]any{"organization_id": e.orgs["kurashi"].ID, "role": "家計相談"}); r.StatusCode != 201 {
		t.Fatalf("team: %d %s", r.StatusCode, r.Body)
	}

	// the case page offers the change to the lead organization only
	b := e.browser()
	b.login("worker")
	if r := b.get("/cases/" + cid); !strings.Contains(r.Body, `href="/cases/`+cid+`/edit"`) {
		t.Fatal("no edit link for the lead organization")
	}
	k := e.browser()
	k.login("worker2")
	if r := k.get("/cases/" + cid); r.StatusCode != 200 || strings.Contains(r.Body, `href="/cases/`+cid+`/edit"`) {
		t.Fatalf("edit link for a team member of another organization: %d", r.StatusCode)
	}
	// the form shows what is stored and offers the lead organization's staff only
	r := b.get("/cases/" + cid + "/edit")
	if r.StatusCode != 200 || !strings.Contains(r.Body, "母の介護と息子のひきこもり") || !strings.Contains(r.Body, `value="`+mate.ID+`"`) ||
		strings.Contains(r.Body, `value="`+e.users["worker2"].ID+`"`) || strings.Contains(r.Body, `value="`+e.users["viewer"].ID+`"`) {
		t.Fatalf("edit form: %d %s", r.StatusCode, text(r.Body))
	}
	// two people open the form; the first save wins, the second gets the form back with its text
	other := e.browser()
	other.loginAs("mate@example.jp")
	form := func(complaint string) url.Values {
		return url.Values{"version": {"1"}, "bunya": {"kaigo", "konkyu"}, "problems": {"介護", "経済的困窮"}, "primary_problem": {"経済的困窮"},
			"complaint": {complaint}, "lead_worker_id": {mate.ID}}
	}
	if r := other.post("/cases/"+cid+"/edit", form("家計が苦しく、母の介護も重い")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("first save: %d %s", r.StatusCode, text(r.Body))
	}
	r = b.post("/cases/"+cid+"/edit", form("わたしの書いた主訴"))
	if r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "わたしの書いた主訴") || !strings.Contains(r.Body, "家計が苦しく、母の介護も重い") {
		t.Fatalf("second save must conflict and keep both texts: %d %s", r.StatusCode, text(r.Body))
	}
	if r := b.get("/cases/" + cid); !strings.Contains(r.Body, "職員 同僚") {
		t.Fatalf("the case page does not name the new lead worker: %s", text(r.Body))
	}
	c := e.api("GET", "/api/v1/cases/"+cid, lead, nil).JSON(t)
	if c["complaint"] != "家計が苦しく、母の介護も重い" || c["lead_worker_id"] != mate.ID || c["primary_problem"] != "経済的困窮" {
		t.Fatalf("stored case: %v", c)
	}
	if !e.auditHas("case", cid) {
		t.Fatal("edit not audited")
	}
	// bad input: a clear message beside the field, the typed text kept, nothing saved
	bad := form("消えてはいけない下書き")
	bad.Set("version", "2")
	bad.Del("bunya")
	if r := b.post("/cases/"+cid+"/edit", bad); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "分野を1つ以上選んでください") || !strings.Contains(r.Body, "消えてはいけない下書き") {
		t.Fatalf("invalid edit: %d %s", r.StatusCode, text(r.Body))
	}
	// API: a team member of another organization may not change the case; a worker of another organization as lead worker is refused
	if r := e.api("PATCH", "/api/v1/cases/"+cid, kurashi, map[string]any{"complaint": "x", "version": 2}); r.StatusCode != http.StatusForbidden {
		t.Fatalf("team member edits: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("PATCH", "/api/v1/cases/"+cid, lead, map[string]any{"lead_worker_id": e.users["worker2"].ID, "version": 2}); r.StatusCode != 422 || !strings.Contains(r.Body, "主担当機関の職員") {
		t.Fatalf("lead worker of another organization: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("PATCH", "/api/v1/cases/"+cid, lead, map[string]any{"screening": "", "version": 1}); r.StatusCode != http.StatusConflict {
		t.Fatalf("stale API save: %d %s", r.StatusCode, r.Body)
	}
	r = e.api("PATCH", "/api/v1/cases/"+cid, lead, map[string]any{"lead_worker_id": "", "version": 2})
	if r.StatusCode != 200 || r.JSON(t)["complaint"] != "家計が苦しく、母の介護も重い" {
		t.Fatalf("partial API edit: %d %s", r.StatusCode, r.Body)
	}
	// closed: no more changes
	if r := e.api("POST", "/api/v1/cases/"+cid+"/transitions", lead, map[string]any{"to": "closed", "reason": "resolved"}); r.StatusCode != 200 {
		t.Fatalf("close: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("PATCH", "/api/v1/cases/"+cid, lead, map[string]any{"complaint": "y", "version": 4}); r.StatusCode != 422 || !strings.Contains(r.Body, "終結したケース") {
		t.Fatalf("closed case edited: %d %s", r.StatusCode, r.Body)
	}
}

// The case list pages through all the cases (never only the newest 100)
// and filters the cases the user leads.
func TestCaseListPagesAndLeadFilter(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	mate := casework.User{OrganizationID: e.orgs["houkatsu"].ID, Email: "mate@example.jp", Name: "職員 同僚", Roles: []string{"worker"}}
	if err := e.db.CreateUser(ctx, e.sys, &mate, passwordHash(t)); err != nil {
		t.Fatal(err)
	}
	lead := e.token("worker")
	pid := e.mkPerson(lead, yamada)
	var ids []string // oldest first
	for _, day := range []string{"R8.5.18", "R8.5.19", "R8.5.20"} {
		r := e.api("POST", "/api/v1/cases", lead, map[string]any{"focus_person_id": pid, "received_on": day, "route": "家族",
			"method": "来所", "bunya": []string{"kaigo"}, "complaint": "母の介護"})
		if r.StatusCode != http.StatusCreated {
			t.Fatalf("case: %d %s", r.StatusCode, r.Body)
		}
		ids = append(ids, r.JSON(t)["id"].(string))
	}
	if r := e.api("PATCH", "/api/v1/cases/"+ids[0], lead, map[string]any{"lead_worker_id": mate.ID, "version": 1}); r.StatusCode != 200 {
		t.Fatalf("hand over: %d %s", r.StatusCode, r.Body)
	}
	// API: offset pages, lead_worker_id filters
	all := e.api("GET", "/api/v1/cases", lead, nil).Body
	rest := e.api("GET", "/api/v1/cases?cursor=2", lead, nil).Body
	if strings.Count(all, `"number"`) != 3 || strings.Count(rest, `"number"`) != 1 || !strings.Contains(rest, ids[0]) {
		t.Fatalf("offset: %d then %d cases", strings.Count(all, `"number"`), strings.Count(rest, `"number"`))
	}
	if mine := e.api("GET", "/api/v1/cases?lead_worker_id="+mate.ID, lead, nil).Body; strings.Count(mine, `"number"`) != 1 || !strings.Contains(mine, ids[0]) {
		t.Fatalf("lead filter: %s", mine)
	}
	// page: the filter of the cases one leads
	b := e.browser()
	b.loginAs("mate@example.jp")
	r := b.get("/cases?lead=me")
	if r.StatusCode != 200 || !strings.Contains(r.Body, ids[0]) || strings.Contains(r.Body, ids[1]) || !strings.Contains(r.Body, "1件）") {
		t.Fatalf("my cases: %d %s", r.StatusCode, text(r.Body))
	}
	if r := b.get("/cases?from=2&page=2"); r.StatusCode != 200 || !strings.Contains(r.Body, ids[0]) || strings.Contains(r.Body, ids[1]) || !strings.Contains(r.Body, "← 最新のケースへ") || !strings.Contains(r.Body, "2ページ目") {
		t.Fatalf("page 2: %d %s", r.StatusCode, text(r.Body))
	}
}
