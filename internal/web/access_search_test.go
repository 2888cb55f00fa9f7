package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"kasane/internal/casework"
	"kasane/internal/sqldb/sqldbtest"
)

// TestSearchHitDoesNotNameTheService (issue 18, path 8): an NPO user
// searching a surname used to see which services know the person
// (known_by: 「こども家庭センター」). Outside the team a hit now says only
// that the person is known, and names the municipality's contact point (a
// setting; default the multi_agency organization). Search is open only to
// roles that take consultations.
func TestSearchHitDoesNotNameTheService(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	kodomo := e.token("kodomo")
	pid := e.mkPerson(kodomo, yamada)
	e.mkCase(kodomo, pid)
	npo := sqldbtest.Org(t, e.db, e.sys, "NPO法人 みちくさ", "npo")
	e.orgs["npo"] = npo
	e.addUser("npo", "npo", "community")
	tok := e.token("npo")

	r := e.api("GET", "/api/v1/persons?q="+urlQ("髙橋"), tok, nil)
	if r.StatusCode != 200 {
		t.Fatalf("search: %d %s", r.StatusCode, r.Body)
	}
	hit := r.JSON(t)["items"].([]any)[0].(map[string]any)
	if hit["visible"] != false || strings.Contains(r.Body, "kodomo機関") || len(hit["known_by"].([]any)) != 0 {
		t.Fatalf("the hit names the service: %s", r.Body)
	}
	if c := hit["inquiry_contact"].(map[string]any); c["name"] != "takikan機関" || c["organization_id"] != e.orgs["takikan"].ID {
		t.Fatalf("default contact: %v", c)
	}
	b := e.browser()
	b.login("npo")
	if p := b.get("/persons?q=" + urlQ("髙橋")); p.StatusCode != 200 || strings.Contains(p.Body, "kodomo機関") || !strings.Contains(p.Body, "takikan機関") {
		t.Fatalf("search page: %d %s", p.StatusCode, text(p.Body))
	}
	// the setting: another organization and a text (phone)
	s, err := e.db.Settings(ctx, e.sys.MunicipalityID)
	if err != nil {
		t.Fatal(err)
	}
	s.InquiryContactOrgID, s.InquiryContactText = e.orgs["city"].ID, "電話 0120-000-000（平日9時〜17時）"
	if err := e.db.SaveSettings(ctx, e.sys, s); err != nil {
		t.Fatal(err)
	}
	r = e.api("GET", "/api/v1/persons?q="+urlQ("髙橋"), tok, nil)
	if c := r.JSON(t)["items"].([]any)[0].(map[string]any)["inquiry_contact"].(map[string]any); c["name"] != "city機関" || c["note"] != s.InquiryContactText {
		t.Fatalf("configured contact: %v", c)
	}
	// the team still sees who knows the person
	r = e.api("GET", "/api/v1/persons?q="+urlQ("髙橋"), kodomo, nil)
	if hit := r.JSON(t)["items"].([]any)[0].(map[string]any); hit["visible"] != true || hit["known_by"].([]any)[0] != "kodomo機関" || hit["inquiry_contact"] != nil {
		t.Fatalf("team's hit: %s", r.Body)
	}
	// roles that take no consultations do not search
	e.addUser("nobody", "npo", "viewer")
	hostOrg, _ := e.hostUser()
	_ = hostOrg
	for _, who := range []string{"viewer", "admin", "privacy", "host", "nobody"} {
		if r := e.api("GET", "/api/v1/persons?q="+urlQ("髙橋"), e.token(who), nil); r.StatusCode != http.StatusForbidden {
			t.Errorf("%s searches: %d", who, r.StatusCode)
		}
		b := e.browser()
		b.login(who)
		if p := b.get("/persons"); p.StatusCode != http.StatusForbidden {
			t.Errorf("%s search page: %d", who, p.StatusCode)
		}
		if p := b.get("/account/password"); strings.Contains(p.Body, `href="/persons"`) {
			t.Errorf("%s has the search in the menu", who)
		}
	}
	if !casework.CanSearchPersons(casework.Actor{Roles: []string{"worker"}}) {
		t.Fatal("a worker may not search")
	}
}
