package casework

import (
	"strings"
	"time"
	"unicode/utf8"
)

// 開示・訂正・利用停止 (個人情報の保護に関する法律, 令和3年改正; for the
// 地方公共団体の機関 in force since 令和5年4月1日).
//
// The municipality keeping kasane is a 行政機関等 (第2条第11項第2号: 地方公共団体
// の機関), so answering a person's 開示請求 (第76条第1項) is its legal duty,
// within 30 days of the request (第83条第1項). The 個人情報保護担当
// (privacy_officer) does it for the municipality: rule 7 gives that role the
// audit log, and CanHandleDisclosure gives it this one more path — it reads,
// for one person, every record kasane holds across organizations, which no
// case team does. It is narrow on purpose:
//
//   - only against a recorded 開示請求 (request number, received date,
//     requester): no bundle without a request on file;
//   - every bundle (screen, print, JSON, xlsx) is audited before any data is
//     read, with the request number in the event's reason (rule 8);
//   - the bundle gives nothing to anyone else and changes no access: the
//     privacy officer reads no case page by it (rule 0).
//
// The bundle marks what staff must weigh for a partial disclosure (部分開示,
// 第79条): information about third parties (第78条第1項第2号) and the
// 評価・判断 of the support (第78条第1項第7号: information of 事務・事業 whose
// disclosure may hinder them).
//
// 訂正請求 (第90条) and 利用停止請求 (第98条) are recorded against the person
// with their outcome (第93条, 第101条: 決定 and its notice). A decided 利用停止
// (whole or in part) is shown as a warning on the person's and case pages;
// the records themselves are changed by staff through the ordinary, versioned
// edits.

// CanHandleDisclosure: only the privacy officer records 開示・訂正・利用停止
// requests and produces the 開示 bundle (rule 7 and 個人情報保護法第76条).
func CanHandleDisclosure(a Actor) bool { return a.Has("privacy_officer") }

// RequesterRelations are who may make a request (第76条第1項: 本人; 第2項:
// 未成年者又は成年被後見人の法定代理人, 本人の委任による代理人).
var RequesterRelations = CodeList{
	{"本人", "本人"},
	{"法定代理人", "法定代理人（未成年者・成年被後見人の親権者・後見人）"},
	{"任意代理人", "任意代理人（本人の委任による代理人）"},
}

// DisclosureDecisions are the outcomes of a 開示請求 (第82条).
var DisclosureDecisions = CodeList{
	{"full", "全部開示"},
	{"partial", "部分開示"},
	{"none", "不開示"},
}

// RightsKinds are the requests after a disclosure.
var RightsKinds = CodeList{
	{"correction", "訂正請求（第90条）"},
	{"suspension", "利用停止請求（第98条）"},
}

// RightsDecisions are the outcomes of a 訂正請求 or 利用停止請求; their
// labels depend on the kind (RightsDecisionLabel).
var RightsDecisions = CodeList{
	{"grant", "請求どおりにする"},
	{"partial", "一部についてする"},
	{"refuse", "しない"},
}

// RightsDecisionLabel names a decision for its kind: 訂正する／一部を訂正
// する／訂正しない, 利用停止する／一部を利用停止する／利用停止しない.
func RightsDecisionLabel(kind, decision string) string {
	verb := "訂正"
	if kind == "suspension" {
		verb = "利用停止"
	}
	switch decision {
	case "grant":
		return verb + "する"
	case "partial":
		return "一部を" + verb + "する"
	case "refuse":
		return verb + "しない"
	case "":
		return "決定前"
	}
	return decision
}

// DisclosureDueDays is the time for the 開示決定 (第83条第1項: 30日以内;
// 第2項 allows 30 more days with a notice, which staff record in the note).
const DisclosureDueDays = 30

// DisclosureDueOn is the last day for the decision on a request received on
// day (YYYY-MM-DD), or "" for a day that is not a date.
func DisclosureDueOn(day string) string {
	t, err := time.Parse("2006-01-02", day)
	if err != nil {
		return ""
	}
	return t.AddDate(0, 0, DisclosureDueDays).Format("2006-01-02")
}

// DisclosureRequest is a 開示請求 (第76条) on file. The bundle is produced
// only against one.
type DisclosureRequest struct {
	ID                string    `json:"id"`
	PersonID          string    `json:"person_id"`
	Number            string    `json:"request_number"`
	ReceivedOn        string    `json:"received_on"`
	RequesterName     string    `json:"requester_name"`
	RequesterRelation string    `json:"requester_relation"`
	Note              string    `json:"note,omitempty"`
	DueOn             string    `json:"due_on"`
	Decision          string    `json:"decision,omitempty"`
	DecidedOn         string    `json:"decided_on,omitempty"`
	DecisionNote      string    `json:"decision_note,omitempty"`
	RecordedBy        string    `json:"recorded_by"`
	RecordedByName    string    `json:"recorded_by_name,omitempty"`
	Version           int       `json:"version"`
	Created           time.Time `json:"created_at"`
	// PersonName is filled for lists (the privacy officer's own records).
	PersonName string `json:"person_name,omitempty"`
}

