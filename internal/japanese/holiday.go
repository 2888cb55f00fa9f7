package japanese

import (
	"sync"
	"time"
)

// Years covered by IsHoliday.
const (
	HolidayFirstYear = 2000
	HolidayLastYear  = 2035
)

// Names of substitute and in-between holidays.
const (
	holidayFurikae = "振替休日"
	holidayKokumin = "国民の休日"
)

// holidays is the table of public holidays for HolidayFirstYear through
// HolidayLastYear, keyed by yyyymmdd. It is built once and never modified.
var holidays = sync.OnceValue(func() map[int]string {
	all := make(map[int]string, 20*(HolidayLastYear-HolidayFirstYear+1))
	for y := HolidayFirstYear; y <= HolidayLastYear; y++ {
		for k, v := range holidaysOf(y) {
			all[k] = v
		}
	}
	return all
})

// IsHoliday reports whether the calendar date of t (in t's location) is a
// Japanese public holiday (国民の祝日, 振替休日 or 国民の休日) and returns
// its name. Only the years 2000–2035 are covered; other years always give
// false. The dates are computed from the rules of 国民の祝日に関する法律
// and the special laws for 2019–2021; 春分の日 and 秋分の日 use the usual
// approximation formula, which matches the official dates in this range.
// Observances that are not holidays (e.g. the year-end closure) are not
// reported here; see IsWorkingDay.
func IsHoliday(t time.Time) (name string, ok bool) {
	y, m, d := t.Date()
	name, ok = holidays()[packYMD(y, int(m), d)]
	return name, ok
}

// nthMonday returns the day of month of the n-th Monday of month m.
func nthMonday(y, m, n int) int {
	wd := time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC).Weekday()
	first := 1 + (int(time.Monday)-int(wd)+7)%7
	return first + 7*(n-1)
}

// equinoxDays returns the days in March and September of 春分の日 and
// 秋分の日 by the standard formula (valid 1980–2099).
func equinoxDays(y int) (spring, autumn int) {
	n := float64(y - 1980)
	leap := float64((y - 1980) / 4)
	spring = int(20.8431 + 0.242194*n - leap)
	autumn = int(23.2488 + 0.242194*n - leap)
	return spring, autumn
}

// holidaysOf computes the holidays of one year (2000 or later).
func holidaysOf(y int) map[int]string {
	h := make(map[int]string, 24)
	add := func(m, d int, name string) { h[packYMD(y, m, d)] = name }

	add(1, 1, "元日")
	add(1, nthMonday(y, 1, 2), "成人の日")
	add(2, 11, "建国記念の日")
	if y >= 2020 {
		add(2, 23, "天皇誕生日")
	}
	spring, autumn := equinoxDays(y)
	add(3, spring, "春分の日")
	if y >= 2007 {
		add(4, 29, "昭和の日")
		add(5, 4, "みどりの日")
	} else {
		add(4, 29, "みどりの日")
	}
	add(5, 3, "憲法記念日")
	add(5, 5, "こどもの日")
	switch {
	case y == 2020:
		add(7, 23, "海の日")
		add(7, 24, "スポーツの日")
		add(8, 10, "山の日")
	case y == 2021:
		add(7, 22, "海の日")
		add(7, 23, "スポーツの日")
		add(8, 8, "山の日")
	default:
		if y <= 2002 {
			add(7, 20, "海の日")
		} else {
			add(7, nthMonday(y, 7, 3), "海の日")
		}
		if y >= 2016 {
			add(8, 11, "山の日")
		}
		if y >= 2022 {
			add(10, nthMonday(y, 10, 2), "スポーツの日")
		} else {
			add(10, nthMonday(y, 10, 2), "体育の日")
		}
	}
	if y <= 2002 {
		add(9, 15, "敬老の日")
	} else {
		add(9, nthMonday(y, 9, 3), "敬老の日")
	}
	add(9, autumn, "秋分の日")
	add(11, 3, "文化の日")
	add(11, 23, "勤労感謝の日")
	if y <= 2018 {
		add(12, 23, "天皇誕生日")
	}
	if y == 2019 {
		add(5, 1, "天皇の即位の日")
		add(10, 22, "即位礼正殿の儀の行われる日")
	}

	// 振替休日: a 祝日 on a Sunday moves to the next day that is not a 祝日
	// (from 2007); before 2007 only to the Monday, if that was free.
	furikae := map[int]string{}
	for k := range h {
		t := dayOf(k)
		if t.Weekday() != time.Sunday {
			continue
		}
		for next := t.AddDate(0, 0, 1); ; next = next.AddDate(0, 0, 1) {
			p := packTime(next)
			if _, taken := h[p]; !taken {
				furikae[p] = holidayFurikae
				break
			}
			if y < 2007 {
				break
			}
		}
	}
	// 国民の休日: a day between two 祝日 that is not itself a holiday and
	// not a Sunday.
	kokumin := map[int]string{}
	for k := range h {
		t := dayOf(k).AddDate(0, 0, 1)
		p := packTime(t)
		_, isHoliday := h[p]
		_, isFurikae := furikae[p]
		_, after := h[packTime(t.AddDate(0, 0, 1))]
		if !isHoliday && !isFurikae && after && t.Weekday() != time.Sunday {
			kokumin[p] = holidayKokumin
		}
	}
	for k, v := range furikae {
		h[k] = v
	}
	for k, v := range kokumin {
		h[k] = v
	}
	return h
}

func dayOf(p int) time.Time {
	y, m, d := unpackYMD(p)
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
}

func packTime(t time.Time) int {
	y, m, d := t.Date()
	return packYMD(y, int(m), d)
}
