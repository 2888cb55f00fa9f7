package sqldb_test

import (
	"context"
	"testing"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

// TestCaseListKeepsTeam (review of 67794f1): GET /api/v1/cases returns the
// cases of CaseListPage with their "team" (OpenAPI Case.team). Since the
// list decides with light facts (keepReadable(..., true)), casesFacts no
// longer fills c.Team on the listed cases: the API answers "team": null for
// every case, the lead's and the others' (the others are copied into a new
// slice before their facts are loaded).
func TestCaseListKeepsTeam(t *testing.T) {
	db := sqldbtest.Open(t)
	ctx := context.Background()
	sys := sqldbtest.Muni(t, db)
	org := sqldbtest.Org(t, db, sys, "一覧チームセンター", "community_support_center")
	_, w := sqldbtest.User(t, db, sys, org, "team-list@example.invalid", "worker")
	p := casework.Person{Identified: true, FamilyName: "架空", GivenName: "三子", FamilyKana: "カクウ", GivenKana: "ミツコ", BirthDate: "1980-04-01", BirthPrecision: "day", Sex: "female"}
	if err := db.CreatePerson(ctx, w, &p); err != nil {
		t.Fatal(err)
	}
	c := casework.Case{FocusPersonID: p.ID, ReceivedOn: casework.Today(db.Now()), Route: casework.IntakeRoutes[0].Value, Method: casework.IntakeMethods[0].Value,
		Bunya: []string{casework.Bunya[0].Value}, Complaint: "チームの表示"}
	if err := db.CreateCase(ctx, w, &c); err != nil {
		t.Fatal(err)
	}
	cp, err := db.CasePage(ctx, w, c.ID)
	if err != nil || len(cp.Case.Team) == 0 {
		t.Fatalf("case page team %v, %v", cp.Case.Team, err)
	}
	l, err := db.CaseListPage(ctx, w, sqldb.CaseFilter{})
	if err != nil || len(l.Cases) != 1 {
		t.Fatalf("list: %d %v", len(l.Cases), err)
	}
	if len(l.Cases[0].Team) != len(cp.Case.Team) {
		t.Fatalf("the case list (GET /api/v1/cases) gives the case's team as %v, the case page as %v", l.Cases[0].Team, cp.Case.Team)
	}
}
