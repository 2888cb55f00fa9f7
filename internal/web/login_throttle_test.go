package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"kasane/internal/casework"
)

// TestLoginOfficeNotLockedByMadeUpEmails: behind one proxy address, many
// failed logins with made-up e-mail addresses do not lock the office out:
// a correct password still logs in. A wrong password or an unknown account
// from that address is answered alike (nothing tells whether an account
// exists), and a later correct login still works.
func TestLoginOfficeNotLockedByMadeUpEmails(t *testing.T) {
	e := newEnv(t)
	for i := range 30 {
		e.browser().post("/login", url.Values{"email": {fmt.Sprintf("nobody%02d@example.jp", i)}, "password": {"wrong-password-x"}})
	}
	unknown := e.browser().post("/login", url.Values{"email": {"ghost@example.jp"}, "password": {"wrong-password-x"}})
	wrong := e.browser().post("/login", url.Values{"email": {"worker@example.jp"}, "password": {"wrong-password-x"}})
	if unknown.StatusCode != wrong.StatusCode || text(unknown.Body) != text(wrong.Body) {
		t.Fatalf("unknown %d and wrong password %d answered differently", unknown.StatusCode, wrong.StatusCode)
	}
	for _, u := range []string{"worker", "coord", "admin"} {
		r := e.browser().post("/login", url.Values{"email": {u + "@example.jp"}, "password": {testPassword}})
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s with the correct password after made-up e-mails: %d %s", u, r.StatusCode, text(r.Body))
		}
	}
}

// TestLoginAddressCountsAccountsNotAttempts: the address limit counts the
// accounts that failed from it, not the attempts: six colleagues mistyping
// four times each (24 failures) do not lock the office address.
func TestLoginAddressCountsAccountsNotAttempts(t *testing.T) {
	e := newEnv(t)
	for _, u := range []string{"worker", "worker2", "kodomo", "coord", "admin", "privacy"} {
		for range 4 {
			e.browser().post("/login", url.Values{"email": {u + "@example.jp"}, "password": {"wrong-password-x"}})
		}
	}
	if r := e.browser().post("/login", url.Values{"email": {"viewer@example.jp"}, "password": {testPassword}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("viewer after colleagues' typos: %d", r.StatusCode)
	}
}

// TestLoginAddressStopsSpraying: wrong passwords against many real
// accounts from one address lock that address, also for a correct
// password, for a while (a shorter wait than an account's).
func TestLoginAddressStopsSpraying(t *testing.T) {
	e := newEnv(t)
	for i := range 20 {
		email := fmt.Sprintf("staff%02d@example.jp", i)
		e.mkUser(email)
		e.browser().post("/login", url.Values{"email": {email}, "password": {"wrong-password-x"}})
	}
	r := e.browser().post("/login", url.Values{"email": {"viewer@example.jp"}, "password": {testPassword}})
	if r.StatusCode != http.StatusTooManyRequests || !strings.Contains(r.Body, "試行回数が多すぎます") {
		t.Fatalf("after spraying 20 accounts: %d", r.StatusCode)
	}
	e.clock.Add(6 * time.Minute)
	e.browser().login("viewer")
}

// mkUser adds a worker of houkatsu with testPassword.
func (e *env) mkUser(email string) {
	e.t.Helper()
	u := casework.User{OrganizationID: e.orgs["houkatsu"].ID, Email: email, Name: "職員 " + email, Roles: []string{"worker"}}
	if err := e.db.CreateUser(context.Background(), e.sys, &u, passwordHash(e.t)); err != nil {
		e.t.Fatal(err)
	}
}
