package web_test

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"kasane/internal/config"
	"kasane/internal/web"
)

// TestDemoKeepsOtherMunicipalitiesSecondFactor: a server started as the
// demo (`kasane demo`) on a database that also holds a real municipality
// leaves that municipality's second factor on: only the demo municipality
// has it off, by its own setting.
func TestDemoKeepsOtherMunicipalitiesSecondFactor(t *testing.T) {
	e := newEnv(t, envOpts{mfa: true})
	cfg := config.Default()
	cfg.InsecureCookies = true
	cfg.Demo = true
	s, err := web.New(cfg, e.db, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	req, _ := http.NewRequest("POST", srv.URL+"/login", strings.NewReader(url.Values{"email": {"worker@example.jp"}, "password": {testPassword}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r := e.do(req)
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login/mfa") {
		t.Fatalf("demo server, municipality with the second factor required: %d Location %q", r.StatusCode, r.Header.Get("Location"))
	}
}
