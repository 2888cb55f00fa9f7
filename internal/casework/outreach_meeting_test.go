package casework

import (
	"testing"
	"time"
)

// TestOutreachTargetAccessThroughShienKaigi: the registering organization
// reads and writes; an attendee of a held 支援会議 with every
// acknowledgement reads only; nobody else, and no other meeting, shares.
func TestOutreachTargetAccessThroughShienKaigi(t *testing.T) {
	now := time.Date(2026, 6, 20, 0, 0, 0, 0, time.UTC)
	all := map[string]bool{"lead": true, "a": true}
	held := meetingOf("shien_kaigi", all, "lead", "a")
	held.ScheduledAt = now.Add(-time.Hour)
	future := held
	future.ScheduledAt, future.Status = now.Add(time.Hour), MeetingScheduled
	cancelled := held
	cancelled.Status = MeetingCancelled
	noAck := meetingOf("shien_kaigi", map[string]bool{"lead": true}, "lead", "a")
	noAck.ScheduledAt = held.ScheduledAt
	jusoteki := meetingOf("jusoteki_shien_kaigi", all, "lead", "a")
	jusoteki.ScheduledAt = held.ScheduledAt
	w := func(org string) Actor { return Actor{OrganizationID: org, Roles: []string{"worker"}} }
	for _, c := range []struct {
		name   string
		a      Actor
		shared []Meeting
		want   TargetAccess
	}{
		{"owner", w("lead"), nil, TargetOwner},
		{"other organization, no meeting", w("a"), nil, TargetNone},
		{"attendee of a held 支援会議", w("a"), []Meeting{held}, TargetShared},
		{"non-attendee", w("b"), []Meeting{held}, TargetNone},
		{"meeting not held yet", w("a"), []Meeting{future}, TargetNone},
		{"cancelled meeting", w("a"), []Meeting{cancelled}, TargetNone},
		{"an attendee did not acknowledge", w("a"), []Meeting{noAck}, TargetNone},
		{"重層的支援会議 shares nothing", w("a"), []Meeting{jusoteki}, TargetNone},
		{"one good meeting among others", w("a"), []Meeting{future, held}, TargetShared},
		{"administrator", Actor{OrganizationID: "a", Roles: []string{"municipal_admin"}}, []Meeting{held}, TargetNone},
		{"owner's administrator", Actor{OrganizationID: "lead", Roles: []string{"municipal_admin"}}, nil, TargetNone},
	} {
		if got := OutreachTargetAccess(c.a, "lead", c.shared); got != c.want {
			t.Errorf("%s: access %d, want %d", c.name, got, c.want)
		}
	}
}

func TestCheckOutreachMeetingItem(t *testing.T) {
	tg := OutreachTarget{Stage: "trust"}
	all := map[string]bool{"lead": true, "a": true}
	if err := CheckOutreachMeetingItem(meetingOf("shien_kaigi", all, "lead", "a"), tg, names); err != nil {
		t.Fatalf("支援会議 with every acknowledgement: %v", err)
	}
	err := CheckOutreachMeetingItem(meetingOf("jusoteki_shien_kaigi", all, "lead", "a"), tg, names)
	if ErrorCode(err) != ECONSENT || ErrorFields(err)["target_id"] == "" {
		t.Fatalf("重層的支援会議 must be refused: %v", err)
	}
	if err := CheckOutreachMeetingItem(meetingOf("chiiki_care_kobetsu", all, "lead", "a"), tg, names); ErrorCode(err) != EINVALID {
		t.Fatalf("other meeting: %v", err)
	}
	err = CheckOutreachMeetingItem(meetingOf("shien_kaigi", map[string]bool{"lead": true}, "lead", "a"), tg, names)
	if ErrorCode(err) != ECONFIDENTIALITY || ErrorFields(err)["a"] == "" {
		t.Fatalf("missing acknowledgement: %v", err)
	}
	tg.Stage = "handed_over"
	if err := CheckOutreachMeetingItem(meetingOf("shien_kaigi", all, "lead", "a"), tg, names); ErrorCode(err) != EINVALID {
		t.Fatalf("handed over target: %v", err)
	}
	it := OutreachMeetingItem{Situation: "  状況  "}
	if err := it.Validate(); ErrorFields(err)["target_id"] == "" || it.Situation != "状況" {
		t.Fatalf("validate: %v %q", err, it.Situation)
	}
}
