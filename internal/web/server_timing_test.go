package web_test

import (
	"net/url"
	"regexp"
	"testing"
)

var serverTimingRe = regexp.MustCompile(`^app;dur=\d+\.\d$`)

// TestServerTiming: pages, API reads, errors and assets carry the server
// time (Server-Timing: app;dur=…); submissions, such as a login, do not.
func TestServerTiming(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	if r := b.post("/login", url.Values{"email": {"worker@example.jp"}, "password": {"wrong"}}); r.Header.Get("Server-Timing") != "" {
		t.Errorf("a login answers with Server-Timing %q", r.Header.Get("Server-Timing"))
	}
	b.login("worker")
	for _, w := range []struct {
		name string
		r    resp
	}{
		{"page", b.get("/")},
		{"missing page", b.get("/cases/nothing-here")},
		{"login page", e.browser().get("/login")},
		{"api", e.api("GET", "/api/v1/me", e.token("worker"), nil)},
	} {
		if h := w.r.Header.Get("Server-Timing"); !serverTimingRe.MatchString(h) {
			t.Errorf("%s (%d): Server-Timing %q", w.name, w.r.StatusCode, h)
		}
	}
}
