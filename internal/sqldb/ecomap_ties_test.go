package sqldb_test

import (
	"context"
	"testing"
	"time"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

type ecoFixture struct {
	db                          *sqldb.DB
	houkatsu, outside           casework.Actor
	outsideOrg, hoken           casework.Organization
	household, mom, son, caseID string
}

// ecoSeed: a household of a mother (case led by 地域包括, with contacts)
// and a son; an organization outside the team.
func ecoSeed(t *testing.T) ecoFixture {
	t.Helper()
	ctx := context.Background()
	db := sqldbtest.Open(t)
	sys := sqldbtest.Muni(t, db)
	f := ecoFixture{db: db}
	hk := sqldbtest.Org(t, db, sys, "地域包括支援センター", "community_support_center")
	f.outsideOrg = sqldbtest.Org(t, db, sys, "障害者相談支援事業所あおば", "disability_consultation")
	f.hoken = sqldbtest.Org(t, db, sys, "保健センター", "municipal_section")
	_, f.houkatsu = sqldbtest.User(t, db, sys, hk, "hk@example.jp", "worker")
	_, f.outside = sqldbtest.User(t, db, sys, f.outsideOrg, "ao@example.jp", "worker")
	person := func(a casework.Actor, family, given string) string {
		p := casework.Person{FamilyName: family, GivenName: given, FamilyKana: "ヤマダ", Identified: true}
		if err := db.CreatePerson(ctx, a, &p); err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	f.mom, f.son = person(f.houkatsu, "山田", "ハナ"), person(f.houkatsu, "山田", "一郎")
	h := casework.Household{Label: "山田さん世帯"}
	if err := db.CreateHousehold(ctx, f.houkatsu, &h); err != nil {
		t.Fatal(err)
	}
	f.household = h.ID
	for _, p := range []string{f.mom, f.son} {
		if err := db.AddHouseholdMember(ctx, f.houkatsu, h.ID, &casework.HouseholdMember{PersonID: p, Relationship: "子"}); err != nil {
			t.Fatal(err)
		}
	}
	mk := func(a casework.Actor, person string) string {
		c := casework.Case{FocusPersonID: person, HouseholdID: h.ID, ReceivedOn: "2026-01-10", Route: "家族", Method: "来所", Bunya: []string{"kaigo"}, Complaint: "母の介護"}
		if err := db.CreateCase(ctx, a, &c); err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	f.caseID = mk(f.houkatsu, f.mom)
	contact := func(a casework.Actor, caseID, counterpart string) {
		c := casework.Contact{CaseID: caseID, At: time.Now().Add(-time.Hour), Method: "電話", Counterpart: counterpart, Content: "連絡"}
		if err := db.AddContact(ctx, a, &c); err != nil {
			t.Fatal(err)
		}
	}
	contact(f.houkatsu, f.caseID, "本人・長男・民生委員")
	contact(f.houkatsu, f.caseID, "居宅介護支援事業所 ケアマネジャー")
	contact(f.houkatsu, f.caseID, "民生委員")
	return f
}

func TestEcomapTieLifecycle(t *testing.T) {
	f := ecoSeed(t)
	ctx := context.Background()
	tie := casework.EcomapTie{HouseholdID: f.household, PersonID: f.son, Counterpart: "informal", Name: "近所の田中さん", Strength: "strong", Direction: "both", Note: "毎朝声かけ"}
	if err := f.db.CreateEcomapTie(ctx, f.houkatsu, &tie); err != nil {
		t.Fatal(err)
	}
	org := casework.EcomapTie{HouseholdID: f.household, Counterpart: "organization", OrganizationID: f.hoken.ID, Strength: "stressful", Direction: "to"}
	if err := f.db.CreateEcomapTie(ctx, f.houkatsu, &org); err != nil {
		t.Fatal(err)
	}
	bad := casework.EcomapTie{HouseholdID: f.household, PersonID: f.outsideOrg.ID, Counterpart: "informal", Name: "元同僚", Strength: "weak"}
	if err := f.db.CreateEcomapTie(ctx, f.houkatsu, &bad); casework.ErrorFields(err)["person_id"] == "" {
		t.Fatalf("a person outside the household accepted: %v", err)
	}
	bad = casework.EcomapTie{HouseholdID: f.household, Counterpart: "resource", ResourceID: "nope", Strength: "weak"}
	if err := f.db.CreateEcomapTie(ctx, f.houkatsu, &bad); casework.ErrorFields(err)["resource_id"] == "" {
		t.Fatalf("an unknown resource accepted: %v", err)
	}
	ties, err := f.db.EcomapTies(ctx, f.houkatsu, f.household)
	if err != nil || len(ties) != 2 || ties[1].Name != "保健センター" || ties[0].Note != "毎朝声かけ" {
		t.Fatalf("ties: %v %+v", err, ties)
	}
	// update with the version read; a stale version is a conflict
	tie.Strength, tie.Note = "weak", "週1回"
	if err := f.db.UpdateEcomapTie(ctx, f.houkatsu, &tie); err != nil || tie.Version != 2 {
		t.Fatalf("update: %v v%d", err, tie.Version)
	}
	stale := tie
	stale.Version = 1
	if err := f.db.UpdateEcomapTie(ctx, f.houkatsu, &stale); casework.ErrorCode(err) != casework.ECONFLICT {
		t.Fatalf("stale update: %v", err)
	}
	if _, err := f.db.DeleteEcomapTie(ctx, f.houkatsu, tie.ID, 1); casework.ErrorCode(err) != casework.ECONFLICT {
		t.Fatalf("stale delete: %v", err)
	}
	if h, err := f.db.DeleteEcomapTie(ctx, f.houkatsu, tie.ID, 2); err != nil || h != f.household {
		t.Fatalf("delete: %v %q", err, h)
	}
	ties, _ = f.db.EcomapTies(ctx, f.houkatsu, f.household)
	if len(ties) != 1 {
		t.Fatalf("after delete: %+v", ties)
	}
	// every change is in the audit log
	officer := casework.Actor{MunicipalityID: f.houkatsu.MunicipalityID, Roles: []string{"privacy_officer"}}
	for _, act := range []string{casework.ActCreate, casework.ActUpdate, casework.ActDelete} {
		evs, err := f.db.AuditEvents(ctx, officer, sqldb.AuditFilter{ObjectID: tie.ID, Action: act})
		if err != nil || len(evs) != 1 || evs[0].ObjectType != "ecomap_tie" {
			t.Errorf("audit %s: %v %+v", act, err, evs)
		}
	}
}

func TestEcomapTiesFollowCaseAccess(t *testing.T) {
	f := ecoSeed(t)
	ctx := context.Background()
	tie := casework.EcomapTie{HouseholdID: f.household, PersonID: f.mom, Counterpart: "informal", Name: "民生委員", Strength: "normal"}
	if err := f.db.CreateEcomapTie(ctx, f.houkatsu, &tie); err != nil {
		t.Fatal(err)
	}
	// outside the team: the household itself is not visible
	if _, err := f.db.EcomapTies(ctx, f.outside, f.household); casework.ErrorCode(err) != casework.ENOTFOUND {
		t.Fatalf("outside organization lists ties: %v", err)
	}
	if _, err := f.db.DeleteEcomapTie(ctx, f.outside, tie.ID, 1); casework.ErrorCode(err) != casework.ENOTFOUND {
		t.Fatalf("outside organization deletes a tie: %v", err)
	}
	tie.Strength = "weak"
	if err := f.db.UpdateEcomapTie(ctx, f.outside, &tie); casework.ErrorCode(err) != casework.ENOTFOUND {
		t.Fatalf("outside organization edits a tie: %v", err)
	}
	// the outside organization opens its own case about the son in the
	// household: it now sees the household, its own ties, but not the
	// mother's tie nor the mother's contact counterparts
	c := casework.Case{FocusPersonID: f.son, HouseholdID: f.household, ReceivedOn: "2026-01-11", Route: "家族", Method: "来所", Bunya: []string{"shogai"}, Complaint: "長男の相談"}
	if err := f.db.CreateCase(ctx, f.houkatsu, &c); err != nil {
		t.Fatal(err)
	}
	if err := f.db.AddTeamMember(ctx, f.houkatsu, c.ID, &casework.TeamMember{OrganizationID: f.outsideOrg.ID, Role: "相談支援", Basis: casework.BasisStatutory, Statute: "disability_abuse", From: "2026-01-11"}); err != nil {
		t.Fatal(err)
	}
	own := casework.EcomapTie{HouseholdID: f.household, PersonID: f.son, Counterpart: "informal", Name: "元同僚", Strength: "weak", Direction: "none"}
	if err := f.db.CreateEcomapTie(ctx, f.outside, &own); err != nil {
		t.Fatal(err)
	}
	data, err := f.db.GenogramData(ctx, f.outside, f.household)
	if err != nil {
		t.Fatal(err)
	}
	if len(data.Ties) != 1 || data.Ties[0].Name != "元同僚" {
		t.Errorf("outside organization sees ties %+v", data.Ties)
	}
	for _, cp := range data.Contacts {
		if cp.Name == "民生委員" || cp.Name == "居宅介護支援事業所 ケアマネジャー" {
			t.Errorf("outside organization sees the counterpart %q of a case it cannot read", cp.Name)
		}
	}
	// the lead organization sees both ties and the counted counterparts
	data, err = f.db.GenogramData(ctx, f.houkatsu, f.household)
	if err != nil {
		t.Fatal(err)
	}
	if len(data.Ties) != 2 {
		t.Errorf("team sees ties %+v", data.Ties)
	}
	if len(data.Contacts) != 2 || data.Contacts[0].Name != "民生委員" || data.Contacts[0].Count != 2 || data.Contacts[0].Persons[0] != "山田 ハナ" {
		t.Errorf("contact counterparts %+v", data.Contacts)
	}
}
