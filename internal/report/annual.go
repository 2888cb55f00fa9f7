// Package report computes and renders the municipality's reports: the annual
// report by fiscal year (年度, April to March), the dashboard, list exports
// (CSV in UTF-8 with BOM or CP932, .xlsx) and charts drawn as accessible SVG.
// It has no I/O of its own: sqldb gathers the figures, the web and the
// command line write what this package renders.
package report

import (
	"strconv"
	"time"

	"kasane/internal/casework"
	"kasane/internal/japanese"
)

// Annual is the annual report of one fiscal year. It is a list of sections
// so that new sections (plans, meetings, outreach, participation, places)
// are added without changing its shape.
type Annual struct {
	FiscalYear int `json:"fiscal_year"`
	// FiscalYearLabel is the 年度 in 和暦 (令和8年度); MonthLabels the
	// months as 令和8年4月. Reports saved before they existed lack them:
	// pages use Label and MonthNames.
	FiscalYearLabel string    `json:"fiscal_year_label,omitempty"`
	MonthLabels     []string  `json:"month_labels,omitempty"`
	From            string    `json:"from"` // YYYY-MM-DD, 4月1日
	To              string    `json:"to"`   // YYYY-MM-DD, 3月31日
	Months          []string  `json:"months"`
	Sections        []Section `json:"sections"`
	Pending         []Pending `json:"pending,omitempty"`
	// Indicators is the indicator set of the 実施計画 (indicators.go) with
	// the year's targets; reports saved before it existed lack it.
	Indicators  *IndicatorSet `json:"indicators,omitempty"`
	GeneratedAt time.Time     `json:"generated_at"`
}

// Section is one table of the report: rows of figures by month.
type Section struct {
	Key   string `json:"key"`
	Title string `json:"title"`
	Unit  string `json:"unit"` // 件, 分, 日
	Note  string `json:"note,omitempty"`
	// Drill is true when the records behind each figure can be listed.
	Drill   bool               `json:"drill"`
	Rows    []Row              `json:"rows"`
	Summary map[string]float64 `json:"summary,omitempty"`
	// Primary counts each record once, under its first 分野 in the code
	// list order (未設定 when it has none), so that the rows add up to the
	// total: what a stacked chart draws. Only sections by 分野 have it.
	Primary []Row `json:"primary,omitempty"`
}

// Row is one line of a section: a figure for each month of the year and the
// total. Filter names the records behind it (e.g. bunya=kaigo).
type Row struct {
	Label  string            `json:"label"`
	Filter map[string]string `json:"filter,omitempty"`
	Months []int64           `json:"months"`
	Total  int64             `json:"total"`
	// Share is the row's part of the section total in percent (構成比; an internal analysis: the 一体交付 needs no 按分).
	Share float64 `json:"share,omitempty"`
	// Persons (実人数) and Households (世帯数) of the year's total: the
	// distinct persons (persons linked by 名寄せ once) and households behind
	// it. Only the sections of cases have them.
	Persons    *int64 `json:"persons,omitempty"`
	Households *int64 `json:"households,omitempty"`
	// PersonsMonths are the 実人数 of each month (distinct persons with a
	// record of the row in that month); Persons is distinct within the
	// year, not their sum. Set with Persons.
	PersonsMonths []int64 `json:"persons_months,omitempty"`
}

// HasPersons reports whether the section's rows carry 実人数 and 世帯数.
func (s Section) HasPersons() bool { return len(s.Rows) > 0 && s.Rows[0].Persons != nil }

// PersonsLabel is the label of the line of a row's monthly 実人数.
func (r Row) PersonsLabel() string { return r.Label + "（実人数）" }

// Pending is a section the report cannot give yet because its records are
// not kept by this version.
type Pending struct {
	Key   string `json:"key"`
	Title string `json:"title"`
	Note  string `json:"note"`
}

// Label is the 年度 in 和暦 with the 西暦 beside: 令和8年度（2026年度）.
func (a *Annual) Label() string { return japanese.FiscalYearLabel(a.FiscalYear) }

// MonthNames are the report's months in 和暦 (令和8年4月 …).
func (a *Annual) MonthNames() []string {
	out := make([]string, len(a.Months))
	for i, m := range a.Months {
		out[i] = japanese.MonthName(m)
	}
	return out
}

// SetLabels fills the 和暦 names of the year and months.
func (a *Annual) SetLabels() {
	a.FiscalYearLabel = japanese.FiscalYearName(a.FiscalYear)
	a.MonthLabels = a.MonthNames()
}

// Section returns the section with key, if present.
func (a *Annual) Section(key string) (*Section, bool) {
	for i := range a.Sections {
		if a.Sections[i].Key == key {
			return &a.Sections[i], true
		}
	}
	return nil, false
}

// NewRow returns an empty row with twelve months.
func NewRow(label string, filter map[string]string) Row {
	return Row{Label: label, Filter: filter, Months: make([]int64, 12)}
}

// Add adds n to month index m (0 = April); m < 0 is ignored.
func (r *Row) Add(m int, n int64) {
	if m < 0 || m > 11 {
		return
	}
	r.Months[m] += n
	r.Total += n
}

