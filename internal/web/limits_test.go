package web_test

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"kasane/internal/config"
	"kasane/internal/web"
)

// TestOversizeBodyRefused: a body over the limit gets a clean 413, as
// problem+json on the API, and nothing is saved.
func TestOversizeBodyRefused(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker")
	big := `{"family_name":"` + strings.Repeat("あ", 400_000) + `","given_name":"太郎"}` // > 1 MiB
	r := e.api("POST", "/api/v1/persons", tok, big)
	if r.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d, want 413: %.200s", r.StatusCode, r.Body)
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		t.Fatalf("content type %q", ct)
	}
	if p := r.JSON(t); p["status"] != float64(413) || p["code"] != "too_large" || p["detail"] == "" {
		t.Fatalf("problem %v", p)
	}
	b := e.browser()
	b.loginAs("worker@example.jp")
	pr := b.post("/persons", url.Values{"family_name": {strings.Repeat("い", 400_000)}, "given_name": {"花子"}})
	if pr.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("form: status %d, want 413", pr.StatusCode)
	}
	if l := e.api("GET", "/api/v1/persons?q=太郎", tok, nil); strings.Contains(l.Body, "あああ") {
		t.Fatal("the oversize person was saved")
	}
}

// TestRequestPastTimeLimit: a request that runs past the request time limit
// ends with 503 problem+json (API) or a 503 page, not a hang or a 500. The
// limit here is set so small that every request exceeds it.
func TestRequestPastTimeLimit(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker")
	cfg := config.Default()
	cfg.InsecureCookies = true
	cfg.RequestTimeout = time.Nanosecond
	s, err := web.New(cfg, e.db, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	for _, path := range []string{"/api/v1/cases", "/api/v1/persons?q=佐藤"} {
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		r := e.do(req)
		if r.StatusCode != http.StatusServiceUnavailable {
			t.Fatalf("%s: status %d, want 503: %.200s", path, r.StatusCode, r.Body)
		}
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
			t.Fatalf("%s: content type %q", path, ct)
		}
		if p := r.JSON(t); p["code"] != "unavailable" || r.Header.Get("Retry-After") == "" {
			t.Fatalf("%s: problem %v", path, p)
		}
	}
	b := e.browser() // pages take a session, not a token
	b.login("worker")
	req, _ := http.NewRequest("GET", srv.URL+"/cases", nil)
	req.AddCookie(&http.Cookie{Name: "kasane_session", Value: b.cookie})
	if r := e.do(req); r.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("page: status %d, want 503", r.StatusCode)
	}
}
