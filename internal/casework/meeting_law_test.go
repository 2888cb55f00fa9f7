package casework

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestMeetingTypeBasis: each meeting type has one basis; the statutory ones
// cite their own duty of confidentiality (issue 19).
func TestMeetingTypeBasis(t *testing.T) {
	for typ, want := range map[string][2]string{
		"jusoteki_shien_kaigi": {"consent", ""}, "shien_chosei_kaigi": {"consent", ""}, "other": {"consent", ""},
		"jiritsu_shien_kyogikai": {"consent", ""},
		"shien_kaigi":            {"art106_6", "社会福祉法第106条の6第5項"},
		"konkyu_shien_kaigi":     {"konkyu_art9", "生活困窮者自立支援法第9条第5項"},
		"hogo_chosei_kaigi":      {"hogo_art27_3", "生活保護法第27条の3第5項"},
		"chiiki_care_kobetsu":    {"kaigo_art115_48", "介護保険法第115条の48第5項"},
		"yotaikyo":               {"art25_2", "児童福祉法第25条の5"},
	} {
		if !MeetingTypes.Has(typ) || MeetingTypeBasis(typ) != want[0] || ConfidentialityDuty[typ] != want[1] || !MeetingBases.Has(want[0]) {
			t.Errorf("%s: basis %q duty %q, want %v", typ, MeetingTypeBasis(typ), ConfidentialityDuty[typ], want)
		}
		it := MeetingItem{CaseID: "c", Agenda: "info_share", Basis: "art106_6"}
		if err := it.ValidateItem(typ); (err == nil) != (typ == "shien_kaigi") {
			t.Errorf("%s: an item with basis art106_6: %v", typ, err)
		}
	}
}

// TestNoParagraph2Citation: the duty of 106条の6 is in 第5項; no source or
// template cites 第2項 for it.
func TestNoParagraph2Citation(t *testing.T) {
	for _, dir := range []string{".", "../web/templates", "../sqldb", "../web", "../demo"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*"))
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil || strings.HasSuffix(f, "_test.go") {
				continue
			}
			if strings.Contains(string(b), "106条の6第2項") {
				t.Errorf("%s cites 106条の6第2項", f)
			}
		}
	}
}

func TestCheckStatutoryMeetingSecretariatAndRoster(t *testing.T) {
	day := time.Date(2026, 6, 10, 5, 0, 0, 0, time.UTC)
	orgs := []Organization{{ID: "city", Kind: "municipal_section"}, {ID: "npo", Kind: "npo"}, {ID: "a", Kind: "community_support_center"}}
	sec := ResolveSecretariat(Settings{}, orgs)
	if len(sec) != 1 || sec[0] != "city" {
		t.Fatalf("default secretariat: %v", sec)
	}
	m := Meeting{Type: "shien_kaigi", HostOrgID: "npo", ScheduledAt: day, Attendees: []Attendee{{OrganizationID: "npo"}, {OrganizationID: "a"}}}
	if err := CheckStatutoryMeeting(&m, sec, []string{"a", "npo"}, names); ErrorFields(err)["host_organization_id"] == "" {
		t.Fatalf("an NPO hosts a 支援会議: %v", err)
	}
	m = Meeting{Type: "shien_kaigi", HostOrgID: "city", ScheduledAt: day, Attendees: []Attendee{{OrganizationID: "city"}, {OrganizationID: "a"}}}
	if err := CheckStatutoryMeeting(&m, sec, nil, names); ErrorFields(err)["attendees"] == "" || !strings.Contains(err.Error(), "2026年度") {
		t.Fatalf("attendee off the roster: %v", err)
	}
	if err := CheckStatutoryMeeting(&m, sec, []string{"a"}, names); err != nil || !m.NonPublic {
		t.Fatalf("on the roster: %v, non_public %v", err, m.NonPublic)
	}
	if sec := ResolveSecretariat(Settings{ShienKaigiSecretariat: []string{"npo"}}, orgs); len(sec) != 1 || sec[0] != "npo" {
		t.Fatalf("designated secretariat: %v", sec)
	}
	if CanKeepShienKaigiRoster(Actor{OrganizationID: "a", Roles: []string{"worker"}}, []string{"city"}) == nil {
		t.Fatal("a non-secretariat keeps the roster")
	}
}

