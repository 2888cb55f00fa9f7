package report

import (
	"sort"
	"strconv"
	"time"

	"kasane/internal/casework"
	"kasane/internal/japanese"
)

// Monthly reports of the contractors (委託事業者の月次報告, issue 22): per
// program (多機関協働, 参加支援, 地域づくり) the figures a contractor reports to
// the municipality each month. What is counted follows the 実施要綱 of the
// 重層的支援体制整備事業 and the 様式 municipalities use for the monthly
// 実績報告 of their contractors: the 多機関協働 items of the 実施要綱
// (新規受付, プラン作成, 重層的支援会議, 支援会議, 終結), the 参加支援 steps
// (マッチング, 定着支援, 受け入れ先支援, 新たな受け入れ先・メニューの開拓) and the
// 地域づくり indicators of the 実施計画 策定ガイドライン (拠点数, 参加者数,
// プラットフォームの開催回数と参加機関数). Counts only; no personal data.
//
// sqldb reads the facts under the access rule of casework/monthly_report.go
// and this file adds them up: Fact, the measures of each program, and the two
// views (one organization by month, every organization for a period).

// Measure kinds: how a measure adds up over a period and across
// organizations.
const (
	// MeasureFlow counts things done on a day (a つなぎ received, a session
	// held); the 合計 is the sum.
	MeasureFlow = "flow"
	// MeasureDistinct counts distinct persons or organizations involved in
	// the period (実人数); the 合計 counts each once, not the sum.
	MeasureDistinct = "distinct"
	// MeasureStock counts what is in place at the period's end (拠点数); a
	// year's 合計 of months means nothing and is left blank, the 合計 across
	// organizations adds up.
	MeasureStock = "stock"
)

// MonthlyMeasure is one column of a monthly report.
type MonthlyMeasure struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Kind  string `json:"kind"`
	Note  string `json:"note"`
}

// Fact is one thing a measure counts: for organization Org, from day From
// until day Until (YYYY-MM-DD; Until = From for an event, "" while it goes
// on), weighing N (1, or a number of participants), with Key naming the
// person or organization a distinct measure counts.
type Fact struct {
	Measure, Org, From, Until, Key string
	N                              int
}

// MonthlyRow is one row of a monthly report: a month of one organization,
// an organization in the municipality-wide view, or the 合計. Values has
// every measure; nil is blank (a month still to come, a stock in a year's
// 合計).
type MonthlyRow struct {
	Month          string          `json:"month,omitempty"` // YYYY-MM
	Label          string          `json:"label"`           // 令和8年4月, the organization, 合計
	OrganizationID string          `json:"organization_id,omitempty"`
	Operation      string          `json:"operation,omitempty"` // 運営: 委託 / 直営 / 委託なし
	Values         map[string]*int `json:"values"`
}

// Value is the row's figure of measure key (nil: blank).
func (r MonthlyRow) Value(key string) *int { return r.Values[key] }

// Text is the figure of measure key as shown ("" when blank).
func (r MonthlyRow) Text(key string) string {
	if v := r.Values[key]; v != nil {
		return strconv.Itoa(*v)
	}
	return ""
}

// Monthly is one organization's monthly report for a fiscal year: twelve
// months from April and the 合計.
type Monthly struct {
	Program          string           `json:"program"`
	ProgramLabel     string           `json:"program_label"`
	OrganizationID   string           `json:"organization_id"`
	OrganizationName string           `json:"organization_name"`
	FiscalYear       int              `json:"fiscal_year"`
	FiscalYearLabel  string           `json:"fiscal_year_label"`
	Measures         []MonthlyMeasure `json:"measures"`
	Months           []MonthlyRow     `json:"months"`
	Total            MonthlyRow       `json:"total"`
}

// MonthlyOverview is the municipality-wide view of a program: one row per
// organization that runs it (or did something counted) for one month, or
// for the fiscal year when Month is empty, and the 合計.
type MonthlyOverview struct {
	Program         string           `json:"program"`
	ProgramLabel    string           `json:"program_label"`
	FiscalYear      int              `json:"fiscal_year"`
	FiscalYearLabel string           `json:"fiscal_year_label"`
	Month           string           `json:"month,omitempty"`
	PeriodLabel     string           `json:"period_label"`
	Measures        []MonthlyMeasure `json:"measures"`
	Organizations   []MonthlyRow     `json:"organizations"`
	Total           MonthlyRow       `json:"total"`
}

