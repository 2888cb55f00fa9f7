package web_test

import (
	"net/http"
	"net/url"
	"testing"
)

// TestLoginNextStaysOnSite: the next of /login?next=… cannot send the
// browser to another host after a correct login.
func TestLoginNextStaysOnSite(t *testing.T) {
	e := newEnv(t)
	for next, want := range map[string]string{
		"/\t/evil.example":   "/",
		"/%2F/evil.example":  "/",
		"/cases?status=open": "/cases?status=open",
	} {
		b := e.browser()
		r := b.post("/login", url.Values{"email": {"worker@example.jp"}, "password": {testPassword}, "next": {next}})
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != want {
			t.Errorf("next %q: %d Location %q, want %q", next, r.StatusCode, r.Header.Get("Location"), want)
		}
	}
}
