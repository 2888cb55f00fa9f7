package japanese

import (
	"fmt"
	"strconv"
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

// eras lists the supported eras in chronological order.
//
// 明治 officially began on 1868-10-23 (明治元年 was applied retroactively
// from 1868-01-25 in the old calendar). For simplicity every 1868 date is
// accepted as 明治元年, so 明治 starts here on 1868-01-01.
var eras = [...]era{
	{"明治", 'M', 18680101, 19120729},
	{"大正", 'T', 19120730, 19261224},
	{"昭和", 'S', 19261225, 19890107},
	{"平成", 'H', 19890108, 20190430},
	{"令和", 'R', 20190501, 99999999},
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
