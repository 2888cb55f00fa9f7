package casework

import (
	"strings"
	"time"
	"unicode/utf8"

	"kasane/internal/japanese"
)

// Case statuses (DOMAIN.md).
var CaseStatuses = CodeList{
	{"intake", "相談受付"}, {"assessment", "アセスメント"}, {"planning", "プラン作成中"}, {"decided", "支援決定"},
	{"active", "支援中"}, {"monitoring", "モニタリング"}, {"closed", "終結"}, {"suspended", "中断"},
}

// ClosureReasons say why a case ended.
var ClosureReasons = CodeList{
	{"resolved", "終結（課題解決）"}, {"referred", "つなぎ終了"}, {"information_only", "情報提供のみ"},
	{"contact_lost", "連絡途絶"}, {"moved", "転出"}, {"deceased", "死亡"}, {"other", "その他"},
}

// transitions lists the allowed status changes. Side exits (closed,
// suspended) are allowed from every open status; a suspended or closed case
// can be reopened to assessment (再開).
var transitions = map[string][]string{
	"intake":     {"assessment", "closed", "suspended"},
	"assessment": {"planning", "closed", "suspended"},
	"planning":   {"decided", "assessment", "closed", "suspended"},
	"decided":    {"active", "planning", "closed", "suspended"},
	"active":     {"monitoring", "planning", "closed", "suspended"},
	"monitoring": {"active", "planning", "closed", "suspended"},
	"suspended":  {"assessment", "active", "closed"},
	"closed":     {"assessment"},
}

// CanTransition reports whether a case may go from one status to another.
func CanTransition(from, to string) bool {
	for _, s := range transitions[from] {
		if s == to {
			return true
		}
	}
	return false
}

// AllowedTransitions lists the statuses a case may go to next.
func AllowedTransitions(from string) []string { return transitions[from] }

// Case is a consultation case (ケース).
type Case struct {
	ID             string       `json:"id"`
	MunicipalityID string       `json:"-"`
	Number         string       `json:"number"`
	FocusPersonID  string       `json:"focus_person_id"`
	HouseholdID    string       `json:"household_id,omitempty"`
	ReceivedOn     string       `json:"received_on"`
	Route          string       `json:"route"`
	Method         string       `json:"method"`
	Bunya          []string     `json:"bunya"`
	Problems       []string     `json:"problems"`
	PrimaryProblem string       `json:"primary_problem,omitempty"`
	Complaint      string       `json:"complaint"`
	Screening      string       `json:"screening,omitempty"`
	Status         string       `json:"status"`
	LeadOrgID      string       `json:"lead_organization_id"`
	LeadWorkerID   string       `json:"lead_worker_id,omitempty"`
	DecidedOn      string       `json:"decided_on,omitempty"`
	ClosedOn       string       `json:"closed_on,omitempty"`
	ClosureReason  string       `json:"closure_reason,omitempty"`
	LastContactAt  *time.Time   `json:"last_contact_at,omitempty"`
	Team           []TeamMember `json:"team"`
	// DataScope is what the reader's organization reads of the case (rule
	// 2): the data categories of its basis.
	DataScope Scope     `json:"data_scope,omitempty"`
	Version   int       `json:"version"`
	Created   time.Time `json:"created_at"`
	Updated   time.Time `json:"updated_at"`
	// FocusName is filled for lists and pages (not stored on the case).
	FocusName string `json:"focus_name,omitempty"`
	// CaseIntake are the 相談受付・申込票 (A票/B票) items (intake.go).
	CaseIntake
}

// NormalizeDate accepts 西暦 or 和暦 and returns YYYY-MM-DD, or a message.
func NormalizeDate(s string, required bool) (string, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		if required {
			return "", "日付を入力してください。"
		}
		return "", ""
	}
	d, err := japanese.ParseDate(s)
	if err != nil {
		return "", err.Error()
	}
	if d.Precision != "day" {
		return "", "年月日まで入力してください（例: 2025-04-01、R7.4.1）。"
	}
	return d.ISO(), ""
}

// ValidateIntake checks a new case at intake (相談受付).
func (c *Case) ValidateIntake(now time.Time) error {
	v := Invalid{}
	if c.FocusPersonID == "" {
		v.Add("focus_person_id", "相談者（本人）を選んでください。")
	}
	if d, msg := NormalizeDate(c.ReceivedOn, true); msg != "" {
		v.Add("received_on", msg)
	} else {
		c.ReceivedOn = d
		if d > now.In(JST).Format("2006-01-02") {
			v.Add("received_on", "受付日が未来の日付になっています。")
		}
	}
	if !IntakeRoutes.Has(c.Route) {
		v.Add("route", "相談経路を一覧から選んでください。")
	}
	if !IntakeMethods.Has(c.Method) {
		v.Add("method", "相談方法を一覧から選んでください。")
	}
	if len(c.Bunya) == 0 {
		v.Add("bunya", "分野を1つ以上選んでください。")
	}
	for _, b := range c.Bunya {
		if !Bunya.Has(b) {
			v.Add("bunya", "分野に不明な値があります: "+b)
		}
	}
	for _, p := range c.Problems {
		if !Problems.Has(p) {
			v.Add("problems", "課題に不明な値があります: "+p)
		}
	}
	if c.PrimaryProblem == "" && len(c.Problems) > 0 {
		c.PrimaryProblem = c.Problems[0]
	}
	if c.PrimaryProblem != "" && !contains(c.Problems, c.PrimaryProblem) {
		v.Add("primary_problem", "主な課題は選んだ課題の中から選んでください。")
	}
	c.Complaint = strings.TrimSpace(c.Complaint)
	switch {
	case c.Complaint == "":
		v.Add("complaint", "主訴を入力してください。")
	case utf8.RuneCountInString(c.Complaint) > 4000:
		v.Add("complaint", "主訴は4000文字以内で入力してください。")
	}
	if c.Screening != "" && !Screenings.Has(c.Screening) {
		v.Add("screening", "スクリーニング結果を一覧から選んでください。")
	}
	c.validateIntakeSheet(v, now)
	return v.Err()
}

// CheckTransition validates a status change with its reason.
func (c *Case) CheckTransition(to, reason string) error {
	if !CaseStatuses.Has(to) {
		return &Error{Code: EINVALID, Message: "状態を一覧から選んでください。", Fields: map[string]string{"to": "不明な状態です: " + to}}
	}
	if !CanTransition(c.Status, to) {
		msg := "「" + CaseStatuses.Label(c.Status) + "」から「" + CaseStatuses.Label(to) + "」へは変更できません。"
		return &Error{Code: EINVALID, Message: msg, Fields: map[string]string{"to": msg}}
	}
	if to == "closed" && !ClosureReasons.Has(reason) {
		return &Error{Code: EINVALID, Message: "終結の理由を選んでください。", Fields: map[string]string{"reason": "終結の理由を一覧から選んでください。"}}
	}
	return nil
}

// JST is Japan time; dates of the record are Japanese calendar days.
var JST = time.FixedZone("JST", 9*60*60)

// Today is the calendar day (YYYY-MM-DD) in Japan at t.
func Today(t time.Time) string { return t.In(JST).Format("2006-01-02") }
