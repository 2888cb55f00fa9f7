package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kasane/internal/auth"
	"kasane/internal/sqldb"
)

// seedKey registers a security key for a user directly in the database and
// returns it with the recovery codes issued with it. (The ceremonies
// themselves run in a real browser: internal/browsertest/webauthn_test.go.)
func seedKey(t *testing.T, e *env, user, name string) (*sqldb.SecurityKey, []string) {
	t.Helper()
	plain, err := auth.NewRecoveryCodes(10)
	if err != nil {
		t.Fatal(err)
	}
	hashes := make([]string, len(plain))
	for i, c := range plain {
		hashes[i] = auth.HashRecoveryCode(c)
	}
	k := &sqldb.SecurityKey{CredentialID: bytes.Repeat([]byte{byte(len(name))}, 32), PublicKey: []byte{1, 2, 3}, Flags: 0x45, SignCount: 1,
		Transports: []string{"usb"}, Name: name}
	if _, err := e.db.AddSecurityKey(context.Background(), e.users[user], k, hashes, "", ""); err != nil {
		t.Fatal(err)
	}
	return k, plain
}

// TestSecurityKeysNeedAPublicURL: without KASANE_PUBLIC_URL keys work only
// on localhost; opened at an IP address the account page says what the
// administrator must set instead of offering a ceremony that must fail.
func TestSecurityKeysNeedAPublicURL(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login("worker")
	r := b.get("/account/security-keys")
	if r.StatusCode != 200 || !strings.Contains(r.Body, "KASANE_PUBLIC_URL") || strings.Contains(r.Body, "data-webauthn=") {
		t.Fatalf("account page at 127.0.0.1: %d %s", r.StatusCode, text(r.Body))
	}
	if !strings.Contains(r.Body, `href="/account/security-keys"`) {
		t.Error("no link to the security keys in the header")
	}
	// a form sent anyway (no JavaScript) gets its message beside the field
	r = b.post("/account/security-keys", url.Values{"key_name": {"青いキー"}})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "JavaScript") {
		t.Fatalf("registration without the key's answer: %d %s", r.StatusCode, text(r.Body))
	}
	r = b.post("/account/security-keys", url.Values{"key_name": {" "}})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "キーの名前を入力してください") {
		t.Fatalf("registration without a name: %d %s", r.StatusCode, text(r.Body))
	}
}

// TestSecurityKeyLoginAndRevoke: a user with a key is asked for the second
// factor even where the municipality does not require one; the step offers
// the key and recovery codes (never a new authenticator app enrolment);
// only the owner deletes a key.
func TestSecurityKeyLoginAndRevoke(t *testing.T) {
	e := newEnv(t)
	k, codes := seedKey(t, e, "worker", "青いキー")

	b := e.browser()
	r := b.post("/login", url.Values{"email": {"worker@example.jp"}, "password": {testPassword}})
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login/mfa") {
		t.Fatalf("password step of a user with a key: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	page := b.get("/login/mfa")
	if page.StatusCode != 200 || !strings.Contains(page.Body, "セキュリティキーで確認") || !strings.Contains(page.Body, "復旧コード") || strings.Contains(page.Body, "<svg") {
		t.Fatalf("second-factor step: %d %s", page.StatusCode, text(page.Body))
	}
	r = b.post("/login/mfa/security-key", url.Values{"credential": {""}})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "JavaScript") {
		t.Fatalf("key step without an answer: %d %s", r.StatusCode, text(r.Body))
	}
	r = b.post("/login/mfa/security-key/register", url.Values{"key_name": {"もう1つ"}, "credential": {"{}"}})
	if r.StatusCode != http.StatusConflict {
		t.Fatalf("a second key registered at the login step: %d", r.StatusCode)
	}
	// the recovery codes issued with the first key still work
	if r := b.post("/login/mfa", url.Values{"code": {codes[0]}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("recovery code: %d %s", r.StatusCode, text(r.Body))
	}
	if r := b.get("/account/security-keys"); r.StatusCode != 200 || !strings.Contains(r.Body, "青いキー") {
		t.Fatalf("account page: %d %s", r.StatusCode, text(r.Body))
	}

	other := e.browser()
	other.login("worker2")
	if r := other.post("/account/security-keys/"+k.ID+"/revoke", url.Values{}); r.StatusCode != http.StatusNotFound {
		t.Fatalf("another user deleted the key: %d", r.StatusCode)
	}
	if r := b.post("/account/security-keys/"+k.ID+"/revoke", url.Values{}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke: %d %s", r.StatusCode, text(r.Body))
	}
	if r := b.get("/account/security-keys?done=revoked"); !strings.Contains(r.Body, "削除しました") || strings.Contains(r.Body, "青いキー") {
		t.Fatalf("after revoking: %s", text(r.Body))
	}
	if !e.auditHas("webauthn_credential", k.ID) {
		t.Error("the key's revocation is not audited")
	}
	// without a key (and no requirement here) the password is enough again
	if r := e.browser().post("/login", url.Values{"email": {"worker@example.jp"}, "password": {testPassword}}); r.Header.Get("Location") != "/" {
		t.Fatalf("login after revoking: %s", r.Header.Get("Location"))
	}
}

// TestMFAResetRemovesSecurityKeys: the administrator sees a key-only
// user's second factor and the reset removes the keys.
func TestMFAResetRemovesSecurityKeys(t *testing.T) {
	e := newEnv(t)
	seedKey(t, e, "worker", "青いキー")
	admin := e.browser()
	admin.login("admin")
	page := "/admin/users/" + e.users["worker"].ID
	r := admin.get(page)
	if !strings.Contains(r.Body, "セキュリティキー1個") || !strings.Contains(r.Body, "/mfa-reset") {
		t.Fatalf("user page: %s", text(r.Body))
	}
	if r := admin.post(page+"/mfa-reset", url.Values{"version": {admin.version(page)}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("reset: %d %s", r.StatusCode, text(r.Body))
	}
	if keys, _ := e.db.SecurityKeys(context.Background(), e.users["worker"].ID); len(keys) != 0 {
		t.Fatalf("%d keys left after the reset", len(keys))
	}
}
