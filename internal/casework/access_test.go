package casework

import (
	"strings"
	"testing"
)

const today = "2026-06-01"

func facts() CaseFacts {
	return CaseFacts{
		LeadOrgID: "lead",
		Team: []TeamMember{
			{OrganizationID: "lead", Basis: BasisLead},
			{OrganizationID: "viaConsent", Basis: BasisConsent},
			{OrganizationID: "viaLaw", Basis: BasisStatutory, Statute: "art25_2", To: "2026-11-30"},
			{OrganizationID: "ended", Basis: BasisStatutory, Statute: "art25_2", To: "2026-05-01"},
		},
		Consents: []Consent{{ID: "c1", GivenOn: "2026-04-01", Recipients: []string{"viaConsent", "listedOnly"}, DataCategories: []string{"basic", "records"}}},
	}
}

func worker(org string) Actor {
	return Actor{UserID: "u", OrganizationID: org, Roles: []string{"worker"}}
}

// Rule 1: case content only for organizations on the team; the lead is on it by itself.
func TestRule1ReadOnlyOnTeam(t *testing.T) {
	f := facts()
	for org, want := range map[string]bool{"lead": true, "viaConsent": true, "viaLaw": true, "ended": false, "listedOnly": false, "stranger": false} {
		if got := CanReadCase(worker(org), f, today); got != want {
			t.Errorf("%s: got %v want %v", org, got, want)
		}
	}
	f.Team = nil
	if !CanReadCase(worker("lead"), f, today) {
		t.Error("the lead must be on the team by itself")
	}
}

// Rule 2: joining needs an effective consent listing the organization or a statutory basis.
func TestRule2JoinNeedsConsentOrStatute(t *testing.T) {
	f := facts()
	if b, id, err := CheckJoin(f, "listedOnly", "X", "", today); err != nil || b != BasisConsent || id != "c1" {
		t.Fatalf("consented org: %v %v %v", b, id, err)
	}
	if b, _, err := CheckJoin(f, "stranger", "見知らぬ機関", "art25_2", today); err != nil || b != BasisStatutory {
		t.Fatalf("statutory: %v %v", b, err)
	}
	_, _, err := CheckJoin(f, "stranger", "見知らぬ機関", "", today)
	if ErrorCode(err) != ECONSENT || ErrorFields(err)["stranger"] == "" {
		t.Fatalf("want consent_required naming the org, got %v", err)
	}
	if want := "「見知らぬ機関」"; !strings.Contains(ErrorMessage(err), want) {
		t.Fatalf("message %q does not name the organization", ErrorMessage(err))
	}
	if _, _, err := CheckJoin(f, "stranger", "x", "bogus", today); ErrorCode(err) != EINVALID {
		t.Fatalf("unknown statute: %v", err)
	}
	if _, _, err := CheckJoin(f, "listedOnly", "x", "", "2026-03-31"); ErrorCode(err) != ECONSENT {
		t.Fatal("a consent not yet given must not count")
	}
}

// Rule 3: withdrawal or expiry removes the access it gave from the next day it applies; the lead stays.
func TestRule3WithdrawAndExpiry(t *testing.T) {
	f := facts()
	f.Consents[0].WithdrawnOn = today
	if CanReadCase(worker("viaConsent"), f, today) {
		t.Error("withdrawn consent still gives access")
	}
	if !CanReadCase(worker("lead"), f, today) || !CanReadCase(worker("viaLaw"), f, today) {
		t.Error("lead and statutory members must stay")
	}
	f = facts()
	f.Consents[0].ValidUntil = "2026-05-31"
	if CanReadCase(worker("viaConsent"), f, today) {
		t.Error("expired consent still gives access")
	}
	if !CanReadCase(worker("viaConsent"), f, "2026-05-31") {
		t.Error("consent must be valid through its last day")
	}
	// a new consent version restores access
	f.Consents = append(f.Consents, Consent{ID: "c2", GivenOn: today, Recipients: []string{"viaConsent"}})
	if !CanReadCase(worker("viaConsent"), f, today) {
		t.Error("a new consent listing the org must give access again")
	}
}

