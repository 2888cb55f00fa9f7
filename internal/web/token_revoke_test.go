package web_test

import (
	"context"
	"net/http"
	"testing"
)

// TestResetsRevokeTokens: a password reset, a second-factor reset and a
// disable (by an administrator or `kasane user …`, both the same store
// calls) revoke the user's API tokens, so no token outlives them or skips
// the must-change-password gate.
func TestResetsRevokeTokens(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	for _, c := range []struct {
		name, user string
		do         func(id string, version int) error
	}{
		{"password", "worker2", func(id string, v int) error { return e.db.ResetPassword(ctx, e.sys, id, v, passwordHash(t)) }},
		{"mfa", "kodomo", func(id string, v int) error { return e.db.ResetMFA(ctx, e.sys, id, v) }},
		{"disable", "viewer", func(id string, v int) error { _, err := e.db.DisableUser(ctx, e.sys, id, v, ""); return err }},
	} {
		tok := e.token(c.user)
		if r := e.api("GET", "/api/v1/me", tok, nil); r.StatusCode != http.StatusOK {
			t.Fatalf("%s: token before: %d", c.name, r.StatusCode)
		}
		u, err := e.db.UserByEmail(ctx, c.user+"@example.jp")
		if err != nil {
			t.Fatal(err)
		}
		if err := c.do(u.ID, u.Version); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if r := e.api("GET", "/api/v1/me", tok, nil); r.StatusCode != http.StatusUnauthorized {
			t.Errorf("%s: token after the reset: %d %s", c.name, r.StatusCode, r.Body)
		}
	}
}

// TestMustChangeGateHoldsForTokens: a user marked to change a temporary
// password is held at the gate on the API too, whatever the credential.
func TestMustChangeGateHoldsForTokens(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	u, err := e.db.UserByEmail(ctx, "worker2@example.jp")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.db.ResetPassword(ctx, e.sys, u.ID, u.Version, passwordHash(t)); err != nil {
		t.Fatal(err)
	}
	tok := e.token("worker2") // made after the reset
	if r := e.api("GET", "/api/v1/cases", tok, nil); r.StatusCode != http.StatusForbidden {
		t.Fatalf("token of a user with a temporary password: %d", r.StatusCode)
	}
}
