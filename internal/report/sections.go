package report

import (
	"strings"

	"kasane/internal/casework"
)

// Keys of the sections of the annual report.
const (
	SecNewConsultations = "new_consultations" // 新規相談（ケースの受付日）
	SecCasesDecided     = "cases_decided"     // 支援決定（ケース開始）
	SecCasesClosed      = "cases_closed"      // 終結（理由別）
	SecReferrals        = "referrals"         // つなぎ（結果別）
	SecReferralDays     = "referral_days"     // つなぎの受諾までの日数
	SecContacts         = "contacts"          // 支援経過の件数（事業×分野）
	SecContactMinutes   = "contact_minutes"   // 支援経過の時間（事業×分野）
	SecMinutesByBunya   = "minutes_by_bunya"  // 内部分析：分野別の時間（一体交付のため按分には使わない）
	SecPlans            = "plans"             // 支援プラン（作成・同意・決定・評価）
	SecMeetings         = "meetings"          // 会議の開催数（種類別）
	SecMeetingItems     = "meeting_items"     // 会議で検討したケース（種類別）
	SecTeamEnds         = "team_ends"         // 支援チームの参加の終了（理由別、issue 22）
)

// PlanStages are the rows of the plans section (filter status): a plan is
// counted when it is made (created), agreed by the person, decided (支援決定)
// and each time it is evaluated.
var PlanStages = casework.CodeList{
	{Value: "made", Label: "作成（再プランを含む）"}, {Value: "agreed", Label: "本人同意"},
	{Value: "decided", Label: "支援決定"}, {Value: "evaluated", Label: "評価"},
}

// Titles of the sections, for pages and files.
var Titles = casework.CodeList{
	{Value: SecNewConsultations, Label: "新規相談件数（受付日・分野別）"},
	{Value: SecCasesDecided, Label: "支援決定件数（ケース開始・分野別）"},
	{Value: SecCasesClosed, Label: "終結件数（終結理由別）"},
	{Value: SecReferrals, Label: "つなぎ件数（結果別）"},
	{Value: SecReferralDays, Label: "つなぎの受諾までの日数"},
	{Value: SecContacts, Label: "支援経過記録の件数（事業・分野別）"},
	{Value: SecContactMinutes, Label: "支援経過記録の時間（分、事業・分野別）"},
	{Value: SecMinutesByBunya, Label: "内部分析：分野別の支援時間（分、按分は不要）"},
	{Value: SecPlans, Label: "支援プラン（作成・本人同意・支援決定・評価）"},
	{Value: SecMeetings, Label: "会議の開催数（会議の種類別）"},
	{Value: SecMeetingItems, Label: "会議で検討したケース（件数、会議の種類別）"},
	{Value: SecOutreachTargets, Label: "アウトリーチ対象者（把握した月・現在の段階別）"},
	{Value: SecOutreachAttempts, Label: "アウトリーチの働きかけ（回数、結果別）"},
	{Value: SecMatches, Label: "参加支援のマッチング（提案した月・現在の状況別）"},
	{Value: SecResources, Label: "居場所・受け入れ先の新規登録"},
	{Value: SecSessions, Label: "居場所の開催回数"},
	{Value: SecParticipants, Label: "居場所の参加者数（延べ人数、属性別）"},
	{Value: SecTeamEnds, Label: "支援チームの参加の終了（終了理由別）"},
}

// PendingSections are the parts of the annual report that need records this
// version does not keep yet. Every part is counted now: cases, referrals and
// contacts, plans and meetings (migration 0003), and outreach, participation
// and community building (migration 0005, community.go).
var PendingSections []Pending

// Indicators are the figures a target (目標値) can be set for; each is the
// total of a section's first row (or of the whole section).
var Indicators = casework.CodeList{
	{Value: "new_consultations", Label: "新規相談件数"},
	{Value: "cases_decided", Label: "支援決定件数"},
	{Value: "cases_closed", Label: "終結件数"},
	{Value: "referrals", Label: "つなぎ件数"},
	{Value: "referrals_accepted", Label: "つなぎ受諾件数"},
	{Value: "contacts", Label: "支援経過記録件数"},
	{Value: "contact_hours", Label: "支援時間（時間）"},
	{Value: "plans_made", Label: "支援プラン作成件数"},
	{Value: "plans_decided", Label: "支援プラン決定件数"},
	{Value: "plans_evaluated", Label: "支援プラン評価件数"},
	{Value: "meetings_held", Label: "会議開催数"},
	{Value: "meeting_items", Label: "会議で検討したケース数"},
	{Value: "outreach_targets", Label: "アウトリーチ対象者の把握数"},
	{Value: "matches_proposed", Label: "参加支援のマッチング提案数"},
	{Value: "sessions_held", Label: "居場所の開催回数"},
	{Value: "participants", Label: "居場所の参加者数（延べ）"},
}

