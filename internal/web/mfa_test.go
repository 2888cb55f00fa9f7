package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"kasane/internal/auth"
)

var secretRE = regexp.MustCompile(`<code class="secret">([A-Z2-7]+)</code>`)

func TestMFAEnrolmentAndLogin(t *testing.T) {
	e := newEnv(t, envOpts{mfa: true})
	b := e.browser()
	r := b.post("/login", url.Values{"email": {"worker@example.jp"}, "password": {testPassword}})
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login/mfa") {
		t.Fatalf("password step: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	if r := b.get("/"); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/login/mfa" {
		t.Fatalf("pending session reached home: %d", r.StatusCode)
	}
	if r := e.api("GET", "/api/v1/me", "", nil); r.StatusCode != 401 {
		t.Fatal("me without auth")
	}
	page := b.get("/login/mfa")
	m := secretRE.FindStringSubmatch(page.Body)
	if m == nil || !strings.Contains(page.Body, "<svg") {
		t.Fatalf("enrolment page lacks QR or secret: %s", page.Body)
	}
	secret := m[1]
	bad := b.post("/login/mfa", url.Values{"code": {"000000"}})
	if bad.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(bad.Body, "確認コードが正しくありません") {
		t.Fatalf("wrong code: %d", bad.StatusCode)
	}
	code, _ := auth.GenerateTOTPCode(secret, e.clock.Now())
	r = b.post("/login/mfa", url.Values{"code": {code}})
	if r.StatusCode != 200 || !strings.Contains(r.Body, "復旧コード") {
		t.Fatalf("enrol confirm: %d %s", r.StatusCode, text(r.Body))
	}
	recovery := regexp.MustCompile(`<code>([a-z0-9-]+)</code>`).FindAllStringSubmatch(r.Body, -1)
	if len(recovery) != 10 {
		t.Fatalf("want 10 recovery codes, got %d", len(recovery))
	}
	if r := b.get("/"); r.StatusCode != 200 {
		t.Fatalf("home after enrolment: %d", r.StatusCode)
	}

	// a second login with the same code in the same step is refused (replay)
	b2 := e.browser()
	b2.post("/login", url.Values{"email": {"worker@example.jp"}, "password": {testPassword}})
	if r := b2.post("/login/mfa", url.Values{"code": {code}}); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "既に使われています") {
		t.Fatalf("replayed code: %d %s", r.StatusCode, text(r.Body))
	}
	e.clock.Add(30 * time.Second)
	next, _ := auth.GenerateTOTPCode(secret, e.clock.Now())
	if r := b2.post("/login/mfa", url.Values{"code": {next}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("next code: %d %s", r.StatusCode, text(r.Body))
	}

	// a recovery code works once
	for i, want := range []int{http.StatusSeeOther, http.StatusUnprocessableEntity} {
		b3 := e.browser()
		b3.post("/login", url.Values{"email": {"worker@example.jp"}, "password": {testPassword}})
		if r := b3.post("/login/mfa", url.Values{"code": {recovery[0][1]}}); r.StatusCode != want {
			t.Fatalf("recovery use %d: %d", i+1, r.StatusCode)
		}
	}
}

func TestMFACodeGuessingIsThrottled(t *testing.T) {
	e := newEnv(t, envOpts{mfa: true})
	b := e.browser()
	b.post("/login", url.Values{"email": {"worker@example.jp"}, "password": {testPassword}})
	b.get("/login/mfa") // enrolment page stores the secret
	for i := 0; i < 5; i++ {
		b.post("/login/mfa", url.Values{"code": {"000000"}})
	}
	if r := b.post("/login/mfa", url.Values{"code": {"123456"}}); r.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("6th code guess: %d", r.StatusCode)
	}
}