func TestCheckMeetingStatus(t *testing.T) {
	at := time.Date(2026, 6, 10, 5, 0, 0, 0, time.UTC)
	host := Actor{OrganizationID: "lead", Roles: []string{"worker"}}
	m := meetingOf("shien_kaigi", map[string]bool{"lead": true}, "lead", "a")
	m.Status, m.ScheduledAt = MeetingScheduled, at
	if ErrorCode(CheckMeetingStatus(Actor{OrganizationID: "a", Roles: []string{"worker"}}, m, "held", at)) != EFORBIDDEN {
		t.Fatal("an attendee records the state")
	}
	if ErrorFields(CheckMeetingStatus(host, m, "held", at.AddDate(0, 0, -1)))["status"] == "" {
		t.Fatal("held before its day")
	}
	if err := CheckMeetingStatus(host, m, "held", at); ErrorCode(err) != ECONFIDENTIALITY || ErrorFields(err)["a"] == "" {
		t.Fatalf("held without every acknowledgement: %v", err)
	}
	m.Attendees[1].Absent = true // the absent need not acknowledge
	if err := CheckMeetingStatus(host, m, "held", at); err != nil {
		t.Fatalf("held: %v", err)
	}
	if err := CheckMeetingStatus(host, m, "cancelled", at.AddDate(0, 0, -3)); err != nil {
		t.Fatalf("cancelled ahead: %v", err)
	}
	m.Status = MeetingCancelled
	if ErrorFields(CheckMeetingStatus(host, m, "held", at))["status"] == "" {
		t.Fatal("a cancelled meeting held")
	}
}

func TestCheckAcknowledge(t *testing.T) {
	at := time.Date(2026, 6, 10, 5, 0, 0, 0, time.UTC)
	m := meetingOf("shien_kaigi", nil, "lead", "a")
	m.Status, m.ScheduledAt = MeetingScheduled, at
	m.Attendees[1].UserID = "u-a"
	self := Actor{UserID: "u-a", OrganizationID: "a", Roles: []string{"worker"}}
	other := Actor{UserID: "u-a2", OrganizationID: "a", Roles: []string{"worker"}}
	host := Actor{UserID: "u-l", OrganizationID: "lead", Roles: []string{"worker"}}
	if err := CheckAcknowledge(self, m, m.Attendees[1], AckSelf, at); err != nil {
		t.Fatalf("self: %v", err)
	}
	if CheckAcknowledge(other, m, m.Attendees[1], AckSelf, at) == nil || CheckAcknowledge(host, m, m.Attendees[1], AckSelf, at) == nil {
		t.Fatal("someone else acknowledges as the attendee")
	}
	if err := CheckAcknowledge(host, m, m.Attendees[1], AckRoster, at); err != nil {
		t.Fatalf("事務局 from the signed roster: %v", err)
	}
	if CheckAcknowledge(host, m, m.Attendees[1], AckRoster, at.AddDate(0, 0, -2)) == nil {
		t.Fatal("roster recorded before the meeting")
	}
	if CheckAcknowledge(self, m, m.Attendees[1], AckRoster, at) == nil {
		t.Fatal("an attendee records from the roster")
	}
	if err := CheckCreationAcks(host, Meeting{Attendees: []Attendee{{OrganizationID: "a", ConfidentialityAck: true}}}); ErrorFields(err)["attendees"] == "" {
		t.Fatalf("the creator ticks another attendee: %v", err)
	}
}

// TestItemsShareOnlyWhenHeld: a scheduled or cancelled meeting shares
// nothing but with the lead; an attendee who left the room does not read.
func TestItemsShareOnlyWhenHeld(t *testing.T) {
	day := "2026-06-10"
	f := CaseFacts{LeadOrgID: "lead", Consents: []Consent{{ID: "c", GivenOn: "2026-05-01", Recipients: []string{"a", "b"}, MeetingTypes: []string{"jusoteki_shien_kaigi"},
		DataCategories: []string{"basic", "records"}}}}
	w := func(org string) Actor { return Actor{OrganizationID: org, Roles: []string{"worker"}} }
	m := meetingOf("jusoteki_shien_kaigi", nil, "lead", "a", "b")
	it := MeetingItem{Basis: "consent"}
	for _, st := range []string{MeetingScheduled, MeetingCancelled} {
		m.Status = st
		if CanReadMeetingItem(w("a"), m, it, f, day) || !CanReadMeetingItem(w("lead"), m, it, f, day) {
			t.Errorf("%s meeting shares", st)
		}
	}
	m.Status = MeetingHeldStatus
	if !CanReadMeetingItem(w("a"), m, it, f, day) {
		t.Fatal("held meeting")
	}
	it.LeftRoom = []string{"at-a"}
	if CanReadMeetingItem(w("a"), m, it, f, day) || !CanReadMeetingItem(w("b"), m, it, f, day) {
		t.Fatal("left the room")
	}
	// leaving the room excuses an organization the consent does not cover
	f.Consents[0].Recipients = []string{"b"}
	if _, err := CheckMeetingItem(m, it, f, names, day); err != nil {
		t.Fatalf("uncovered attendee left the room: %v", err)
	}
	if _, err := CheckMeetingItem(m, MeetingItem{Basis: "consent"}, f, names, day); ErrorFields(err)["a"] == "" {
		t.Fatalf("uncovered attendee in the room: %v", err)
	}
}

