package web_test

import (
	"strings"
	"testing"
)

// The pages show the access model to the people who use it: the lead may
// take a consultation on its own record; a member on the team by consent is
// told to register its own record instead (rule 0), sees which categories
// the consent gives it, and no form that only the lead may use.
func TestAccessModelOnThePages(t *testing.T) {
	e := newEnv(t)
	cid, pid := e.teamCase()
	lead := e.token("worker")
	e.consent(lead, pid, []string{e.orgs["kurashi"].ID}, "")
	if r := e.api("POST", "/api/v1/cases/"+cid+"/team", lead, map[string]any{"organization_id": e.orgs["kurashi"].ID}); r.StatusCode != 201 {
		t.Fatalf("team: %s", r.Body)
	}
	w := e.browser()
	w.login("worker")
	if body := w.get("/persons/" + pid).Body; !strings.Contains(body, "/cases/new?person_id="+pid) || strings.Contains(body, `id="own-record"`) {
		t.Error("the registering organization lacks 相談を受け付ける on its own record")
	}
	if body := w.get("/cases/" + cid).Body; !strings.Contains(body, `id="team"`) || strings.Contains(body, `id="data-scope"`) {
		t.Error("the lead lacks the team form, or is shown a consent scope")
	}
	m := e.browser()
	m.login("worker2")
	body := m.get("/persons/" + pid).Body
	if strings.Contains(body, "/cases/new?person_id="+pid) || !strings.Contains(body, `id="own-record"`) {
		t.Error("a member by consent is offered a case on another organization's record")
	}
	body = m.get("/cases/" + cid).Body
	if !strings.Contains(body, `id="data-scope"`) || !strings.Contains(body, "基本情報、支援経過") {
		t.Errorf("the member is not shown its categories:\n%s", text(body))
	}
	if strings.Contains(body, `id="team"`) || strings.Contains(body, `id="referral"`) {
		t.Error("the member is offered forms only the lead may use")
	}
}
