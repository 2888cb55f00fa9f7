package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login("admin")
	for _, p := range []string{"/", "/login", "/admin/organizations", "/api/v1/openapi.json", "/api/v1/me", "/nothing", "/healthz"} {
		r := b.get(p)
		h := r.Header
		csp := h.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: CSP %q", p, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" {
			t.Errorf("%s: headers %v", p, h)
		}
	}
}

// TestCrossOriginRefusedOnEveryStateChangingRoute posts from another origin
// to each non-GET route and expects 403.
func TestCrossOriginRefusedOnEveryStateChangingRoute(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login("admin")
	n := 0
	for _, p := range webRoutePatterns() {
		method, path, _ := strings.Cut(p, " ")
		if method == "GET" || method == "HEAD" {
			continue
		}
		path = strings.NewReplacer("{id}", "x", "{$}", "").Replace(path)
		req, _ := http.NewRequest(method, e.srv.URL+path, strings.NewReader("a=b"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", "https://evil.example")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		req.AddCookie(&http.Cookie{Name: "kasane_session", Value: b.cookie})
		r := e.do(req)
		if r.StatusCode != http.StatusForbidden {
			t.Errorf("%s: cross-origin status %d", p, r.StatusCode)
		}
		n++
	}
	if n == 0 {
		t.Fatal("no state-changing routes found")
	}
}

func TestLoginLogout(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	if r := b.get("/"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
		t.Fatalf("anonymous home: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	r := b.post("/login", url.Values{"email": {"worker@example.jp"}, "password": {"まちがい-password"}})
	if r.StatusCode != http.StatusUnauthorized || !strings.Contains(r.Body, "メールアドレスまたはパスワードが正しくありません") {
		t.Fatalf("bad password: %d", r.StatusCode)
	}
	if !strings.Contains(r.Body, `value="worker@example.jp"`) || strings.Contains(r.Body, "まちがい-password") {
		t.Fatal("the form must keep the e-mail and drop the password")
	}
	unknown := e.browser().post("/login", url.Values{"email": {"nobody@example.jp"}, "password": {"まちがい-password"}})
	if text(unknown.Body) != strings.ReplaceAll(text(r.Body), "worker@example.jp", "nobody@example.jp") {
		t.Fatal("an unknown account must look exactly like a wrong password")
	}
	before := b.cookie
	b.login("worker")
	if b.cookie == before || b.cookie == "" {
		t.Fatal("login must issue a new session id")
	}
	if r := b.get("/"); r.StatusCode != 200 || !strings.Contains(r.Body, "職員 worker") {
		t.Fatalf("home after login: %d", r.StatusCode)
	}
	old := b.cookie
	if r := b.post("/logout", url.Values{}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout: %d", r.StatusCode)
	}
	b.cookie = old // a copied cookie must not work after logout
	if r := b.get("/"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("session alive after logout: %d", r.StatusCode)
	}
}

func TestSessionCookieAttributes(t *testing.T) {
	e := newEnv(t)
	r := e.browser().post("/login", url.Values{"email": {"worker@example.jp"}, "password": {testPassword}})
	var found bool
	for _, c := range r.Cookies() {
		if c.Name == "kasane_session" {
			found = true
			if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode {
				t.Fatalf("cookie %+v", c)
			}
		}
	}
	if !found {
		t.Fatal("no session cookie")
	}
}

func TestSessionTimeouts(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login("worker")
	e.clock.Add(29 * time.Minute)
	if r := b.get("/"); r.StatusCode != 200 {
		t.Fatalf("active after 29 min idle: %d", r.StatusCode)
	}
	e.clock.Add(31 * time.Minute)
	if r := b.get("/"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("idle 31 min must end the session, got %d", r.StatusCode)
	}
	// absolute: keep active every 20 minutes, still ends at 12 h
	b.login("worker")
	for i := 0; i < 35; i++ {
		e.clock.Add(20 * time.Minute)
		if r := b.get("/"); r.StatusCode != 200 {
			t.Fatalf("ended early after %d min", (i+1)*20)
		}
	}
	e.clock.Add(20 * time.Minute) // 12 h
	if r := b.get("/"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("session must end after 12 h, got %d", r.StatusCode)
	}
}

func TestLoginThrottle(t *testing.T) {
	e := newEnv(t)
	for i := 0; i < 5; i++ {
		e.browser().post("/login", url.Values{"email": {"worker@example.jp"}, "password": {"wrong-password-x"}})
	}
	r := e.browser().post("/login", url.Values{"email": {"worker@example.jp"}, "password": {testPassword}})
	if r.StatusCode != http.StatusTooManyRequests || !strings.Contains(r.Body, "試行回数が多すぎます") {
		t.Fatalf("6th attempt: %d", r.StatusCode)
	}
	// the same for an account that does not exist: nothing reveals existence
	for i := 0; i < 5; i++ {
		e.browser().post("/login", url.Values{"email": {"ghost@example.jp"}, "password": {"wrong-password-x"}})
	}
	r2 := e.browser().post("/login", url.Values{"email": {"ghost@example.jp"}, "password": {testPassword}})
	if r2.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("unknown account throttle: %d", r2.StatusCode)
	}
	e.clock.Add(31 * time.Minute)
	b := e.browser()
	b.login("worker")
}

func TestAuditLogOnlyForPrivacyOfficer(t *testing.T) {
	e := newEnv(t)
	for _, u := range []string{"admin", "worker", "coord", "viewer"} {
		b := e.browser()
		b.login(u)
		if r := b.get("/audit"); r.StatusCode != http.StatusForbidden {
			t.Errorf("%s reads audit page: %d", u, r.StatusCode)
		}
	}
	b := e.browser()
	b.login("privacy")
	r := b.get("/audit?action=login")
	if r.StatusCode != 200 || !strings.Contains(r.Body, "login") {
		t.Fatalf("privacy officer audit page: %d", r.StatusCode)
	}
	a := e.api("GET", "/api/v1/audit?action=login", e.token("privacy"), nil)
	if a.StatusCode != 200 || len(a.JSON(t)["items"].([]any)) < 5 {
		t.Fatalf("audit api: %d %s", a.StatusCode, a.Body)
	}
}

func TestAdminManagesOrganizationsAndUsers(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login("admin")
	r := b.post("/admin/organizations", url.Values{"name": {""}, "kind": {"nope"}})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "機関名を入力してください") || !strings.Contains(r.Body, "種別を一覧から選んでください") {
		t.Fatalf("invalid org: %d", r.StatusCode)
	}
	r = b.post("/admin/organizations", url.Values{"name": {"新しいNPO"}, "kind": {"npo"}, "bunya": {"kodomo"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create org: %d %s", r.StatusCode, r.Body)
	}
	if r := b.get("/admin/organizations"); !strings.Contains(r.Body, "新しいNPO") {
		t.Fatal("new org not listed")
	}
	r = b.post("/admin/users", url.Values{"name": {"新人 太郎"}, "email": {"new@example.jp"}, "organization_id": {e.orgs["kodomo"].ID}, "roles": {"worker"}, "password": {"password"}})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "新人 太郎") {
		t.Fatalf("common password must be refused and the form kept: %d", r.StatusCode)
	}
	r = b.post("/admin/users", url.Values{"name": {"新人 太郎"}, "email": {"new@example.jp"}, "organization_id": {e.orgs["kodomo"].ID}, "roles": {"worker"}, "password": {"しっかりした合言葉です"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create user: %d %s", r.StatusCode, text(r.Body))
	}
	nb := e.browser()
	if r := nb.post("/login", url.Values{"email": {"new@example.jp"}, "password": {"しっかりした合言葉です"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("new user login: %d", r.StatusCode)
	}
	w := e.browser()
	w.login("worker")
	if r := w.get("/admin/users"); r.StatusCode != http.StatusForbidden {
		t.Fatalf("worker on admin page: %d", r.StatusCode)
	}
}
