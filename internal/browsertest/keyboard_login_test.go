package browsertest

import (
	"strings"
	"time"

	"kasane/internal/auth"
)

// kbLogin logs user in with keys only. The municipality requires the
// second factor, so the first login enrols the authenticator app: a wrong
// code first (the focus goes to the error summary), then the right one,
// then the recovery codes and on to わたしの仕事. skip also checks the skip
// link is the first stop and runs axe-core on the second-factor page.
func kbLogin(b *tab, user string, skip bool) {
	b.t.Helper()
	b.open("/login")
	if skip {
		b.tabTo("a.skip-link", false)
	}
	b.tabTo("#f-email", false)
	b.keys(user + "@example.jp")
	b.tabTo("#f-password", false)
	b.keys(password)
	if st := b.pressEnter(); st != 200 || !strings.HasPrefix(b.path(), "/login/mfa") {
		b.t.Fatalf("login %s by Enter: status %d at %s", user, st, b.path())
	}
	if skip {
		b.axeCheck("second factor enrolment")
	}
	// the secret an authenticator app would read from the QR code
	secret := strings.TrimSpace(eval[string](b, `document.querySelector('code.secret').textContent`))
	b.tabTo("#f-code", false)
	b.keys("000000")
	if st := b.pressEnter(); st != 422 {
		b.t.Fatalf("wrong code: status %d", st)
	}
	if !b.focusedIs(".error-summary") {
		b.t.Fatalf("after a wrong code the focus is on %s", eval[string](b, `document.activeElement.outerHTML.slice(0, 100)`))
	}
	b.focusVisible()
	if skip {
		b.axeCheck("second factor with an error")
	}
	code, err := auth.GenerateTOTPCode(secret, time.Now())
	if err != nil {
		b.t.Fatal(err)
	}
	b.tabTo("#f-code", false)
	b.keys(code)
	if st := b.pressEnter(); st != 200 {
		b.t.Fatalf("code: status %d: %s", st, b.mainText())
	}
	b.see("復旧コード")
	b.tabTo("main a.button--primary", false)
	if st := b.pressEnter(); st != 200 || b.path() != "/" {
		b.t.Fatalf("after the recovery codes: status %d at %s", st, b.path())
	}
	b.see("わたしの仕事")
}