// Rule 4: outside the team, no details; a member under consent needs `basic`.
func TestRule4PersonVisibility(t *testing.T) {
	pf := PersonFacts{RegisteredBy: "reg", Focus: []CaseFacts{facts()}}
	for org, want := range map[string]bool{"reg": true, "lead": true, "viaLaw": true, "viaConsent": true, "listedOnly": false, "stranger": false} {
		if got := CanSeePerson(worker(org), pf, today); got != want {
			t.Errorf("%s: got %v want %v", org, got, want)
		}
	}
	pf.Focus[0].Consents[0].DataCategories = []string{"records"}
	if CanSeePerson(worker("viaConsent"), pf, today) {
		t.Error("a consent without `basic` must not open the person's record")
	}
}

// Rule 4 for household members: the focus person's `household` category, or
// the member's own consent; seeing one member opens no other.
func TestRule4HouseholdMember(t *testing.T) {
	f := facts()
	member := PersonFacts{RegisteredBy: "lead", Member: []CaseFacts{f}}
	if CanSeePerson(worker("viaConsent"), member, today) {
		t.Error("a consent of basic+records must not open another household member")
	}
	if !CanSeePerson(worker("lead"), member, today) || !CanSeePerson(worker("viaLaw"), member, today) {
		t.Error("lead and statutory members see the household")
	}
	f.Consents[0].DataCategories = append(f.Consents[0].DataCategories, "household")
	member.Member = []CaseFacts{f}
	if !CanSeePerson(worker("viaConsent"), member, today) {
		t.Error("the focus person's `household` category opens the members")
	}
	member.Member = []CaseFacts{facts()}
	member.Own = []Consent{{GivenOn: "2026-04-01", Recipients: []string{"viaConsent"}, DataCategories: []string{"basic"}}}
	if !CanSeePerson(worker("viaConsent"), member, today) {
		t.Error("the member's own consent opens the member")
	}
}

// Rule 6: DV等支援措置 shows the address to designated organizations only, never
// to the lead by being lead.
func TestRule6DVByDesignation(t *testing.T) {
	pf := PersonFacts{RegisteredBy: "reg", DVProtected: true, Designated: []string{"reg"}, Focus: []CaseFacts{facts()}}
	for org, want := range map[string]bool{"reg": true, "lead": false, "viaConsent": false, "viaLaw": false, "stranger": false} {
		if got := CanSeeAddress(worker(org), pf, today); got != want {
			t.Errorf("%s: got %v want %v", org, got, want)
		}
	}
	pf.Designated = append(pf.Designated, "lead")
	if !CanSeeAddress(worker("lead"), pf, today) {
		t.Error("a designated lead sees the address")
	}
	pf.DVProtected = false
	if !CanSeeAddress(worker("viaLaw"), pf, today) {
		t.Error("team member must see an unprotected address")
	}
	// clearing needs a designated organization and a reason
	pf.DVProtected = true
	if ErrorCode(CheckDVChange(worker("viaLaw"), pf, false, "措置終了を確認", today)) != EFORBIDDEN {
		t.Error("an undesignated organization cleared the flag")
	}
	if ErrorCode(CheckDVChange(worker("reg"), pf, false, "", today)) != EINVALID {
		t.Error("clearing without a reason")
	}
	if CheckDVChange(worker("reg"), pf, false, "措置の終了を本人と確認", today) != nil {
		t.Error("a designated organization may clear with a reason")
	}
	if ErrorCode(CheckDesignate(worker("viaLaw"), pf, "理由があります")) != EFORBIDDEN {
		t.Error("only a designated organization designates others")
	}
}

