package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"kasane/internal/auth"
	"kasane/internal/casework"
	"kasane/internal/config"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
	"kasane/internal/web"
)

const testPassword = "ながいパスワード-2026"

var (
	hashOnce sync.Once
	pwHash   string
)

// passwordHash is one cheap argon2id hash of testPassword shared by tests.
func passwordHash(t testing.TB) string {
	hashOnce.Do(func() {
		var err error
		pwHash, err = auth.HashPasswordWith(testPassword, auth.TestParams)
		if err != nil {
			t.Fatal(err)
		}
	})
	return pwHash
}

// clock is a settable clock for the database and server.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// env is a running test server with a municipality, organizations and users.
type env struct {
	t     *testing.T
	db    *sqldb.DB
	srv   *httptest.Server
	sys   casework.Actor
	clock *clock
	logs  *syncBuffer
	orgs  map[string]casework.Organization
	users map[string]casework.User
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

type envOpts struct{ mfa bool }

func newEnv(t *testing.T, opts ...envOpts) *env {
	t.Helper()
	var o envOpts
	if len(opts) > 0 {
		o = opts[0]
	}
	db := sqldbtest.Open(t)
	c := &clock{t: time.Date(2026, 6, 1, 1, 0, 0, 0, time.UTC)}
	db.Now = c.Now
	_ = db.SetSecretKey(testSecretKey) // TOTP secrets are encrypted at rest (account_test.go)
	sys := sqldbtest.Muni(t, db)
	ctx := context.Background()
	if !o.mfa {
		off := false
		if err := db.SaveSettings(ctx, sys, casework.Settings{RequireMFA: &off}); err != nil {
			t.Fatal(err)
		}
	}
	e := &env{t: t, db: db, sys: sys, clock: c, logs: &syncBuffer{}, orgs: map[string]casework.Organization{}, users: map[string]casework.User{}}
	for _, x := range [][2]string{{"houkatsu", "community_support_center"}, {"kurashi", "self_reliance_support"},
		{"kodomo", "child_family_center"}, {"city", "municipal_section"}, {"takikan", "multi_agency"}} {
		e.orgs[x[0]] = sqldbtest.Org(t, db, sys, x[0]+"機関", x[1])
	}
	for _, x := range [][3]string{{"worker", "houkatsu", "worker"}, {"worker2", "kurashi", "worker"},
		{"kodomo", "kodomo", "worker"}, {"coord", "takikan", "coordinator"}, {"admin", "city", "municipal_admin"},
		{"privacy", "city", "privacy_officer"}, {"viewer", "houkatsu", "viewer"}} {
		u := casework.User{OrganizationID: e.orgs[x[1]].ID, Email: x[0] + "@example.jp", Name: "職員 " + x[0], Roles: []string{x[2]}}
		if err := db.CreateUser(ctx, sys, &u, passwordHash(t)); err != nil {
			t.Fatal(err)
		}
		e.users[x[0]] = u
	}
	cfg := config.Default()
	cfg.InsecureCookies = true
	log := slog.New(slog.NewJSONHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s, err := web.New(cfg, db, log)
	if err != nil {
		t.Fatal(err)
	}
	e.srv = httptest.NewServer(s.Handler())
	t.Cleanup(e.srv.Close)
	return e
}

// token makes an API token for a user key.
func (e *env) token(user string) string {
	e.t.Helper()
	tok, err := auth.NewToken("ksn_")
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.db.CreateToken(context.Background(), e.sys, e.users[user].ID, auth.HashToken(tok)); err != nil {
		e.t.Fatal(err)
	}
	return tok
}

// resp is a finished response with its body read.
type resp struct {
	*http.Response
	Body string
}

func (r resp) JSON(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(r.Body), &m); err != nil {
		t.Fatalf("not JSON (%d): %s", r.StatusCode, r.Body)
	}
	return m
}

// api calls the JSON API with a bearer token.
func (e *env) api(method, path, token string, body any) resp {
	e.t.Helper()
	var rd io.Reader
	if body != nil {
		switch b := body.(type) {
		case string:
			rd = strings.NewReader(b)
		default:
			j, _ := json.Marshal(b)
			rd = bytes.NewReader(j)
		}
	}
	req, _ := http.NewRequest(method, e.srv.URL+path, rd)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return e.do(req)
}

func (e *env) do(req *http.Request) resp {
	e.t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return resp{res, string(b)}
}

// browser is a user agent with a cookie, as a browser on the same origin.
type browser struct {
	e      *env
	cookie string
}

func (e *env) browser() *browser { return &browser{e: e} }

func (b *browser) req(method, path string, form url.Values) resp {
	b.e.t.Helper()
	var rd io.Reader
	if form != nil {
		rd = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, b.e.srv.URL+path, rd)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", b.e.srv.URL)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	if b.cookie != "" {
		req.AddCookie(&http.Cookie{Name: "kasane_session", Value: b.cookie})
	}
	r := b.e.do(req)
	for _, c := range r.Cookies() {
		if c.Name == "kasane_session" {
			b.cookie = c.Value
		}
	}
	return r
}

func (b *browser) get(path string) resp                   { return b.req("GET", path, nil) }
func (b *browser) post(path string, form url.Values) resp { return b.req("POST", path, form) }

// login logs the browser in as user (no second factor).
func (b *browser) login(user string) {
	b.e.t.Helper()
	r := b.post("/login", url.Values{"email": {user + "@example.jp"}, "password": {testPassword}})
	if r.StatusCode != http.StatusSeeOther {
		b.e.t.Fatalf("login %s: %d %s", user, r.StatusCode, r.Body)
	}
}

var tagRE = regexp.MustCompile(`<[^>]+>`)

// text strips tags, for asserting what a user reads.
func text(html string) string { return tagRE.ReplaceAllString(html, " ") }

func webRoutePatterns() []string { return web.RoutePatterns() }

// loginAs logs the browser in by e-mail.
func (b *browser) loginAs(email string) {
	b.e.t.Helper()
	r := b.post("/login", url.Values{"email": {email}, "password": {testPassword}})
	if r.StatusCode != http.StatusSeeOther {
		b.e.t.Fatalf("login %s: %d", email, r.StatusCode)
	}
}
