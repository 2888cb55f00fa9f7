package main

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
)

// TestTwoServersOnePostgres runs two `kasane serve` processes on one
// PostgreSQL database on different ports: a browser login on one is valid
// on the other, and a change made on one is seen (and found by name) on
// the other.
func TestTwoServersOnePostgres(t *testing.T) {
	if os.Getenv("KASANE_TEST_DATABASE") == "" || testing.Short() {
		t.Skip("needs KASANE_TEST_DATABASE")
	}
	dsn := newDB(t)
	tok, orgID := cliSetup(t, dsn, "multi@example.jp")
	const pw = "十分に長い合言葉です"
	if code, _, errs := cli(t, pw+"\n", "user", "add", "--db", dsn, "--org", orgID, "--email", "login@example.jp", "--name", "窓口 花子", "--role", "worker", "--password-stdin"); code != 0 {
		t.Fatalf("user add: %s", errs)
	}
	// the municipality the CLI created requires MFA by default; turn it off
	db, err := sqldb.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := db.Municipalities(context.Background())
	if err != nil || len(ms) != 1 {
		t.Fatalf("municipalities: %v %v", ms, err)
	}
	off := false
	if err := db.SaveSettings(context.Background(), casework.System(ms[0].ID), casework.Settings{RequireMFA: &off}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	bin := kasaneBinary(t)
	a := startServe(t, bin, dsn, "KASANE_INSECURE_COOKIES=true")
	defer a.stop()
	b := startServe(t, bin, dsn, "KASANE_INSECURE_COOKIES=true")
	defer b.stop()
	if a.base == b.base {
		t.Fatal("same address")
	}
	client := &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	// log in on A
	req, _ := http.NewRequest("POST", a.base+"/login", strings.NewReader(url.Values{"email": {"login@example.jp"}, "password": {pw}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", a.base)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	var session string
	for _, c := range res.Cookies() {
		if c.Name == "kasane_session" {
			session = c.Value
		}
	}
	if res.StatusCode != http.StatusSeeOther || session == "" {
		t.Fatalf("login on A: %d", res.StatusCode)
	}
	page := func(base, path string) (int, string) {
		req, _ := http.NewRequest("GET", base+path, nil)
		req.AddCookie(&http.Cookie{Name: "kasane_session", Value: session})
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(body)
	}
	if code, body := page(b.base, "/api/v1/me"); code != 200 || !strings.Contains(body, "login@example.jp") {
		t.Fatalf("A's session on B: %d %s", code, body)
	}

	// a change on A is seen on B
	code, m, err := call(client, "POST", a.base+"/api/v1/persons", tok, map[string]any{"family_name": "渡邊", "given_name": "恵子",
		"family_name_kana": "ワタナベ", "given_name_kana": "ケイコ", "birth_date": "1960-02-03", "sex": "female"})
	if err != nil || code != 201 {
		t.Fatalf("create on A: %d %v", code, err)
	}
	pid := m["id"].(string)
	if code, _, err := call(client, "PATCH", a.base+"/api/v1/persons/"+pid, tok, map[string]any{"phone": "090-2468-1357", "version": 1}); err != nil || code != 200 {
		t.Fatalf("update on A: %d %v", code, err)
	}
	if code, m, _ := call(client, "GET", b.base+"/api/v1/persons/"+pid, tok, nil); code != 200 || m["phone"] != "090-2468-1357" || m["version"] != float64(2) {
		t.Fatalf("B sees %d %v", code, m)
	}
	// B's name index takes in changes committed through another process at
	// most nameSyncEvery (200 ms) late: on a fast machine the search comes
	// sooner than that after B loaded its index, so it is asked again until
	// a generous deadline
	found := false
	for deadline := time.Now().Add(5 * time.Second); !found && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		code, body := page(b.base, "/persons?q="+url.QueryEscape("わたなべ けいこ"))
		if code != 200 {
			t.Fatalf("search on B: %d", code)
		}
		found = strings.Contains(body, pid)
	}
	if !found {
		t.Fatal("B does not find the person created on A")
	}
	// a stale save on B after A's change is a conflict
	if code, _, _ := call(client, "PATCH", b.base+"/api/v1/persons/"+pid, tok, map[string]any{"phone": "090-0000-0000", "version": 1}); code != 409 {
		t.Fatalf("stale save on B: %d", code)
	}
	// logging out on B ends the session on A too
	req, _ = http.NewRequest("POST", b.base+"/logout", nil)
	req.AddCookie(&http.Cookie{Name: "kasane_session", Value: session})
	req.Header.Set("Origin", b.base)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	if res, err := client.Do(req); err == nil {
		res.Body.Close()
	}
	if code, _ := page(a.base, "/api/v1/me"); code != 401 {
		t.Fatalf("session still valid on A after logout on B: %d", code)
	}
}
