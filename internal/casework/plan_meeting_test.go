package casework

import (
	"strings"
	"testing"
	"time"
)

func meetingOf(typ string, acks map[string]bool, orgs ...string) Meeting {
	m := Meeting{Type: typ, HostOrgID: orgs[0], Status: MeetingHeldStatus}
	for _, o := range orgs {
		m.Attendees = append(m.Attendees, Attendee{ID: "at-" + o, OrganizationID: o, MemberOrGuest: "member", ConfidentialityAck: acks[o]})
	}
	return m
}

var names = map[string]string{"lead": "包括", "a": "A機関", "b": "B機関"}

func TestCheckMeetingItemJusotekiNeedsEveryAttendeeCovered(t *testing.T) {
	day := "2026-06-01"
	m := meetingOf("jusoteki_shien_kaigi", nil, "lead", "a", "b")
	f := CaseFacts{LeadOrgID: "lead"}
	_, err := CheckMeetingItem(m, MeetingItem{Basis: "consent"}, f, names, day)
	if ErrorCode(err) != ECONSENT || len(ErrorFields(err)) != 2 || ErrorFields(err)["lead"] != "" {
		t.Fatalf("no consent: %v %v", err, ErrorFields(err))
	}
	f.Consents = []Consent{{ID: "c1", GivenOn: "2026-05-01", Recipients: []string{"a"}, MeetingTypes: []string{"jusoteki_shien_kaigi"}}}
	if _, err := CheckMeetingItem(m, MeetingItem{}, f, names, day); ErrorFields(err)["b"] == "" || ErrorFields(err)["a"] != "" {
		t.Fatalf("partial: %v", ErrorFields(err))
	}
	f.Consents = append(f.Consents, Consent{ID: "c2", GivenOn: "2026-05-01", Recipients: []string{"b"}, MeetingTypes: []string{"jusoteki_shien_kaigi"}})
	if id, err := CheckMeetingItem(m, MeetingItem{}, f, names, day); err != nil || id == "" {
		t.Fatalf("covered by two consents: %v", err)
	}
	// withdrawn or expired consents do not count
	f.Consents[1].WithdrawnOn = "2026-05-20"
	if _, err := CheckMeetingItem(m, MeetingItem{}, f, names, day); ErrorCode(err) != ECONSENT {
		t.Fatalf("withdrawn consent counted: %v", err)
	}
}

func TestConsentMeetingTypesLimitTheMeetings(t *testing.T) {
	c := Consent{GivenOn: "2026-05-01", Recipients: []string{"a"}, MeetingTypes: []string{"shien_chosei_kaigi"}}
	if ConsentCoversMeeting(c, "a", "jusoteki_shien_kaigi", "2026-06-01") {
		t.Fatal("a consent listing other meeting types covered the 重層的支援会議")
	}
	c.MeetingTypes = nil
	if ConsentCoversMeeting(c, "a", "jusoteki_shien_kaigi", "2026-06-01") {
		t.Fatal("a consent without meeting types covers no meeting (issue 18)")
	}
	c.MeetingTypes = []string{"jusoteki_shien_kaigi"}
	if ConsentCoversMeeting(c, "b", "jusoteki_shien_kaigi", "2026-06-01") || ConsentCoversMeeting(c, "a", "jusoteki_shien_kaigi", "2026-04-01") {
		t.Fatal("covered an organization not listed, or before the consent")
	}
}

func TestCheckMeetingItemShienKaigiNeedsAcksNotConsent(t *testing.T) {
	f := CaseFacts{LeadOrgID: "lead"}
	m := meetingOf("shien_kaigi", map[string]bool{"lead": true, "a": true}, "lead", "a", "b")
	_, err := CheckMeetingItem(m, MeetingItem{Basis: "art106_6"}, f, names, "2026-06-01")
	if ErrorCode(err) != ECONFIDENTIALITY || ErrorFields(err)["b"] == "" || len(ErrorFields(err)) != 1 {
		t.Fatalf("missing ack: %v %v", err, ErrorFields(err))
	}
	m.Attendees[2].ConfidentialityAck = true
	if _, err := CheckMeetingItem(m, MeetingItem{Basis: "art106_6"}, f, names, "2026-06-01"); err != nil {
		t.Fatalf("all acknowledged, no consent: %v", err)
	}
}

