package sqldb_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

// Paging through the case list reaches every readable case exactly once,
// even when newer team rows belong to cases the organization may no longer
// read (consent withdrawn): pages are filled with readable cases and the
// next page begins where the last one stopped.
func TestCaseListPagingSkipsUnreadableAndRepeatsNothing(t *testing.T) {
	db := sqldbtest.Open(t)
	ctx := context.Background()
	sys := sqldbtest.Muni(t, db)
	orgA := sqldbtest.Org(t, db, sys, "A", "community_support_center")
	orgB := sqldbtest.Org(t, db, sys, "B", "community_support_center")
	_, wa := sqldbtest.User(t, db, sys, orgA, "a@example.invalid", "worker")
	_, wb := sqldbtest.User(t, db, sys, orgB, "b@example.invalid", "worker")
	today := casework.Today(db.Now())
	person := func(fam string) casework.Person {
		p := casework.Person{Identified: true, FamilyName: fam, GivenName: "一子", FamilyKana: "カクウ", GivenKana: "イチコ", BirthDate: "1980-04-01", BirthPrecision: "day", Sex: "female"}
		if err := db.CreatePerson(ctx, wa, &p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	consent := func(p casework.Person) casework.Consent {
		c := casework.Consent{PersonID: p.ID, GivenBy: "本人", GivenOn: today, Method: "署名", Recipients: []string{orgB.ID},
			DataCategories: []string{"basic", "records"}, Purposes: []string{"支援の検討"}}
		if err := db.RecordConsent(ctx, wa, &c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	day := func(n int) string {
		return db.Now().AddDate(0, 0, -n).In(time.FixedZone("JST", 9*3600)).Format("2006-01-02")
	}
	mkCase := func(p casework.Person, received string) string {
		c := casework.Case{FocusPersonID: p.ID, ReceivedOn: received, Route: casework.IntakeRoutes[0].Value, Method: casework.IntakeMethods[0].Value,
			Bunya: []string{casework.Bunya[0].Value}, Complaint: "x"}
		if err := db.CreateCase(ctx, wa, &c); err != nil {
			t.Fatal(err)
		}
		if err := db.AddTeamMember(ctx, wa, c.ID, &casework.TeamMember{OrganizationID: orgB.ID, Role: "支援"}); err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	q, p := person("読める"), person("撤回")
	consent(q)
	withdrawn := consent(p)
	var readable []string // newest first
	readable = append(readable, mkCase(q, day(10)))
	mkCase(p, day(15))
	readable = append(readable, mkCase(q, day(20)), mkCase(q, day(30)))
	for i := range 7 {
		mkCase(p, day(i%5)) // newer than every readable case
	}
	if _, err := db.WithdrawConsent(ctx, wa, withdrawn.ID, today, "撤回"); err != nil {
		t.Fatal(err)
	}
	var got []string
	next := 0
	for pages := 0; next >= 0; pages++ {
		if pages > 10 {
			t.Fatal("paging does not end")
		}
		l, err := db.CaseListPage(ctx, wb, sqldb.CaseFilter{Limit: 2, Offset: next})
		if err != nil {
			t.Fatal(err)
		}
		if len(l.Cases) == 0 && l.Next >= 0 {
			t.Fatalf("an empty page %d offers a next page", pages+1)
		}
		for _, c := range l.Cases {
			got = append(got, c.ID)
		}
		next = l.Next
	}
	if !slices.Equal(got, readable) {
		t.Fatalf("pages gave %v, want every readable case once, newest first: %v", got, readable)
	}
}

// An organization on a case's team twice (it left and joined again) sees
// the case once in the list, on one page only, whatever the page size and
// the order (the helper of issue 24 found the case on two pages).
func TestCaseListShowsACaseOnceWhenOnItsTeamTwice(t *testing.T) {
	db := sqldbtest.Open(t)
	ctx := context.Background()
	sys := sqldbtest.Muni(t, db)
	orgA := sqldbtest.Org(t, db, sys, "A", "community_support_center")
	orgB := sqldbtest.Org(t, db, sys, "B", "community_support_center")
	_, wa := sqldbtest.User(t, db, sys, orgA, "a2@example.invalid", "worker")
	_, wb := sqldbtest.User(t, db, sys, orgB, "b2@example.invalid", "worker")
	today := casework.Today(db.Now())
	var want []string
	for i := range 5 {
		p := casework.Person{Identified: true, FamilyName: "二重", GivenName: string(rune('一' + i)), FamilyKana: "ニジュウ", GivenKana: "イチ", BirthDate: "1980-04-01", BirthPrecision: "day", Sex: "female"}
		if err := db.CreatePerson(ctx, wa, &p); err != nil {
			t.Fatal(err)
		}
		c := casework.Consent{PersonID: p.ID, GivenBy: "本人", GivenOn: today, Method: "署名", Recipients: []string{orgB.ID},
			DataCategories: []string{"basic", "records"}, Purposes: []string{"支援の検討"}}
		if err := db.RecordConsent(ctx, wa, &c); err != nil {
			t.Fatal(err)
		}
		k := casework.Case{FocusPersonID: p.ID, ReceivedOn: db.Now().AddDate(0, 0, -i).In(time.FixedZone("JST", 9*3600)).Format("2006-01-02"),
			Route: casework.IntakeRoutes[0].Value, Method: casework.IntakeMethods[0].Value, Bunya: []string{casework.Bunya[0].Value}, Complaint: "x"}
		if err := db.CreateCase(ctx, wa, &k); err != nil {
			t.Fatal(err)
		}
		if err := db.AddTeamMember(ctx, wa, k.ID, &casework.TeamMember{OrganizationID: orgB.ID, Role: "支援"}); err != nil {
			t.Fatal(err)
		}
		if i%2 == 0 { // a second team row of B on this case
			if _, err := sqldb.ExecForTest(ctx, db, `INSERT INTO case_team (id, municipality_id, case_id, organization_id, role, basis, statute, consent_id, from_on, to_on, version, created_at)
				SELECT id || '-again', municipality_id, case_id, organization_id, role, basis, statute, consent_id, from_on, to_on, version, created_at
				FROM case_team WHERE case_id = ? AND organization_id = ?`, k.ID, orgB.ID); err != nil {
				t.Fatal(err)
			}
		}
		want = append(want, k.ID)
	}
	slices.Sort(want)
	for _, sort := range []string{"", "received", "-received", "number", "-number"} {
		for _, limit := range []int{1, 2, 3} {
			var got []string
			next := 0
			for pages := 0; next >= 0; pages++ {
				if pages > 20 {
					t.Fatalf("sort %q limit %d: paging does not end", sort, limit)
				}
				l, err := db.CaseListPage(ctx, wb, sqldb.CaseFilter{Limit: limit, Offset: next, Sort: sort})
				if err != nil {
					t.Fatal(err)
				}
				for _, c := range l.Cases {
					got = append(got, c.ID)
				}
				next = l.Next
			}
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Fatalf("sort %q limit %d: pages gave %v, want each case once: %v", sort, limit, got, want)
			}
		}
	}
}
