package web_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"kasane/internal/casework"
)

// TestAuthorizationMatrix checks every case-content endpoint and page for a
// user of each role, in the lead organization, in a member organization that
// joined by consent, and in an outside organization, with the consent
// present, withdrawn and expired. Expectations come from one table of rules;
// every cell must match. It runs on both databases.
func TestAuthorizationMatrix(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	orgs := map[string]casework.Organization{"lead": e.orgs["houkatsu"], "member": e.orgs["kurashi"], "outside": e.orgs["kodomo"]}
	var roles []string // decision_maker and liaison exist only in a municipal_section (their own tests)
	for _, r := range casework.Roles.Values() {
		if r != casework.RoleDecisionMaker && r != casework.RoleLiaison {
			roles = append(roles, r)
		}
	}
	tokens := map[string]string{}
	for place, o := range orgs {
		for _, role := range roles {
			u := casework.User{OrganizationID: o.ID, Email: fmt.Sprintf("%s-%s@matrix.example.jp", place, role), Name: "表 " + role, Roles: []string{role}}
			if err := e.db.CreateUser(ctx, e.sys, &u, passwordHash(t)); err != nil {
				t.Fatal(err)
			}
			e.users[place+"/"+role] = u
			tokens[place+"/"+role] = e.token(place + "/" + role)
		}
	}
	lead := e.token("worker")
	type caseState struct{ id, person, consent string }
	states := map[string]*caseState{}
	for _, st := range []string{"present", "withdrawn", "expired"} {
		c := &caseState{}
		c.id, c.person = e.teamCase()
		until := ""
		if st == "expired" {
			until = "2026-06-10"
		}
		c.consent = e.consent(lead, c.person, []string{orgs["member"].ID}, until)
		if r := e.api("POST", "/api/v1/cases/"+c.id+"/team", lead, map[string]any{"organization_id": orgs["member"].ID}); r.StatusCode != 201 {
			t.Fatalf("team: %s", r.Body)
		}
		states[st] = c
	}
	if r := e.api("POST", "/api/v1/consents/"+states["withdrawn"].consent+"/withdraw", lead, map[string]any{}); r.StatusCode != 200 {
		t.Fatal(r.Body)
	}
	e.clock.Add(15 * 24 * time.Hour) // past the expired consent's last day

	type endpoint struct {
		name, method, path string
		write              bool
		body               func(c *caseState) any
		leadOnly           bool // rule 0: only the lead organization may (403 for other members)
	}
	endpoints := []endpoint{
		{"api case", "GET", "/api/v1/cases/%s", false, nil, false},
		{"api contacts", "GET", "/api/v1/cases/%s/contacts", false, nil, false},
		{"api person", "GET", "/api/v1/persons/{person}", false, nil, false},
		{"api add contact", "POST", "/api/v1/cases/%s/contacts", true, func(*caseState) any {
			return map[string]any{"at": "2026-06-15T10:00:00+09:00", "method": "電話", "content": "表のテスト"}
		}, false},
		{"api transition", "POST", "/api/v1/cases/%s/transitions", true, func(*caseState) any { return map[string]any{"to": "nowhere"} }, true},
		{"api team", "POST", "/api/v1/cases/%s/team", true, func(*caseState) any { return map[string]any{"organization_id": e.orgs["takikan"].ID} }, true},
		{"page case", "GET", "/cases/%s", false, nil, false},
		{"page print", "GET", "/cases/%s/print", false, nil, false},
		{"page person", "GET", "/persons/{person}", false, nil, false},
	}
	readRoles := map[string]bool{"worker": true, "coordinator": true, "outreach": true, "participation": true, "community": true, "viewer": true}
	writeRoles := map[string]bool{"worker": true, "coordinator": true, "outreach": true, "participation": true, "community": true}
	cells, failures := 0, 0
	for _, ep := range endpoints {
		for st, c := range states {
			for place := range orgs {
				for _, role := range roles {
					onTeam := place == "lead" || (place == "member" && st == "present")
					wantRead := readRoles[role] && onTeam
					wantWrite := writeRoles[role] && onTeam && (!ep.leadOnly || place == "lead")
					path := fmt.Sprintf(ep.path, c.id)
					if ep.path == "/api/v1/persons/{person}" || ep.path == "/persons/{person}" {
						path = ep.path[:len(ep.path)-len("{person}")] + c.person
					}
					var got int
					key := place + "/" + role
					if ep.name[:3] == "api" {
						var body any
						if ep.body != nil {
							body = ep.body(c)
						}
						got = e.api(ep.method, path, tokens[key], body).StatusCode
					} else {
						b := e.browser()
						b.loginAs(e.users[key].Email)
						got = b.get(path).StatusCode
					}
					var ok bool
					switch {
					case !wantRead:
						ok = got == http.StatusNotFound // never 403 on case content
					case ep.write && !wantWrite:
						ok = got == http.StatusForbidden
					default:
						ok = got < 300 || got == http.StatusUnprocessableEntity
					}
					cells++
					if !ok {
						failures++
						t.Errorf("%s | consent %s | %s %s: got %d (read %v, write %v)", ep.name, st, place, role, got, wantRead, wantWrite)
					}
				}
			}
		}
	}
	t.Logf("authorization matrix: %d cells, %d failures", cells, failures)
	if cells != len(endpoints)*3*3*len(roles) {
		t.Fatalf("matrix incomplete: %d cells", cells)
	}
}