// Validate checks a new request; dates may be typed in 西暦 or 和暦.
func (r *DisclosureRequest) Validate(now time.Time) error {
	v := Invalid{}
	r.Number, r.RequesterName, r.Note = strings.TrimSpace(r.Number), strings.TrimSpace(r.RequesterName), strings.TrimSpace(r.Note)
	if r.PersonID == "" {
		v.Add("person_id", "開示請求の対象の本人を選んでください。")
	}
	switch {
	case r.Number == "":
		v.Add("request_number", "請求番号（受付番号）を入力してください。")
	case utf8.RuneCountInString(r.Number) > 40:
		v.Add("request_number", "請求番号は40文字以内で入力してください。")
	}
	validateReceived(v, &r.ReceivedOn, now)
	validateRequester(v, &r.RequesterName, r.RequesterRelation)
	if utf8.RuneCountInString(r.Note) > 2000 {
		v.Add("note", "備考は2000文字以内で入力してください。")
	}
	r.DueOn = DisclosureDueOn(r.ReceivedOn)
	return v.Err()
}

// ValidateDisclosureDecision checks the 開示決定 of r (第82条).
func ValidateDisclosureDecision(r DisclosureRequest, decision, decidedOn, note string, now time.Time) (string, error) {
	v := Invalid{}
	if !DisclosureDecisions.Has(decision) {
		v.Add("decision", "決定を一覧から選んでください。")
	}
	day := validateDecidedOn(v, decidedOn, r.ReceivedOn, now)
	if decision != "full" && decision != "" && strings.TrimSpace(note) == "" {
		v.Add("decision_note", "部分開示・不開示の理由（該当する不開示情報、第78条第1項の号）を入力してください。")
	}
	if utf8.RuneCountInString(note) > 2000 {
		v.Add("decision_note", "2000文字以内で入力してください。")
	}
	return day, v.Err()
}

// RightsRequest is a 訂正請求 (第90条) or 利用停止請求 (第98条) of a person,
// with its outcome once decided.
type RightsRequest struct {
	ID                string    `json:"id"`
	PersonID          string    `json:"person_id"`
	Kind              string    `json:"kind"`
	Number            string    `json:"request_number,omitempty"`
	ReceivedOn        string    `json:"received_on"`
	RequesterName     string    `json:"requester_name"`
	RequesterRelation string    `json:"requester_relation"`
	Content           string    `json:"content"`
	Decision          string    `json:"decision,omitempty"`
	DecisionLabel     string    `json:"decision_label"`
	DecidedOn         string    `json:"decided_on,omitempty"`
	Reason            string    `json:"reason,omitempty"`
	RecordedBy        string    `json:"recorded_by"`
	DecidedBy         string    `json:"decided_by,omitempty"`
	Version           int       `json:"version"`
	Created           time.Time `json:"created_at"`
	Updated           time.Time `json:"updated_at"`
}

// Suspends reports whether r is a decided 利用停止 (whole or in part): the
// person's and case pages warn of it.
func (r RightsRequest) Suspends() bool {
	return r.Kind == "suspension" && (r.Decision == "grant" || r.Decision == "partial")
}

// Pending reports whether no decision is recorded yet.
func (r RightsRequest) Pending() bool { return r.Decision == "" }

// Validate checks a new request; a decision may be recorded with it (a
// request decided on paper before it was entered).
func (r *RightsRequest) Validate(now time.Time) error {
	v := Invalid{}
	r.Number, r.RequesterName, r.Content = strings.TrimSpace(r.Number), strings.TrimSpace(r.RequesterName), strings.TrimSpace(r.Content)
	if r.PersonID == "" {
		v.Add("person_id", "請求の対象の本人を選んでください。")
	}
	if !RightsKinds.Has(r.Kind) {
		v.Add("kind", "請求の種類（訂正請求・利用停止請求）を選んでください。")
	}
	if utf8.RuneCountInString(r.Number) > 40 {
		v.Add("request_number", "請求番号は40文字以内で入力してください。")
	}
	validateReceived(v, &r.ReceivedOn, now)
	validateRequester(v, &r.RequesterName, r.RequesterRelation)
	switch {
	case r.Content == "":
		v.Add("content", "請求の内容（訂正を求める記録と内容、利用停止を求める範囲と理由）を入力してください。")
	case utf8.RuneCountInString(r.Content) > 4000:
		v.Add("content", "請求の内容は4000文字以内で入力してください。")
	}
	if r.Decision != "" || r.DecidedOn != "" {
		day, err := r.checkDecision(r.Decision, r.DecidedOn, r.Reason, now)
		if ce, ok := err.(*Error); ok {
			for f, m := range ce.Fields {
				v.Add(f, m)
			}
		}
		r.DecidedOn = day
	}
	r.DecisionLabel = RightsDecisionLabel(r.Kind, r.Decision)
	return v.Err()
}

