package casework

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Outreach code lists (アウトリーチ等を通じた継続的支援). found_via, attempt
// method and outcome travel as their Japanese labels (API.md).
var (
	OutreachFoundVia = labels("住民", "民生委員", "関係機関", "会議", "見守り")
	AttemptMethods   = labels("訪問", "電話", "手紙", "関係者経由")
	AttemptOutcomes  = labels("不在", "拒否", "会えた", "話せた")
	// OutreachStages are the trust stages in order.
	OutreachStages = CodeList{{"found", "把握"}, {"contacted", "接触"}, {"trust", "関係づくり"}, {"consented", "同意"}, {"handed_over", "ケースへ引継ぎ"}}
)

// OutreachTarget is someone support does not reach yet. Before hand-over a
// target may have no name: Label describes them (「○○団地3階の50代男性」).
type OutreachTarget struct {
	ID          string `json:"id"`
	PersonID    string `json:"person_id,omitempty"`
	Label       string `json:"label,omitempty"`
	DisplayName string `json:"display_name"`
	FoundVia    string `json:"found_via"`
	FoundOn     string `json:"found_on"`
	Concern     string `json:"concern"`
	District    string `json:"district,omitempty"`
	Stage       string `json:"stage"`
	OrgID       string `json:"organization_id"`
	WorkerID    string `json:"worker_id"`
	WorkerName  string `json:"worker_name,omitempty"` // who registered it
	// History holds the earlier values, newest first, after edits.
	History  []TargetVersion   `json:"history,omitempty"`
	CaseID   string            `json:"case_id,omitempty"`
	Attempts []OutreachAttempt `json:"attempts"`
	Stages   []StageChange     `json:"stage_history,omitempty"`
	// SharedAt lists, for an organization that is not the registering one,
	// the held 支援会議 through which it reads the target (read only).
	SharedAt []string `json:"shared_at_meetings,omitempty"`
	// MeetingItems are the 支援会議 items about the target, of meetings the
	// reader's organization attended or hosted.
	MeetingItems []OutreachMeetingItem `json:"meeting_items,omitempty"`
	Version      int                   `json:"version"`
	Created      time.Time             `json:"created_at"`
	Updated      time.Time             `json:"updated_at"`
}

// OutreachAttempt is one try to reach a target.
type OutreachAttempt struct {
	ID          string    `json:"id"`
	TargetID    string    `json:"target_id"`
	At          time.Time `json:"at"`
	Method      string    `json:"method"`
	Outcome     string    `json:"outcome"`
	Note        string    `json:"note"`
	AuthorID    string    `json:"author_id"`
	AuthorOrgID string    `json:"author_organization_id"`
	AuthorName  string    `json:"author_name,omitempty"`
	Version     int       `json:"version"`
	Created     time.Time `json:"created_at"`
	// History holds the earlier values, newest first, after corrections.
	History []AttemptVersion `json:"history,omitempty"`
}

// AttemptVersion is an attempt as it was before a correction.
type AttemptVersion struct {
	Version    int       `json:"version"`
	At         time.Time `json:"at"`
	Method     string    `json:"method"`
	Outcome    string    `json:"outcome"`
	Note       string    `json:"note"`
	EditedBy   string    `json:"edited_by"`
	EditorName string    `json:"edited_by_name,omitempty"`
	EditedAt   time.Time `json:"edited_at"`
}

// TargetVersion is a target as it was before an edit.
type TargetVersion struct {
	Version    int       `json:"version"`
	Label      string    `json:"label"`
	FoundVia   string    `json:"found_via"`
	FoundOn    string    `json:"found_on"`
	Concern    string    `json:"concern"`
	District   string    `json:"district"`
	EditedBy   string    `json:"edited_by"`
	EditorName string    `json:"edited_by_name,omitempty"`
	EditedAt   time.Time `json:"edited_at"`
}

// StageChange is one move of a target's stage.
type StageChange struct {
	From   string    `json:"from"`
	To     string    `json:"to"`
	Reason string    `json:"reason,omitempty"`
	At     time.Time `json:"at"`
	UserID string    `json:"user_id"`
}

// Validate checks a new target; FoundOn defaults to today.
func (t *OutreachTarget) Validate(now time.Time) error {
	v := Invalid{}
	t.Label, t.Concern, t.District = strings.TrimSpace(t.Label), strings.TrimSpace(t.Concern), strings.TrimSpace(t.District)
	if t.Label == "" && t.PersonID == "" {
		v.Add("label", "氏名が分からない場合は、呼び名（例: ○○団地3階の50代男性）を入力してください。")
	}
	if utf8.RuneCountInString(t.Label) > 100 {
		v.Add("label", "呼び名は100文字以内で入力してください。")
	}
	if !OutreachFoundVia.Has(t.FoundVia) {
		v.Add("found_via", "把握の経路を一覧から選んでください（住民・民生委員・関係機関・会議・見守り）。")
	}
	if t.FoundOn == "" {
		t.FoundOn = Today(now)
	}
	if d, msg := NormalizeDate(t.FoundOn, true); msg != "" {
		v.Add("found_on", msg)
	} else if t.FoundOn = d; d > Today(now) {
		v.Add("found_on", "把握日が未来の日付になっています。")
	}
	switch n := utf8.RuneCountInString(t.Concern); {
	case n == 0:
		v.Add("concern", "気になっていること（心配な点）を入力してください。")
	case n > 4000:
		v.Add("concern", "4000文字以内で入力してください。")
	}
	if utf8.RuneCountInString(t.District) > 60 {
		v.Add("district", "地区は60文字以内で入力してください。")
	}
	return v.Err()
}

