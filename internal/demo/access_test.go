package demo

import (
	"context"
	"strings"
	"testing"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

// The demo shows each rule of issue 18: a DV person with a designated
// organization, a consent limited to `basic`, a statutory membership with an
// end date.
func TestDemoShowsAccessRules(t *testing.T) {
	ctx := context.Background()
	db := sqldbtest.Open(t)
	if _, err := Seed(ctx, db); err != nil {
		t.Fatal(err)
	}
	kodomo := actorOf(t, ctx, db, "kodomo@demo.kasane.example")
	kurashi := actorOf(t, ctx, db, "kurashi@demo.kasane.example")
	cases, err := db.Cases(ctx, kodomo, sqldb.CaseFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	var dvCase casework.Case
	for _, c := range cases {
		if strings.HasPrefix(c.FocusName, "中島") {
			dvCase, err = db.Case(ctx, kodomo, c.ID)
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	if dvCase.ID == "" {
		t.Fatal("no DV case in the demo")
	}
	p, err := db.Person(ctx, kodomo, dvCase.FocusPersonID)
	if err != nil || p.AddressHidden || len(p.DVDesignated) != 2 {
		t.Fatalf("the designating organization: %v hidden=%v designated=%v", err, p.AddressHidden, p.DVDesignated)
	}
	if p, err := db.Person(ctx, kurashi, dvCase.FocusPersonID); err != nil || !p.AddressHidden {
		t.Fatalf("a team member not designated sees the address: %v", err)
	}
	orgs, err := db.Organizations(ctx, kodomo)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]string{}
	for _, o := range orgs {
		byName[o.Name] = o.ID
	}
	sys := casework.System(kodomo.MunicipalityID)
	mk := func(org, email string) casework.Actor {
		_, a := sqldbtest.User(t, db, sys, casework.Organization{ID: byName[org]}, email, "worker")
		return a
	}
	jiso, kyoiku := mk(oJiso, "jiso@demo.test"), mk(oKyoiku, "kyoiku@demo.test")
	if p, err := db.Person(ctx, jiso, dvCase.FocusPersonID); err != nil || p.AddressHidden {
		t.Fatalf("the designated 児童相談所: %v hidden=%v", err, p.AddressHidden)
	}
	c, err := db.Case(ctx, kyoiku, dvCase.ID)
	if err != nil || len(c.DataScope) != 1 || c.DataScope[0] != "basic" || c.Complaint != "" {
		t.Fatalf("the member under a consent of basic only: %v scope=%v", err, c.DataScope)
	}
	if _, err := db.Contacts(ctx, kyoiku, dvCase.ID); casework.ErrorCode(err) != casework.EFORBIDDEN {
		t.Fatalf("records under basic: %v", err)
	}
	statutory := false
	for _, m := range dvCase.Team {
		if m.Basis == casework.BasisStatutory && m.To != "" && m.ConfirmedBy != "" {
			statutory = true
		}
	}
	if !statutory {
		t.Fatalf("no statutory membership with an end date: %+v", dvCase.Team)
	}
}
