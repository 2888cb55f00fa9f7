package sqldb_test

import (
	"context"
	"testing"
	"time"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

// The multi-step paths of issue 18 that single requests could not show,
// each replayed as it was reproduced on the demo data: every one of them
// succeeded before the access model of rule 0.

type pathWorld struct {
	db              *sqldb.DB
	sys             casework.Actor
	a, b, c         casework.Actor // 地域包括 (lead), こども家庭センター, NPO
	orgA, orgB, orC casework.Organization
}

func newPathWorld(t *testing.T) *pathWorld {
	db := sqldbtest.Open(t)
	w := &pathWorld{db: db, sys: sqldbtest.Muni(t, db)}
	w.orgA = sqldbtest.Org(t, db, w.sys, "地域包括", "community_support_center")
	w.orgB = sqldbtest.Org(t, db, w.sys, "こども家庭センター", "child_family_center")
	w.orC = sqldbtest.Org(t, db, w.sys, "NPO", "npo")
	_, w.a = sqldbtest.User(t, db, w.sys, w.orgA, "a@example.jp", "worker")
	_, w.b = sqldbtest.User(t, db, w.sys, w.orgB, "b@example.jp", "worker")
	_, w.c = sqldbtest.User(t, db, w.sys, w.orC, "c@example.jp", "worker")
	return w
}

func (w *pathWorld) person(t *testing.T, a casework.Actor, fam string, dv bool) casework.Person {
	t.Helper()
	p := casework.Person{Identified: true, FamilyName: fam, GivenName: "花子", FamilyKana: "テスト", GivenKana: "ハナコ", BirthDate: "1980-04-01",
		Sex: "female", Address: casework.Address{Prefecture: "東京都", City: "かさね市", Street: "秘密町1-1"}, Phone: "000-0000-0001", DVProtected: dv}
	if err := w.db.CreatePerson(context.Background(), a, &p); err != nil {
		t.Fatal(err)
	}
	return p
}

func (w *pathWorld) kase(t *testing.T, a casework.Actor, personID, householdID string) (casework.Case, error) {
	c := casework.Case{FocusPersonID: personID, HouseholdID: householdID, ReceivedOn: "2026-06-01", Route: "本人", Method: "来所",
		Bunya: []string{"kaigo"}, Problems: []string{"介護"}, Complaint: "主訴"}
	err := w.db.CreateCase(context.Background(), a, &c)
	return c, err
}

func (w *pathWorld) consent(t *testing.T, a casework.Actor, personID string, cats []string, to ...string) casework.Consent {
	t.Helper()
	c := casework.Consent{PersonID: personID, GivenBy: "本人", GivenOn: "2026-06-01", Method: "署名", Recipients: to,
		DataCategories: cats, Purposes: []string{"支援の調整"}, MeetingTypes: []string{"jusoteki_shien_kaigi"}}
	if err := w.db.RecordConsent(context.Background(), a, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

func at(db *sqldb.DB, day string) {
	ts, _ := time.ParseInLocation("2006-01-02 15:04", day+" 10:00", casework.JST)
	db.Now = func() time.Time { return ts }
}

// Path 1: an organization outside a case linked its own case to another
// organization's household and read the members, a DV member's address too.
func TestPath1CaseLinkedToAnotherOrganizationsHousehold(t *testing.T) {
	w := newPathWorld(t)
	ctx := context.Background()
	at(w.db, "2026-06-01")
	h := casework.Household{Label: "A世帯", Kind: "単身"}
	if err := w.db.CreateHousehold(ctx, w.a, &h); err != nil {
		t.Fatal(err)
	}
	victim := w.person(t, w.a, "被害", true)
	if err := w.db.AddHouseholdMember(ctx, w.a, h.ID, &casework.HouseholdMember{PersonID: victim.ID, Relationship: "本人", Cohabiting: true}); err != nil {
		t.Fatal(err)
	}
	own := w.person(t, w.c, "自前", false)
	if _, err := w.kase(t, w.c, own.ID, h.ID); casework.ErrorCode(err) != casework.EINVALID {
		t.Fatalf("linking another organization's household: want invalid, got %v", err)
	}
	if _, err := w.db.Person(ctx, w.c, victim.ID); casework.ErrorCode(err) != casework.ENOTFOUND {
		t.Fatalf("the member is readable: %v", err)
	}
	if _, err := w.db.Household(ctx, w.c, h.ID); casework.ErrorCode(err) != casework.ENOTFOUND {
		t.Fatalf("the household is readable: %v", err)
	}
	// nor can it put its own person into that household
	if err := w.db.AddHouseholdMember(ctx, w.c, h.ID, &casework.HouseholdMember{PersonID: own.ID, Relationship: "子"}); err == nil {
		t.Fatal("joined its own person to another organization's household")
	}
}

// Path 2 and 3: a member on the team by consent opened its own case on the
// (DV) person and became "lead of a case about the person"; after the
// consent was withdrawn it still read the person.
func TestPath2And3NoOwnCaseOnAConsentedPerson(t *testing.T) {
	w := newPathWorld(t)
	ctx := context.Background()
	at(w.db, "2026-06-01")
	p := w.person(t, w.a, "本人", true)
	c, err := w.kase(t, w.a, p.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	cons := w.consent(t, w.a, p.ID, []string{"basic", "records"}, w.orgB.ID)
	if err := w.db.AddTeamMember(ctx, w.a, c.ID, &casework.TeamMember{OrganizationID: w.orgB.ID, Role: "子ども"}); err != nil {
		t.Fatal(err)
	}
	got, err := w.db.Person(ctx, w.b, p.ID)
	if err != nil || !got.AddressHidden || got.Address.Street != "" {
		t.Fatalf("member under consent: %v hidden=%v", err, got.AddressHidden)
	}
	if _, err := w.kase(t, w.b, p.ID, ""); casework.ErrorCode(err) != casework.EINVALID {
		t.Fatalf("own case on another organization's record: %v", err)
	}
	// nor may it record a consent naming itself (no self-granting)
	self := casework.Consent{PersonID: p.ID, GivenBy: "本人", GivenOn: "2026-06-01", Method: "署名", Recipients: []string{w.orgB.ID},
		DataCategories: []string{"basic", "household", "health", "finance", "records"}, Purposes: []string{"x"}}
	if err := w.db.RecordConsent(ctx, w.b, &self); casework.ErrorCode(err) != casework.EFORBIDDEN {
		t.Fatalf("a member recorded a consent: %v", err)
	}
	if _, err := w.db.WithdrawConsent(ctx, w.a, cons.ID, "2026-06-01", "本人の申し出"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.Person(ctx, w.b, p.ID); casework.ErrorCode(err) != casework.ENOTFOUND {
		t.Fatalf("after withdrawal the person is still readable: %v", err)
	}
	// the lead does not see the DV address by being lead: only by designation
	got, err = w.db.Person(ctx, w.a, p.ID)
	if err != nil || got.AddressHidden {
		t.Fatalf("the registering (designated) organization: %v hidden=%v", err, got.AddressHidden)
	}
}

// Path 4: after a withdrawal, former team members still read the meeting item
// shared under that consent.
func TestPath4MeetingItemEndsWithItsConsent(t *testing.T) {
	w := newPathWorld(t)
	ctx := context.Background()
	at(w.db, "2026-06-01")
	p := w.person(t, w.a, "会議", false)
	c, err := w.kase(t, w.a, p.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	cons := w.consent(t, w.a, p.ID, []string{"basic", "records"}, w.orgB.ID)
	m := casework.Meeting{Type: "jusoteki_shien_kaigi", Title: "重層", ScheduledAt: time.Date(2026, 6, 1, 1, 0, 0, 0, time.UTC), HostOrgID: w.orgA.ID,
		Attendees: []casework.Attendee{{OrganizationID: w.orgA.ID, MemberOrGuest: "member"}, {OrganizationID: w.orgB.ID, MemberOrGuest: "member"}}}
	if err := w.db.CreateMeeting(ctx, w.a, &m); err != nil {
		t.Fatal(err)
	}
	it := casework.MeetingItem{CaseID: c.ID, Agenda: "info_share", Situation: "家族の状況と健康", Decisions: "役割分担"}
	if err := w.db.AddMeetingItem(ctx, w.a, m.ID, &it); err != nil {
		t.Fatal(err)
	}
	// a scheduled meeting shares nothing yet (issue 19); held, it does
	if got, err := w.db.Meeting(ctx, w.b, m.ID, false); err != nil || len(got.Items) != 0 {
		t.Fatalf("scheduled meeting shared: %v %d items", err, len(got.Items))
	}
	if _, err := w.db.SetMeetingStatus(ctx, w.a, m.ID, casework.MeetingHeldStatus, m.Version); err != nil {
		t.Fatal(err)
	}
	got, err := w.db.Meeting(ctx, w.b, m.ID, false)
	if err != nil || len(got.Items) != 1 {
		t.Fatalf("attendee under consent: %v %d items", err, len(got.Items))
	}
	if _, err := w.db.WithdrawConsent(ctx, w.a, cons.ID, "2026-06-01", ""); err != nil {
		t.Fatal(err)
	}
	for _, print := range []bool{false, true} {
		got, err = w.db.Meeting(ctx, w.b, m.ID, print)
		if err != nil || len(got.Items) != 0 {
			t.Fatalf("after withdrawal (print=%v): %v, %d items", print, err, len(got.Items))
		}
	}
	if got, _ := w.db.Meeting(ctx, w.a, m.ID, false); len(got.Items) != 1 {
		t.Fatal("the lead lost its own item")
	}
}

// Path 5: any lead added an NPO with basis 106条の6 and it read everything;
// statutory memberships never lapsed.
func TestPath5StatutoryBasesHaveOwnersAndAnEnd(t *testing.T) {
	w := newPathWorld(t)
	ctx := context.Background()
	at(w.db, "2026-06-01")
	p := w.person(t, w.a, "法令", false)
	c, err := w.kase(t, w.a, p.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	err = w.db.AddTeamMember(ctx, w.a, c.ID, &casework.TeamMember{OrganizationID: w.orC.ID, Statute: "art106_6"})
	if casework.ErrorCode(err) != casework.EINVALID || casework.ErrorFields(err)["basis"] == "" {
		t.Fatalf("106条の6 as a team basis: %v", err)
	}
	if err := w.db.AddTeamMember(ctx, w.a, c.ID, &casework.TeamMember{OrganizationID: w.orgB.ID, Statute: "art25_2"}); casework.ErrorCode(err) != casework.EINVALID {
		t.Fatalf("要対協 without registration: %v", err)
	}
	if err := w.db.RegisterYotaikyo(ctx, w.a, c.ID, ""); err != nil {
		t.Fatal(err)
	}
	if err := w.db.SetYotaikyoMembers(ctx, w.sys, 2026, []string{w.orgB.ID}); err != nil {
		t.Fatal(err)
	}
	m := casework.TeamMember{OrganizationID: w.orgB.ID, Statute: "art25_2"}
	if err := w.db.AddTeamMember(ctx, w.a, c.ID, &m); err != nil {
		t.Fatal(err)
	}
	if m.To != "2026-12-01" || m.ConfirmedBy == "" {
		t.Fatalf("end %q confirmed by %q", m.To, m.ConfirmedBy)
	}
	if _, err := w.db.Case(ctx, w.b, c.ID); err != nil {
		t.Fatal(err)
	}
	at(w.db, "2026-12-02")
	if _, err := w.db.Case(ctx, w.b, c.ID); casework.ErrorCode(err) != casework.ENOTFOUND {
		t.Fatalf("after its end date: %v", err)
	}
	// other_law: the law and article, and a privacy officer's approval
	at(w.db, "2026-06-01")
	o := casework.TeamMember{OrganizationID: w.orC.ID, Statute: "other_law", LawText: "生活保護法第29条"}
	if err := w.db.AddTeamMember(ctx, w.a, c.ID, &o); err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.Case(ctx, w.c, c.ID); casework.ErrorCode(err) != casework.ENOTFOUND {
		t.Fatalf("before approval: %v", err)
	}
	if _, err := w.db.ApproveTeamMember(ctx, w.a, o.ID); casework.ErrorCode(err) != casework.EFORBIDDEN {
		t.Fatalf("a worker approved: %v", err)
	}
	_, po := sqldbtest.User(t, w.db, w.sys, w.orgA, "po@example.jp", "privacy_officer")
	if _, err := w.db.ApproveTeamMember(ctx, po, o.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.Case(ctx, w.c, c.ID); err != nil {
		t.Fatalf("after approval: %v", err)
	}
}

// Path 9: a member under a consent of `basic` only read health, finance and
// every record.
func TestPath9ConsentScopeEnforced(t *testing.T) {
	w := newPathWorld(t)
	ctx := context.Background()
	at(w.db, "2026-06-01")
	p := w.person(t, w.a, "範囲", false)
	c, err := w.kase(t, w.a, p.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	w.consent(t, w.a, p.ID, []string{"basic"}, w.orgB.ID)
	if err := w.db.AddTeamMember(ctx, w.a, c.ID, &casework.TeamMember{OrganizationID: w.orgB.ID}); err != nil {
		t.Fatal(err)
	}
	ct := casework.Contact{CaseID: c.ID, At: w.db.Now(), Method: "来所", Content: "借金と通院のこと", Jigyo: "sodan", Bunya: "kaigo"}
	if err := w.db.AddContact(ctx, w.a, &ct); err != nil {
		t.Fatal(err)
	}
	x := casework.Assessment{AssessedOn: "2026-06-01", Health: "通院中", Finances: "多重債務", Housing: "持ち家", Household: "単身", Issues: "課題", Direction: "方向"}
	if err := w.db.CreateAssessment(ctx, w.a, c.ID, &x); err != nil {
		t.Fatal(err)
	}
	got, err := w.db.Case(ctx, w.b, c.ID)
	if err != nil || got.Complaint != "" || len(got.Problems) != 0 {
		t.Fatalf("case under basic: %v complaint=%q", err, got.Complaint)
	}
	if _, err := w.db.Contacts(ctx, w.b, c.ID); casework.ErrorCode(err) != casework.EFORBIDDEN {
		t.Fatalf("records under basic: %v", err)
	}
	if _, err := w.db.Assessments(ctx, w.b, c.ID); casework.ErrorCode(err) != casework.EFORBIDDEN {
		t.Fatalf("assessment under basic: %v", err)
	}
	if _, err := w.db.Person(ctx, w.b, p.ID); err != nil {
		t.Fatalf("basic opens the person: %v", err)
	}
	// a second consent adds health: the health section opens, finance stays closed
	w.consent(t, w.a, p.ID, []string{"health"}, w.orgB.ID)
	xs, err := w.db.Assessments(ctx, w.b, c.ID)
	if err != nil || len(xs) != 1 || xs[0].Health == "" || xs[0].Finances != "" || xs[0].Housing != "" {
		t.Fatalf("assessment under basic+health: %v %+v", err, xs)
	}
}
