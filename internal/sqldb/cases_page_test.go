package sqldb_test

import (
	"context"
	"testing"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

// TestCaseListNewestFirst: the case list shows the organization's cases by
// date received, newest first, and a shorter list is the head of the
// longer one (the order comes from the team rows, migration 0014).
func TestCaseListNewestFirst(t *testing.T) {
	db := sqldbtest.Open(t)
	ctx := context.Background()
	sys := sqldbtest.Muni(t, db)
	org := sqldbtest.Org(t, db, sys, "一覧順センター", "community_support_center")
	u, w := sqldbtest.User(t, db, sys, org, "list@example.invalid", "worker")
	other := sqldbtest.Org(t, db, sys, "別の機関", "community_support_center")
	ou, ow := sqldbtest.User(t, db, sys, other, "other@example.invalid", "worker")
	if err := db.SeedBulk(ctx, sys, []sqldb.SeedOrg{{OrganizationID: org.ID, WorkerIDs: []string{u.ID}}, {OrganizationID: other.ID, WorkerIDs: []string{ou.ID}}}, 40, nil); err != nil {
		t.Fatal(err)
	}
	all, err := db.Cases(ctx, w, sqldb.CaseFilter{Limit: 100})
	if err != nil || len(all) == 0 {
		t.Fatalf("cases: %d %v", len(all), err)
	}
	for i, c := range all {
		if c.LeadOrgID != org.ID {
			t.Fatalf("another organization's case in the list: %s", c.Number)
		}
		if i > 0 {
			p := all[i-1]
			if p.ReceivedOn < c.ReceivedOn || (p.ReceivedOn == c.ReceivedOn && p.Created.Before(c.Created)) {
				t.Fatalf("not newest first at %d: %s %s then %s %s", i, p.ReceivedOn, p.Number, c.ReceivedOn, c.Number)
			}
		}
	}
	head, err := db.Cases(ctx, w, sqldb.CaseFilter{Limit: 5})
	if err != nil || len(head) != 5 {
		t.Fatalf("first 5: %d %v", len(head), err)
	}
	for i := range head {
		if head[i].ID != all[i].ID {
			t.Fatalf("first 5 differ from the head of the list at %d", i)
		}
	}
	// a case taken in today is first
	p, err := db.Person(ctx, w, all[0].FocusPersonID)
	if err != nil {
		t.Fatal(err)
	}
	c := casework.Case{FocusPersonID: p.ID, ReceivedOn: casework.Today(db.Now()), Route: casework.IntakeRoutes[0].Value, Method: casework.IntakeMethods[0].Value,
		Bunya: []string{casework.Bunya[0].Value}, Complaint: "一覧の先頭に出る相談"}
	if err := db.CreateCase(ctx, w, &c); err != nil {
		t.Fatal(err)
	}
	if l, err := db.Cases(ctx, w, sqldb.CaseFilter{Limit: 3}); err != nil || len(l) == 0 || l[0].ID != c.ID {
		t.Fatalf("new case not first: %v", err)
	}
	if l, err := db.Cases(ctx, ow, sqldb.CaseFilter{Limit: 100}); err != nil || len(l) == 0 {
		t.Fatalf("other organization's list: %d %v", len(l), err)
	} else {
		for _, x := range l {
			if x.ID == c.ID {
				t.Fatal("the other organization sees the new case")
			}
		}
	}
}

// TestCasePageOneRead: the case page is read with the access rules (another
// organization gets not found) and audited as one view of the case.
func TestCasePageOneRead(t *testing.T) {
	f := newReadFixture(t, sqldbtest.Open(t))
	ctx := context.Background()
	c := f.cases[1]
	if err := f.db.AddContact(ctx, f.worker, &casework.Contact{CaseID: c.ID, At: f.db.Now().Add(-1e9 * 3600), Method: "電話", Content: "ケース画面の記録", Minutes: 10}); err != nil {
		t.Fatal(err)
	}
	before := auditCount(t, f.db)
	p, err := f.db.CasePage(ctx, f.worker, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if p.Case.ID != c.ID || p.Person.ID != c.FocusPersonID || len(p.Case.Team) == 0 || len(p.Orgs) == 0 {
		t.Fatalf("case page: %+v", p.Case)
	}
	found := false
	for _, x := range p.Contacts {
		found = found || x.Content == "ケース画面の記録"
	}
	if !found {
		t.Fatalf("contact missing: %+v", p.Contacts)
	}
	if n := auditCount(t, f.db); n != before+1 {
		t.Fatalf("events %d → %d, want one more", before, n)
	}
	org := sqldbtest.Org(t, f.db, f.sys, "無関係の機関", "community_support_center")
	_, stranger := sqldbtest.User(t, f.db, f.sys, org, "stranger@example.invalid", "worker")
	if p, err := f.db.CasePage(ctx, stranger, c.ID); casework.ErrorCode(err) != casework.ENOTFOUND || p.Case.ID != "" || len(p.Contacts) != 0 {
		t.Fatalf("stranger: %v %+v", err, p.Case)
	}
}
