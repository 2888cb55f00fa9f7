package browsertest

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"
)

// virtualKey plugs a virtual USB security key (CTAP2, with user
// verification, no resident keys) into the tab's browser, as Chromium's
// DevTools allow: ceremonies then run without a person touching a key.
func (b *tab) virtualKey() webauthn.AuthenticatorID {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, step)
	defer cancel()
	if _, err := chromedp.Call(ctx, webauthn.Enable, webauthn.EnableParams{}); err != nil {
		b.t.Fatalf("WebAuthn.enable: %v", err)
	}
	res, err := chromedp.Call(ctx, webauthn.AddVirtualAuthenticator, webauthn.AddVirtualAuthenticatorParams{Options: &webauthn.VirtualAuthenticatorOptions{
		Protocol: webauthn.AuthenticatorProtocolCtap2, Transport: webauthn.AuthenticatorTransportUsb,
		HasResidentKey: false, HasUserVerification: true, IsUserVerified: true, AutomaticPresenceSimulation: true,
	}})
	if err != nil {
		b.t.Fatalf("WebAuthn.addVirtualAuthenticator: %v", err)
	}
	return res.AuthenticatorID
}

// TestBrowserWebAuthnSecurityKey: a worker registers a security key on the
// account page (the recovery codes of a first second factor are shown
// once), logs out, logs in with the password and the key, and deletes the
// key again. Security keys are bound to a host name, so the app is opened
// as localhost (the default relying party without KASANE_PUBLIC_URL).
func TestBrowserWebAuthnSecurityKey(t *testing.T) {
	t.Parallel()
	a := newApp(t, false)
	b := newTab(t, strings.Replace(a.url, "127.0.0.1", "localhost", 1))
	b.virtualKey()
	b.login("worker")

	b.open("/account/security-keys")
	b.see("セキュリティキー", "まだ登録していません")
	// a key needs a name: the message stands beside the field, before any ceremony
	if st := b.click(`form[data-webauthn=register] button[type=submit]`); st != 422 {
		t.Fatalf("no name: status %d: %s", st, b.mainText())
	}
	if got := eval[string](b, `(document.getElementById('f-key_name-error') || {}).textContent || ''`); !strings.Contains(got, "キーの名前を入力してください") {
		t.Fatalf("no message beside the name field: %q", got)
	}

	b.typeIn("#f-key_name", "青いUSBキー")
	if st := b.click(`form[data-webauthn=register] button[type=submit]`); st != 200 {
		t.Fatalf("register: status %d: %s", st, b.mainText())
	}
	b.see("セキュリティキーを登録しました", "青いUSBキー", "二度と表示されません")
	if n := eval[int](b, `document.querySelectorAll('.code-list code').length`); n != 10 {
		t.Fatalf("%d recovery codes shown for the first second factor, want 10", n)
	}

	// log out; the next login asks for the key
	b.click(`form[action="/logout"] button[type=submit]`)
	b.open("/login")
	b.typeIn("#f-email", "worker@example.jp")
	b.typeIn("#f-password", password)
	b.click(`form[action="/login"] button[type=submit]`)
	if p := b.path(); !strings.HasPrefix(p, "/login/mfa") {
		t.Fatalf("no second factor asked after a key was registered: at %s", p)
	}
	b.see("セキュリティキーで確認", "復旧コード")
	// keyboard: the button is reached and pressed like any other
	b.do(chromedp.Focus(chromedp.CSS(`form[data-webauthn=login] button[type=submit]`)))
	if st := b.submit(chromedp.KeyEvent("\r")); st != 200 {
		t.Fatalf("login with the key: status %d: %s", st, b.mainText())
	}
	if p := b.path(); p != "/" {
		t.Fatalf("after the key at %s: %s", p, b.mainText())
	}
	b.see("わたしの仕事")

	// the account page shows when the key was last used; delete it
	b.open("/account/security-keys")
	b.see("青いUSBキー")
	if strings.Contains(b.mainText(), "まだ使っていません") {
		t.Error("the key's last use is not shown after logging in with it")
	}
	eval[bool](b, `(window.confirm = () => true, true)`) // the confirmation dialog of data-confirm
	if st := b.click(`form[action$="/revoke"] button[type=submit]`); st != 200 {
		t.Fatalf("revoke: status %d: %s", st, b.mainText())
	}
	b.see("セキュリティキーを削除しました", "まだ登録していません")

	// without a key (and no second factor required here) the password is enough again
	b.click(`form[action="/logout"] button[type=submit]`)
	b.login("worker")
}

// TestBrowserWebAuthnEnrolAtSecondFactor: the municipality requires a
// second factor and the worker has no smartphone. At the first login the
// second-factor step offers a security key beside the authenticator app;
// the key is registered there, the recovery codes are shown once, and the
// next login asks for the key. A recovery code still works instead.
func TestBrowserWebAuthnEnrolAtSecondFactor(t *testing.T) {
	t.Parallel()
	a := newApp(t, true)
	b := newTab(t, strings.Replace(a.url, "127.0.0.1", "localhost", 1))
	b.virtualKey()
	loginPassword := func() {
		b.open("/login")
		b.typeIn("#f-email", "worker@example.jp")
		b.typeIn("#f-password", password)
		b.click(`form[action="/login"] button[type=submit]`)
		if p := b.path(); !strings.HasPrefix(p, "/login/mfa") {
			t.Fatalf("no second factor asked: at %s", p)
		}
	}
	loginPassword()
	b.see("二要素認証が必須", "セキュリティキーを登録する")
	b.typeIn("#f-key_name", "事務所のキー")
	if st := b.click(`form[data-webauthn=register] button[type=submit]`); st != 200 {
		t.Fatalf("register at the second factor: status %d: %s", st, b.mainText())
	}
	b.see("セキュリティキーを登録しました", "二度と表示されません")
	codes := eval[[]string](b, `[...document.querySelectorAll('.code-list code')].map(c => c.textContent)`)
	if len(codes) != 10 {
		t.Fatalf("%d recovery codes, want 10", len(codes))
	}
	b.click(`main a.button--primary`)
	if p := b.path(); p != "/" {
		t.Fatalf("after registering the key at %s", p)
	}

	b.click(`form[action="/logout"] button[type=submit]`)
	loginPassword()
	b.see("セキュリティキーで確認")
	if eval[int](b, `document.querySelectorAll('.qr svg').length`) != 0 {
		t.Error("the authenticator app is enrolled again although a key is registered")
	}
	if st := b.click(`form[data-webauthn=login] button[type=submit]`); st != 200 || b.path() != "/" {
		t.Fatalf("login with the key: status %d at %s: %s", st, b.path(), b.mainText())
	}

	// the recovery codes still work
	b.click(`form[action="/logout"] button[type=submit]`)
	loginPassword()
	b.typeIn("#f-code", codes[0])
	if st := b.click(`form[action="/login/mfa"] button[type=submit]`); st != 200 || b.path() != "/" {
		t.Fatalf("login with a recovery code: status %d at %s: %s", st, b.path(), b.mainText())
	}
}
