package main

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"kasane/internal/auth"
	"kasane/internal/casework"
	"kasane/internal/sqldb"
)

// TestCLIUserResetRecoversTheOnlyAdministrator: the only administrator
// has a second factor and forgot the password. The operator resets both
// from the command line; the old password and the old session no longer
// work, the printed temporary password logs in, a new second factor is
// enrolled, the password must be changed before anything else, and the
// audit log names the system as the actor.
func TestCLIUserResetRecoversTheOnlyAdministrator(t *testing.T) {
	dsn := newDB(t)
	key := newKeyFile(t)
	const email, pw = "kanri@example.jp", "十分に長い合言葉です"
	_, orgID, _ := cli(t, "", "org", "add", "--db", dsn, "--name", "福祉総合相談課", "--kind", "municipal_section")
	if code, _, errs := cli(t, pw+"\n", "user", "add", "--db", dsn, "--org", strings.TrimSpace(orgID), "--email", email, "--name", "管理 正", "--role", "municipal_admin", "--password-stdin"); code != 0 {
		t.Fatalf("user add: %s", errs)
	}
	base, stop := serveInProcess(t, "--db", dsn, "--secret-key-file", key)
	defer stop()
	old := loginClient(t, base, email, pw)
	secret := enrolTOTP(t, base, old)
	if res := fetch(t, old, base+"/"); res.StatusCode != http.StatusOK {
		t.Fatalf("home after enrolment: %d", res.StatusCode)
	}

	code, out, errs := cli(t, "", "user", "reset-password", "--db", dsn, "--email", email)
	temp := strings.TrimSpace(out)
	if code != 0 || !regexp.MustCompile(`^[a-z0-9]{4}(-[a-z0-9]{4}){3}$`).MatchString(temp) || !strings.Contains(errs, "次のログインで変更") {
		t.Fatalf("reset-password: %d %q %s", code, out, errs)
	}
	if code, out, errs := cli(t, "", "user", "reset-mfa", "--db", dsn, "--email", email); code != 0 || !strings.Contains(out, "二要素認証を解除しました") {
		t.Fatalf("reset-mfa: %d %q %s", code, out, errs)
	}

	if res := fetch(t, old, base+"/"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Errorf("the old session still works: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if res := postLogin(t, noRedirectClient(), base, email, pw); res.StatusCode == http.StatusSeeOther {
		t.Errorf("the old password still logs in: %s", res.Header.Get("Location"))
	}
	c := loginClient(t, base, email, temp)
	if again := enrolTOTP(t, base, c); again == secret {
		t.Error("the old TOTP secret was kept")
	}
	if res := fetch(t, c, base+"/"); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/account/password" {
		t.Errorf("with the temporary password: %d %s, want the password change form", res.StatusCode, res.Header.Get("Location"))
	}

	ctx := context.Background()
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	u, err := db.UserByEmail(ctx, email)
	if err != nil {
		t.Fatal(err)
	}
	officer := casework.Actor{UserID: "test", MunicipalityID: u.MunicipalityID, Roles: []string{"privacy_officer"}}
	events, err := db.AuditEvents(ctx, officer, sqldb.AuditFilter{ActorID: "system", ObjectID: u.ID, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	for _, ev := range events {
		kinds[ev.ObjectType] = true
	}
	if !kinds["password"] || !kinds["totp"] {
		t.Errorf("the resets are not audited as the system: %v", kinds)
	}
}

func TestCLIUserResetBadInput(t *testing.T) {
	dsn := newDB(t)
	for _, sub := range []string{"reset-password", "reset-mfa"} {
		if code, _, errs := cli(t, "", "user", sub, "--db", dsn, "--email", "nobody@example.jp"); code != 1 || !strings.Contains(errs, "見つかりません") {
			t.Errorf("%s of an unknown user: %d %s", sub, code, errs)
		}
		if code, _, errs := cli(t, "", "user", sub, "--db", dsn); code != 1 || !strings.Contains(errs, "--email") {
			t.Errorf("%s without --email: %d %s", sub, code, errs)
		}
	}
}

func noRedirectClient() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func postLogin(t *testing.T, c *http.Client, base, email, pw string) *http.Response {
	t.Helper()
	res, err := c.PostForm(base+"/login", url.Values{"email": {email}, "password": {pw}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res
}

// loginClient logs in with a password up to the second-factor step.
func loginClient(t *testing.T, base, email, pw string) *http.Client {
	t.Helper()
	c := noRedirectClient()
	if res := postLogin(t, c, base, email, pw); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login/mfa") {
		t.Fatalf("password step of %s: %d %s", email, res.StatusCode, res.Header.Get("Location"))
	}
	return c
}

// enrolTOTP enrols a new second factor on the enrolment page and returns
// its secret.
func enrolTOTP(t *testing.T, base string, c *http.Client) string {
	t.Helper()
	res := fetch(t, c, base+"/login/mfa")
	m := regexp.MustCompile(`<code class="secret">([A-Z2-7]+)</code>`).FindStringSubmatch(res.body)
	if m == nil {
		t.Fatalf("no enrolment on /login/mfa: %d", res.StatusCode)
	}
	code, _ := auth.GenerateTOTPCode(m[1], time.Now())
	r, err := c.PostForm(base+"/login/mfa", url.Values{"code": {code}})
	if err != nil || r.StatusCode != http.StatusOK {
		t.Fatalf("enrol: %v %v", err, r)
	}
	r.Body.Close()
	return m[1]
}

type fetched struct {
	*http.Response
	body string
}

func fetch(t *testing.T, c *http.Client, u string) fetched {
	t.Helper()
	res, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	return fetched{res, string(b)}
}
