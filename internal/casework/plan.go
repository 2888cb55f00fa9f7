package casework

import (
	"strings"
	"time"
	"unicode/utf8"

	"kasane/internal/japanese"
)

// PlanStatuses: draft → agreed (the person agreed) → decided (支援決定) →
// superseded (a re-plan replaced it) | ended (終結・中断).
var PlanStatuses = CodeList{
	{"draft", "プラン案"}, {"agreed", "本人同意済み"}, {"decided", "支援決定"}, {"superseded", "旧版（再プラン済み）"}, {"ended", "終了"},
}

// RequestedPrograms are the programs a plan may ask for (参加支援・アウトリーチ).
var RequestedPrograms = CodeList{{"sanka", "参加支援"}, {"outreach", "アウトリーチ等"}}

// PlanItem is one line of a plan: what, which organization, how often, when,
// and the person's own part.
type PlanItem struct {
	ID             string `json:"id"`
	Content        string `json:"content"`
	OrganizationID string `json:"organization_id"`
	Frequency      string `json:"frequency"`
	From           string `json:"from"`
	To             string `json:"to"`
	PersonPart     string `json:"person_part,omitempty"`
	// MeetingItemID is the meeting decision the line came from, if any.
	MeetingItemID string `json:"meeting_item_id,omitempty"`
}

// Plan is a support plan (支援プラン). Each re-plan is a new row with a higher
// Revision; earlier revisions stay readable with status superseded.
type Plan struct {
	ID                string       `json:"id"`
	CaseID            string       `json:"case_id"`
	Revision          int          `json:"revision"`
	Status            string       `json:"status"`
	PersonWish        string       `json:"person_wish"`
	LongGoal          string       `json:"long_goal"`
	ShortGoals        []string     `json:"short_goals"`
	Items             []PlanItem   `json:"items"`
	RequestedPrograms []string     `json:"requested_programs"`
	NextReviewOn      string       `json:"next_review_on"`
	AgreedOn          string       `json:"agreed_on,omitempty"`
	AgreedBy          string       `json:"agreed_by,omitempty"` // 本人・代理人…
	DecidedOn         string       `json:"decided_on,omitempty"`
	DecidedBy         string       `json:"decided_by,omitempty"` // who decided (name, post)
	DecidedByUserID   string       `json:"decided_by_user_id,omitempty"`
	SupersedesID      string       `json:"supersedes_id,omitempty"`
	EndedOn           string       `json:"ended_on,omitempty"`
	AuthorID          string       `json:"author_id"`
	AuthorOrgID       string       `json:"author_organization_id"`
	Evaluations       []Evaluation `json:"evaluations"`
	Version           int          `json:"version"`
	Created           time.Time    `json:"created_at"`
	Updated           time.Time    `json:"updated_at"`
	// Filled for pages and lists.
	CaseNumber string `json:"case_number,omitempty"`
	PersonName string `json:"person_name,omitempty"`
}

// Current reports whether the plan is the case's plan in force (not
// replaced, not ended).
func (p Plan) Current() bool {
	return p.Status == "draft" || p.Status == "agreed" || p.Status == "decided"
}

// ReviewOverdue: a plan in force past its review date is a watch.
func (p Plan) ReviewOverdue(day string) bool {
	return (p.Status == "agreed" || p.Status == "decided") && p.NextReviewOn != "" && day > p.NextReviewOn
}

func tooLong(v Invalid, field, label, s string, max int) {
	if utf8.RuneCountInString(s) > max {
		v.Add(field, label+"は"+itoaSmall(max)+"文字以内で入力してください。")
	}
}

