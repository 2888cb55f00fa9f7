package casework

import "testing"

// The 宛名番号 is shown to the registering organization, the lead, a team
// member with `basic` on a case about the person, the municipality's own
// sections and the privacy officer; not to a member reading the person
// through the household only, not to a stranger, never to a host.
func TestCanSeeAtenaNo(t *testing.T) {
	asFocus := PersonFacts{RegisteredBy: "reg", Focus: []CaseFacts{facts()}}
	hh := facts()
	hh.Consents = []Consent{{ID: "c2", GivenOn: "2026-04-01", Recipients: []string{"viaConsent"}, DataCategories: []string{"household"}}}
	asMember := PersonFacts{RegisteredBy: "reg", Member: []CaseFacts{hh}}
	host := Actor{UserID: "h", OrganizationID: "lead", Roles: []string{"host"}}
	officer := Actor{UserID: "p", OrganizationID: "city", Roles: []string{"privacy_officer"}}
	for _, c := range []struct {
		name string
		a    Actor
		f    PersonFacts
		kind string
		want bool
	}{
		{"registering organization", worker("reg"), asFocus, "npo", true},
		{"lead, focus", worker("lead"), asFocus, "community_support_center", true},
		{"consent member with basic, focus", worker("viaConsent"), asFocus, "self_reliance_support", true},
		{"lead, household member", worker("lead"), asMember, "community_support_center", true},
		{"member through household only", worker("viaConsent"), asMember, "self_reliance_support", false},
		{"municipal section through household", worker("viaConsent"), asMember, "municipal_section", true},
		{"municipal section that does not see the person", worker("stranger"), asFocus, "municipal_section", false},
		{"stranger", worker("stranger"), asFocus, "npo", false},
		{"host of the lead organization", host, asFocus, "community_support_center", false},
		{"privacy officer", officer, asFocus, "municipal_section", true},
	} {
		if got := CanSeeAtenaNo(c.a, c.f, c.kind, today); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestNormalizeAtenaNo(t *testing.T) {
	for in, want := range map[string]string{"０１２３４": "01234", " 12 34 ": "1234", "A-12": "A-12", "": ""} {
		if got, msg := NormalizeAtenaNo(in); got != want || msg != "" {
			t.Errorf("%q: %q %q", in, got, msg)
		}
	}
	for _, in := range []string{"12あ", "123456789012345678901", "1_2"} {
		if _, msg := NormalizeAtenaNo(in); msg == "" {
			t.Errorf("%q accepted", in)
		}
	}
}
