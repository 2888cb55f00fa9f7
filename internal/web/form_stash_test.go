package web_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"kasane/internal/auth"
)

// jarBrowser keeps every cookie like a real browser (the session, the
// stash's id, the id of a session logged out of) and can send a Referer.
type jarBrowser struct {
	e   *env
	c   *http.Client
	ref string
}

func (e *env) jarBrowser() *jarBrowser {
	jar, _ := cookiejar.New(nil)
	return &jarBrowser{e: e, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (b *jarBrowser) req(method, path string, form url.Values) resp {
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
	if b.ref != "" {
		req.Header.Set("Referer", b.e.srv.URL+b.ref)
	}
	res, err := b.c.Do(req)
	if err != nil {
		b.e.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return resp{res, string(body)}
}

func (b *jarBrowser) get(path string) resp { return b.req("GET", path, nil) }
func (b *jarBrowser) post(path string, f url.Values) resp {
	return b.req("POST", path, f)
}

// login logs in with next and returns where the server sends the browser.
func (b *jarBrowser) login(user, next string) string {
	b.e.t.Helper()
	r := b.post("/login", url.Values{"email": {user + "@example.jp"}, "password": {testPassword}, "next": {next}})
	if r.StatusCode != http.StatusSeeOther {
		b.e.t.Fatalf("login %s: %d", user, r.StatusCode)
	}
	return r.Header.Get("Location")
}

const stashNote = "長男と面談。母の通院の付き添いを、来週から週2回お願いしたいとのこと。"

func contactForm() url.Values {
	return url.Values{"at": {"2026-06-01T10:00"}, "method": {"訪問"}, "counterpart": {"長男"}, "content": {stashNote}, "minutes": {"40"}}
}

// expiredContact: the worker types a record on the case page, the session
// ends by idle timeout, and 記録する arrives without a live session.
func (e *env) expiredContact(b *jarBrowser, caseID string) resp {
	e.t.Helper()
	b.login("worker", "/")
	b.ref = "/cases/" + caseID
	if r := b.get("/cases/" + caseID); r.StatusCode != 200 {
		e.t.Fatalf("case page: %d", r.StatusCode)
	}
	e.clock.Add(31 * time.Minute) // idle timeout (30 minutes by default)
	return b.post("/cases/"+caseID+"/contacts", contactForm())
}

func (e *env) stashCase() string {
	tok := e.token("worker")
	return e.mkCase(tok, e.mkPerson(tok, yamada))
}

// TestFormStashRestoresAfterIdleTimeout: the record typed before the
// session ended comes back into the textarea after login, once, marked as
// not saved; nothing is saved until the user sends it again.
func TestFormStashRestoresAfterIdleTimeout(t *testing.T) {
	e := newEnv(t)
	caseID := e.stashCase()
	b := e.jarBrowser()
	r := e.expiredContact(b, caseID)
	loc := r.Header.Get("Location")
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/login?expired=1") || !strings.Contains(loc, "kept=1") {
		t.Fatalf("expired post: %d %q", r.StatusCode, loc)
	}
	lp := b.get(loc)
	if !strings.Contains(lp.Body, "セッションの有効期限が切れました。ログインすると、入力中の内容を戻します。") {
		t.Fatalf("login page without the message: %s", text(lp.Body))
	}
	if strings.Contains(e.logs.String(), "長男と面談") {
		t.Error("the typed text reached the log")
	}
	next := b.login("worker", "/cases/"+caseID)
	if next != "/cases/"+caseID {
		t.Fatalf("after login to %q, want the case page", next)
	}
	page := b.get(next)
	if !strings.Contains(page.Body, ">"+stashNote+"</textarea>") {
		t.Fatalf("typed record not back in the textarea: %s", text(page.Body))
	}
	if !strings.Contains(page.Body, "まだ保存されていません") {
		t.Error("no notice that the content is not saved")
	}
	if strings.Count(page.Body, stashNote) != 1 {
		t.Error("the record was saved without the user sending it (or shown twice)")
	}
	// single use
	if again := b.get(next); strings.Contains(again.Body, stashNote) {
		t.Error("restored a second time")
	}
	// sending it now saves it and returns to the section of the page
	b.ref = next
	r = b.post("/cases/"+caseID+"/contacts", contactForm())
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/cases/"+caseID+"?done=contact#h-contacts" {
		t.Fatalf("save: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	if saved := b.get("/cases/" + caseID + "?done=contact"); !strings.Contains(saved.Body, stashNote) || !strings.Contains(saved.Body, "支援経過を記録しました。") {
		t.Error("record not saved after sending again")
	}
}

// TestFormStashWithoutReferer: without a Referer the page is the nearest
// page above the form's action.
func TestFormStashWithoutReferer(t *testing.T) {
	e := newEnv(t)
	caseID := e.stashCase()
	b := e.jarBrowser()
	b.login("worker", "/")
	e.clock.Add(31 * time.Minute)
	r := b.post("/cases/"+caseID+"/contacts", contactForm())
	if want := "/login?expired=1&next=" + url.QueryEscape("/cases/"+caseID) + "&kept=1"; r.Header.Get("Location") != want {
		t.Fatalf("Location %q, want %q", r.Header.Get("Location"), want)
	}
	if page := b.get(b.login("worker", "/cases/"+caseID)); !strings.Contains(page.Body, stashNote) {
		t.Error("not restored")
	}
}

// TestFormStashOnlyForItsUser: another user logging in on the same browser
// never gets the stash; its owner still does.
func TestFormStashOnlyForItsUser(t *testing.T) {
	e := newEnv(t)
	caseID := e.stashCase()
	b := e.jarBrowser()
	e.expiredContact(b, caseID)
	b.ref = ""
	// a colleague of the same organization, who may open the case
	e.addUser("worker3", "houkatsu", "worker")
	r := b.post("/login", url.Values{"email": {"worker3@example.jp"}, "password": {testPassword}, "next": {"/cases/" + caseID}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("login worker3: %d", r.StatusCode)
	}
	if page := b.get("/cases/" + caseID); page.StatusCode != 200 || strings.Contains(page.Body, stashNote) || strings.Contains(page.Body, "まだ保存されていません") {
		t.Fatalf("another user got the stash (%d)", page.StatusCode)
	}
	b.post("/logout", url.Values{})
	if page := b.get(b.login("worker", "/cases/"+caseID)); !strings.Contains(page.Body, stashNote) {
		t.Error("owner lost the stash after another user's login")
	}
}

// TestFormStashExpires: after two hours there is nothing to restore.
func TestFormStashExpires(t *testing.T) {
	e := newEnv(t)
	caseID := e.stashCase()
	b := e.jarBrowser()
	e.expiredContact(b, caseID)
	e.clock.Add(2*time.Hour + time.Minute)
	if page := b.get(b.login("worker", "/cases/"+caseID)); strings.Contains(page.Body, stashNote) {
		t.Error("restored after it expired")
	}
}

// TestFormStashAfterLogoutInAnotherTab: the browser no longer has the
// session cookie at all; the form is still kept for the user who logged out.
func TestFormStashAfterLogoutInAnotherTab(t *testing.T) {
	e := newEnv(t)
	caseID := e.stashCase()
	b := e.jarBrowser()
	b.login("worker", "/")
	b.get("/cases/" + caseID)
	if r := b.post("/logout", url.Values{}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout: %d", r.StatusCode)
	}
	b.ref = "/cases/" + caseID
	r := b.post("/cases/"+caseID+"/contacts", contactForm())
	if !strings.Contains(r.Header.Get("Location"), "kept=1") {
		t.Fatalf("not kept after logout: %q", r.Header.Get("Location"))
	}
	if page := b.get(b.login("worker", "/cases/"+caseID)); !strings.Contains(page.Body, stashNote) {
		t.Error("not restored after logout in another tab")
	}
}

// TestFormStashNeverKeepsPasswords: password forms are not kept; the
// browser is still sent to the login page with the message.
func TestFormStashNeverKeepsPasswords(t *testing.T) {
	e := newEnv(t)
	b := e.jarBrowser()
	b.login("worker", "/")
	b.ref = "/account/password"
	e.clock.Add(31 * time.Minute)
	r := b.post("/account/password", url.Values{"current_password": {testPassword}, "new_password": {"とても長い新しいパスワード2026"}})
	loc := r.Header.Get("Location")
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/login?expired=1") || strings.Contains(loc, "kept=1") {
		t.Fatalf("password form: %d %q", r.StatusCode, loc)
	}
	if lp := b.get(loc); !strings.Contains(lp.Body, "セッションの有効期限が切れました。もう一度ログインしてください。") {
		t.Error("no message on the login page")
	}
	if page := b.get(b.login("worker", "/account/password")); strings.Contains(page.Body, "とても長い") || strings.Contains(page.Body, "まだ保存されていません") {
		t.Error("a password form was kept")
	}
}

// TestFormStashNeedsSameOrigin: a cross-site POST is still refused before
// anything is kept.
func TestFormStashNeedsSameOrigin(t *testing.T) {
	e := newEnv(t)
	caseID := e.stashCase()
	b := e.jarBrowser()
	b.login("worker", "/")
	e.clock.Add(31 * time.Minute)
	req, _ := http.NewRequest("POST", e.srv.URL+"/cases/"+caseID+"/contacts", strings.NewReader(contactForm().Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	res, err := b.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site post: %d", res.StatusCode)
	}
	if page := b.get(b.login("worker", "/cases/"+caseID)); strings.Contains(page.Body, stashNote) {
		t.Error("a cross-site form was kept")
	}
}

// TestSessionExtend: the page's 延長 button keeps the session alive.
func TestSessionExtend(t *testing.T) {
	e := newEnv(t)
	b := e.jarBrowser()
	b.login("worker", "/")
	if p := b.get("/"); !strings.Contains(p.Body, `data-idle-seconds="1800"`) {
		t.Error("page does not carry the idle timeout")
	}
	for range 3 {
		e.clock.Add(20 * time.Minute)
		if r := b.post("/session/extend", url.Values{}); r.StatusCode != http.StatusNoContent {
			t.Fatalf("extend: %d", r.StatusCode)
		}
	}
	if r := b.get("/"); r.StatusCode != 200 {
		t.Fatalf("session not kept alive: %d", r.StatusCode)
	}
	e.clock.Add(31 * time.Minute)
	if r := b.post("/session/extend", url.Values{}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("extend after expiry: %d", r.StatusCode)
	}
}

// TestFormStashAfterSecondFactor: with the second factor required, the
// form comes back only after the second step, on the form's page.
func TestFormStashAfterSecondFactor(t *testing.T) {
	e := newEnv(t, envOpts{mfa: true})
	caseID := e.stashCase()
	b := e.jarBrowser()
	r := b.post("/login", url.Values{"email": {"worker@example.jp"}, "password": {testPassword}, "next": {"/"}})
	if !strings.HasPrefix(r.Header.Get("Location"), "/login/mfa") {
		t.Fatalf("password step: %q", r.Header.Get("Location"))
	}
	m := secretRE.FindStringSubmatch(b.get("/login/mfa").Body)
	if m == nil {
		t.Fatal("no enrolment secret")
	}
	code, _ := auth.GenerateTOTPCode(m[1], e.clock.Now())
	if r := b.post("/login/mfa", url.Values{"code": {code}}); r.StatusCode != 200 {
		t.Fatalf("enrol: %d", r.StatusCode)
	}
	b.ref = "/cases/" + caseID
	b.get("/cases/" + caseID)
	e.clock.Add(31 * time.Minute)
	r = b.post("/cases/"+caseID+"/contacts", contactForm())
	if !strings.Contains(r.Header.Get("Location"), "kept=1") {
		t.Fatalf("not kept: %q", r.Header.Get("Location"))
	}
	b.ref = ""
	r = b.post("/login", url.Values{"email": {"worker@example.jp"}, "password": {testPassword}, "next": {"/cases/" + caseID}})
	mfa := r.Header.Get("Location")
	if !strings.HasPrefix(mfa, "/login/mfa?next=") {
		t.Fatalf("password step: %q", mfa)
	}
	// half logged in: the case page is not reached, the stash stays
	if r := b.get("/cases/" + caseID); r.StatusCode != http.StatusSeeOther || strings.Contains(r.Body, stashNote) {
		t.Fatalf("pending session: %d", r.StatusCode)
	}
	e.clock.Add(30 * time.Second)
	code, _ = auth.GenerateTOTPCode(m[1], e.clock.Now())
	r = b.post(mfa, url.Values{"code": {code}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/cases/"+caseID {
		t.Fatalf("second factor: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	if page := b.get("/cases/" + caseID); !strings.Contains(page.Body, ">"+stashNote+"</textarea>") {
		t.Error("not restored after the second factor")
	}
}
