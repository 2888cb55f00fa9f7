package sqldb_test

import (
	"context"
	"testing"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

// TestCaseListFocusName: the case list shows the focus person's display
// name from the copy on the case row (migration 0016), right after the case
// is taken in and after the person's name is changed; the case page shows
// the same name.
func TestCaseListFocusName(t *testing.T) {
	db := sqldbtest.Open(t)
	ctx := context.Background()
	sys := sqldbtest.Muni(t, db)
	org := sqldbtest.Org(t, db, sys, "名前表示センター", "community_support_center")
	_, w := sqldbtest.User(t, db, sys, org, "name@example.invalid", "worker")
	p := casework.Person{Identified: true, FamilyName: "架空", GivenName: "一子", FamilyKana: "カクウ", GivenKana: "イチコ", BirthDate: "1980-04-01", BirthPrecision: "day", Sex: "female"}
	if err := db.CreatePerson(ctx, w, &p); err != nil {
		t.Fatal(err)
	}
	c := casework.Case{FocusPersonID: p.ID, ReceivedOn: casework.Today(db.Now()), Route: casework.IntakeRoutes[0].Value, Method: casework.IntakeMethods[0].Value,
		Bunya: []string{casework.Bunya[0].Value}, Complaint: "名前の表示"}
	if err := db.CreateCase(ctx, w, &c); err != nil {
		t.Fatal(err)
	}
	listed := func() string {
		t.Helper()
		// twice: the second read may run on a cached prepared statement
		for range 2 {
			l, err := db.Cases(ctx, w, sqldb.CaseFilter{})
			if err != nil || len(l) != 1 || l[0].ID != c.ID {
				t.Fatalf("list: %d %v", len(l), err)
			}
			cp, err := db.CasePage(ctx, w, c.ID)
			if err != nil || cp.Case.FocusName != l[0].FocusName {
				t.Fatalf("case page name %q, list %q, %v", cp.Case.FocusName, l[0].FocusName, err)
			}
		}
		l, _ := db.Cases(ctx, w, sqldb.CaseFilter{})
		return l[0].FocusName
	}
	if n := listed(); n != "架空 一子" {
		t.Fatalf("new case: %q", n)
	}
	got, err := db.Person(ctx, w, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	got.FamilyName, got.GivenName = "仮名", "二子"
	if err := db.UpdatePerson(ctx, w, &got); err != nil {
		t.Fatal(err)
	}
	if n := listed(); n != "仮名 二子" {
		t.Fatalf("after the name changed: %q", n)
	}
}
