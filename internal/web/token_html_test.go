package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestTokensOnlyOnTheAPI: an API token (even an administrator's) opens no
// HTML route: those take a browser session only, with its re-authentication
// for administrator actions. The token still works on the API.
func TestTokensOnlyOnTheAPI(t *testing.T) {
	e := newEnv(t)
	tok := e.token("admin")
	form := url.Values{"email": {"evil@example.jp"}, "name": {"悪意"}, "organization_id": {e.orgs["city"].ID},
		"roles": {"municipal_admin", "privacy_officer"}}
	for _, rq := range []struct {
		method, path string
		body         string
	}{
		{"GET", "/admin/users", ""},
		{"POST", "/admin/users", form.Encode()},
		{"GET", "/cases", ""},
		{"GET", "/exports/cases?format=csv", ""},
	} {
		req, _ := http.NewRequest(rq.method, e.srv.URL+rq.path, strings.NewReader(rq.body))
		req.Header.Set("Authorization", "Bearer "+tok)
		if rq.body != "" {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		r := e.do(req)
		if r.StatusCode != http.StatusUnauthorized || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/problem+json") {
			t.Errorf("%s %s with a token: %d %s", rq.method, rq.path, r.StatusCode, r.Header.Get("Content-Type"))
		}
	}
	if r := e.api("GET", "/api/v1/me", tok, nil); r.StatusCode != 200 {
		t.Fatalf("token on the API: %d", r.StatusCode)
	}
	if r := e.api("GET", "/api/v1/audit", e.token("privacy"), nil); strings.Contains(r.Body, "evil@example.jp") {
		t.Fatal("a user was created with a token")
	}
}
