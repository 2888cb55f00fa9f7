package japanese

import (
	"fmt"
	"reflect"
	"testing"
	"time"
)

// holidayList returns all holidays of year y as "MM-DD name".
func holidayList(y int) []string {
	var out []string
	for t := day(y, 1, 1); t.Year() == y; t = t.AddDate(0, 0, 1) {
		if name, ok := IsHoliday(t); ok {
			out = append(out, fmt.Sprintf("%s %s", t.Format("01-02"), name))
		}
	}
	return out
}

// The official lists published by 内閣府.
func TestHolidays2025And2026(t *testing.T) {
	want := map[int][]string{
		2025: {
			"01-01 元日", "01-13 成人の日", "02-11 建国記念の日", "02-23 天皇誕生日",
			"02-24 振替休日", "03-20 春分の日", "04-29 昭和の日", "05-03 憲法記念日",
			"05-04 みどりの日", "05-05 こどもの日", "05-06 振替休日", "07-21 海の日",
			"08-11 山の日", "09-15 敬老の日", "09-23 秋分の日", "10-13 スポーツの日",
			"11-03 文化の日", "11-23 勤労感謝の日", "11-24 振替休日",
		},
		2026: {
			"01-01 元日", "01-12 成人の日", "02-11 建国記念の日", "02-23 天皇誕生日",
			"03-20 春分の日", "04-29 昭和の日", "05-03 憲法記念日", "05-04 みどりの日",
			"05-05 こどもの日", "05-06 振替休日", "07-20 海の日", "08-11 山の日",
			"09-21 敬老の日", "09-22 国民の休日", "09-23 秋分の日", "10-12 スポーツの日",
			"11-03 文化の日", "11-23 勤労感謝の日",
		},
	}
	for y, w := range want {
		if got := holidayList(y); !reflect.DeepEqual(got, w) {
			t.Errorf("holidays %d:\n got  %q\n want %q", y, got, w)
		}
	}
}

func TestHolidaySpecialYears(t *testing.T) {
	tests := []struct {
		t    time.Time
		name string // "" means not a holiday
	}{
		{day(2018, 12, 23), "天皇誕生日"},
		{day(2018, 12, 24), "振替休日"},
		{day(2019, 12, 23), ""},
		{day(2019, 2, 23), ""},
		{day(2020, 2, 23), "天皇誕生日"},
		{day(2020, 2, 24), "振替休日"},
		{day(2019, 4, 30), "国民の休日"},
		{day(2019, 5, 1), "天皇の即位の日"},
		{day(2019, 5, 2), "国民の休日"},
		{day(2019, 5, 6), "振替休日"},
		{day(2019, 10, 22), "即位礼正殿の儀の行われる日"},
		{day(2019, 10, 14), "体育の日"},
		{day(2020, 7, 20), ""},
		{day(2020, 7, 23), "海の日"},
		{day(2020, 7, 24), "スポーツの日"},
		{day(2020, 8, 10), "山の日"},
		{day(2020, 8, 11), ""},
		{day(2020, 10, 12), ""},
		{day(2021, 7, 19), ""},
		{day(2021, 7, 22), "海の日"},
		{day(2021, 7, 23), "スポーツの日"},
		{day(2021, 8, 8), "山の日"},
		{day(2021, 8, 9), "振替休日"},
		{day(2021, 10, 11), ""},
		{day(2022, 10, 10), "スポーツの日"},
		{day(2015, 8, 11), ""},
		{day(2016, 8, 11), "山の日"},
		{day(2000, 1, 10), "成人の日"},
		{day(2000, 10, 9), "体育の日"},
		{day(2002, 7, 20), "海の日"},
		{day(2002, 9, 15), "敬老の日"},
		{day(2003, 7, 21), "海の日"},
		{day(2003, 9, 15), "敬老の日"},
		{day(2006, 4, 29), "みどりの日"},
		{day(2006, 5, 4), "国民の休日"},
		{day(2007, 4, 29), "昭和の日"},
		{day(2007, 4, 30), "振替休日"},
		{day(2008, 5, 6), "振替休日"}, // 5/4 (Sun) moves past 5/5
		{day(2003, 5, 4), ""},     // Sunday between two 祝日 before 2007
		{day(2009, 9, 22), "国民の休日"},
		{day(2015, 9, 22), "国民の休日"},
		{day(2032, 9, 21), "国民の休日"},
		{day(2012, 3, 20), "春分の日"},
		{day(2023, 3, 21), "春分の日"},
		{day(2024, 9, 22), "秋分の日"},
		{day(2024, 9, 23), "振替休日"},
		{day(2027, 3, 21), "春分の日"},
		{day(2028, 9, 22), "秋分の日"},
		{day(2012, 9, 22), "秋分の日"},
		{day(2035, 1, 1), "元日"},
		{day(1999, 1, 1), ""}, // outside the covered range
		{day(2036, 1, 1), ""},
	}
	for _, tt := range tests {
		name, ok := IsHoliday(tt.t)
		if name != tt.name || ok != (tt.name != "") {
			t.Errorf("IsHoliday(%s) = %q, %v; want %q", tt.t.Format(time.DateOnly), name, ok, tt.name)
		}
	}
}

