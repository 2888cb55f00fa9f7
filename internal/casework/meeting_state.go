package casework

import "time"

// A meeting is scheduled, then held or cancelled (issue 19). Only a held
// meeting shares what was put on its agenda; a cancelled one never did.
// The host records the state. Attendance (who came, who left the room for
// which item) is the host's record too, editable until the minutes are
// confirmed; confirmed minutes are changed only by the host, and every
// change keeps the text it replaced.

// Meeting states.
const (
	MeetingScheduled  = "scheduled"
	MeetingHeldStatus = "held"
	MeetingCancelled  = "cancelled"
)

// MeetingStatuses are the states of a meeting.
var MeetingStatuses = CodeList{{MeetingScheduled, "開催予定"}, {MeetingHeldStatus, "開催済み"}, {MeetingCancelled, "中止"}}

// Ways an acknowledgement of confidentiality is recorded.
const (
	AckSelf   = "self"   // the attendee recorded it itself
	AckRoster = "roster" // the 事務局 (host) recorded it from the signed 出席者名簿
)

// AckMethods are the ways an acknowledgement is recorded.
var AckMethods = CodeList{{AckSelf, "本人が確認"}, {AckRoster, "署名済みの出席者名簿から事務局が記録"}}

// MinutesChange is one change of confirmed minutes: the text it replaced.
type MinutesChange struct {
	Previous string    `json:"previous"`
	At       time.Time `json:"at"`
	UserID   string    `json:"user_id"`
	UserName string    `json:"user_name,omitempty"`
}

func meetingInvalid(field, msg string) error {
	return &Error{Code: EINVALID, Message: msg, Fields: map[string]string{field: msg}}
}

// IsMeetingHost: a writer of the host organization.
func IsMeetingHost(a Actor, m Meeting) bool {
	return CanWriteCases(a) && a.OrganizationID != "" && a.OrganizationID == m.HostOrgID
}

// CheckCreationAcks: the creator of a meeting acknowledges the duty only
// for itself (an attendee of its own organization that names no other
// user); nobody ticks another attendee's acknowledgement.
func CheckCreationAcks(a Actor, m Meeting) error {
	for _, at := range m.Attendees {
		if at.ConfidentialityAck && (at.OrganizationID != a.OrganizationID || (at.UserID != "" && at.UserID != a.UserID)) {
			return meetingInvalid("attendees", "守秘義務の確認は出席者本人が記録します（または事務局が署名済みの出席者名簿から記録します）。他の出席者の確認を登録時に付けることはできません。")
		}
	}
	return nil
}

// CheckMeetingStatus decides whether a can move meeting m to status to at
// now: only the host, only from scheduled, not held before its day, and a
// meeting on a statute only once every attendee who came acknowledged the
// duty of confidentiality.
func CheckMeetingStatus(a Actor, m Meeting, to string, now time.Time) error {
	if !IsMeetingHost(a, m) {
		return Errorf(EFORBIDDEN, "会議の状態は主催機関の職員だけが変更できます。")
	}
	switch {
	case to != MeetingHeldStatus && to != MeetingCancelled:
		return meetingInvalid("status", "状態は「開催済み」（held）または「中止」（cancelled）を選んでください。")
	case m.Status != MeetingScheduled:
		return meetingInvalid("status", "「"+MeetingStatuses.Label(m.Status)+"」の会議の状態は変更できません。")
	case to == MeetingCancelled:
		return nil
	case Today(now) < Today(m.ScheduledAt):
		return meetingInvalid("status", "開催日（"+Today(m.ScheduledAt)+"）より前に開催済みにはできません。日程が変わったときは開催日時を変更してください。")
	}
	present := 0
	fields := map[string]string{}
	for _, at := range m.Attendees {
		if at.Absent {
			continue
		}
		present++
		if duty := ConfidentialityDuty[m.Type]; duty != "" && !at.ConfidentialityAck {
			fields[at.OrganizationID] = "出席者の守秘義務（" + duty + "）の確認がありません。"
		}
	}
	if present == 0 {
		return meetingInvalid("attendees", "出席した出席者がいません。出欠を記録してください。")
	}
	if len(fields) > 0 {
		return &Error{Code: ECONFIDENTIALITY, Message: "出席者全員が守秘義務（" + ConfidentialityDuty[m.Type] + "）を確認するまで、開催済みにできません。", Fields: fields}
	}
	return nil
}

