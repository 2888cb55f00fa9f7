package casework

import (
	"kasane/internal/japanese"
	"strings"
	"time"
	"unicode/utf8"
)

// Participation code lists (参加支援).
var (
	MatchStatuses = CodeList{{"proposed", "提案"}, {"trial", "体験中"}, {"placed", "参加中（定着支援）"}, {"ended", "終了"}}
	// MatchLogKinds are the two logs of a match.
	MatchLogKinds  = CodeList{{"retention", "定着支援（本人）"}, {"host_support", "受け入れ先支援"}}
	MatchLogMethod = labels("面談", "電話", "訪問", "同行", "メール", "その他")
)

// OutsideConsentName is what a host sees of a participant whose consent does
// not list the host's organization.
const OutsideConsentName = "参加者（同意範囲外）"

// NeedsProfile is what a person wants and needs from participation.
type NeedsProfile struct {
	PersonID      string    `json:"person_id"`
	Interests     []string  `json:"interests"`
	Days          []string  `json:"days"`
	TimeSlots     []string  `json:"time_slots"`
	Districts     []string  `json:"districts"`
	HomeLat       *float64  `json:"home_lat,omitempty"`
	HomeLng       *float64  `json:"home_lng,omitempty"`
	HealthLimits  string    `json:"health_limits"`
	SupportNeeded []string  `json:"support_needed"`
	Note          string    `json:"note"`
	Version       int       `json:"version"`
	Updated       time.Time `json:"updated_at"`
}

// Validate checks a needs profile.
func (p *NeedsProfile) Validate() error {
	v := Invalid{}
	checkList(v, "interests", "興味・関心", Activities, p.Interests)
	checkList(v, "days", "曜日", Weekdays, p.Days)
	checkList(v, "time_slots", "時間帯", TimeSlots, p.TimeSlots)
	checkList(v, "support_needed", "必要な配慮", Accessibility, p.SupportNeeded)
	p.Districts = trimAll(p.Districts)
	textField(v, "health_limits", "体調・健康面の制限", &p.HealthLimits, false, 2000)
	textField(v, "note", "メモ", &p.Note, false, 4000)
	if (p.HomeLat == nil) != (p.HomeLng == nil) {
		v.Add("home_lat", "緯度と経度は両方入力するか、両方空欄にしてください。")
	}
	return v.Err()
}

// Match is a participation match: a person and a menu at a resource.
type Match struct {
	ID           string     `json:"id"`
	PersonID     string     `json:"person_id,omitempty"`
	PersonName   string     `json:"person_name"`
	ResourceID   string     `json:"resource_id"`
	ResourceName string     `json:"resource_name"`
	Menu         string     `json:"menu"`
	Status       string     `json:"status"`
	OrgID        string     `json:"organization_id,omitempty"` // the proposing organization
	OrgName      string     `json:"organization_name,omitempty"`
	ProposedBy   string     `json:"proposed_by,omitempty"` // the proposing user
	ProposedName string     `json:"proposed_by_name,omitempty"`
	ProposedOn   string     `json:"proposed_on"`
	TrialOn      string     `json:"trial_on,omitempty"`
	PlacedOn     string     `json:"placed_on,omitempty"`
	EndedOn      string     `json:"ended_on,omitempty"`
	EndReason    string     `json:"end_reason,omitempty"`
	HostView     bool       `json:"host_view"` // true: seen by the host; person details withheld
	Logs         []MatchLog `json:"logs,omitempty"`
	Version      int        `json:"version"`
	Created      time.Time  `json:"created_at"`
}

// MatchLog is a retention contact with the person (定着支援) or a support
// contact with the host (受け入れ先支援).
type MatchLog struct {
	ID          string    `json:"id"`
	MatchID     string    `json:"match_id"`
	Kind        string    `json:"kind"`
	At          time.Time `json:"at"`
	Method      string    `json:"method"`
	Note        string    `json:"note"`
	AuthorID    string    `json:"author_id"`
	AuthorOrgID string    `json:"author_organization_id"`
	AuthorName  string    `json:"author_name,omitempty"`
	AuthorOrg   string    `json:"author_organization_name,omitempty"`
}

// Validate checks a new match.
func (m *Match) Validate() error {
	v := Invalid{}
	if m.PersonID == "" {
		v.Add("person_id", "本人を選んでください。")
	}
	if m.ResourceID == "" {
		v.Add("resource_id", "参加先を選んでください。")
	}
	textField(v, "menu", "メニュー", &m.Menu, true, 100)
	return v.Err()
}

// Validate checks a log entry of a match proposed on proposedOn
// (YYYY-MM-DD; "" when unknown): a log cannot be dated before it.
func (l *MatchLog) Validate(now time.Time, proposedOn string) error {
	v := Invalid{}
	if !MatchLogKinds.Has(l.Kind) {
		v.Add("kind", "記録の種類を選んでください（定着支援・受け入れ先支援）。")
	}
	switch {
	case l.At.IsZero():
		v.Add("at", "日時を入力してください。")
	case l.At.After(now.Add(24 * time.Hour)):
		v.Add("at", "日時が未来になっています。")
	case proposedOn != "" && l.At.In(JST).Format("2006-01-02") < proposedOn:
		v.Add("at", "日時がこのマッチングの提案日（"+dayLabel(proposedOn)+"）より前になっています。")
	}
	if !MatchLogMethod.Has(l.Method) {
		v.Add("method", "方法を一覧から選んでください。")
	}
	textField(v, "note", "内容", &l.Note, true, 4000)
	return v.Err()
}

