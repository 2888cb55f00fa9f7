package browsertest

import (
	"strings"
	"testing"
	"time"

	"kasane/internal/auth"
)

// TestBrowserLoginWithSecondFactor: the municipality requires a second
// factor (the default). The first login enrols an authenticator app, shows
// the recovery codes once, and then opens わたしの仕事.
func TestBrowserLoginWithSecondFactor(t *testing.T) {
	t.Parallel()
	a := newApp(t, true)
	b := newTab(t, a.url)

	// a page that needs login sends the user to the login page and back
	b.open("/persons")
	if p := b.path(); !strings.HasPrefix(p, "/login") {
		t.Fatalf("not sent to login: %s", p)
	}
	b.typeIn("#f-email", "worker@example.jp")
	b.typeIn("#f-password", "まちがったパスワード")
	if st := b.click(`form[action="/login"] button[type=submit]`); st != 401 && st != 422 && st != 200 {
		t.Fatalf("wrong password: status %d", st)
	}
	if !eval[bool](b, `document.activeElement.classList.contains('error-summary')`) {
		t.Error("after a wrong password the focus is not on the error summary")
	}
	b.typeIn("#f-email", "worker@example.jp")
	b.typeIn("#f-password", password)
	b.click(`form[action="/login"] button[type=submit]`)
	if p := b.path(); !strings.HasPrefix(p, "/login/mfa") {
		t.Fatalf("no second factor asked: %s", p)
	}
	b.see("二要素認証が必須")
	secret := strings.TrimSpace(eval[string](b, `document.querySelector('code.secret').textContent`))
	if secret == "" {
		t.Fatal("no secret shown for manual entry")
	}
	if eval[int](b, `document.querySelectorAll('.qr svg').length`) != 1 {
		t.Error("no QR code")
	}

	// a wrong code keeps the user on the page with the message beside the field
	b.typeIn("#f-code", "000000")
	if st := b.click(`form[action="/login/mfa"] button[type=submit]`); st != 422 {
		t.Fatalf("wrong code: status %d", st)
	}
	b.see("確認コード")
	if !eval[bool](b, `document.activeElement.classList.contains('error-summary')`) {
		t.Error("after a wrong code the focus is not on the error summary")
	}

	code, err := auth.GenerateTOTPCode(secret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	b.typeIn("#f-code", code)
	if st := b.click(`form[action="/login/mfa"] button[type=submit]`); st != 200 {
		t.Fatalf("code: status %d: %s", st, b.mainText())
	}
	b.see("復旧コード", "二度と表示されません")
	if n := eval[int](b, `document.querySelectorAll('.code-list code').length`); n != 10 {
		t.Fatalf("%d recovery codes shown, want 10", n)
	}
	b.click(`main a.button--primary`)
	if p := b.path(); p != "/persons" {
		t.Fatalf("after the second factor at %s, want /persons (where the user was going)", p)
	}
	b.open("/")
	b.see("わたしの仕事", "職員 worker")
	if !eval[bool](b, `!!document.querySelector('nav.site-nav a[href="/persons"]')`) {
		t.Fatal("no main menu after login")
	}
}