// CheckAcknowledge decides whether a records the acknowledgement of
// attendee at of meeting m by method (AckSelf: a user of the attendee's own
// organization, the named user when one is named; AckRoster: the host's
// 事務局, from the signed 出席者名簿, from the meeting's day).
func CheckAcknowledge(a Actor, m Meeting, at Attendee, method string, now time.Time) error {
	switch {
	case m.Status == MeetingCancelled:
		return meetingInvalid("status", "中止した会議です。")
	case m.MinutesConfirmedAt != nil:
		return meetingInvalid("attendee_id", "議事録の確定後は記録できません。")
	case at.Absent:
		return meetingInvalid("attendee_id", "欠席の出席者です。")
	case at.ConfidentialityAck:
		return meetingInvalid("attendee_id", "この出席者の確認はすでに記録されています。")
	}
	switch method {
	case AckSelf:
		if CanWriteCases(a) && a.OrganizationID == at.OrganizationID && (at.UserID == "" || at.UserID == a.UserID) {
			return nil
		}
		return Errorf(EFORBIDDEN, "守秘義務の確認は出席者本人が記録します。")
	case AckRoster:
		if !IsMeetingHost(a, m) {
			return Errorf(EFORBIDDEN, "出席者名簿からの記録は主催機関（事務局）の職員だけができます。")
		}
		if Today(now) < Today(m.ScheduledAt) {
			return meetingInvalid("method", "署名済みの出席者名簿は会議の当日から記録できます。")
		}
		return nil
	}
	return meetingInvalid("method", "記録の方法は self（本人）または roster（出席者名簿）です。")
}

// CheckAttendanceEdit: attendance and leaving the room are the host's
// record, editable until the minutes are confirmed.
func CheckAttendanceEdit(a Actor, m Meeting) error {
	if !IsMeetingHost(a, m) {
		return Errorf(EFORBIDDEN, "出欠と退室は主催機関の職員だけが記録できます。")
	}
	if m.Status == MeetingCancelled {
		return meetingInvalid("status", "中止した会議です。")
	}
	if m.MinutesConfirmedAt != nil {
		return meetingInvalid("attendees", "議事録を確定した会議の出欠は変更できません。")
	}
	return nil
}

// CheckMinutesEdit: before confirmation an attending organization writes
// the minutes; once confirmed only the host changes them (with history).
func CheckMinutesEdit(a Actor, m Meeting) error {
	if m.MinutesConfirmedAt != nil && !IsMeetingHost(a, m) {
		return Errorf(EFORBIDDEN, "確定した議事録は主催機関の職員だけが変更できます。")
	}
	return nil
}

// CheckConfirmMinutes: the host confirms the minutes of a held meeting once.
func CheckConfirmMinutes(a Actor, m Meeting) error {
	switch {
	case !IsMeetingHost(a, m):
		return Errorf(EFORBIDDEN, "議事録は主催機関の職員だけが確定できます。")
	case m.Status != MeetingHeldStatus:
		return meetingInvalid("status", "議事録を確定できるのは開催済みの会議だけです。")
	case m.MinutesConfirmedAt != nil:
		return meetingInvalid("minutes", "議事録はすでに確定しています。")
	}
	return nil
}

// CheckItemAdd: a case is put on the agenda of a meeting that is not
// cancelled; after the minutes are confirmed, only by the host.
func CheckItemAdd(a Actor, m Meeting) error {
	if m.Status == MeetingCancelled {
		return meetingInvalid("status", "中止した会議には検討事項を追加できません。")
	}
	if m.MinutesConfirmedAt != nil && !IsMeetingHost(a, m) {
		return Errorf(EFORBIDDEN, "議事録を確定した会議には主催機関だけが追加できます。")
	}
	return nil
}