// MonthlyMeasures are the columns of each program's report.
var MonthlyMeasures = map[string][]MonthlyMeasure{
	// 多機関協働事業（実施要綱: 複雑化・複合化した事例の受付・プラン作成・重層的支援会議・支援会議）
	"takikan": {
		{"referrals_received", "つなぎを受けた件数", MeasureFlow, "他機関から自機関へのつなぎを、つなぎの日付の月で数えます（辞退したものを含みます）。"},
		{"intake_referral", "新規受付（つなぎ受け）件数", MeasureFlow, "受けたつなぎのうち受諾したもの（完了したもの、主担当の引継ぎを含みます）を、つなぎの日付の月で数えます。"},
		{"intake_direct", "新規受付（直接の相談）件数", MeasureFlow, "自機関が受付機関として受け付けたケースを、受付日の月で数えます。"},
		{"plans_made", "支援プラン作成件数", MeasureFlow, "自機関が作成した支援プラン（再プランを含む）を、作成した日の月で数えます。"},
		{"jusou_meetings", "重層的支援会議 開催回数", MeasureDistinct, "自機関が主催または出席し、開催済みになった重層的支援会議を、開催日の月で数えます（市区町村全体の合計では、複数の機関が出席した会議も1回）。"},
		{"jusou_cases", "重層的支援会議 検討ケース数", MeasureDistinct, "その重層的支援会議で検討したケースの件数です（同じケースを2回の会議で検討すれば2件）。"},
		{"shien_meetings", "支援会議 開催回数", MeasureDistinct, "自機関が主催または出席し、開催済みになった支援会議（社会福祉法第106条の6）を、開催日の月で数えます（合計の数え方は重層的支援会議と同じ）。"},
		{"shien_cases", "支援会議 検討ケース数", MeasureDistinct, "その支援会議で検討したケースの件数です。"},
		{"closures", "終結件数", MeasureDistinct, "自機関が支援チームに加わっていたケースの終結を、終結の日の月で数えます（中断は含みません。市区町村全体の合計では、1件の終結を1件）。"},
		{"handovers", "関与終結（主担当へ引継ぎ）件数", MeasureFlow, "主担当を他機関へ引き継いで自機関の関与を終えたケースを、引継ぎの日の月で数えます。"},
	},
	// 参加支援事業（実施要綱: マッチング、定着支援、受け入れ先の開拓・支援）
	"sanka": {
		{"proposed", "マッチング件数（提案）", MeasureFlow, "参加先を提案した日の月で数えます。"},
		{"trial", "マッチング件数（試行）", MeasureFlow, "体験（試行）を始めた日の月で数えます。"},
		{"placed", "マッチング件数（定着）", MeasureFlow, "体験を経て参加（定着支援）に移った日の月で数えます。"},
		{"ended", "マッチング件数（終了）", MeasureFlow, "マッチングが終了した日の月で数えます。"},
		{"persons", "実人数", MeasureDistinct, "その月に提案から終了までのマッチングがあった人の数です。名寄せで同じ人とした記録は1人と数え、合計欄は年度の実人数（重複を除く）です。"},
		{"retention_logs", "定着支援の記録件数", MeasureFlow, "本人への定着支援の記録を、記録の日時の月で数えます。"},
		{"host_support_logs", "受け入れ先支援の記録件数", MeasureFlow, "受け入れ先への支援の記録を、記録の日時の月で数えます。"},
		{"new_hosts", "新規受け入れ先数", MeasureFlow, "自機関が登録した受け入れ先（参加を受け入れる社会資源）を、登録した日の月で数えます。"},
		{"new_menus", "新規受け入れ先のメニュー数", MeasureFlow, "その受け入れ先に登録されている受け入れメニューの数です。"},
	},
	// 地域づくり事業（実施計画 策定ガイドラインの指標: 拠点数・参加者数・プラットフォーム）
	"chiiki": {
		{"places", "居場所・拠点数（月末時点）", MeasureStock, "自機関が登録した居場所・サロン・子ども食堂・通いの場・学習支援の数です（月末時点。年度の表示では年度末時点、今年度は今日時点）。"},
		{"sessions", "居場所・拠点の開催回数", MeasureFlow, "その居場所・拠点の開催記録を、開催日の月で数えます。"},
		{"participants", "参加者数（延べ）", MeasureFlow, "開催記録の参加者数の合計（延べ人数）です。"},
		{"platform_meetings", "協議体（プラットフォーム）開催回数", MeasureFlow, "自機関が登録した協議体（プラットフォーム）の会議を、開催日の月で数えます。"},
		{"platform_attendees", "協議体の出席者数（延べ）", MeasureFlow, "その会議の出席者数の合計です。"},
		{"platform_orgs", "協議体の参加機関数", MeasureDistinct, "その期間に会議を開いた協議体の構成員（機関・団体）の数です。同じ機関は1と数え、合計欄は重複を除いた数です。"},
	},
}

