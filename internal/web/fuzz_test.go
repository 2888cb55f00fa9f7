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
	"strings"
	"testing"

	"kasane/internal/auth"
	"kasane/internal/casework"
	"kasane/internal/config"
	"kasane/internal/sqldb/sqldbtest"
	"kasane/internal/web"
)

// rig is a running server for fuzzing (newEnv needs a *testing.T; a fuzz
// target sets up once per process with its *testing.F).
type rig struct {
	url, token, cookie string
	caseID, personID   string
	client             *http.Client
}

func newRig(tb testing.TB) *rig {
	tb.Helper()
	db := sqldbtest.Open(tb)
	ctx := context.Background()
	sys := sqldbtest.Muni(tb, db)
	off := false
	if err := db.SaveSettings(ctx, sys, casework.Settings{RequireMFA: &off}); err != nil {
		tb.Fatal(err)
	}
	org := sqldbtest.Org(tb, db, sys, "fuzz機関", "community_support_center")
	u := casework.User{OrganizationID: org.ID, Email: "fuzz@example.jp", Name: "職員 fuzz", Roles: []string{"worker"}}
	if err := db.CreateUser(ctx, sys, &u, passwordHash(tb)); err != nil {
		tb.Fatal(err)
	}
	tok, _ := auth.NewToken("ksn_")
	if err := db.CreateToken(ctx, sys, u.ID, auth.HashToken(tok)); err != nil {
		tb.Fatal(err)
	}
	cfg := config.Default()
	cfg.InsecureCookies = true
	s, err := web.New(cfg, db, slog.New(slog.NewJSONHandler(io.Discard, nil)))
	if err != nil {
		tb.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	tb.Cleanup(srv.Close)
	r := &rig{url: srv.URL, token: tok, client: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	status, body := r.do(tb, "POST", "/api/v1/persons", "application/json", `{"family_name":"髙橋","given_name":"一郎","family_name_kana":"タカハシ","birth_date":"S50.4.1","sex":"male"}`)
	var m map[string]any
	_ = json.Unmarshal(body, &m)
	r.personID, _ = m["id"].(string)
	status2, body := r.do(tb, "POST", "/api/v1/cases", "application/json", `{"focus_person_id":"`+r.personID+`","received_on":"R8.5.20","route":"家族","method":"来所","bunya":["kaigo"],"complaint":"x"}`)
	_ = json.Unmarshal(body, &m)
	r.caseID, _ = m["id"].(string)
	if status != 201 || status2 != 201 {
		tb.Fatalf("setup: %d %d %s", status, status2, body)
	}
	res, err := r.client.PostForm(srv.URL+"/login", url.Values{"email": {u.Email}, "password": {testPassword}})
	if err != nil {
		tb.Fatal(err)
	}
	res.Body.Close()
	for _, c := range res.Cookies() {
		if c.Name == "kasane_session" {
			r.cookie = c.Value
		}
	}
	if r.cookie == "" {
		tb.Fatalf("login: %d", res.StatusCode)
	}
	return r
}

// do sends body with the token (API) or the session cookie (pages).
func (r *rig) do(tb testing.TB, method, path, ctype, body string) (int, []byte) {
	tb.Helper()
	req, err := http.NewRequest(method, r.url+path, strings.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Content-Type", ctype)
	if strings.HasPrefix(path, "/api/") {
		req.Header.Set("Authorization", "Bearer "+r.token)
	} else {
		req.AddCookie(&http.Cookie{Name: "kasane_session", Value: r.cookie})
		req.Header.Set("Origin", r.url)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	res, err := r.client.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode >= 500 {
		tb.Fatalf("%s %s: %d %s", method, path, res.StatusCode, b)
	}
	if res.StatusCode >= 400 && strings.HasPrefix(path, "/api/") && !strings.HasPrefix(res.Header.Get("Content-Type"), "application/problem+json") {
		tb.Fatalf("%s %s: %d without problem+json: %s", method, path, res.StatusCode, res.Header.Get("Content-Type"))
	}
	return res.StatusCode, b
}

// writeRoutes lists the POST and PATCH routes (api true: the JSON API; false:
// the pages) with {id} filled in: a real case or person where the path
// names one, else the case id (a 404 is a fine answer too).
func (r *rig) writeRoutes(api bool) [][2]string {
	var out [][2]string
	for _, p := range webRoutePatterns() {
		method, path, _ := strings.Cut(p, " ")
		if (method != "POST" && method != "PATCH") || strings.HasPrefix(path, "/api/") != api || path == "/logout" {
			continue
		}
		id := r.caseID
		if strings.Contains(path, "/persons/") {
			id = r.personID
		}
		out = append(out, [2]string{method, strings.ReplaceAll(path, "{id}", id)})
	}
	return out
}

// FuzzAPIJSON sends arbitrary bodies to every JSON decoder of the API:
// never a 5xx, and every refusal is problem+json.
func FuzzAPIJSON(f *testing.F) {
	r := newRig(f)
	routes := r.writeRoutes(true)
	for i := range routes {
		for _, s := range []string{`{}`, `[]`, `null`, `{"version":1}`, `{"family_name":"山田","birth_date":"令和元年5月1日"}`, `{"at":"2026-13-01"}`, `"x"`, `{"items":[{}]}`} {
			f.Add(uint8(i), []byte(s))
		}
	}
	f.Fuzz(func(t *testing.T, i uint8, body []byte) {
		rt := routes[int(i)%len(routes)]
		r.do(t, rt[0], rt[1], "application/json", string(body))
	})
}

// FuzzForms sends arbitrary form bodies to every page form: never a 5xx.
func FuzzForms(f *testing.F) {
	r := newRig(f)
	routes := r.writeRoutes(false)
	for i := range routes {
		for _, s := range []string{"", "a=b", "family_name=%E5%B1%B1%E7%94%B0&birth_date=S50.4.1", "version=x", "%zz", "to=closed&reason=", "email=fuzz%40example.jp&password=x"} {
			f.Add(uint8(i), s)
		}
	}
	f.Fuzz(func(t *testing.T, i uint8, body string) {
		rt := routes[int(i)%len(routes)]
		r.do(t, rt[0], rt[1], "application/x-www-form-urlencoded", body)
	})
}

// TestBodyLimitEveryRoute posts 2 MiB to every POST and PATCH route, API
// and pages: always a 4xx, never a 5xx. POST /login/mfa sends a session
// that needs no second factor on (303) without reading the body.
func TestBodyLimitEveryRoute(t *testing.T) {
	r := newRig(t)
	big := `{"x":"` + strings.Repeat("あ", 700_000) + `"}`
	form := "x=" + strings.Repeat("a", 2<<20)
	for _, api := range []bool{true, false} {
		for _, rt := range r.writeRoutes(api) {
			ctype, body := "application/json", big
			if !api {
				ctype, body = "application/x-www-form-urlencoded", form
			}
			if code, b := r.do(t, rt[0], rt[1], ctype, body); code < 400 && !(rt[1] == "/login/mfa" && code == http.StatusSeeOther) {
				t.Errorf("%s %s: 2 MiB body accepted with %d %s", rt[0], rt[1], code, bytes.TrimSpace(b[:min(len(b), 200)]))
			}
		}
	}
}