// TestCheckMeetingItemOtherMeetings: 要対協 rests on its statute with
// acknowledgements of its own duty (児童福祉法第25条の5), never on consent;
// a meeting of type other rests on consent (issue 19).
func TestCheckMeetingItemOtherMeetings(t *testing.T) {
	f := CaseFacts{LeadOrgID: "lead"}
	m := meetingOf("yotaikyo", nil, "lead", "a")
	_, err := CheckMeetingItem(m, MeetingItem{Basis: "art25_2"}, f, names, "2026-06-01")
	if ErrorCode(err) != ECONFIDENTIALITY || !strings.Contains(ErrorFields(err)["a"], "児童福祉法第25条の5") {
		t.Fatalf("要対協 without acknowledgements: %v", err)
	}
	m = meetingOf("yotaikyo", map[string]bool{"lead": true, "a": true}, "lead", "a")
	if _, err := CheckMeetingItem(m, MeetingItem{Basis: "art25_2"}, f, names, "2026-06-01"); err != nil {
		t.Fatalf("要対協 with acknowledgements: %v", err)
	}
	if _, err := CheckMeetingItem(meetingOf("other", nil, "lead", "a"), MeetingItem{Basis: "consent"}, f, names, "2026-06-01"); ErrorCode(err) != ECONSENT {
		t.Fatalf("a meeting of type other is checked like a 重層的支援会議: %v", err)
	}
}

func TestMeetingItemValidateBasis(t *testing.T) {
	it := MeetingItem{CaseID: "c", Agenda: "info_share"}
	if err := it.ValidateItem("shien_kaigi"); err != nil || it.Basis != "art106_6" {
		t.Fatalf("default basis: %v %q", err, it.Basis)
	}
	it = MeetingItem{CaseID: "c", Agenda: "info_share", Basis: "art106_6"}
	if err := it.ValidateItem("jusoteki_shien_kaigi"); ErrorFields(err)["basis"] == "" {
		t.Fatalf("重層的支援会議 on 106条の6: %v", err)
	}
	it = MeetingItem{CaseID: "c", Agenda: "nope", RoleSplit: []RoleAssignment{{OrganizationID: "a"}}}
	err := it.ValidateItem("other")
	if ErrorFields(err)["agenda"] == "" || ErrorFields(err)["role_split"] == "" || it.Basis != "consent" {
		t.Fatalf("bad item: %v basis %q", ErrorFields(err), it.Basis)
	}
	// a basis is never borrowed from another meeting type (issue 18)
	for _, mt := range []string{"other", "chiiki_care_kobetsu", "shien_chosei_kaigi"} {
		it = MeetingItem{CaseID: "c", Agenda: "info_share", Basis: "art106_6"}
		if err := it.ValidateItem(mt); ErrorFields(err)["basis"] == "" {
			t.Fatalf("106条の6 borrowed at %s: %v", mt, err)
		}
	}
}

func TestCanSeeMeeting(t *testing.T) {
	m := meetingOf("shien_kaigi", nil, "host", "a")
	w := Actor{OrganizationID: "a", Roles: []string{"worker"}}
	if !CanSeeMeeting(w, m) {
		t.Fatal("attendee cannot see")
	}
	w.OrganizationID = "b"
	if CanSeeMeeting(w, m) {
		t.Fatal("non-attendee sees the meeting")
	}
	if CanSeeMeeting(Actor{OrganizationID: "a", Roles: []string{"municipal_admin"}}, m) {
		t.Fatal("administrator reads the record")
	}
}

func TestMeetingValidate(t *testing.T) {
	m := Meeting{Type: "x"}
	err := m.Validate()
	for _, f := range []string{"type", "scheduled_at", "host_organization_id", "attendees"} {
		if ErrorFields(err)[f] == "" {
			t.Errorf("no message for %s: %v", f, ErrorFields(err))
		}
	}
	m = Meeting{Type: "shien_kaigi", ScheduledAt: time.Now(), HostOrgID: "h", Attendees: []Attendee{{OrganizationID: "h"}}}
	if err := m.Validate(); err != nil || m.Title != "支援会議（106条の6）" || m.Attendees[0].MemberOrGuest != "member" || m.LegalBasis == "" {
		t.Fatalf("defaults: %v %+v", err, m)
	}
}

func TestHostAttendsItsMeeting(t *testing.T) {
	m := Meeting{Type: "shien_kaigi", ScheduledAt: time.Now(), HostOrgID: "h", Attendees: []Attendee{{OrganizationID: "a", ConfidentialityAck: true}}}
	if err := m.Validate(); err != nil || len(m.Attendees) != 2 || m.Attendees[0].OrganizationID != "h" {
		t.Fatalf("host not added: %v %+v", err, m.Attendees)
	}
	if _, err := CheckMeetingItem(m, MeetingItem{}, CaseFacts{LeadOrgID: "a"}, nil, "2026-06-01"); ErrorFields(err)["h"] == "" {
		t.Fatalf("host without acknowledgement: %v", err)
	}
}
