package web_test

import (
	"context"

	"kasane/internal/casework"
)

// addUser adds a user of one of the env's organizations under key.
func (e *env) addUser(key, org string, roles ...string) casework.User {
	e.t.Helper()
	u := casework.User{OrganizationID: e.orgs[org].ID, Email: key + "@example.jp", Name: "職員 " + key, Roles: roles}
	if err := e.db.CreateUser(context.Background(), e.sys, &u, passwordHash(e.t)); err != nil {
		e.t.Fatal(err)
	}
	e.users[key] = u
	return u
}
