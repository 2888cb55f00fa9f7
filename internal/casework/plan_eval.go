package casework

import (
	"strings"
	"time"
)

// GoalResults are the results of a goal at evaluation.
var GoalResults = CodeList{{"achieved", "達成"}, {"partly", "一部達成"}, {"not", "未達成"}}

// NextSteps are what follows an evaluation.
var NextSteps = CodeList{{"close", "終結"}, {"continue", "継続"}, {"replan", "再プラン"}, {"suspend", "中断"}}

// GoalEvaluation is the result of one goal.
type GoalEvaluation struct {
	Goal    string `json:"goal"`
	Result  string `json:"result"`
	Comment string `json:"comment,omitempty"`
}

// Evaluation is the evaluation (評価) of a plan.
type Evaluation struct {
	ID            string           `json:"id"`
	PlanID        string           `json:"plan_id"`
	CaseID        string           `json:"case_id"`
	EvaluatedOn   string           `json:"evaluated_on"`
	Goals         []GoalEvaluation `json:"goals"`
	Summary       string           `json:"summary"`
	NextStep      string           `json:"next_step"`
	ClosureReason string           `json:"closure_reason,omitempty"`
	MeetingID     string           `json:"meeting_id,omitempty"` // the meeting that decided the step
	NextReviewOn  string           `json:"next_review_on,omitempty"`
	AuthorID      string           `json:"author_id"`
	AuthorOrgID   string           `json:"author_organization_id"`
	Version       int              `json:"version"`
	Created       time.Time        `json:"created_at"`
}

// Validate checks an evaluation of plan p. Continuing needs a next review
// date (proposed when empty); closing needs a closure reason.
func (e *Evaluation) Validate(p Plan, now time.Time) error {
	v := Invalid{}
	if e.EvaluatedOn == "" {
		e.EvaluatedOn = Today(now)
	}
	if d, msg := NormalizeDate(e.EvaluatedOn, true); msg != "" {
		v.Add("evaluated_on", msg)
	} else if d > Today(now) {
		v.Add("evaluated_on", "評価日が未来の日付になっています。")
	} else {
		e.EvaluatedOn = d
	}
	if p.Status != "decided" && p.Status != "agreed" {
		v.Add("plan_id", "評価できるのは本人同意済みまたは支援決定済みのプランです。")
	}
	if len(e.Goals) == 0 {
		v.Add("goals", "目標ごとの評価を入力してください。")
	}
	for i, g := range e.Goals {
		g.Goal, g.Comment = strings.TrimSpace(g.Goal), strings.TrimSpace(g.Comment)
		if g.Goal == "" {
			v.Add("goals."+itoaSmall(i)+".goal", "評価する目標を入力してください。")
		}
		if !GoalResults.Has(g.Result) {
			v.Add("goals."+itoaSmall(i)+".result", "達成度を選んでください（達成・一部達成・未達成）。")
		}
		e.Goals[i] = g
	}
	e.Summary = strings.TrimSpace(e.Summary)
	tooLong(v, "summary", "総合評価", e.Summary, 4000)
	if !NextSteps.Has(e.NextStep) {
		v.Add("next_step", "今後の方針を選んでください（終結・継続・再プラン・中断）。")
	}
	switch e.NextStep {
	case "close":
		if !ClosureReasons.Has(e.ClosureReason) {
			v.Add("closure_reason", "終結の理由を一覧から選んでください。")
		}
	case "continue":
		if d, msg := NormalizeDate(e.NextReviewOn, false); msg != "" {
			v.Add("next_review_on", msg)
		} else if d == "" {
			e.NextReviewOn = ProposeReviewDate(now, 3)
		} else {
			e.NextReviewOn = d
		}
	default:
		e.ClosureReason = ""
	}
	if e.NextStep != "close" {
		e.ClosureReason = ""
	}
	return v.Err()
}

// EvaluationEffect says what an evaluation does to the plan and the case:
// the plan's new status (empty: unchanged) and the case status to move to
// (empty: none).
func EvaluationEffect(step string) (planStatus, caseStatus string) {
	switch step {
	case "close":
		return "ended", "closed"
	case "suspend":
		return "ended", "suspended"
	case "replan":
		return "", "planning"
	case "continue":
		return "", "monitoring"
	}
	return "", ""
}

// GoalsOf lists the goals of a plan to evaluate: the long-term goal first,
// then each short-term goal.
func GoalsOf(p Plan) []string {
	out := []string{}
	if p.LongGoal != "" {
		out = append(out, p.LongGoal)
	}
	return append(out, p.ShortGoals...)
}

// PlanWorkItem is a plan line on the responsible organization's "my work"
// list.
type PlanWorkItem struct {
	PlanItem
	PlanID       string `json:"plan_id"`
	CaseID       string `json:"case_id"`
	CaseNumber   string `json:"case_number"`
	PersonName   string `json:"person_name"`
	PlanStatus   string `json:"plan_status"`
	Revision     int    `json:"revision"`
	NextReviewOn string `json:"next_review_on"`
}

// CalendarEntry is a meeting or a plan review on the calendar.
type CalendarEntry struct {
	Date       string    `json:"date"`
	At         time.Time `json:"at,omitempty"`
	Kind       string    `json:"kind"` // meeting, review
	Title      string    `json:"title"`
	MeetingID  string    `json:"meeting_id,omitempty"`
	PlanID     string    `json:"plan_id,omitempty"`
	CaseID     string    `json:"case_id,omitempty"`
	CaseNumber string    `json:"case_number,omitempty"`
	Overdue    bool      `json:"overdue"`
}

// ResourceGap is a lack of a social resource (社会資源の不足) raised at a
// meeting, listed for the community-building side. It carries no personal
// data.
type ResourceGap struct {
	ID            string `json:"id"`
	MeetingID     string `json:"meeting_id"`
	MeetingType   string `json:"meeting_type"`
	Description   string `json:"description"`
	RaisedOn      string `json:"raised_on"`
	RaisedByOrgID string `json:"raised_by_organization_id"`
	Version       int    `json:"version"`
	// PlatformID and PlatformName: a gap recorded at a meeting of a 協議体
	// (platform; MeetingType PlatformMeetingType, MeetingID the platform
	// meeting), one per line of the meeting's 「不足している社会資源」.
	PlatformID   string `json:"platform_id,omitempty"`
	PlatformName string `json:"platform_name,omitempty"`
}

// PlatformMeetingType is the meeting type of the gaps raised at a 協議体.
const PlatformMeetingType = "platform"
