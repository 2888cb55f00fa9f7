package casework

import (
	"strings"
	"time"
	"unicode/utf8"
)

// MeetingBases are the legal bases of a meeting case item (API spelling).
var MeetingBases = CodeList{
	{"consent", "本人の同意"}, {"art106_6", "社会福祉法第106条の6（支援会議）"},
	{"art25_2", "児童福祉法第25条の2（要保護児童対策地域協議会）"}, {"other_law", "その他の法令"},
}

// Agendas are what a case item is about.
var Agendas = CodeList{
	{"plan_review", "プランの検討"}, {"progress_review", "進捗の確認"}, {"closure", "終結の検討"},
	{"suspension", "中断の検討"}, {"info_share", "情報共有"}, {"resources", "社会資源の検討"},
}

// AttendeeKinds: a member of the meeting (構成員) or a guest.
var AttendeeKinds = CodeList{{"member", "構成員"}, {"guest", "ゲスト"}}

// MeetingLegalBasis is the law a meeting type rests on, shown on the record.
var MeetingLegalBasis = map[string]string{
	"jusoteki_shien_kaigi":   "社会福祉法第106条の4（重層的支援体制整備事業）・本人同意",
	"shien_kaigi":            "社会福祉法第106条の6（守秘義務あり）",
	"chiiki_care_kobetsu":    "介護保険法第115条の48",
	"yotaikyo":               "児童福祉法第25条の2",
	"jiritsu_shien_kyogikai": "障害者総合支援法第89条の3",
	"shien_chosei_kaigi":     "生活困窮者自立支援法",
	"other":                  "",
}

// Attendee is an organization (and optionally a person of it) at a meeting.
type Attendee struct {
	OrganizationID     string `json:"organization_id"`
	UserID             string `json:"user_id,omitempty"`
	Name               string `json:"name,omitempty"`
	MemberOrGuest      string `json:"member_or_guest"`
	ConfidentialityAck bool   `json:"confidentiality_ack"`
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
	CreatedBy   string        `json:"created_by"`
	Version     int           `json:"version"`
	Created     time.Time     `json:"created_at"`
	Updated     time.Time     `json:"updated_at"`
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
	AuthorOrgID   string           `json:"author_organization_id"`
	Version       int              `json:"version"`
	Created       time.Time        `json:"created_at"`
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

// CanReadMeetingItem is rule 3 over rule 5: an attendee reads a case item
// only as long as its basis lasts. The case's lead always reads it (it holds
// the information). An item shared under consent (a 重層的支援会議, or any
// item with basis consent) is read by another attending organization only
// while an effective consent of the focus person lists it and the meeting's
// type, or while it reads the case's records as a team member; after a
// withdrawal it is gone from the meeting page, its print and every export.
// An item on a statutory basis (支援会議, 要対協) stays with the meeting's
// attendees, who are bound by that statute's duty of confidentiality.
func CanReadMeetingItem(a Actor, m Meeting, it MeetingItem, f CaseFacts, day string) bool {
	if !CanHandleCases(a) {
		return false
	}
	if IsLead(a, f) || CanReadCaseData(a, f, CatRecords, day) {
		return true
	}
	if m.Type == "jusoteki_shien_kaigi" || it.Basis == "consent" || it.Basis == "" {
		// the item is consultation content: the consent must give `records`
		// as well as name the organization and the meeting type
		for _, c := range f.Consents {
			if ConsentCoversMeeting(c, a.OrganizationID, m.Type, day) && contains(c.DataCategories, CatRecords) {
				return true
			}
		}
		return false
	}
	return true
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
	// without consent): 支援会議 → 社会福祉法第106条の6, 要対協 → 児童福祉法第25条の2,
	// every other meeting → the person's consent
	switch want := MeetingTypeBasis(mtype); {
	case mtype == "jusoteki_shien_kaigi" && it.Basis != want:
		v.Add("basis", "重層的支援会議での検討は本人の同意に基づきます。")
	case mtype == "shien_kaigi" && it.Basis != want:
		v.Add("basis", "支援会議での検討の根拠は社会福祉法第106条の6です。")
	case it.Basis != want && MeetingBases.Has(it.Basis):
		v.Add("basis", "この種類の会議での検討の根拠は「"+MeetingBases.Label(want)+"」です（根拠は会議の種類で決まります）。")
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

// CheckMeetingItem is rule 5. A 重層的支援会議 item needs the focus person's
// effective consent to cover EVERY attending organization (and, when the
// consent lists meeting types, this type); the case's lead organization
// counts as covered. Any item with basis "consent" is checked the same way.
// A 支援会議 (106条の6) item needs no consent, but every attendee must have
// acknowledged confidentiality. It returns the consent relied on (if any),
// or ECONSENT / ECONFIDENTIALITY listing the organizations (id → message).
func CheckMeetingItem(m Meeting, it MeetingItem, f CaseFacts, orgName map[string]string, day string) (consentID string, err error) {
	name := func(id string) string {
		if n := orgName[id]; n != "" {
			return n
		}
		return "不明な機関"
	}
	if m.Type == "shien_kaigi" {
		fields := map[string]string{}
		for _, a := range m.Attendees {
			if !a.ConfidentialityAck {
				fields[a.OrganizationID] = "「" + name(a.OrganizationID) + "」の出席者が守秘義務（社会福祉法第106条の6第2項）を確認していません。"
			}
		}
		if len(fields) > 0 {
			return "", &Error{Code: ECONFIDENTIALITY, Message: "支援会議で検討するには、すべての出席者の守秘義務の確認が必要です。", Fields: fields}
		}
		return "", nil
	}
	if m.Type != "jusoteki_shien_kaigi" && it.Basis != "consent" {
		return "", nil
	}
	fields := map[string]string{}
	var names []string
	for _, org := range m.AttendingOrgs() {
		if org == f.LeadOrgID {
			continue
		}
		covered := false
		for _, c := range f.Consents {
			if ConsentCoversMeeting(c, org, m.Type, day) {
				covered, consentID = true, c.ID
				break
			}
		}
		if !covered {
			fields[org] = "「" + name(org) + "」は本人の有効な同意の提供先に含まれていません（" + MeetingTypes.Label(m.Type) + "）。"
			names = append(names, "「"+name(org)+"」")
		}
	}
	if len(fields) > 0 {
		return "", &Error{Code: ECONSENT, Message: "本人の同意が出席機関 " + strings.Join(names, "、") + " に及んでいないため、このケースは検討できません。支援会議（106条の6）での検討も検討してください。", Fields: fields}
	}
	return consentID, nil
}

// MeetingTypeBasis is the one basis a case item has at a meeting of the
// type: 支援会議 社会福祉法第106条の6, 要保護児童対策地域協議会 児童福祉法第25条の2,
// every other meeting the person's consent.
func MeetingTypeBasis(mtype string) string {
	switch mtype {
	case "shien_kaigi":
		return "art106_6"
	case "yotaikyo":
		return "art25_2"
	}
	return "consent"
}
