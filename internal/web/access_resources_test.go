package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestOtherOrgsDoNotEditResources (issue 18, path 7): any worker used to
// rewrite any resource, its host organization included, and then got the
// host's view of the placements there. Now only the registering
// organization (and the municipal administrator) edits a resource, and only
// the administrator changes its host organization.
func TestOtherOrgsDoNotEditResources(t *testing.T) {
	e := newEnv(t)
	tok, outsider := e.token("worker"), e.token("kodomo")
	hostOrg, host := e.hostUser()
	farm := e.mkResource(tok, map[string]any{"name": "みどり農園", "kind": "農園", "host_organization_id": hostOrg, "accepts_participants": true, "menus": []string{"農作業体験"}})
	pid := e.mkPerson(tok, yamada)
	if r := e.api("POST", "/api/v1/participation-matches", tok, map[string]any{"person_id": pid, "resource_id": farm, "menu": "農作業体験"}); r.StatusCode != http.StatusCreated {
		t.Fatalf("match: %d %s", r.StatusCode, r.Body)
	}
	body := func(hostOrgID string, version int) map[string]any {
		return map[string]any{"name": "みどり農園", "kind": "農園", "host_organization_id": hostOrgID, "accepts_participants": true,
			"menus": []string{"農作業体験"}, "version": version}
	}
	// the original steps: the outsider names itself host, then lists the placements
	if r := e.api("PUT", "/api/v1/resources/"+farm, outsider, body(e.orgs["kodomo"].ID, 1)); r.StatusCode != http.StatusForbidden {
		t.Fatalf("outsider rewrites the host: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("GET", "/api/v1/participation-matches?resource_id="+farm, outsider, nil); strings.Contains(r.Body, "農作業体験") {
		t.Fatalf("outsider sees the placements: %s", r.Body)
	}
	if r := e.api("PUT", "/api/v1/resources/"+farm, outsider, body(hostOrg, 1)); r.StatusCode != http.StatusForbidden {
		t.Fatalf("outsider edits: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("PUT", "/api/v1/resources/"+farm, host, body(hostOrg, 1)); r.StatusCode != http.StatusForbidden {
		t.Fatalf("host edits: %d %s", r.StatusCode, r.Body)
	}
	// the registering organization edits, but does not move the host
	if r := e.api("PUT", "/api/v1/resources/"+farm, tok, body(e.orgs["houkatsu"].ID, 1)); r.StatusCode != http.StatusForbidden || !strings.Contains(r.Body, "host_organization_id") {
		t.Fatalf("registering org moves the host: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("PUT", "/api/v1/resources/"+farm, tok, body("", 1)); r.StatusCode != http.StatusForbidden {
		t.Fatalf("registering org clears the host: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("PUT", "/api/v1/resources/"+farm, tok, body(hostOrg, 1)); r.StatusCode != 200 {
		t.Fatalf("registering org edits: %d %s", r.StatusCode, r.Body)
	}
	// the municipal administrator may
	if r := e.api("PUT", "/api/v1/resources/"+farm, e.token("admin"), body(e.orgs["takikan"].ID, 2)); r.StatusCode != 200 || r.JSON(t)["host_organization_id"] != e.orgs["takikan"].ID {
		t.Fatalf("admin moves the host: %d %s", r.StatusCode, r.Body)
	}
	// sessions: the registering and host organizations, not outsiders
	sess := map[string]any{"held_on": "2026-05-30", "participants": map[string]int{"若者(18-39歳)": 2}}
	if r := e.api("POST", "/api/v1/resources/"+farm+"/sessions", outsider, sess); r.StatusCode != http.StatusForbidden {
		t.Fatalf("outsider records a session: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("POST", "/api/v1/resources/"+farm+"/sessions", tok, sess); r.StatusCode != http.StatusCreated {
		t.Fatalf("registering org records a session: %d %s", r.StatusCode, r.Body)
	}
	// the pages: no edit link or form for an outsider
	b := e.browser()
	b.login("kodomo")
	if p := b.get("/resources/" + farm); p.StatusCode != 200 || strings.Contains(p.Body, "/edit") || strings.Contains(p.Body, `action="/resources/`+farm+`/sessions"`) {
		t.Fatalf("outsider's resource page offers changes: %d %s", p.StatusCode, text(p.Body))
	}
	if p := b.get("/resources/" + farm + "/edit"); p.StatusCode != http.StatusForbidden {
		t.Fatalf("outsider's edit form: %d", p.StatusCode)
	}
	b = e.browser()
	b.login("worker")
	if p := b.get("/resources/" + farm + "/edit"); p.StatusCode != 200 || strings.Contains(p.Body, `<select id="f-host_organization_id"`) || !strings.Contains(p.Body, "市区町村管理者だけ") {
		t.Fatalf("registering org's edit form: %d %s", p.StatusCode, text(p.Body))
	}
}