// monthEnd is the last day of month (YYYY-MM).
func monthEnd(month string) string {
	t, err := time.Parse("2006-01", month)
	if err != nil {
		return month + "-31"
	}
	return t.AddDate(0, 1, -1).Format("2006-01-02")
}

// periodValues adds up the facts of the measures over [from, to].
func periodValues(measures []MonthlyMeasure, facts []Fact, from, to string) map[string]*int {
	out := make(map[string]*int, len(measures))
	keys := map[string]map[string]bool{}
	for _, m := range measures {
		n := 0
		out[m.Key] = &n
		if m.Kind == MeasureDistinct {
			keys[m.Key] = map[string]bool{}
		}
	}
	kind := map[string]string{}
	for _, m := range measures {
		kind[m.Key] = m.Kind
	}
	for _, f := range facts {
		v, ok := out[f.Measure]
		if !ok {
			continue
		}
		until := f.Until
		if until == "" {
			until = "9999-12-31"
		}
		switch kind[f.Measure] {
		case MeasureFlow:
			if f.From >= from && f.From <= to {
				*v += f.N
			}
		case MeasureDistinct:
			if f.From <= to && until >= from {
				keys[f.Measure][f.Key] = true
			}
		case MeasureStock:
			if f.From <= to && until >= to {
				*v += f.N
			}
		}
	}
	for k, set := range keys {
		n := len(set)
		out[k] = &n
	}
	return out
}

func blankValues(measures []MonthlyMeasure) map[string]*int {
	out := make(map[string]*int, len(measures))
	for _, m := range measures {
		out[m.Key] = nil
	}
	return out
}

// BuildMonthly lays out one organization's facts by month of fiscal year
// fy; months after today's are blank.
func BuildMonthly(program, orgID, orgName string, fy int, today string, facts []Fact) *Monthly {
	ms := MonthlyMeasures[program]
	rep := &Monthly{Program: program, ProgramLabel: casework.MonthlyPrograms.Label(program), OrganizationID: orgID,
		OrganizationName: orgName, FiscalYear: fy, FiscalYearLabel: japanese.FiscalYearName(fy), Measures: ms}
	thisMonth := today[:7]
	for _, month := range casework.FiscalMonths(fy) {
		row := MonthlyRow{Month: month, Label: japanese.MonthName(month)}
		if month > thisMonth {
			row.Values = blankValues(ms)
		} else {
			row.Values = periodValues(ms, facts, month+"-01", monthEnd(month))
		}
		rep.Months = append(rep.Months, row)
	}
	from, to := fyDays(fy)
	rep.Total = MonthlyRow{Label: "合計", Values: periodValues(ms, facts, from, to)}
	for _, m := range ms {
		if m.Kind == MeasureStock {
			rep.Total.Values[m.Key] = nil
		}
	}
	return rep
}

// fyDays are the first and last day of fiscal year fy.
func fyDays(fy int) (string, string) {
	months := casework.FiscalMonths(fy)
	return months[0] + "-01", monthEnd(months[11])
}

// OverviewOrg is an organization of the municipality-wide view.
type OverviewOrg struct {
	ID, Name, Operation string
	Runs                bool // runs the program (its kind or its 事業)
	Retired             bool // retired (廃止): listed only for a period it counted in
}

