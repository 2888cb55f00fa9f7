package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestHostSeesNothingBeyondConsent: a host organization's user sees the
// menu and status of a placement; the participant's name only under an
// effective consent that gives the host the basic information; never the
// person id, the logs, the end reason or the person's pages.
func TestHostSeesNothingBeyondConsent(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker")
	hostOrg, host := e.hostUser()
	farm := e.mkResource(tok, map[string]any{"name": "みどり農園", "kind": "農園", "host_organization_id": hostOrg, "accepts_participants": true, "menus": []string{"農作業体験"}})
	pid := e.mkPerson(tok, yamada)
	m := e.api("POST", "/api/v1/participation-matches", tok, map[string]any{"person_id": pid, "resource_id": farm, "menu": "農作業体験"})
	mid := m.JSON(t)["id"].(string)
	e.api("POST", "/api/v1/participation-matches/"+mid+"/logs", tok, map[string]any{"kind": "retention", "at": "2026-06-01T09:00", "method": "面談", "note": "朝が少しつらい。"})
	if r := e.api("POST", "/api/v1/participation-matches/"+mid+"/transitions", tok, map[string]any{"to": "ended", "reason": "通院が増えたため"}); r.StatusCode != 200 {
		t.Fatalf("end: %d %s", r.StatusCode, r.Body)
	}
	hidden := func(who string, body string) {
		t.Helper()
		for _, s := range []string{"髙橋", pid, "朝が少しつらい", "通院が増えたため"} {
			if strings.Contains(body, s) {
				t.Fatalf("%s: host sees %q: %s", who, s, text(body))
			}
		}
	}
	// a consent that lists the host but gives it health records only
	body := map[string]any{"person_id": pid, "given_by": "本人", "given_on": "2026-05-25", "method": "署名", "recipients": []string{hostOrg},
		"data_categories": []string{"health"}, "purposes": []string{"参加支援"}}
	if r := e.api("POST", "/api/v1/consents", tok, body); r.StatusCode != http.StatusCreated {
		t.Fatalf("consent: %d %s", r.StatusCode, r.Body)
	}
	hv := e.api("GET", "/api/v1/participation-matches/"+mid, host, nil)
	if hv.StatusCode != 200 || hv.JSON(t)["person_name"] != "参加者（同意範囲外）" || hv.JSON(t)["host_view"] != true {
		t.Fatalf("host view under a health-only consent: %d %s", hv.StatusCode, hv.Body)
	}
	hidden("api", hv.Body)
	hidden("list", e.api("GET", "/api/v1/participation-matches?resource_id="+farm, host, nil).Body)
	for _, p := range []string{"/api/v1/persons/" + pid, "/api/v1/persons/" + pid + "/needs-profile", "/api/v1/participation-matches?person_id=" + pid} {
		if r := e.api("GET", p, host, nil); r.StatusCode != http.StatusNotFound {
			t.Fatalf("host reads %s: %d", p, r.StatusCode)
		}
	}
	b := e.browser()
	b.login("host")
	pg := b.get("/participation-matches/" + mid)
	if pg.StatusCode != 200 || !strings.Contains(pg.Body, "農作業体験") || strings.Contains(pg.Body, "/persons/") {
		t.Fatalf("host page: %d %s", pg.StatusCode, text(pg.Body))
	}
	hidden("page", pg.Body)
	hidden("landing", b.get("/outreach").Body)

	// with basic information the host learns the name, and nothing more
	body["data_categories"] = []string{"basic"}
	if r := e.api("POST", "/api/v1/consents", tok, body); r.StatusCode != http.StatusCreated {
		t.Fatalf("consent: %d %s", r.StatusCode, r.Body)
	}
	hv = e.api("GET", "/api/v1/participation-matches/"+mid, host, nil)
	if hv.JSON(t)["person_name"] != "髙橋 一郎" || strings.Contains(hv.Body, pid) || strings.Contains(hv.Body, "朝が少しつらい") || strings.Contains(hv.Body, "通院が増えたため") {
		t.Fatalf("host view with basic consent: %s", hv.Body)
	}
}
