package japanese

import "time"

// IsWorkingDay reports whether the calendar date of t is a working day of
// a municipal office: not a Saturday or Sunday, not a public holiday (see
// IsHoliday) and not in the year-end/new-year closure (12月29日–1月3日).
func IsWorkingDay(t time.Time) bool {
	switch t.Weekday() {
	case time.Saturday, time.Sunday:
		return false
	}
	_, m, d := t.Date()
	if (m == time.December && d >= 29) || (m == time.January && d <= 3) {
		return false
	}
	_, holiday := IsHoliday(t)
	return !holiday
}

// NextWorkingDay returns t itself if it falls on a working day, otherwise
// the first working day after it (the usual rule for a deadline that falls
// on a day the office is closed). The time of day and location of t are
// kept.
func NextWorkingDay(t time.Time) time.Time {
	for !IsWorkingDay(t) {
		t = t.AddDate(0, 0, 1)
	}
	return t
}

// AddWorkingDays moves n working days forward from t (backward when n is
// negative), counting only working days; t itself need not be a working
// day. AddWorkingDays(t, 0) returns t unchanged. The time of day and
// location of t are kept.
func AddWorkingDays(t time.Time, n int) time.Time {
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		t = t.AddDate(0, 0, step)
		if IsWorkingDay(t) {
			n--
		}
	}
	return t
}
