package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"kasane/internal/auth"
	"kasane/internal/sqldb"
)

// testSecretKey encrypts TOTP secrets in the test databases.
var testSecretKey = bytes.Repeat([]byte{7}, 32)

// auditHas reports whether the audit log has an event of objectType on id.
func (e *env) auditHas(objectType, id string) bool {
	e.t.Helper()
	evs, err := e.db.AuditEvents(context.Background(), sqldb.ActorFor(e.users["privacy"]), sqldb.AuditFilter{ObjectID: id, Limit: 100})
	if err != nil {
		e.t.Fatal(err)
	}
	for _, ev := range evs {
		if ev.ObjectType == objectType {
			return true
		}
	}
	return false
}

func TestOwnPasswordChange(t *testing.T) {
	e := newEnv(t)
	b, other := e.browser(), e.browser()
	b.login("worker")
	other.login("worker")
	if r := b.get("/"); !strings.Contains(r.Body, `href="/account/password"`) {
		t.Fatal("no menu link to the password change")
	}
	if r := b.get("/account/password"); r.StatusCode != 200 || !strings.Contains(r.Body, "現在のパスワード") {
		t.Fatalf("form: %d", r.StatusCode)
	}
	const newPW = "あたらしい合言葉-2026"
	for _, c := range []struct {
		form url.Values
		want string
	}{
		{url.Values{"current_password": {"wrong-password-x"}, "new_password": {newPW}, "new_password_confirm": {newPW}}, "現在のパスワードが正しくありません"},
		{url.Values{"current_password": {testPassword}, "new_password": {"Sunshine1"}, "new_password_confirm": {"Sunshine1"}}, "よく使われるパスワード"},
		{url.Values{"current_password": {testPassword}, "new_password": {newPW}, "new_password_confirm": {newPW + "x"}}, "一致しません"},
		{url.Values{"current_password": {testPassword}, "new_password": {testPassword}, "new_password_confirm": {testPassword}}, "異なるパスワード"},
	} {
		r := b.post("/account/password", c.form)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, c.want) || !strings.Contains(r.Body, `class="field-error"`) {
			t.Fatalf("%s: %d %s", c.want, r.StatusCode, text(r.Body))
		}
		if strings.Contains(r.Body, newPW) || strings.Contains(r.Body, "wrong-password-x") || strings.Contains(r.Body, "Sunshine1") {
			t.Fatal("a password was echoed back into the form")
		}
	}
	r := b.post("/account/password", url.Values{"current_password": {testPassword}, "new_password": {newPW}, "new_password_confirm": {newPW}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("change: %d %s", r.StatusCode, text(r.Body))
	}
	if r := b.get(r.Header.Get("Location")); !strings.Contains(r.Body, "パスワードを変更しました") {
		t.Fatal("no confirmation")
	}
	if r := b.get("/"); r.StatusCode != 200 {
		t.Fatalf("the changing session was ended: %d", r.StatusCode)
	}
	if r := other.get("/"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
		t.Fatalf("other session survived the change: %d", r.StatusCode)
	}
	if r := e.browser().post("/login", url.Values{"email": {"worker@example.jp"}, "password": {testPassword}}); r.StatusCode != http.StatusUnauthorized {
		t.Fatalf("old password still works: %d", r.StatusCode)
	}
	if r := e.browser().post("/login", url.Values{"email": {"worker@example.jp"}, "password": {newPW}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("new password refused: %d", r.StatusCode)
	}
	if !e.auditHas("password", e.users["worker"].ID) {
		t.Fatal("password change not audited")
	}
}

func TestOwnPasswordChangeAPI(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker2")
	r := e.api("POST", "/api/v1/me/password", tok, map[string]string{"current_password": "nope-nope-nope", "new_password": "べつの合言葉-2026"})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "current_password") {
		t.Fatalf("wrong current: %d %s", r.StatusCode, r.Body)
	}
	r = e.api("POST", "/api/v1/me/password", tok, map[string]string{"current_password": testPassword, "new_password": "password123"})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "new_password") {
		t.Fatalf("common new: %d %s", r.StatusCode, r.Body)
	}
	r = e.api("POST", "/api/v1/me/password", tok, map[string]string{"current_password": testPassword, "new_password": "べつの合言葉-2026"})
	if r.StatusCode != 200 || r.JSON(t)["changed"] != true {
		t.Fatalf("change: %d %s", r.StatusCode, r.Body)
	}
	if r := e.browser().post("/login", url.Values{"email": {"worker2@example.jp"}, "password": {"べつの合言葉-2026"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("login with the new password: %d", r.StatusCode)
	}
}

var tempRE = regexp.MustCompile(`<code class="secret" id="temp-password">([a-z0-9-]+)</code>`)
var versionRE = regexp.MustCompile(`name="version" value="(\d+)"`)

func (b *browser) version(path string) string {
	b.e.t.Helper()
	m := versionRE.FindStringSubmatch(b.get(path).Body)
	if m == nil {
		b.e.t.Fatalf("no version on %s", path)
	}
	return m[1]
}

func TestAdminResetSetsTemporaryPasswordThatMustBeChanged(t *testing.T) {
	e := newEnv(t)
	admin, worker := e.browser(), e.browser()
	admin.login("admin")
	worker.login("worker")
	uid := e.users["worker"].ID
	page := "/admin/users/" + uid
	r := admin.post(page+"/password-reset", url.Values{"version": {admin.version(page)}})
	m := tempRE.FindStringSubmatch(r.Body)
	if r.StatusCode != 200 || m == nil {
		t.Fatalf("reset: %d %s", r.StatusCode, text(r.Body))
	}
	temp := m[1]
	if r := admin.get(page); strings.Contains(r.Body, temp) {
		t.Fatal("temporary password shown again")
	}
	if r := worker.get("/"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
		t.Fatalf("worker's session survived the reset: %d", r.StatusCode)
	}
	if !e.auditHas("password", uid) {
		t.Fatal("reset not audited")
	}
	w := e.browser()
	if r := w.post("/login", url.Values{"email": {"worker@example.jp"}, "password": {temp}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("login with temporary password: %d", r.StatusCode)
	}
	for _, p := range []string{"/", "/cases", "/persons", "/admin/users"} {
		if r := w.get(p); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/account/password" {
			t.Fatalf("%s reachable before the change: %d %s", p, r.StatusCode, r.Header.Get("Location"))
		}
	}
	if r := w.get("/account/password"); r.StatusCode != 200 || !strings.Contains(r.Body, "仮パスワード") {
		t.Fatalf("change form: %d", r.StatusCode)
	}
	const mine = "じぶんで決めた合言葉-7"
	if r := w.post("/account/password", url.Values{"current_password": {temp}, "new_password": {mine}, "new_password_confirm": {mine}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("change: %d %s", r.StatusCode, text(r.Body))
	}
	if r := w.get("/"); r.StatusCode != 200 {
		t.Fatalf("home after the change: %d", r.StatusCode)
	}
	// an administrator cannot reset their own password this way
	self := "/admin/users/" + e.users["admin"].ID
	if r := admin.post(self+"/password-reset", url.Values{"version": {"1"}}); r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("self reset: %d", r.StatusCode)
	}
	// a worker cannot reset anyone
	if r := w.post(page+"/password-reset", url.Values{"version": {"1"}}); r.StatusCode != http.StatusForbidden {
		t.Fatalf("worker reset: %d", r.StatusCode)
	}
}

func TestSensitiveAdminActionsNeedRecentAuthentication(t *testing.T) {
	e := newEnv(t)
	admin := e.browser()
	admin.login("admin")
	uid := e.users["viewer"].ID
	page := "/admin/users/" + uid
	if r := admin.get(page); strings.Contains(r.Body, `name="reauth_password"`) {
		t.Fatal("password asked right after login")
	}
	e.clock.Add(11 * time.Minute)
	if r := admin.get(page); !strings.Contains(r.Body, `name="reauth_password"`) {
		t.Fatal("no password field after 11 minutes")
	}
	if r := admin.get("/admin/users"); !strings.Contains(r.Body, `name="reauth_password"`) {
		t.Fatal("no password field on the new-user form")
	}
	v := admin.version(page)
	roles := url.Values{"version": {v}, "roles": {"worker"}}
	if r := admin.post(page+"/roles", roles); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "確認のため") {
		t.Fatalf("roles without re-authentication: %d %s", r.StatusCode, text(r.Body))
	}
	roles.Set("reauth_password", "not-my-password")
	if r := admin.post(page+"/roles", roles); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "パスワードが正しくありません") || strings.Contains(r.Body, "not-my-password") {
		t.Fatalf("roles with a wrong password: %d", r.StatusCode)
	}
	roles.Set("reauth_password", testPassword)
	if r := admin.post(page+"/roles", roles); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("roles with re-authentication: %d %s", r.StatusCode, text(r.Body))
	}
	if u, _ := e.db.ManagedUser(context.Background(), e.sys, uid); strings.Join(u.Roles, ",") != "worker" {
		t.Fatalf("roles: %v", u.Roles)
	}
	if !e.auditHas("user_roles", uid) {
		t.Fatal("role change not audited")
	}
	// within the next 10 minutes no password is asked again
	e.clock.Add(5 * time.Minute)
	r := admin.post("/admin/users", url.Values{"name": {"新人 花子"}, "email": {"hanako@example.jp"}, "organization_id": {e.orgs["city"].ID}, "roles": {"worker"}, "password": {"しっかりした合言葉です"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create user within the window: %d %s", r.StatusCode, text(r.Body))
	}
	// an administrator's initial password is temporary too
	nb := e.browser()
	if r := nb.post("/login", url.Values{"email": {"hanako@example.jp"}, "password": {"しっかりした合言葉です"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("new user login: %d %s", r.StatusCode, text(r.Body))
	}
	if r := nb.get("/"); r.Header.Get("Location") != "/account/password" {
		t.Fatalf("new user not sent to the change form: %d", r.StatusCode)
	}
	e.clock.Add(11 * time.Minute)
	if r := admin.post(page+"/mfa-reset", url.Values{"version": {admin.version(page)}}); r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("MFA reset without re-authentication: %d", r.StatusCode)
	}
	if r := admin.post(page+"/mfa-reset", url.Values{"version": {admin.version(page)}, "reauth_password": {testPassword}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("MFA reset: %d %s", r.StatusCode, text(r.Body))
	}
	// own roles cannot be changed
	self := "/admin/users/" + e.users["admin"].ID
	if r := admin.post(self+"/roles", url.Values{"version": {"1"}, "roles": {"viewer"}}); r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("own roles: %d", r.StatusCode)
	}
}

func TestMFAResetByAdministrator(t *testing.T) {
	e := newEnv(t, envOpts{mfa: true})
	secret := enrolTOTP(t, e, "worker")
	admin := e.browser()
	admin.loginAs("admin@example.jp")
	page := "/admin/users/" + e.users["worker"].ID
	mfaLoginTOTP(t, e, admin, "admin")
	if r := admin.post(page+"/mfa-reset", url.Values{"version": {admin.version(page)}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("reset: %d %s", r.StatusCode, text(r.Body))
	}
	// the worker enrols again: a new secret is offered
	b := e.browser()
	b.loginAs("worker@example.jp")
	m := secretRE.FindStringSubmatch(b.get("/login/mfa").Body)
	if m == nil || m[1] == secret {
		t.Fatal("no fresh enrolment after the reset")
	}
	if !e.auditHas("totp", e.users["worker"].ID) {
		t.Fatal("MFA reset not audited")
	}
}

// enrolTOTP enrols user's second factor through the pages and returns the
// secret.
func enrolTOTP(t *testing.T, e *env, user string) string {
	t.Helper()
	b := e.browser()
	b.loginAs(user + "@example.jp")
	m := secretRE.FindStringSubmatch(b.get("/login/mfa").Body)
	if m == nil {
		t.Fatal("no enrolment page")
	}
	code, _ := auth.GenerateTOTPCode(m[1], e.clock.Now())
	if r := b.post("/login/mfa", url.Values{"code": {code}}); r.StatusCode != 200 {
		t.Fatalf("enrol: %d", r.StatusCode)
	}
	return m[1]
}

// mfaLoginTOTP completes a pending login of b (enrolling user first).
func mfaLoginTOTP(t *testing.T, e *env, b *browser, user string) {
	t.Helper()
	m := secretRE.FindStringSubmatch(b.get("/login/mfa").Body)
	if m == nil {
		t.Fatal("no enrolment page")
	}
	code, _ := auth.GenerateTOTPCode(m[1], e.clock.Now())
	if r := b.post("/login/mfa", url.Values{"code": {code}}); r.StatusCode != 200 {
		t.Fatalf("enrol %s: %d", user, r.StatusCode)
	}
}

func TestTOTPSecretStoredEncryptedAndWrongKeyIsAClearError(t *testing.T) {
	e := newEnv(t, envOpts{mfa: true})
	secret := enrolTOTP(t, e, "worker")
	cred, err := e.db.LoginCredentials(context.Background(), "worker@example.jp")
	if err != nil {
		t.Fatal(err)
	}
	if cred.TOTPSecret == "" || strings.Contains(cred.TOTPSecret, secret) || !strings.HasPrefix(cred.TOTPSecret, "v1:") {
		t.Fatalf("stored TOTP value %q", cred.TOTPSecret)
	}
	// the same server with another key: the login fails with a clear page
	if err := e.db.SetSecretKey(bytes.Repeat([]byte{8}, 32)); err != nil {
		t.Fatal(err)
	}
	b := e.browser()
	b.loginAs("worker@example.jp")
	e.clock.Add(30 * time.Second)
	code, _ := auth.GenerateTOTPCode(secret, e.clock.Now())
	r := b.post("/login/mfa", url.Values{"code": {code}})
	if r.StatusCode != http.StatusServiceUnavailable || !strings.Contains(r.Body, "復号できません") {
		t.Fatalf("wrong key: %d %s", r.StatusCode, text(r.Body))
	}
	if strings.Contains(e.logs.String(), secret) {
		t.Fatal("secret in the log")
	}
	// with the right key again the code works
	_ = e.db.SetSecretKey(testSecretKey)
	if r := b.post("/login/mfa", url.Values{"code": {code}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("right key: %d %s", r.StatusCode, text(r.Body))
	}
}
