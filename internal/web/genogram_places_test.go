package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestEcomapShowsPlacesOfParticipation: a member's participation match
// appears on the ecomap as a place (参加支援).
func TestEcomapShowsPlacesOfParticipation(t *testing.T) {
	needGenogramRoute(t)
	e := newEnv(t)
	hid, _, son, _ := e.genogramHousehold()
	tok := e.token("worker")
	farm := e.mkResource(tok, map[string]any{"name": "みどり農園", "kind": "農園", "district": "北地区", "accepts_participants": true})
	if r := e.api("POST", "/api/v1/participation-matches", tok, map[string]any{"person_id": son, "resource_id": farm, "menu": "農作業体験"}); r.StatusCode != http.StatusCreated {
		t.Fatalf("match: %d %s", r.StatusCode, r.Body)
	}
	b := e.browser()
	b.login("worker")
	r := b.get("/households/" + hid + "/genogram")
	if r.StatusCode != 200 || !strings.Contains(r.Body, "みどり農園") || !strings.Contains(r.Body, "参加支援") {
		t.Fatalf("place of participation missing from the ecomap: %d", r.StatusCode)
	}
}

// TestPlanPrintCarriesGenogram: the A4 plan prints with the household's
// genogram and ecomap.
func TestPlanPrintCarriesGenogram(t *testing.T) {
	needGenogramRoute(t)
	e := newEnv(t)
	_, mother, _, _ := e.genogramHousehold()
	tok := e.token("worker")
	cases := e.api("GET", "/api/v1/cases?person_id="+mother, tok, nil).JSON(t)["items"].([]any)
	cid := cases[0].(map[string]any)["id"].(string)
	plan := e.mkPlan(tok, cid, planBody(e.orgs["houkatsu"].ID))
	b := e.browser()
	b.login("worker")
	r := b.get("/plans/" + plan["id"].(string) + "/print")
	if r.StatusCode != 200 || !strings.Contains(r.Body, "ジェノグラム・エコマップ") || strings.Count(r.Body, `role="img"`) < 2 || !strings.Contains(r.Body, "山田 ハナ") {
		t.Fatalf("plan print without the family pictures: %d", r.StatusCode)
	}
}
