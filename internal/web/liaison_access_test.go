package web_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
)

// liaisonMay are the GET routes a liaison-only user reads (200): its home
// and つなぎ票, the person search (hits only), its account and what holds no
// personal data. Every other GET route answers 403 or 404.
var liaisonMay = []string{
	"GET /{$}", "GET /persons", "GET /liaison-referrals/{id}", "GET /account/password", "GET /account/security-keys", "GET /login", "GET /login/mfa", "GET /healthz",
	"GET /api/v1/openapi.json", "GET /api/v1/me", "GET /api/v1/organizations", "GET /api/v1/code-lists", "GET /api/v1/persons",
	"GET /api/v1/liaison-referrals", "GET /api/v1/liaison-referrals/{id}",
}

// TestLiaisonAccessTable (issue 22): a 庁内つなぎ担当 reads no case, no
// case list, no person (not even the one it registered), no household,
// meeting, report, export or audit: every GET route of kasane, pages and API,
// is tried with the ids of real records, and refuses unless it is in
// liaisonMay; whatever answers 200 carries none of the records' text. The
// writes of case work are refused too, and the search shows hits only.
func TestLiaisonAccessTable(t *testing.T) {
	e := newEnv(t)
	lt := e.liaisonEnv()
	son, household, motherCase, _ := e.knownSon()
	wt := e.token("worker")
	if r := e.api("POST", "/api/v1/cases/"+motherCase+"/contacts", wt, map[string]any{"at": "2026-05-31T10:00:00+09:00", "method": "電話", "content": "記録の内容〔K〕"}); r.StatusCode != 201 {
		t.Fatalf("contact: %s", r.Body)
	}
	// the liaison's own つなぎ票, accepted into kurashi's case
	sent := e.sendLiaison(lt, "kurashi", nil)
	rid, sectionPerson := sent["id"].(string), sent["person_id"].(string)
	acc := e.api("POST", "/api/v1/liaison-referrals/"+rid+"/accept", e.token("worker2"), map[string]any{"method": "電話", "bunya": []string{"konkyu"}, "complaint": "受け付けた相談の内容〔A〕"})
	if acc.StatusCode != 200 {
		t.Fatalf("accept: %s", acc.Body)
	}
	acceptedCase, receiverPerson := acc.JSON(t)["case_id"].(string), acc.JSON(t)["receiver_person_id"].(string)
	secrets := []string{"〔K〕", "〔A〕", "桜町", "090-1111-2222", acceptedCase, receiverPerson, motherCase, household}

	idFor := func(pattern string) []string {
		switch {
		case strings.HasPrefix(pattern, "GET /liaison-referrals/"), strings.HasPrefix(pattern, "GET /api/v1/liaison-referrals/"):
			return []string{rid}
		case strings.Contains(pattern, "/persons/"):
			return []string{son, sectionPerson, receiverPerson}
		case strings.Contains(pattern, "/households/"):
			return []string{household}
		case strings.Contains(pattern, "/cases/"):
			return []string{motherCase, acceptedCase}
		}
		return []string{"x"}
	}
	fill := func(pattern, id string) string {
		_, path, _ := strings.Cut(pattern, " ")
		path = strings.ReplaceAll(path, "{$}", "")
		for _, p := range []string{"{id}", "{cid}", "{aid}", "{z}", "{x}", "{y}"} {
			path = strings.ReplaceAll(path, p, id)
		}
		path = strings.ReplaceAll(path, "{kind}", "persons")
		path = strings.ReplaceAll(path, "{fiscal_year}", "2026")
		return path
	}
	b := e.browser()
	b.login("liaison")
	cells := 0
	for _, pattern := range webRoutePatterns() {
		if !strings.HasPrefix(pattern, "GET ") {
			continue
		}
		for _, id := range idFor(pattern) {
			path := fill(pattern, id)
			if pattern == "GET /api/v1/persons" || pattern == "GET /persons" {
				path += "?q=" + url.QueryEscape("山田次郎")
			}
			var r resp
			if strings.HasPrefix(path, "/api/") {
				r = e.api("GET", path, lt, nil)
			} else {
				r = b.get(path)
			}
			cells++
			may := slices.Contains(liaisonMay, pattern)
			switch {
			case !may && r.StatusCode != http.StatusForbidden:
				t.Errorf("%s (%s): %d for the liaison, want 403", pattern, path, r.StatusCode)
			case r.StatusCode >= 500:
				t.Errorf("%s (%s): %d", pattern, path, r.StatusCode)
			case r.StatusCode == 200:
				for _, s := range secrets {
					if strings.Contains(r.Body, s) {
						t.Errorf("%s (%s) shows %q to the liaison", pattern, path, s)
					}
				}
			}
		}
	}
	// the search: every hit is the hit view, its own registration included
	s := e.api("GET", "/api/v1/persons?q="+url.QueryEscape("水野"), lt, nil)
	if s.StatusCode != 200 || !strings.Contains(s.Body, sectionPerson) || strings.Contains(s.Body, `"visible":true`) || strings.Contains(s.Body, "水道町") {
		t.Fatalf("search: %s", s.Body)
	}
	// the writes of case work
	for _, w := range []struct {
		path string
		body map[string]any
	}{
		{"/api/v1/persons", liaisonPerson},
		{"/api/v1/cases", map[string]any{"focus_person_id": sectionPerson, "received_on": "2026-06-01", "route": "本人", "method": "電話", "bunya": []string{"konkyu"}, "complaint": "x"}},
		{"/api/v1/households", map[string]any{"label": "x", "kind": "単身"}},
		{"/api/v1/consents", map[string]any{"person_id": sectionPerson, "given_by": "本人", "given_on": "2026-05-31", "method": "署名", "recipients": []string{e.orgs["kurashi"].ID}, "data_categories": []string{"basic"}, "purposes": []string{"支援の検討"}}},
		{"/api/v1/referrals", map[string]any{"case_id": acceptedCase, "to_organization_id": e.orgs["houkatsu"].ID, "reason": "x"}},
		{"/api/v1/cases/" + acceptedCase + "/contacts", map[string]any{"at": "2026-05-31T10:00:00+09:00", "method": "電話", "content": "x"}},
		{"/api/v1/persons/" + sectionPerson + "/break-glass", map[string]any{"reason": "生命の危険があり緊急連絡先を確認する必要があるため"}},
		{"/api/v1/meetings", map[string]any{"type": "jusoteki_shien_kaigi", "scheduled_at": "2026-06-10T10:00:00+09:00", "host_organization_id": e.orgs["zeimu"].ID}},
		{"/api/v1/outreach-targets", map[string]any{"label": "x", "found_via": "民生委員", "concern": "x"}},
		{"/api/v1/duplicate-decisions", map[string]any{"person_a": son, "person_b": sectionPerson, "decision": "same"}},
		{"/api/v1/liaison-referrals/" + rid + "/decline", map[string]any{"reason": "x"}},
	} {
		r := e.api("POST", w.path, lt, w.body)
		cells++
		if r.StatusCode != http.StatusForbidden {
			t.Errorf("POST %s: %d %s", w.path, r.StatusCode, r.Body)
		}
	}
	// the rules themselves, under the router's gate: the storage gives a
	// liaison nothing (casework.CanHandleCases is false for it)
	ctx := context.Background()
	la := sqldb.ActorFor(e.users["liaison"])
	if _, err := e.db.Person(ctx, la, sectionPerson); casework.ErrorCode(err) != casework.ENOTFOUND {
		t.Errorf("storage: person of its own registration: %v", err)
	}
	if _, err := e.db.Case(ctx, la, acceptedCase); casework.ErrorCode(err) != casework.ENOTFOUND {
		t.Errorf("storage: case: %v", err)
	}
	if _, err := e.db.Household(ctx, la, household); casework.ErrorCode(err) != casework.ENOTFOUND {
		t.Errorf("storage: household: %v", err)
	}
	if cs, err := e.db.Cases(ctx, la, sqldb.CaseFilter{}); len(cs) != 0 {
		t.Errorf("storage: case list: %d cases, %v", len(cs), err)
	}
	if hits, err := e.db.SearchPersons(ctx, la, "水野", 10); err != nil || len(hits) == 0 || hits[0].Visible || hits[0].District != "" {
		t.Errorf("storage: search: %+v %v", hits, err)
	}
	t.Logf("liaison access table: %d cells", cells)
}