// CheckDecision validates the decision on r (第93条 訂正決定, 第101条
// 利用停止決定) and returns the decision day as YYYY-MM-DD.
func (r RightsRequest) CheckDecision(decision, decidedOn, reason string, now time.Time) (string, error) {
	return r.checkDecision(decision, decidedOn, reason, now)
}

func (r RightsRequest) checkDecision(decision, decidedOn, reason string, now time.Time) (string, error) {
	v := Invalid{}
	if !RightsDecisions.Has(decision) {
		v.Add("decision", "決定（"+RightsDecisionLabel(r.Kind, "grant")+"／"+RightsDecisionLabel(r.Kind, "partial")+"／"+RightsDecisionLabel(r.Kind, "refuse")+"）を選んでください。")
	}
	day := validateDecidedOn(v, decidedOn, r.ReceivedOn, now)
	reason = strings.TrimSpace(reason)
	if (decision == "partial" || decision == "refuse") && reason == "" {
		v.Add("reason", "一部またはしない決定には理由を入力してください（通知書に記載します）。")
	}
	if utf8.RuneCountInString(reason) > 2000 {
		v.Add("reason", "理由は2000文字以内で入力してください。")
	}
	return day, v.Err()
}

func validateReceived(v Invalid, day *string, now time.Time) {
	d, msg := NormalizeDate(*day, true)
	switch {
	case msg != "":
		v.Add("received_on", "受付日: "+msg)
	case d > Today(now):
		v.Add("received_on", "受付日に未来の日付は入力できません。")
	default:
		*day = d
	}
}

func validateRequester(v Invalid, name *string, relation string) {
	switch {
	case *name == "":
		v.Add("requester_name", "請求者の氏名を入力してください。")
	case utf8.RuneCountInString(*name) > 80:
		v.Add("requester_name", "請求者の氏名は80文字以内で入力してください。")
	}
	if !RequesterRelations.Has(relation) {
		v.Add("requester_relation", "請求者と本人の関係（本人・法定代理人・任意代理人）を選んでください。")
	}
}

func validateDecidedOn(v Invalid, decidedOn, received string, now time.Time) string {
	d, msg := NormalizeDate(decidedOn, true)
	switch {
	case msg != "":
		v.Add("decided_on", "決定日: "+msg)
	case d > Today(now):
		v.Add("decided_on", "決定日に未来の日付は入力できません。")
	case received != "" && d < received:
		v.Add("decided_on", "決定日は受付日より前にはできません。")
	default:
		return d
	}
	return ""
}

// CanReadFileRegister: the 個人情報ファイル簿 (第75条) is made for publication;
// the privacy officer who keeps it and the municipal administrator read it
// (it names organizations and the items kept, no resident).
func CanReadFileRegister(a Actor) bool {
	return a.Has("privacy_officer") || a.Has("municipal_admin") || a.UserID == "system"
}

// DecisionLabel names the 開示決定 of r, or 決定前.
func (r DisclosureRequest) DecisionLabel() string {
	if r.Decision == "" {
		return "決定前"
	}
	return DisclosureDecisions.Label(r.Decision)
}

// KindLabel names the kind of r: 訂正請求（第90条） or 利用停止請求（第98条）.
func (r RightsRequest) KindLabel() string { return RightsKinds.Label(r.Kind) }

// CheckLivingSubject: 個人情報 is information about a living individual
// (第2条第1項), so a 開示・訂正・利用停止請求 is about a person alive on the
// day it was received; a person recorded as deceased by then cannot be its
// 本人 (a bereaved family's request follows the municipality's own rules for
// 死者の情報, outside kasane).
func CheckLivingSubject(deceasedOn, receivedOn string) error {
	if deceasedOn == "" || (receivedOn != "" && deceasedOn > receivedOn) {
		return nil
	}
	msg := "この方は死亡日（" + deceasedOn + "）が記録されています。個人情報保護法の請求は生存する本人についてのものです（第2条第1項）。遺族からの請求は市区町村の死者の情報の取扱いに従ってください。"
	return &Error{Code: EINVALID, Message: msg, Fields: map[string]string{"person_id": msg}}
}
