package japanese

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// era is one Japanese era (元号) with the first and last day it was in use.
// Dates are packed as yyyymmdd integers so that they compare with < and >.
type era struct {
	name   string // 令和
	letter byte   // R
	start  int    // yyyymmdd of 元年 first day
	end    int    // yyyymmdd of the last day (99999999 for the current era)
}

// eras lists the supported eras in chronological order. It is read from
// data/eras.tsv: a new era is a line there, not a change of code.
var eras = mustEras(erasTSV)

//go:embed data/eras.tsv
var erasTSV string

// parseEras reads the era table (name, letter, first day; oldest first).
// Each era ends the day before the next one starts.
func parseEras(tsv string) ([]era, error) {
	var out []era
	for i, line := range strings.Split(tsv, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 || len(f[1]) != 1 || f[1][0] < 'A' || f[1][0] > 'Z' {
			return nil, fmt.Errorf("eras.tsv line %d: want name, letter, first day", i+1)
		}
		t, err := time.Parse("2006-01-02", f[2])
		if err != nil {
			return nil, fmt.Errorf("eras.tsv line %d: %v", i+1, err)
		}
		start := packYMD(t.Year(), int(t.Month()), t.Day())
		if n := len(out); n > 0 {
			if start <= out[n-1].start {
				return nil, fmt.Errorf("eras.tsv line %d: eras must be in order", i+1)
			}
			p := t.AddDate(0, 0, -1)
			out[n-1].end = packYMD(p.Year(), int(p.Month()), p.Day())
		}
		out = append(out, era{name: f[0], letter: f[1][0], start: start, end: 99999999})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("eras.tsv: no era")
	}
	return out, nil
}

func mustEras(tsv string) []era {
	e, err := parseEras(tsv)
	if err != nil {
		panic(err)
	}
	return e
}

// Era is one era for other packages (the browser's converter is given the
// same table).
type Era struct {
	Name, Letter string
	Start        string // YYYY-MM-DD
}

// Eras returns the era table, oldest first.
func Eras() []Era {
	out := make([]Era, len(eras))
	for i, e := range eras {
		y, m, d := unpackYMD(e.start)
		out[i] = Era{e.name, string(e.letter), fmt.Sprintf("%04d-%02d-%02d", y, m, d)}
	}
	return out
}

func packYMD(y, m, d int) int { return y*10000 + m*100 + d }

func unpackYMD(p int) (y, m, d int) { return p / 10000, p / 100 % 100, p % 100 }

// eraAt returns the index in eras of the era in use on the given day, or -1
// for days before 明治.
func eraAt(y, m, d int) int {
	p := packYMD(y, m, d)
	for i := len(eras) - 1; i >= 0; i-- {
		if p >= eras[i].start {
			return i
		}
	}
	return -1
}

// eraYear returns the 和暦 year of Gregorian year y in era e.
func eraYear(e int, y int) int { return y - eras[e].start/10000 + 1 }

// eraYearString renders a 和暦 year number, using 元 for the first year.
func eraYearString(n int) string {
	if n == 1 {
		return "元"
	}
	return strconv.Itoa(n)
}

func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// FormatWareki formats the calendar date of t (in t's location) as 和暦,
// e.g. 令和7年4月1日 or 令和元年5月1日. Dates before 明治 are formatted
// in 西暦 (1850年1月1日) because they have no supported era.
func FormatWareki(t time.Time) string {
	y, m, d := t.Date()
	e := eraAt(y, int(m), d)
	if e < 0 {
		return fmt.Sprintf("%d年%d月%d日", y, int(m), d)
	}
	return fmt.Sprintf("%s%s年%d月%d日", eras[e].name, eraYearString(eraYear(e, y)), int(m), d)
}

// FormatBoth formats t as 和暦 followed by the ISO date:
// 令和7年4月1日 / 2025-04-01.
func FormatBoth(t time.Time) string {
	return FormatWareki(t) + " / " + t.Format("2006-01-02")
}

// Display renders d for people: 令和7年4月1日 (2025), 令和7年4月 (2025) or
// 令和7年 (2025) depending on the precision, and 不明 when unknown.
// A month or year that spans two eras is shown in the later era (the era
// in use on the last day of the month or on 12月31日), e.g. 1989-01 is
// 平成元年1月 (1989). Dates before 明治 are shown in 西暦 only.
func (d Date) Display() string {
	var y, m, day int
	switch d.Precision {
	case PrecisionDay:
		y, m, day = d.Year, d.Month, d.Day
	case PrecisionMonth:
		y, m, day = d.Year, d.Month, daysIn(d.Year, d.Month)
	case PrecisionYear:
		y, m, day = d.Year, 12, 31
	default:
		return "不明"
	}
	e := eraAt(y, m, day)
	var s string
	if e >= 0 {
		s = eras[e].name + eraYearString(eraYear(e, y)) + "年"
	} else {
		s = strconv.Itoa(y) + "年"
	}
	switch d.Precision {
	case PrecisionDay:
		s += fmt.Sprintf("%d月%d日", m, day)
	case PrecisionMonth:
		s += fmt.Sprintf("%d月", m)
	}
	if e < 0 {
		return s
	}
	return fmt.Sprintf("%s (%d)", s, y)
}

// Age returns the age in completed years of a person born on birth, as of
// the calendar date of on. The birthday counts from the day itself (a
// person born on 4月1日 turns one year older on 4月1日). With month
// precision the birthday is assumed to be the first of the month; with
// year precision the age is simply the difference of the years. It returns
// false when birth is unknown or lies after on.
func Age(birth Date, on time.Time) (int, bool) {
	y, mm, d := on.Date()
	m := int(mm)
	var age int
	switch birth.Precision {
	case PrecisionDay:
		age = y - birth.Year
		if m < birth.Month || (m == birth.Month && d < birth.Day) {
			age--
		}
	case PrecisionMonth:
		age = y - birth.Year
		if m < birth.Month {
			age--
		}
	case PrecisionYear:
		age = y - birth.Year
	default:
		return 0, false
	}
	if age < 0 {
		return 0, false
	}
	return age, true
}

// FiscalYear returns the 年度 (April to March) that the calendar date of t
// belongs to: 2026-03-31 is in 2025年度 and 2026-04-01 in 2026年度.
func FiscalYear(t time.Time) int {
	y, m, _ := t.Date()
	if m < time.April {
		return y - 1
	}
	return y
}

// FiscalYearLabel names the 年度 that begins in April of fy as people in a
// municipality write it, with the 西暦 beside: 令和8年度（2026年度）. The era is
// the one in use at the end of calendar year fy, which gives the customary
// names at both era changes: 2019年度 is 令和元年度, 1988年度 昭和63年度.
func FiscalYearLabel(fy int) string {
	e := eraAt(fy, 12, 31)
	if e < 0 {
		return fmt.Sprintf("%d年度", fy)
	}
	return fmt.Sprintf("%s%s年度（%d年度）", eras[e].name, eraYearString(eraYear(e, fy)), fy)
}