// Validate checks an attempt.
func (at *OutreachAttempt) Validate(now time.Time) error {
	v := Invalid{}
	at.Note = strings.TrimSpace(at.Note)
	if at.At.IsZero() {
		v.Add("at", "日時を入力してください。")
	} else if at.At.After(now.Add(24 * time.Hour)) {
		v.Add("at", "日時が未来になっています。")
	}
	if !AttemptMethods.Has(at.Method) {
		v.Add("method", "方法を一覧から選んでください（訪問・電話・手紙・関係者経由）。")
	}
	if !AttemptOutcomes.Has(at.Outcome) {
		v.Add("outcome", "結果を一覧から選んでください（不在・拒否・会えた・話せた）。")
	}
	if utf8.RuneCountInString(at.Note) > 4000 {
		v.Add("note", "メモは4000文字以内で入力してください。")
	}
	return v.Err()
}

func stageIndex(s string) int {
	for i, it := range OutreachStages {
		if it.Value == s {
			return i
		}
	}
	return -1
}

// StageBefore reports whether stage a comes before stage b.
func StageBefore(a, b string) bool { return stageIndex(a) < stageIndex(b) }

// CheckStageMove decides whether a target may move from one stage to another.
// Forward moves may skip stages (someone met once may consent at once) but
// never reach handed_over, which only the hand-over itself sets. The worker
// may step back exactly one stage, with a reason (trust lost, consent taken
// back). Nothing moves after hand-over: the case carries on.
func CheckStageMove(from, to, reason string) error {
	fi, ti := stageIndex(from), stageIndex(to)
	bad := func(msg string) error {
		return &Error{Code: EINVALID, Message: msg, Fields: map[string]string{"stage": msg}}
	}
	switch {
	case ti < 0:
		return bad("段階を一覧から選んでください（把握・接触・関係づくり・同意）。")
	case from == "handed_over":
		return bad("ケースへ引き継いだ対象者の段階は変えられません。ケースで支援を続けてください。")
	case to == "handed_over":
		return bad("ケースへの引継ぎは「ケースへ引き継ぐ」で行ってください（本人の同意が必要です）。")
	case ti == fi:
		return bad("既にその段階です。")
	case ti == fi-1:
		if strings.TrimSpace(reason) == "" {
			msg := "段階を一つ戻すときは理由を入力してください。"
			return &Error{Code: EINVALID, Message: msg, Fields: map[string]string{"reason": msg}}
		}
	case ti < fi:
		return bad("段階を戻せるのは一つ前までです。")
	}
	return nil
}

// CanSeeOutreachTarget: before consent, what is known of a target stays with
// the organization that registered it. It is shared with others only at a
// 支援会議 (106条の6): see OutreachTargetAccess for that read-only view.
// Reports and their drill-down keep to the registering organization.
func CanSeeOutreachTarget(a Actor, orgID string) bool {
	return CanHandleCases(a) && a.OrganizationID == orgID
}

// OutreachMonth is the monthly outreach report of one organization.
type OutreachMonth struct {
	Month             string         `json:"month"` // YYYY-MM
	NewTargets        int            `json:"new_targets"`
	StageAtEnd        map[string]int `json:"stage_at_end"` // targets by stage on the month's last day
	Reached           map[string]int `json:"reached"`      // stage moves into each stage during the month
	Attempts          int            `json:"attempts"`
	AttemptsByOutcome map[string]int `json:"attempts_by_outcome"`
	AttemptsByMethod  map[string]int `json:"attempts_by_method"`
	HandedOver        int            `json:"handed_over"`
}

// OutreachReport is a fiscal year of monthly outreach reports (April first).
type OutreachReport struct {
	OrganizationID   string          `json:"organization_id"`
	OrganizationName string          `json:"organization_name"`
	FiscalYear       int             `json:"fiscal_year"`
	Months           []OutreachMonth `json:"months"`
}

// FiscalMonths lists the twelve months (YYYY-MM) of fiscal year fy.
func FiscalMonths(fy int) []string {
	out := make([]string, 12)
	for i := range out {
		out[i] = time.Date(fy, time.Month(4+i), 1, 0, 0, 0, 0, time.UTC).Format("2006-01")
	}
	return out
}