func TestCheckMeetingDecision(t *testing.T) {
	dm := Actor{OrganizationID: "city", Roles: []string{RoleDecisionMaker}}
	m := meetingOf("jusoteki_shien_kaigi", nil, "lead", "city")
	m.ScheduledAt = time.Date(2026, 6, 10, 5, 0, 0, 0, time.UTC)
	it := MeetingItem{CaseID: "c1", Agenda: "plan_review", PlanID: "p1"}
	if err := CheckMeetingDecision(dm, "municipal_section", EventDecision, m, it, "c1", "p1", "2026-06-10"); err != nil {
		t.Fatalf("decision: %v", err)
	}
	for name, c := range map[string]struct {
		a          Actor
		kind, orgK string
		m          Meeting
		it         MeetingItem
		plan, on   string
		code       Code
	}{
		"worker":             {Actor{OrganizationID: "city", Roles: []string{"worker"}}, EventDecision, "municipal_section", m, it, "p1", "2026-06-10", EFORBIDDEN},
		"not municipal":      {Actor{OrganizationID: "city", Roles: []string{RoleDecisionMaker}}, EventDecision, "npo", m, it, "p1", "2026-06-10", EFORBIDDEN},
		"scheduled":          {dm, EventDecision, "municipal_section", withStatus(m, MeetingScheduled), it, "p1", "2026-06-10", EINVALID},
		"支援会議":               {dm, EventDecision, "municipal_section", withType(m, "shien_kaigi"), it, "p1", "2026-06-10", EINVALID},
		"other case":         {dm, EventDecision, "municipal_section", m, MeetingItem{CaseID: "c2", Agenda: "plan_review"}, "p1", "2026-06-10", EINVALID},
		"agenda":             {dm, EventDecision, "municipal_section", m, MeetingItem{CaseID: "c1", Agenda: "info_share"}, "p1", "2026-06-10", EINVALID},
		"other plan":         {dm, EventDecision, "municipal_section", m, it, "p2", "2026-06-10", EINVALID},
		"before the meeting": {dm, EventDecision, "municipal_section", m, it, "p1", "2026-06-09", EINVALID},
		"closure agenda":     {dm, EventClosure, "municipal_section", m, it, "", "2026-06-10", EINVALID},
	} {
		if got := ErrorCode(CheckMeetingDecision(c.a, c.orgK, c.kind, c.m, c.it, "c1", c.plan, c.on)); got != c.code {
			t.Errorf("%s: %v, want %v", name, got, c.code)
		}
	}
	if err := CheckRolesForOrgKind("community_support_center", []string{"worker", RoleDecisionMaker}); ErrorFields(err)["roles"] == "" {
		t.Fatal("decision_maker outside a municipal_section")
	}
	if err := CheckRolesForOrgKind("municipal_section", []string{RoleDecisionMaker}); err != nil {
		t.Fatal(err)
	}
	if ErrorFields(CheckManualTransition("decided", false, false, ""))["to"] == "" || CheckManualTransition("decided", true, false, "") != nil {
		t.Fatal("manual 支援決定 without a plan")
	}
	if ErrorFields(CheckManualTransition("closed", false, true, ""))["meeting_item_id"] == "" || CheckManualTransition("closed", false, false, "") != nil {
		t.Fatal("closure of a 多機関協働 case by its lead")
	}
	if !IsTakikanCase("multi_agency", false) || !IsTakikanCase("npo", true) || IsTakikanCase("community_support_center", false) {
		t.Fatal("IsTakikanCase")
	}
}

func withStatus(m Meeting, s string) Meeting { m.Status = s; return m }
func withType(m Meeting, s string) Meeting   { m.Type = s; return m }