// Rule 0: connecting writes take own records only.
func TestRule0OwnRecordsOnly(t *testing.T) {
	if CheckOwnRecord(worker("a"), "a", "household_id", "世帯") != nil {
		t.Error("own record refused")
	}
	err := CheckOwnRecord(worker("a"), "b", "household_id", "世帯")
	if ErrorCode(err) != EINVALID || ErrorFields(err)["household_id"] == "" {
		t.Errorf("another organization's household: %v", err)
	}
	pf := PersonFacts{RegisteredBy: "reg", Focus: []CaseFacts{facts()}}
	if CanRecordConsent(worker("viaConsent"), pf) {
		t.Error("a member on the team by consent records a consent")
	}
	if !CanRecordConsent(worker("lead"), pf) || !CanRecordConsent(worker("reg"), pf) {
		t.Error("the holder records consents")
	}
}

// Rule 2: consent scope, and statutory bases with an owner and an end.
func TestRule2ScopeAndStatutes(t *testing.T) {
	f := facts()
	if s := f.Scope("viaConsent", today); !s.Has("basic") || !s.Has("records") || s.Has("health") || s.Has("finance") || s.Has("household") {
		t.Errorf("consent scope %v", s)
	}
	if !f.Scope("viaLaw", today).Has("health") || !f.Scope("lead", today).Has("finance") {
		t.Error("lead and statutory members read every category")
	}
	if f.Scope("viaLaw", "2026-12-01") != nil {
		t.Error("a statutory membership past its end gives access")
	}
	if _, _, err := CheckJoin(f, "x", "x", "art106_6", today); ErrorCode(err) != EINVALID {
		t.Error("106条の6 accepted as a team basis")
	}
	m := &TeamMember{Statute: "art25_2"}
	if ErrorCode(CheckStatutory(worker("lead"), m, StatutoryFacts{}, today)) != EINVALID {
		t.Error("要対協 without the registered case")
	}
	if err := CheckStatutory(worker("lead"), m, StatutoryFacts{CaseOnYotaikyo: true, OrgOnYotaikyoRoster: true}, today); err != nil || m.To != "2026-12-01" || m.ConfirmedBy != "u" {
		t.Errorf("要対協: %v to=%s by=%s", err, m.To, m.ConfirmedBy)
	}
	o := &TeamMember{Statute: "other_law"}
	if ErrorCode(CheckStatutory(worker("lead"), o, StatutoryFacts{}, today)) != EINVALID {
		t.Error("other_law without the law's name and article")
	}
	o.LawText = "生活保護法第29条"
	if CheckStatutory(worker("lead"), o, StatutoryFacts{}, today) != nil {
		t.Error("other_law with its article")
	}
	o.OrganizationID, o.Basis, o.From = "other", BasisStatutory, today
	f.Team = append(f.Team, *o)
	if f.OnTeam("other", today) {
		t.Error("other_law gives access before a privacy officer approves it")
	}
	f.Team[len(f.Team)-1].ApprovedBy = "po"
	if !f.OnTeam("other", today) {
		t.Error("approved other_law gives access")
	}
	// an empty meeting_types covers no meeting
	if (Consent{GivenOn: "2026-04-01", Recipients: []string{"x"}}).CoversMeeting("jusoteki_shien_kaigi") {
		t.Error("empty meeting types covers a meeting")
	}
}

// Rule 7: administrators and privacy officers do not read case content by default.
func TestRule7AdminReadsNoCaseContent(t *testing.T) {
	f := facts()
	for _, role := range []string{"municipal_admin", "privacy_officer"} {
		a := Actor{OrganizationID: "lead", Roles: []string{role}}
		if CanReadCase(a, f, today) {
			t.Errorf("%s reads case content", role)
		}
	}
	if !CanReadAudit(Actor{Roles: []string{"privacy_officer"}}) || CanReadAudit(Actor{Roles: []string{"municipal_admin"}}) {
		t.Error("only the privacy officer reads the audit log")
	}
	v := Actor{OrganizationID: "lead", Roles: []string{"viewer"}}
	if !CanReadCase(v, f, today) || CanWriteCase(v, f, today) {
		t.Error("viewer reads but does not write")
	}
}
