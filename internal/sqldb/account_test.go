package sqldb_test

import (
	"context"
	"testing"

	"kasane/internal/casework"
	"kasane/internal/sqldb/sqldbtest"
)

func TestAccountActionsAreScopedAndEndSessions(t *testing.T) {
	ctx := context.Background()
	db := sqldbtest.Open(t)
	sys := sqldbtest.Muni(t, db)
	org := sqldbtest.Org(t, db, sys, "市役所", "municipal_section")
	admin, adminA := sqldbtest.User(t, db, sys, org, "admin@example.jp", "municipal_admin")
	worker, workerA := sqldbtest.User(t, db, sys, org, "worker@example.jp", "worker")
	for _, h := range []string{"s1", "s2"} {
		if err := db.StartSession(ctx, worker, h, false, ""); err != nil {
			t.Fatal(err)
		}
	}
	// the worker changes the password from session s1: s2 ends, s1 lives
	if err := db.ChangeOwnPassword(ctx, workerA, "s1", "$argon2id$new"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Session(ctx, "s1"); err != nil {
		t.Fatalf("own session ended: %v", err)
	}
	if _, err := db.Session(ctx, "s2"); casework.ErrorCode(err) != casework.EUNAUTHORIZED {
		t.Fatalf("other session lives: %v", err)
	}
	if h, _ := db.PasswordHash(ctx, workerA); h != "$argon2id$new" {
		t.Fatalf("hash %q", h)
	}
	// only an administrator resets, with the current version
	if err := db.ResetPassword(ctx, workerA, admin.ID, 1, "x"); casework.ErrorCode(err) != casework.EFORBIDDEN {
		t.Fatalf("worker resets: %v", err)
	}
	u, _ := db.ManagedUser(ctx, adminA, worker.ID)
	if err := db.ResetPassword(ctx, adminA, worker.ID, u.Version-1, "x"); casework.ErrorCode(err) != casework.ECONFLICT {
		t.Fatalf("stale version: %v", err)
	}
	if err := db.ResetPassword(ctx, adminA, worker.ID, u.Version, "$argon2id$temp"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Session(ctx, "s1"); casework.ErrorCode(err) != casework.EUNAUTHORIZED {
		t.Fatalf("session survived the reset: %v", err)
	}
	if u, _ := db.ManagedUser(ctx, adminA, worker.ID); !u.MustChangePW {
		t.Fatal("reset did not mark the password temporary")
	}
	// administrators of another municipality see no such user
	m2, err := db.CreateMunicipality(ctx, "999996", "他市")
	if err != nil {
		t.Fatal(err)
	}
	sys2 := casework.System(m2.ID)
	_, other := sqldbtest.User(t, db, sys2, sqldbtest.Org(t, db, sys2, "他市", "municipal_section"), "other@example.jp", "municipal_admin")
	if err := db.ResetMFA(ctx, other, worker.ID, 1); casework.ErrorCode(err) != casework.ENOTFOUND {
		t.Fatalf("cross-municipality reset: %v", err)
	}
	if err := db.ChangeRoles(ctx, adminA, worker.ID, u.Version+1, []string{"coordinator", "worker", "worker"}); err != nil {
		t.Fatal(err)
	}
	if u, _ := db.ManagedUser(ctx, adminA, worker.ID); len(u.Roles) != 2 {
		t.Fatalf("roles %v", u.Roles)
	}
	if err := db.ChangeRoles(ctx, adminA, worker.ID, 99, []string{"nope"}); casework.ErrorCode(err) != casework.EINVALID {
		t.Fatalf("unknown role: %v", err)
	}
}
