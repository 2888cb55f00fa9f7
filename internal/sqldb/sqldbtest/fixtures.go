package sqldbtest

import (
	"context"
	"testing"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
)

// Muni creates a municipality and returns the system actor for it.
func Muni(t testing.TB, db *sqldb.DB) casework.Actor {
	t.Helper()
	m, err := db.CreateMunicipality(context.Background(), "999997", "テスト市")
	if err != nil {
		t.Fatalf("municipality: %v", err)
	}
	return casework.System(m.ID)
}

// Org creates an organization of kind in the system actor's municipality.
func Org(t testing.TB, db *sqldb.DB, sys casework.Actor, name, kind string) casework.Organization {
	t.Helper()
	o := casework.Organization{Name: name, Kind: kind}
	if err := db.CreateOrganization(context.Background(), sys, &o); err != nil {
		t.Fatalf("org %s: %v", name, err)
	}
	return o
}

// User creates a user in org with roles and returns the user's actor.
func User(t testing.TB, db *sqldb.DB, sys casework.Actor, org casework.Organization, email string, roles ...string) (casework.User, casework.Actor) {
	t.Helper()
	u := casework.User{OrganizationID: org.ID, Email: email, Name: "テスト 職員", Roles: roles}
	if err := db.CreateUser(context.Background(), sys, &u, ""); err != nil {
		t.Fatalf("user %s: %v", email, err)
	}
	return u, sqldb.ActorFor(u)
}