// Shares fills each row's Share of the sum of the rows' totals.
func (s *Section) Shares() {
	var sum int64
	for _, r := range s.Rows {
		sum += r.Total
	}
	for i := range s.Rows {
		if sum > 0 {
			s.Rows[i].Share = float64(s.Rows[i].Total*1000/sum) / 10
		}
	}
}

// FiscalRange is a fiscal year: its days and, for instants stored in UTC,
// the UTC instants at which each Japanese month starts.
type FiscalRange struct {
	Year     int
	From, To string // YYYY-MM-DD
	// MonthStarts holds 13 storage timestamps: the start of each month in
	// Japan (April … March) and the start of the next fiscal year.
	MonthStarts []string
	Months      []string // YYYY-MM
}

// Fiscal returns the range of fiscal year fy (年度 fy: April fy to March fy+1).
func Fiscal(fy int) FiscalRange {
	r := FiscalRange{Year: fy, From: strconv.Itoa(fy) + "-04-01", To: strconv.Itoa(fy+1) + "-03-31"}
	for i := 0; i <= 12; i++ {
		t := time.Date(fy, time.Month(4+i), 1, 0, 0, 0, 0, casework.JST)
		r.MonthStarts = append(r.MonthStarts, t.UTC().Format(casework.TimeFormat))
		if i < 12 {
			r.Months = append(r.Months, t.Format("2006-01"))
		}
	}
	return r
}

// MonthIndex returns the fiscal month index (0 = April … 11 = March) of a
// day or month (YYYY-MM-DD or YYYY-MM) within the range, or -1.
func (r FiscalRange) MonthIndex(day string) int {
	if len(day) < 7 {
		return -1
	}
	for i, m := range r.Months {
		if day[:7] == m {
			return i
		}
	}
	return -1
}

// InstantMonth returns the fiscal month index of a stored instant, or -1.
func (r FiscalRange) InstantMonth(ts string) int {
	if ts < r.MonthStarts[0] || ts >= r.MonthStarts[12] {
		return -1
	}
	for i := 11; i >= 0; i-- {
		if ts >= r.MonthStarts[i] {
			return i
		}
	}
	return -1
}

// fiscalYearMsg tells how to write a 年度.
const fiscalYearMsg = "年度を「令和8年度」「R8」「2026」のように指定してください。"

// ValidFiscalYear checks a fiscal year typed by a user.
func ValidFiscalYear(fy int) error {
	if fy < 2000 || fy > 2200 {
		return fiscalYearError(fiscalYearMsg)
	}
	return nil
}

func fiscalYearError(msg string) error {
	return &casework.Error{Code: casework.EINVALID, Message: msg, Fields: map[string]string{"fiscal_year": msg}}
}

// ParseFiscalYear reads a fiscal year from a query value: 西暦 (2026,
// 2026年度) or 和暦 (令和8年度, R8); empty is the current fiscal year at now.
func ParseFiscalYear(s string, now time.Time) (int, error) {
	if s == "" {
		return CurrentFiscalYear(now), nil
	}
	fy, err := japanese.ParseFiscalYear(s)
	if err != nil {
		return 0, fiscalYearError(err.Error())
	}
	return fy, ValidFiscalYear(fy)
}

// CurrentFiscalYear is the fiscal year of the Japanese day at now.
func CurrentFiscalYear(now time.Time) int {
	t := now.In(casework.JST)
	if t.Month() < time.April {
		return t.Year() - 1
	}
	return t.Year()
}

// DayBuckets are the classes of days to accept a referral.
var DayBuckets = []struct {
	Key      string
	Label    string
	Min, Max int // inclusive; Max < 0: no upper bound
}{
	{"0-1", "1日以内", 0, 1}, {"2-3", "2〜3日", 2, 3}, {"4-5", "4〜5日", 4, 5}, {"6-10", "6〜10日", 6, 10}, {"11-", "11日以上", 11, -1},
}

// DayBucket returns the key of the bucket of n days.
func DayBucket(n int) string {
	for _, b := range DayBuckets {
		if n >= b.Min && (b.Max < 0 || n <= b.Max) {
			return b.Key
		}
	}
	return DayBuckets[0].Key
}

// DaysBetween counts Japanese calendar days from one instant to another.
func DaysBetween(from, to time.Time) int {
	f, _ := time.Parse("2006-01-02", casework.Today(from))
	t, _ := time.Parse("2006-01-02", casework.Today(to))
	n := int(t.Sub(f).Hours() / 24)
	if n < 0 {
		return 0
	}
	return n
}

// CanView reports whether a user may see the municipality's reports: the
// figures are aggregate and carry no personal data; the records behind them
// are listed only as far as the user may read them.
func CanView(a casework.Actor) bool {
	return casework.CanHandleCases(a) || a.Has("municipal_admin")
}

// CanSetTargets: the municipal administrator sets the targets (目標値).
func CanSetTargets(a casework.Actor) bool { return a.Has("municipal_admin") }

// ErrNoReports is returned to users who may not see the reports.
var ErrNoReports = casework.Errorf(casework.EFORBIDDEN, "集計を閲覧する権限がありません。")
