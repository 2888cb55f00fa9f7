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
			{OrganizationID: "viaLaw", Basis: BasisStatutory, Statute: "art25_2"},
			{OrganizationID: "ended", Basis: BasisStatutory, Statute: "art25_2", To: "2026-05-01"},
		},
		Consents: []Consent{{ID: "c1", GivenOn: "2026-04-01", Recipients: []string{"viaConsent", "listedOnly"}}},
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

// Rule 4: outside the team, no details.
func TestRule4PersonVisibility(t *testing.T) {
	cases := []CaseFacts{facts()}
	if !CanSeePerson(worker("reg"), "reg", nil, today) {
		t.Error("registering org must see its person")
	}
	if !CanSeePerson(worker("viaLaw"), "reg", cases, today) {
		t.Error("team member must see the person")
	}
	if CanSeePerson(worker("stranger"), "reg", cases, today) {
		t.Error("stranger sees the person")
	}
}

// Rule 6: DV等支援措置 hides the address from everyone but the lead.
func TestRule6DVAddress(t *testing.T) {
	cases := []CaseFacts{facts()}
	if !CanSeeAddress(worker("lead"), true, "reg", cases, today) {
		t.Error("lead must see the address")
	}
	for _, org := range []string{"viaConsent", "viaLaw", "reg", "stranger"} {
		if CanSeeAddress(worker(org), true, "reg", cases, today) {
			t.Errorf("%s sees a protected address", org)
		}
	}
	if !CanSeeAddress(worker("viaLaw"), false, "reg", cases, today) {
		t.Error("team member must see an unprotected address")
	}
	if !CanSeeAddress(worker("reg"), true, "reg", nil, today) {
		t.Error("without a case the registering org is the lead")
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