// BuildOverview lays out the facts of the organizations that run the
// program for month (YYYY-MM of fiscal year fy) or, when month is "", the
// whole year: a row per organization (a retired one only when it counted
// something in the period) and the 合計 of those rows, adding up flows and
// stocks and counting distinct persons, meetings or organizations once
// across all.
func BuildOverview(program string, fy int, month string, orgs []OverviewOrg, facts []Fact) *MonthlyOverview {
	ms := MonthlyMeasures[program]
	ov := &MonthlyOverview{Program: program, ProgramLabel: casework.MonthlyPrograms.Label(program), FiscalYear: fy,
		FiscalYearLabel: japanese.FiscalYearName(fy), Month: month, Measures: ms}
	from, to := fyDays(fy)
	ov.PeriodLabel = japanese.FiscalYearLabel(fy)
	if month != "" {
		from, to = month+"-01", monthEnd(month)
		ov.PeriodLabel = japanese.MonthName(month)
	}
	byOrg := map[string][]Fact{}
	for _, f := range facts {
		byOrg[f.Org] = append(byOrg[f.Org], f)
	}
	var listed []Fact
	for _, o := range orgs {
		if !o.Runs {
			continue
		}
		vals := periodValues(ms, byOrg[o.ID], from, to)
		if o.Retired && allZero(vals) {
			continue
		}
		ov.Organizations = append(ov.Organizations, MonthlyRow{Label: o.Name, OrganizationID: o.ID, Operation: o.Operation, Values: vals})
		listed = append(listed, byOrg[o.ID]...)
	}
	ov.Total = MonthlyRow{Label: "合計", Values: periodValues(ms, listed, from, to)}
	return ov
}

func allZero(vals map[string]*int) bool {
	for _, v := range vals {
		if v != nil && *v != 0 {
			return false
		}
	}
	return true
}

// MonthlyFile is the file name of a monthly report (without extension).
func MonthlyFile(rep *Monthly) string {
	return rep.FiscalYearLabel + rep.ProgramLabel + "月次報告_" + rep.OrganizationName
}

// OverviewFile is the file name of the municipality-wide view.
func OverviewFile(ov *MonthlyOverview) string {
	name := ov.ProgramLabel + "月次報告_市区町村全体_"
	if ov.Month != "" {
		return name + japanese.MonthName(ov.Month)
	}
	return name + ov.FiscalYearLabel
}

func cellOf(v *int) any {
	if v == nil {
		return nil
	}
	return *v
}

// MonthlyTable lays out one organization's report for CSV and .xlsx: a row
// per month and the 合計 row, the month in 和暦 and in 西暦.
func MonthlyTable(rep *Monthly) *Table {
	cols := []Column{Col("機関", Text), Col("年度", Text), Col("月", Text), Col("月（西暦）", Text)}
	for _, m := range rep.Measures {
		cols = append(cols, Col(m.Label, Int))
	}
	t := &Table{Name: rep.ProgramLabel + "月次報告", Columns: cols}
	add := func(r MonthlyRow) {
		row := []any{rep.OrganizationName, rep.FiscalYearLabel, r.Label, r.Month}
		for _, m := range rep.Measures {
			row = append(row, cellOf(r.Values[m.Key]))
		}
		t.Rows = append(t.Rows, row)
	}
	for _, r := range rep.Months {
		add(r)
	}
	add(rep.Total)
	return t
}

// OverviewTable lays out the municipality-wide view: a row per
// organization and the 合計 row.
func OverviewTable(ov *MonthlyOverview) *Table {
	cols := []Column{Col("年度", Text), Col("期間", Text), Col("機関", Text), Col("運営", Text)}
	for _, m := range ov.Measures {
		cols = append(cols, Col(m.Label, Int))
	}
	t := &Table{Name: ov.ProgramLabel + "月次報告（市区町村全体）", Columns: cols}
	add := func(r MonthlyRow) {
		row := []any{ov.FiscalYearLabel, ov.PeriodLabel, r.Label, r.Operation}
		for _, m := range ov.Measures {
			row = append(row, cellOf(r.Values[m.Key]))
		}
		t.Rows = append(t.Rows, row)
	}
	for _, r := range ov.Organizations {
		add(r)
	}
	add(ov.Total)
	return t
}

// SortOverviewOrgs orders organizations as the municipality reads them:
// those in use first, then by name.
func SortOverviewOrgs(orgs []OverviewOrg) {
	sort.SliceStable(orgs, func(i, j int) bool {
		if orgs[i].Retired != orgs[j].Retired {
			return !orgs[i].Retired
		}
		return orgs[i].Name < orgs[j].Name
	})
}