func itoaSmall(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// Validate checks a plan's content; an empty review date is proposed from
// now (three months later, moved to a working day).
func (p *Plan) Validate(now time.Time) error {
	v := Invalid{}
	p.PersonWish, p.LongGoal = strings.TrimSpace(p.PersonWish), strings.TrimSpace(p.LongGoal)
	tooLong(v, "person_wish", "本人の意向", p.PersonWish, 4000)
	switch {
	case p.LongGoal == "":
		v.Add("long_goal", "長期目標を入力してください。")
	default:
		tooLong(v, "long_goal", "長期目標", p.LongGoal, 2000)
	}
	goals := p.ShortGoals[:0:0]
	for _, g := range p.ShortGoals {
		if g = strings.TrimSpace(g); g != "" {
			tooLong(v, "short_goals", "短期目標", g, 1000)
			goals = append(goals, g)
		}
	}
	p.ShortGoals = goals
	for _, rp := range p.RequestedPrograms {
		if !RequestedPrograms.Has(rp) {
			v.Add("requested_programs", "依頼する事業に不明な値があります: "+rp)
		}
	}
	items := p.Items[:0:0]
	for i, it := range p.Items {
		it.Content, it.Frequency, it.PersonPart = strings.TrimSpace(it.Content), strings.TrimSpace(it.Frequency), strings.TrimSpace(it.PersonPart)
		if it.Content == "" && it.OrganizationID == "" && it.Frequency == "" && it.PersonPart == "" {
			continue
		}
		f := "items." + itoaSmall(i)
		if it.Content == "" {
			v.Add(f+".content", "支援内容を入力してください（"+itoaSmall(i+1)+"行目）。")
		}
		tooLong(v, f+".content", "支援内容", it.Content, 2000)
		if it.OrganizationID == "" {
			v.Add(f+".organization_id", "担当機関を選んでください（"+itoaSmall(i+1)+"行目）。")
		}
		tooLong(v, f+".frequency", "頻度", it.Frequency, 100)
		tooLong(v, f+".person_part", "本人の役割", it.PersonPart, 1000)
		var msg string
		if it.From, msg = NormalizeDate(it.From, false); msg != "" {
			v.Add(f+".from", msg)
		}
		if it.To, msg = NormalizeDate(it.To, false); msg != "" {
			v.Add(f+".to", msg)
		}
		if it.From != "" && it.To != "" && it.To < it.From {
			v.Add(f+".to", "期間の終わりは始まりより後にしてください（"+itoaSmall(i+1)+"行目）。")
		}
		items = append(items, it)
	}
	p.Items = items
	if d, msg := NormalizeDate(p.NextReviewOn, false); msg != "" {
		v.Add("next_review_on", msg)
	} else if d == "" {
		p.NextReviewOn = ProposeReviewDate(now, 3)
	} else {
		p.NextReviewOn = d
	}
	return v.Err()
}

// ProposeReviewDate proposes a date months after now (JST), moved to the
// next working day of a municipal office (no weekends, holidays or the
// year-end closure).
func ProposeReviewDate(now time.Time, months int) string {
	d := now.In(JST).AddDate(0, months, 0)
	return japanese.NextWorkingDay(d).Format("2006-01-02")
}

// ProposeDate moves a YYYY-MM-DD day to the next working day (the day itself
// when it is one). An unreadable day is returned unchanged.
func ProposeDate(day string) string {
	t, err := time.ParseInLocation("2006-01-02", day, JST)
	if err != nil {
		return day
	}
	return japanese.NextWorkingDay(t).Format("2006-01-02")
}

// CheckPlanItems: every responsible organization must be on the case team.
// The error lists the organizations that are not, by name.
func CheckPlanItems(f CaseFacts, items []PlanItem, orgName map[string]string, day string) error {
	fields := map[string]string{}
	var names []string
	for _, it := range items {
		if it.OrganizationID == "" || f.OnTeam(it.OrganizationID, day) {
			continue
		}
		if _, done := fields[it.OrganizationID]; done {
			continue
		}
		n := orgName[it.OrganizationID]
		if n == "" {
			n = "不明な機関"
		}
		fields[it.OrganizationID] = "「" + n + "」は支援チームにいません。先に支援チームに加えてください。"
		names = append(names, "「"+n+"」")
	}
	if len(fields) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: "担当機関 " + strings.Join(names, "、") + " が支援チームにいません。", Fields: fields}
}

// CheckPlanStep checks a status step of a plan: agree (draft → agreed),
// decide (agreed → decided), edit (draft only).
func CheckPlanStep(status, step string) error {
	ok := map[string]string{"agree": "draft", "decide": "agreed", "edit": "draft"}[step] == status
	if ok {
		return nil
	}
	msg := "「" + PlanStatuses.Label(status) + "」のプランにはこの操作はできません。"
	switch step {
	case "decide":
		if status == "draft" {
			msg = "支援決定の前に、本人の同意（合意）を記録してください。"
		}
	case "edit":
		msg = "本人の同意または支援決定の済んだプランは変更できません。再プランで新しい版を作ってください。"
	}
	return &Error{Code: EINVALID, Message: msg, Fields: map[string]string{"status": msg}}
}

// ValidateDay normalizes a required date field (not in the future).
func ValidateDay(field, label, s string, now time.Time) (string, error) {
	d, msg := NormalizeDate(s, true)
	if msg == "" && d > Today(now) {
		msg = label + "が未来の日付になっています。"
	}
	if msg != "" {
		return "", &Error{Code: EINVALID, Message: msg, Fields: map[string]string{field: msg}}
	}
	return d, nil
}
