package report

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"kasane/internal/casework"
	"kasane/internal/japanese"
)

// The indicator set of the 重層的支援体制整備事業実施計画 (社会福祉法第106条の5
// 第1項; the matters of the plan: 同法施行規則第34条の10). The 実施計画策定
// ガイドライン (厚生労働省社会・援護局地域福祉課) names as the plan's 事業目標・
// 評価指標 the 相談受付件数 of 包括的相談支援事業 (法第106条の4第2項第1号), the
// 支援対象者数 and 協力事業者数 of 参加支援事業 (同項第2号), and the 拠点数,
// 参加者数 and 参加機関数 of 地域づくりに向けた支援事業 (同項第3号). Each is
// shown with the municipality's target (report_targets), the rate reached
// and the figure per 10万人 of the municipal population (report_settings).
const (
	IndConsultations = "new_consultations" // 相談受付件数 (新規相談, 延べ)
	IndSankaPersons  = "sanka_persons"     // 参加支援の支援対象者数 (実人数)
	IndHosts         = "hosts_stock"       // 協力事業者数 (3月31日時点)
	IndPlaces        = "places_stock"      // 拠点数 (3月31日時点)
	IndParticipants  = "participants"      // 参加者数 (延べ)
	IndPlatformOrgs  = "platform_orgs"     // 参加機関数 (3月31日時点)
)

// PlanIndicator describes one indicator of the set.
type PlanIndicator struct {
	Key   string
	Label string
	Jigyo string // the 事業 of 法第106条の4第2項 it measures
	Basis string // how it is counted
	Unit  string
}

// PlanIndicators are the rows of the indicator set, in the guideline's order.
var PlanIndicators = []PlanIndicator{
	{IndConsultations, "相談受付件数", "包括的相談支援事業（第1号）", "年度内に受け付けた新規相談（延べ件数）", "件"},
	{IndSankaPersons, "参加支援の支援対象者数（実人数）", "参加支援事業（第2号）", "年度内にマッチング（提案〜終了）が続いていた本人（名寄せで同一人物とした本人は1人）", "人"},
	{IndHosts, "協力事業者数", "参加支援事業（第2号）", "3月31日時点で登録されている受け入れ先", "か所"},
	{IndPlaces, "拠点数", "地域づくりに向けた支援事業（第3号）", "3月31日時点で登録されている居場所・拠点", "か所"},
	{IndParticipants, "参加者数（延べ）", "地域づくりに向けた支援事業（第3号）", "年度内の居場所の開催日ごとの参加者数の合計", "人"},
	{IndPlatformOrgs, "参加機関数", "地域づくりに向けた支援事業（第3号）", "3月31日時点のプラットフォーム（協議体）の構成機関（同じ機関は1つ）", "機関"},
}

func init() {
	// the new indicators take targets as the others do (report_targets)
	for _, p := range PlanIndicators {
		if !Indicators.Has(p.Key) {
			Indicators = append(Indicators, casework.CodeItem{Value: p.Key, Label: p.Label})
		}
	}
}

// IndicatorSet is the indicator set of a fiscal year with the population
// the figures per 10万人 are computed with.
type IndicatorSet struct {
	// Population is nil while no population is set for the year or an
	// earlier one; PopulationYear is the year of the setting used.
	Population     *int64      `json:"population,omitempty"`
	PopulationYear int         `json:"population_fiscal_year,omitempty"`
	PopulationAsOf string      `json:"population_as_of,omitempty"`
	Rows           []Indicator `json:"rows"`
}

// Indicator is one row of the set: 実績, 目標, 達成率 and per 10万人.
type Indicator struct {
	Key    string `json:"key"`
	Label  string `json:"label"`
	Jigyo  string `json:"jigyo"`
	Basis  string `json:"basis"`
	Unit   string `json:"unit"`
	Actual int64  `json:"actual"`
	Target *int64 `json:"target"`
	// Percent of the target reached, to one decimal (rounded down); nil
	// without a target or with a target of 0.
	Percent *float64 `json:"percent"`
	// ActualPer100k and TargetPer100k are per 10万人 of the population, to
	// one decimal (rounded down); nil without a population.
	ActualPer100k *float64 `json:"actual_per_100k"`
	TargetPer100k *float64 `json:"target_per_100k"`
}

