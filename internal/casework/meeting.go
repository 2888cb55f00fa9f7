package casework

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Agendas are what a case item is about.
var Agendas = CodeList{
	{"plan_review", "プランの検討"}, {"progress_review", "進捗の確認"}, {"closure", "終結の検討"},
	{"suspension", "中断の検討"}, {"info_share", "情報共有"}, {"resources", "社会資源の検討"},
}

// AttendeeKinds: a member of the meeting (構成員) or a guest.
var AttendeeKinds = CodeList{{"member", "構成員"}, {"guest", "ゲスト"}}

// Attendee is an organization (and optionally a person of it) at a meeting.
type Attendee struct {
	ID                 string `json:"id,omitempty"`
	OrganizationID     string `json:"organization_id"`
	UserID             string `json:"user_id,omitempty"`
	Name               string `json:"name,omitempty"`
	MemberOrGuest      string `json:"member_or_guest"`
	ConfidentialityAck bool   `json:"confidentiality_ack"`
	// Absent: the attendee did not come (attendance, editable until the
	// minutes are confirmed).
	Absent bool `json:"absent"`
	// The acknowledgement of the duty of confidentiality: when, by whom
	// (the attendee itself, or the 事務局 from the signed 出席者名簿), how.
	AckAt     *time.Time `json:"confidentiality_ack_at,omitempty"`
	AckBy     string     `json:"confidentiality_ack_by,omitempty"`
	AckMethod string     `json:"confidentiality_ack_method,omitempty"`
}

// RoleAssignment is one line of a role split decided at a meeting.
type RoleAssignment struct {
	OrganizationID string `json:"organization_id"`
	Task           string `json:"task"`
}

// Meeting is any of the meetings a case passes through.
type Meeting struct {
	ID          string        `json:"id"`
	Type        string        `json:"type"`
	Title       string        `json:"title"`
	LegalBasis  string        `json:"legal_basis"`
	ScheduledAt time.Time     `json:"scheduled_at"`
	Place       string        `json:"place,omitempty"`
	HostOrgID   string        `json:"host_organization_id"`
	Attendees   []Attendee    `json:"attendees"`
	NonPublic   bool          `json:"non_public"`
	Minutes     string        `json:"minutes"`
	Items       []MeetingItem `json:"items"`
	// Status is scheduled → held | cancelled; only a held meeting shares.
	Status             string          `json:"status"`
	StatusChangedAt    *time.Time      `json:"status_changed_at,omitempty"`
	StatusChangedBy    string          `json:"status_changed_by,omitempty"`
	MinutesConfirmedAt *time.Time      `json:"minutes_confirmed_at,omitempty"`
	MinutesConfirmedBy string          `json:"minutes_confirmed_by,omitempty"`
	MinutesHistory     []MinutesChange `json:"minutes_history"`
	// ConfidentialityDuty cites the duty binding the attendees, if any.
	ConfidentialityDuty string    `json:"confidentiality_duty,omitempty"`
	CreatedBy           string    `json:"created_by"`
	Version             int       `json:"version"`
	Created             time.Time `json:"created_at"`
	Updated             time.Time `json:"updated_at"`
}

// MeetingItem is a case discussed at a meeting.
type MeetingItem struct {
	ID            string           `json:"id"`
	MeetingID     string           `json:"meeting_id"`
	CaseID        string           `json:"case_id"`
	Basis         string           `json:"basis"`
	Agenda        string           `json:"agenda"`
	Situation     string           `json:"situation,omitempty"`
	Decisions     string           `json:"decisions,omitempty"`
	RoleSplit     []RoleAssignment `json:"role_split"`
	LeadOrgID     string           `json:"lead_organization_id,omitempty"`
	KeyPerson     string           `json:"key_person,omitempty"`
	NextDate      string           `json:"next_date,omitempty"`
	ClosureReason string           `json:"closure_reason,omitempty"`
	ResourceGaps  []string         `json:"resource_gaps"`
	ConsentID     string           `json:"consent_id,omitempty"`
	// PlanID: the plan revision a plan_review item discusses (optional).
	PlanID string `json:"plan_id,omitempty"`
	// LeftRoom lists the attendees (ids) who left the room for this item:
	// they were not party to it and do not read it.
	LeftRoom    []string  `json:"left_attendee_ids"`
	AuthorOrgID string    `json:"author_organization_id"`
	Version     int       `json:"version"`
	Created     time.Time `json:"created_at"`
	// Filled for pages.
	CaseNumber  string    `json:"case_number,omitempty"`
	PersonName  string    `json:"person_name,omitempty"`
	MeetingType string    `json:"meeting_type,omitempty"`
	MeetingAt   time.Time `json:"meeting_at,omitempty"`
}

