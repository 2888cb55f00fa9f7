package casework

import (
	"strings"
	"time"
)

// OutreachMeetingItem is an outreach target put on the agenda of a 支援会議
// (社会福祉法第106条の6). Before consent this is the only way what is known
// of a target reaches another organization: the attendees of a held 支援会議
// (all of whom acknowledged the confidentiality duty) may read the target.
type OutreachMeetingItem struct {
	ID          string    `json:"id"`
	MeetingID   string    `json:"meeting_id"`
	TargetID    string    `json:"target_id"`
	Situation   string    `json:"situation,omitempty"`
	Decisions   string    `json:"decisions,omitempty"`
	AuthorOrgID string    `json:"author_organization_id"`
	Version     int       `json:"version"`
	Created     time.Time `json:"created_at"`
	// Filled for pages.
	TargetName  string    `json:"target_name,omitempty"`
	MeetingType string    `json:"meeting_type,omitempty"`
	MeetingAt   time.Time `json:"meeting_at,omitempty"`
}

// Validate checks the fields of an outreach item.
func (it *OutreachMeetingItem) Validate() error {
	v := Invalid{}
	if strings.TrimSpace(it.TargetID) == "" {
		v.Add("target_id", "アウトリーチ対象者を選んでください。")
	}
	it.Situation, it.Decisions = strings.TrimSpace(it.Situation), strings.TrimSpace(it.Decisions)
	tooLong(v, "situation", "状況", it.Situation, 8000)
	tooLong(v, "decisions", "決定事項", it.Decisions, 8000)
	return v.Err()
}

// CheckOutreachMeetingItem decides whether a target (which has no consent to
// share yet) may be put on meeting m. Only a 支援会議 may take it, and only
// when every attendee acknowledged the confidentiality duty (rule 5, as for
// a case item). A 重層的支援会議 rests on the person's consent, which an
// unconsented target lacks; other meetings have no basis for it either. A
// target already handed over is discussed as its case.
func CheckOutreachMeetingItem(m Meeting, t OutreachTarget, orgName map[string]string) error {
	bad := func(code Code, msg string) error {
		return &Error{Code: code, Message: msg, Fields: map[string]string{"target_id": msg}}
	}
	switch {
	case m.Type == "jusoteki_shien_kaigi":
		return bad(ECONSENT, "重層的支援会議では本人の同意が必要です。同意のないアウトリーチ対象者は検討できません。支援会議（社会福祉法第106条の6）で検討してください。")
	case m.Type != "shien_kaigi":
		return bad(EINVALID, "アウトリーチ対象者を共有して検討できるのは支援会議（社会福祉法第106条の6）だけです。")
	case t.Stage == "handed_over":
		return bad(EINVALID, "ケースへ引き継いだ対象者です。ケースとして検討してください。")
	}
	_, err := CheckMeetingItem(m, MeetingItem{Basis: "art106_6"}, CaseFacts{}, orgName, "")
	return err
}

// MeetingHeld reports whether the host recorded the meeting as held: only a
// held meeting shares what was put on its agenda (moving its date does not,
// and a cancelled meeting never shared anything).
func MeetingHeld(m Meeting) bool { return m.Status == MeetingHeldStatus }

// TargetAccess is what an actor may do with an outreach target.
type TargetAccess int

// Levels of access to an outreach target.
const (
	TargetNone   TargetAccess = iota // not found
	TargetShared                     // read only, through a 支援会議
	TargetOwner                      // the registering organization: read and write
)

// OutreachTargetAccess is the access rule of an outreach target registered
// by orgID. The registering organization reads and writes it. Another
// organization reads it (its label, concern, attempts, stage), read only,
// when the target is an item of a held 支援会議 (sharedAt: the meetings
// where it is on the agenda) that the organization attended or hosted and
// whose attendees all acknowledged the confidentiality duty. Nobody else
// sees it, and a meeting of any other type shares nothing.
func OutreachTargetAccess(a Actor, orgID string, sharedAt []Meeting) TargetAccess {
	if !CanHandleCases(a) {
		return TargetNone
	}
	if a.OrganizationID == orgID {
		return TargetOwner
	}
	for _, m := range sharedAt {
		if m.Type != "shien_kaigi" || !MeetingHeld(m) || !CanSeeMeeting(a, m) || !allAcknowledged(m) {
			continue
		}
		return TargetShared
	}
	return TargetNone
}

func allAcknowledged(m Meeting) bool {
	if len(m.Attendees) == 0 {
		return false
	}
	present := false
	for _, at := range m.Attendees {
		if at.Absent {
			continue
		}
		if !at.ConfidentialityAck {
			return false
		}
		present = true
	}
	return present
}