func TestHolidayCounts(t *testing.T) {
	for y := HolidayFirstYear; y <= HolidayLastYear; y++ {
		if n := len(holidayList(y)); n < 14 || n > 22 {
			t.Errorf("%d has %d holidays", y, n)
		}
	}
}

func TestHolidayLocation(t *testing.T) {
	jst := time.FixedZone("JST", 9*3600)
	// 2026-01-11 23:30 UTC is 2026-01-12 08:30 JST (成人の日).
	tt := time.Date(2026, 1, 11, 23, 30, 0, 0, time.UTC).In(jst)
	if name, ok := IsHoliday(tt); !ok || name != "成人の日" {
		t.Errorf("IsHoliday(JST) = %q, %v", name, ok)
	}
}

func TestWorkingDays(t *testing.T) {
	tests := []struct {
		name string
		got  time.Time
		want time.Time
	}{
		{"working day itself", NextWorkingDay(day(2025, 4, 1)), day(2025, 4, 1)},
		{"saturday", NextWorkingDay(day(2025, 4, 5)), day(2025, 4, 7)},
		{"golden week", NextWorkingDay(day(2025, 5, 3)), day(2025, 5, 7)},
		{"year end", NextWorkingDay(day(2025, 12, 27)), day(2026, 1, 5)},
		{"year end 12-29 weekday", NextWorkingDay(day(2026, 12, 29)), day(2027, 1, 4)},
		{"silver week", NextWorkingDay(day(2026, 9, 19)), day(2026, 9, 24)},
		{"add 0", AddWorkingDays(day(2025, 5, 3), 0), day(2025, 5, 3)},
		{"add 1", AddWorkingDays(day(2025, 5, 2), 1), day(2025, 5, 7)},
		{"add 5", AddWorkingDays(day(2025, 4, 1), 5), day(2025, 4, 8)},
		{"add 10 over GW", AddWorkingDays(day(2025, 4, 25), 10), day(2025, 5, 14)},
		{"add -1", AddWorkingDays(day(2026, 1, 5), -1), day(2025, 12, 26)},
		{"add -3", AddWorkingDays(day(2025, 5, 7), -3), day(2025, 4, 30)},
	}
	for _, tt := range tests {
		if !tt.got.Equal(tt.want) {
			t.Errorf("%s: got %s, want %s", tt.name, tt.got.Format(time.DateOnly), tt.want.Format(time.DateOnly))
		}
	}
	// Time of day and location are kept.
	jst := time.FixedZone("JST", 9*3600)
	in := time.Date(2025, 5, 3, 17, 0, 0, 0, jst)
	if got := NextWorkingDay(in); !got.Equal(time.Date(2025, 5, 7, 17, 0, 0, 0, jst)) || got.Location() != jst {
		t.Errorf("NextWorkingDay(JST) = %v", got)
	}
	if IsWorkingDay(day(2026, 1, 3)) || IsWorkingDay(day(2025, 12, 29)) || !IsWorkingDay(day(2025, 12, 26)) {
		t.Error("IsWorkingDay year-end closure wrong")
	}
}