// Actual returns the actual figure of indicator in the report.
func (a *Annual) Actual(indicator string) (int64, bool) {
	first := func(key string) (int64, bool) {
		if s, ok := a.Section(key); ok && len(s.Rows) > 0 {
			return s.Rows[0].Total, true
		}
		return 0, false
	}
	switch indicator {
	case "new_consultations":
		return first(SecNewConsultations)
	case "cases_decided":
		return first(SecCasesDecided)
	case "cases_closed":
		return first(SecCasesClosed)
	case "referrals":
		return first(SecReferrals)
	case "referrals_accepted":
		if s, ok := a.Section(SecReferrals); ok {
			var n int64
			for _, r := range s.Rows {
				if st := r.Filter["status"]; st == "accepted" || st == "completed" {
					n += r.Total
				}
			}
			return n, true
		}
	case "contacts":
		return first(SecContacts)
	case "contact_hours":
		n, ok := first(SecContactMinutes)
		return n / 60, ok
	case "plans_made", "plans_decided", "plans_evaluated":
		return a.rowTotal(SecPlans, "status", strings.TrimPrefix(indicator, "plans_"))
	case "meetings_held":
		return first(SecMeetings)
	case "meeting_items":
		return first(SecMeetingItems)
	case "outreach_targets":
		return first(SecOutreachTargets)
	case "matches_proposed":
		return first(SecMatches)
	case "sessions_held":
		return first(SecSessions)
	case "participants":
		return first(SecParticipants)
	}
	if a.Indicators != nil {
		for _, r := range a.Indicators.Rows {
			if r.Key == indicator {
				return r.Actual, true
			}
		}
	}
	return 0, false
}

// rowTotal is the total of the section's row whose filter key is value.
func (a *Annual) rowTotal(key, filterKey, value string) (int64, bool) {
	if s, ok := a.Section(key); ok {
		for _, r := range s.Rows {
			if r.Filter[filterKey] == value {
				return r.Total, true
			}
		}
	}
	return 0, false
}

// Target is a target (目標値) of an indicator for a fiscal year.
type Target struct {
	ID         string `json:"id"`
	FiscalYear int    `json:"fiscal_year"`
	Indicator  string `json:"indicator"`
	Target     int64  `json:"target"`
	Note       string `json:"note,omitempty"`
	Version    int    `json:"version"`
}

// Validate checks a target before it is stored.
func (t *Target) Validate() error {
	v := casework.Invalid{}
	if err := ValidFiscalYear(t.FiscalYear); err != nil {
		v.Add("fiscal_year", "年度を西暦4桁で指定してください（例: 2026）。")
	}
	if !Indicators.Has(t.Indicator) {
		v.Add("indicator", "指標を一覧から選んでください。")
	}
	if t.Target < 0 || t.Target > 100000000 {
		v.Add("target", "目標値は0以上の整数で入力してください。")
	}
	if len([]rune(t.Note)) > 200 {
		v.Add("note", "備考は200文字以内で入力してください。")
	}
	return v.Err()
}

// Progress is an indicator's actual figure against its target.
type Progress struct {
	Indicator string `json:"indicator"`
	Label     string `json:"label"`
	Target    *int64 `json:"target"`
	Actual    int64  `json:"actual"`
	// Percent of the target reached (nil without a target).
	Percent *int64 `json:"percent"`
}

// Compare lists every indicator with its actual figure and target.
func Compare(a *Annual, targets []Target) []Progress {
	by := map[string]Target{}
	for _, t := range targets {
		by[t.Indicator] = t
	}
	var out []Progress
	for _, ind := range Indicators {
		p := Progress{Indicator: ind.Value, Label: ind.Label}
		p.Actual, _ = a.Actual(ind.Value)
		if t, ok := by[ind.Value]; ok {
			tv := t.Target
			p.Target = &tv
			if tv > 0 {
				pc := p.Actual * 100 / tv
				p.Percent = &pc
			}
		}
		out = append(out, p)
	}
	return out
}