var matchMoves = map[string][]string{"proposed": {"trial", "ended"}, "trial": {"placed", "ended"}, "placed": {"ended"}}

// CheckMatchMove decides whether a match may go to status to; ending needs
// a reason.
func CheckMatchMove(from, to, reason string) error {
	ok := false
	for _, s := range matchMoves[from] {
		ok = ok || s == to
	}
	if !ok {
		msg := "「" + MatchStatuses.Label(from) + "」から「" + MatchStatuses.Label(to) + "」へは変更できません。"
		return &Error{Code: EINVALID, Message: msg, Fields: map[string]string{"to": msg}}
	}
	if to == "ended" && strings.TrimSpace(reason) == "" {
		msg := "終了の理由を入力してください。"
		return &Error{Code: EINVALID, Message: msg, Fields: map[string]string{"reason": msg}}
	}
	if utf8.RuneCountInString(reason) > 1000 {
		msg := "理由は1000文字以内で入力してください。"
		return &Error{Code: EINVALID, Message: msg, Fields: map[string]string{"reason": msg}}
	}
	return nil
}

// CheckMatchMenu: a menu is chosen from the host resource's menus when it
// lists any (free text only for a resource without menus).
func CheckMatchMenu(menu, resourceName string, menus []string) error {
	if len(menus) == 0 {
		return nil
	}
	for _, x := range menus {
		if strings.TrimSpace(x) == strings.TrimSpace(menu) {
			return nil
		}
	}
	msg := "メニューは参加先「" + resourceName + "」のメニュー（" + strings.Join(menus, "・") + "）から選んでください。"
	return &Error{Code: EINVALID, Message: msg, Fields: map[string]string{"menu": msg}}
}

// MatchMoveDay decides the day a state change of m to status to happened:
// on as the user gave it (西暦 or 和暦; empty: today), never in the future
// and never before the match's previous date (its proposal, trial or
// placement), so that late entries keep the real dates.
func MatchMoveDay(m Match, to, on string, now time.Time) (string, error) {
	bad := func(msg string) error {
		return &Error{Code: EINVALID, Message: msg, Fields: map[string]string{"on": msg}}
	}
	if strings.TrimSpace(on) == "" {
		on = Today(now)
	}
	d, msg := NormalizeDate(on, true)
	if msg != "" {
		return "", bad(msg)
	}
	if d > Today(now) {
		return "", bad("変更した日が未来の日付になっています。")
	}
	prev, what := m.ProposedOn, "提案日"
	if m.PlacedOn != "" {
		prev, what = m.PlacedOn, "参加開始日"
	} else if m.TrialOn != "" {
		prev, what = m.TrialOn, "体験開始日"
	}
	if prev != "" && d < prev {
		return "", bad("変更した日が" + what + "（" + dayLabel(prev) + "）より前になっています。")
	}
	return d, nil
}

// HostView is what a host organization sees of a match: the menu, the
// resource, the status and its dates; the person's display name only when
// an effective consent lists the host AND gives it the basic information
// (data category "basic": a consent that lists the host for, say, health
// information only does not reveal the name); else OutsideConsentName. No
// person id, no end reason, no logs but the host's own: hosts see nothing of the person beyond
// what the consent allows. Nor the proposing organization: which service
// supports a person is itself sensitive (as in search, issue 18 path 8);
// the proposing organization contacts the host, not the other way round.
func HostView(m Match, consents []Consent, hostOrg, day string) Match {
	h := Match{ID: m.ID, ResourceID: m.ResourceID, ResourceName: m.ResourceName, Menu: m.Menu, Status: m.Status,
		ProposedOn: m.ProposedOn, TrialOn: m.TrialOn, PlacedOn: m.PlacedOn, EndedOn: m.EndedOn, HostView: true,
		Version: m.Version, Created: m.Created, PersonName: OutsideConsentName}
	if HostMayKnowName(consents, hostOrg, day) {
		h.PersonName = m.PersonName
	}
	return h
}

// HostMayKnowName reports whether an effective consent on day lists hostOrg
// as a recipient of the person's basic information (氏名など).
func HostMayKnowName(consents []Consent, hostOrg, day string) bool {
	for _, c := range consents {
		if c.EffectiveOn(day) && c.Covers(hostOrg) && contains(c.DataCategories, "basic") {
			return true
		}
	}
	return false
}

// dayLabel shows a stored day (YYYY-MM-DD) in 和暦 for a message.
func dayLabel(iso string) string {
	if d, err := japanese.ParseISO(iso); err == nil && d.Known() {
		return d.Display()
	}
	return iso
}