// Validate checks a new meeting.
func (m *Meeting) Validate() error {
	v := Invalid{}
	if !MeetingTypes.Has(m.Type) {
		v.Add("type", "会議の種類を一覧から選んでください。")
	}
	m.Title, m.Place, m.Minutes = strings.TrimSpace(m.Title), strings.TrimSpace(m.Place), strings.TrimSpace(m.Minutes)
	if m.Title == "" {
		m.Title = MeetingTypes.Label(m.Type)
	}
	tooLong(v, "title", "会議名", m.Title, 200)
	tooLong(v, "place", "場所", m.Place, 200)
	tooLong(v, "minutes", "議事録", m.Minutes, 20000)
	if m.ScheduledAt.IsZero() {
		v.Add("scheduled_at", "開催日時を入力してください。")
	}
	if m.HostOrgID == "" {
		v.Add("host_organization_id", "主催機関を選んでください。")
	}
	if len(m.Attendees) == 0 {
		v.Add("attendees", "出席する機関を1つ以上選んでください。")
	}
	if m.HostOrgID != "" && len(m.Attendees) > 0 && !contains(m.AttendingOrgs(), m.HostOrgID) {
		// the host attends its own meeting: it sees the record, so the rules
		// (consent, confidentiality) apply to it as to any attendee
		m.Attendees = append([]Attendee{{OrganizationID: m.HostOrgID, MemberOrGuest: "member"}}, m.Attendees...)
	}
	seen := map[string]bool{}
	for i, a := range m.Attendees {
		if a.OrganizationID == "" {
			v.Add("attendees", "出席者の機関を選んでください。")
		}
		if a.MemberOrGuest == "" {
			m.Attendees[i].MemberOrGuest = "member"
		} else if !AttendeeKinds.Has(a.MemberOrGuest) {
			v.Add("attendees", "出席者の区分は構成員（member）またはゲスト（guest）です。")
		}
		key := a.OrganizationID + "/" + a.UserID
		if seen[key] {
			v.Add("attendees", "同じ出席者が重複しています。")
		}
		seen[key] = true
		if utf8.RuneCountInString(a.Name) > 60 {
			v.Add("attendees", "出席者の氏名は60文字以内で入力してください。")
		}
	}
	m.LegalBasis = MeetingLegalBasis[m.Type]
	return v.Err()
}

// AttendingOrgs lists the distinct attending organizations in order.
func (m Meeting) AttendingOrgs() []string {
	var out []string
	for _, a := range m.Attendees {
		if !contains(out, a.OrganizationID) {
			out = append(out, a.OrganizationID)
		}
	}
	return out
}

// CanSeeMeeting: a meeting's record (items, minutes, attendees) is visible
// only to the organizations attending it and to the host (rule 5). It gives
// no access to the cases discussed outside it.
func CanSeeMeeting(a Actor, m Meeting) bool {
	if !CanHandleCases(a) {
		return false
	}
	return a.OrganizationID == m.HostOrgID || contains(m.AttendingOrgs(), a.OrganizationID)
}

// ConsentCoversMeeting reports whether consent c covers org at a meeting of
// type mtype on day. A consent with no meeting types listed does not limit
// the meetings; one that lists types covers only those.
func ConsentCoversMeeting(c Consent, org, mtype, day string) bool {
	if !c.EffectiveOn(day) || !c.Covers(org) {
		return false
	}
	// an empty list covers no meeting (issue 18): consent to a meeting is
	// given for the kinds of meeting it names
	return c.CoversMeeting(mtype)
}

// ValidateItem checks the fields of a case item and fills the basis a
// meeting type implies when none was given.
func (it *MeetingItem) ValidateItem(mtype string) error {
	v := Invalid{}
	if it.CaseID == "" {
		v.Add("case_id", "ケースを選んでください。")
	}
	if it.Basis == "" {
		it.Basis = MeetingTypeBasis(mtype)
	}
	if !MeetingBases.Has(it.Basis) {
		v.Add("basis", "検討の根拠を一覧から選んでください。")
	}
	// the basis follows the meeting's type; an item never borrows another
	// type's (a 106条の6 basis at an ordinary meeting would open the case
	// without consent)
	if want := MeetingTypeBasis(mtype); it.Basis != want && MeetingBases.Has(it.Basis) {
		v.Add("basis", "「"+MeetingTypes.Label(mtype)+"」での検討の根拠は「"+MeetingBases.Label(want)+"」です（根拠は会議の種類で決まります）。")
	}
	if !Agendas.Has(it.Agenda) {
		v.Add("agenda", "議題を一覧から選んでください。")
	}
	it.Situation, it.Decisions, it.KeyPerson = strings.TrimSpace(it.Situation), strings.TrimSpace(it.Decisions), strings.TrimSpace(it.KeyPerson)
	tooLong(v, "situation", "状況", it.Situation, 8000)
	tooLong(v, "decisions", "決定事項", it.Decisions, 8000)
	tooLong(v, "key_person", "キーパーソン", it.KeyPerson, 100)
	split := it.RoleSplit[:0:0]
	for _, r := range it.RoleSplit {
		r.Task = strings.TrimSpace(r.Task)
		if r.Task == "" && r.OrganizationID == "" {
			continue
		}
		if r.Task == "" || r.OrganizationID == "" {
			v.Add("role_split", "役割分担は機関と役割の両方を入力してください。")
		}
		split = append(split, r)
	}
	it.RoleSplit = split
	var msg string
	if it.NextDate, msg = NormalizeDate(it.NextDate, false); msg != "" {
		v.Add("next_date", msg)
	}
	if it.Agenda == "closure" && it.ClosureReason != "" && !ClosureReasons.Has(it.ClosureReason) {
		v.Add("closure_reason", "終結の理由を一覧から選んでください。")
	}
	if it.Agenda != "closure" {
		it.ClosureReason = ""
	}
	if it.Agenda != "plan_review" && it.PlanID != "" {
		v.Add("plan_id", "プランを指定できるのは議題が「プランの検討」のときだけです。")
	}
	gaps := it.ResourceGaps[:0:0]
	for _, g := range it.ResourceGaps {
		if g = strings.TrimSpace(g); g != "" {
			tooLong(v, "resource_gaps", "社会資源の不足", g, 1000)
			gaps = append(gaps, g)
		}
	}
	it.ResourceGaps = gaps
	return v.Err()
}