// PercentText, ActualPer100kText and TargetPer100kText write the figures
// for pages and the command line: one decimal, or — without them.
func (r Indicator) PercentText() string       { return decimalText(r.Percent) }
func (r Indicator) ActualPer100kText() string { return decimalText(r.ActualPer100k) }
func (r Indicator) TargetPer100kText() string { return decimalText(r.TargetPer100k) }

func decimalText(f *float64) string {
	if f == nil {
		return "—"
	}
	return strconv.FormatFloat(*f, 'f', 1, 64)
}

// tenth is n/d to one decimal, rounded down (n, d > 0 assumed by callers).
func tenth(n, d int64) *float64 {
	v := float64(n*10/d) / 10
	return &v
}

// NewIndicatorSet builds the set from the actual figures (by key), the
// year's targets and the population setting (nil: none).
func NewIndicatorSet(actual map[string]int64, targets []Target, pop *Population) *IndicatorSet {
	s := &IndicatorSet{}
	if pop != nil && pop.Population > 0 {
		p := pop.Population
		s.Population, s.PopulationYear, s.PopulationAsOf = &p, pop.FiscalYear, pop.AsOf
	}
	by := map[string]int64{}
	for _, t := range targets {
		by[t.Indicator] = t.Target
	}
	for _, p := range PlanIndicators {
		row := Indicator{Key: p.Key, Label: p.Label, Jigyo: p.Jigyo, Basis: p.Basis, Unit: p.Unit, Actual: actual[p.Key]}
		if t, ok := by[p.Key]; ok {
			row.Target = &t
			if t > 0 {
				row.Percent = tenth(row.Actual*100, t)
			}
		}
		if s.Population != nil {
			row.ActualPer100k = tenth(row.Actual*100000, *s.Population)
			if row.Target != nil {
				row.TargetPer100k = tenth(*row.Target*100000, *s.Population)
			}
		}
		s.Rows = append(s.Rows, row)
	}
	return s
}

// PopulationLabel tells which population the figures per 10万人 use:
// 123,456人（令和8年4月1日 (2026) 現在、令和8年度（2026年度）の設定）.
func (s *IndicatorSet) PopulationLabel() string {
	if s == nil || s.Population == nil {
		return ""
	}
	out := groupDigits(*s.Population) + "人（"
	if d, err := japanese.ParseISO(s.PopulationAsOf); err == nil && d.Precision == japanese.PrecisionDay {
		out += d.Display() + " 現在、"
	}
	return out + japanese.FiscalYearLabel(s.PopulationYear) + "の設定）"
}

// groupDigits writes n with thousands separators (123,456).
func groupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 && s[i-1] != '-' {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Population is the municipal population set for a fiscal year: the figures
// per 10万人 of that year (and of later years without their own) use it.
type Population struct {
	FiscalYear int    `json:"fiscal_year"`
	Population int64  `json:"population"`
	AsOf       string `json:"as_of,omitempty"` // YYYY-MM-DD: the day it was counted (e.g. 住民基本台帳 4月1日)
	Note       string `json:"note,omitempty"`
	Version    int    `json:"version"`
}

// Validate checks a population setting; AsOf may be typed in 和暦 and is
// stored as YYYY-MM-DD.
func (p *Population) Validate() error {
	v := casework.Invalid{}
	if err := ValidFiscalYear(p.FiscalYear); err != nil {
		v.Add("fiscal_year", fiscalYearMsg)
	}
	if p.Population < 1 || p.Population > 20000000 {
		v.Add("population", "人口は1以上2000万以下の整数で入力してください。")
	}
	p.AsOf = strings.TrimSpace(p.AsOf)
	if p.AsOf != "" {
		d, err := japanese.ParseDate(p.AsOf)
		if err != nil {
			v.Add("as_of", err.Error())
		} else if d.Precision != japanese.PrecisionDay {
			v.Add("as_of", "基準日は年月日まで入力してください（例: 令和8年4月1日）。")
		} else {
			p.AsOf = d.ISO()
		}
	}
	p.Note = strings.TrimSpace(p.Note)
	if utf8.RuneCountInString(p.Note) > 200 {
		v.Add("note", "備考は200文字以内で入力してください。")
	}
	return v.Err()
}
