package japanese

import (
	"errors"
	"testing"
	"time"
)

func TestParseDateValid(t *testing.T) {
	tests := []struct {
		in   string
		want string // ISO
		prec Precision
	}{
		{"2025-04-01", "2025-04-01", PrecisionDay},
		{"2025/4/1", "2025-04-01", PrecisionDay},
		{"2025.4.1", "2025-04-01", PrecisionDay},
		{"2025年4月1日", "2025-04-01", PrecisionDay},
		{"20250401", "2025-04-01", PrecisionDay},
		{"2025-04", "2025-04", PrecisionMonth},
		{"2025/4", "2025-04", PrecisionMonth},
		{"202504", "2025-04", PrecisionMonth},
		{"2025年4月", "2025-04", PrecisionMonth},
		{"2025", "2025", PrecisionYear},
		{"2025年", "2025", PrecisionYear},
		{"R7.4.1", "2025-04-01", PrecisionDay},
		{"r7.4.1", "2025-04-01", PrecisionDay},
		{"R07.04.01", "2025-04-01", PrecisionDay},
		{"R7/4/1", "2025-04-01", PrecisionDay},
		{"R7-4-1", "2025-04-01", PrecisionDay},
		{"R7年4月1日", "2025-04-01", PrecisionDay},
		{"令和7年4月1日", "2025-04-01", PrecisionDay},
		{"令和元年5月1日", "2019-05-01", PrecisionDay},
		{"令和1年5月1日", "2019-05-01", PrecisionDay},
		{"令和 7年 4月 1日", "2025-04-01", PrecisionDay},
		{"S50.4.1", "1975-04-01", PrecisionDay},
		{"昭和50年4月1日", "1975-04-01", PrecisionDay},
		{"昭50.4.1", "1975-04-01", PrecisionDay},
		{"H31.4.30", "2019-04-30", PrecisionDay},
		{"平成31年4月30日", "2019-04-30", PrecisionDay},
		{"平成元年1月8日", "1989-01-08", PrecisionDay},
		{"昭和64年1月7日", "1989-01-07", PrecisionDay},
		{"T1.7.30", "1912-07-30", PrecisionDay},
		{"大正15年12月24日", "1926-12-24", PrecisionDay},
		{"昭和元年12月25日", "1926-12-25", PrecisionDay},
		{"M45.7.29", "1912-07-29", PrecisionDay},
		{"明治元年1月1日", "1868-01-01", PrecisionDay},
		{"明治33年", "1900", PrecisionYear},
		{"昭和50年", "1975", PrecisionYear},
		{"S50", "1975", PrecisionYear},
		{"S50.4", "1975-04", PrecisionMonth},
		{"昭和50年4月", "1975-04", PrecisionMonth},
		{"昭和64年", "1989", PrecisionYear},
		{"昭和64年1月", "1989-01", PrecisionMonth},
		{"平成31年", "2019", PrecisionYear},
		{"平成31年4月", "2019-04", PrecisionMonth},
		{"令和元年", "2019", PrecisionYear},
		{"Ｒ７．４．１", "2025-04-01", PrecisionDay},
		{"２０２５年４月１日", "2025-04-01", PrecisionDay},
		{"　2025-04-01 ", "2025-04-01", PrecisionDay},
		{"2024-02-29", "2024-02-29", PrecisionDay},
		{"", "", PrecisionUnknown},
		{"  ", "", PrecisionUnknown},
		{"不明", "", PrecisionUnknown},
		{" 不明　", "", PrecisionUnknown},
	}
	for _, tt := range tests {
		d, err := ParseDate(tt.in)
		if err != nil {
			t.Errorf("ParseDate(%q): %v", tt.in, err)
			continue
		}
		if d.ISO() != tt.want || d.Precision != tt.prec {
			t.Errorf("ParseDate(%q) = %s %s, want %s %s", tt.in, d.ISO(), d.Precision, tt.want, tt.prec)
		}
	}
}

func TestParseDateInvalid(t *testing.T) {
	tests := []struct {
		in   string
		kind DateErrorKind
		msg  string
	}{
		{"平成31年5月1日", DateErrEra, "平成31年5月1日は存在しない日付です（平成は31年4月30日まで）"},
		{"H31.5.1", DateErrEra, "平成31年5月1日は存在しない日付です（平成は31年4月30日まで）"},
		{"昭和64年1月8日", DateErrEra, "昭和64年1月8日は存在しない日付です（昭和は64年1月7日まで）"},
		{"令和元年4月30日", DateErrEra, "令和元年4月30日は存在しない日付です（令和は元年5月1日から）"},
		{"平成元年1月7日", DateErrEra, "平成元年1月7日は存在しない日付です（平成は元年1月8日から）"},
		{"大正元年7月29日", DateErrEra, "大正元年7月29日は存在しない日付です（大正は元年7月30日から）"},
		{"大正15年12月25日", DateErrEra, "大正15年12月25日は存在しない日付です（大正は15年12月24日まで）"},
		{"明治45年7月30日", DateErrEra, "明治45年7月30日は存在しない日付です（明治は45年7月29日まで）"},
		{"平成31年5月", DateErrEra, "平成31年5月は存在しない年月です（平成は31年4月まで）"},
		{"令和元年4月", DateErrEra, "令和元年4月は存在しない年月です（令和は元年5月から）"},
		{"平成32年", DateErrEra, "平成32年は存在しない年です（平成は31年まで）"},
		{"S65", DateErrEra, "昭和65年は存在しない年です（昭和は64年まで）"},
		{"令和0年1月1日", DateErrNotExist, "令和0年は存在しない年です"},
		{"2025年2月30日", DateErrNotExist, "2025年2月30日は存在しない日付です"},
		{"2025-02-29", DateErrNotExist, "2025年2月29日は存在しない日付です"},
		{"R7.2.29", DateErrNotExist, "令和7年2月29日は存在しない日付です"},
		{"2025-13-01", DateErrNotExist, "2025年13月1日は存在しない日付です"},
		{"2025-00", DateErrNotExist, "2025年0月は存在しない日付です"},
		{"2025/4/0", DateErrNotExist, "2025年4月0日は存在しない日付です"},
		{"abc", DateErrFormat, formatMsg},
		{"2025/4-1", DateErrFormat, formatMsg},
		{"25-04-01", DateErrFormat, formatMsg},
		{"R7.4.1.1", DateErrFormat, formatMsg},
		{"令和七年四月一日", DateErrFormat, formatMsg},
		{"X7.4.1", DateErrFormat, formatMsg},
		{"2025年4月1", DateErrFormat, formatMsg},
		{"0999-01-01", DateErrFormat, formatMsg},
	}
	for _, tt := range tests {
		d, err := ParseDate(tt.in)
		var de *DateError
		if !errors.As(err, &de) {
			t.Errorf("ParseDate(%q) = %+v, %v; want *DateError", tt.in, d, err)
			continue
		}
		if de.Kind != tt.kind || de.Error() != tt.msg || de.Input != tt.in {
			t.Errorf("ParseDate(%q) error = %s %q (input %q), want %s %q", tt.in, de.Kind, de.Error(), de.Input, tt.kind, tt.msg)
		}
	}
}

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// TestEraBoundaries round-trips the last day of each era and the first day
// of the next through FormatWareki and ParseDate.
func TestEraBoundaries(t *testing.T) {
	tests := []struct {
		t    time.Time
		want string
	}{
		{day(1868, 1, 1), "明治元年1月1日"},
		{day(1912, 7, 29), "明治45年7月29日"},
		{day(1912, 7, 30), "大正元年7月30日"},
		{day(1926, 12, 24), "大正15年12月24日"},
		{day(1926, 12, 25), "昭和元年12月25日"},
		{day(1989, 1, 7), "昭和64年1月7日"},
		{day(1989, 1, 8), "平成元年1月8日"},
		{day(2019, 4, 30), "平成31年4月30日"},
		{day(2019, 5, 1), "令和元年5月1日"},
		{day(2025, 4, 1), "令和7年4月1日"},
	}
	for _, tt := range tests {
		got := FormatWareki(tt.t)
		if got != tt.want {
			t.Errorf("FormatWareki(%s) = %q, want %q", tt.t.Format(time.DateOnly), got, tt.want)
		}
		d, err := ParseDate(got)
		if err != nil || !d.Time().Equal(tt.t) || d.Precision != PrecisionDay {
			t.Errorf("ParseDate(%q) = %+v, %v; want %s", got, d, err, tt.t.Format(time.DateOnly))
		}
		if both := FormatBoth(tt.t); both != tt.want+" / "+tt.t.Format(time.DateOnly) {
			t.Errorf("FormatBoth = %q", both)
		}
	}
	if got := FormatWareki(day(1867, 12, 31)); got != "1867年12月31日" {
		t.Errorf("FormatWareki(1867-12-31) = %q", got)
	}
}

func TestDisplayAndISO(t *testing.T) {
	tests := []struct {
		d       Date
		display string
		iso     string
		time    time.Time
	}{
		{Date{2025, 4, 1, PrecisionDay}, "令和7年4月1日 (2025)", "2025-04-01", day(2025, 4, 1)},
		{Date{2019, 5, 1, PrecisionDay}, "令和元年5月1日 (2019)", "2019-05-01", day(2019, 5, 1)},
		{Date{2025, 4, 0, PrecisionMonth}, "令和7年4月 (2025)", "2025-04", day(2025, 4, 1)},
		{Date{2019, 4, 0, PrecisionMonth}, "平成31年4月 (2019)", "2019-04", day(2019, 4, 1)},
		{Date{1989, 1, 0, PrecisionMonth}, "平成元年1月 (1989)", "1989-01", day(1989, 1, 1)},
		{Date{2025, 0, 0, PrecisionYear}, "令和7年 (2025)", "2025", day(2025, 1, 1)},
		{Date{2019, 0, 0, PrecisionYear}, "令和元年 (2019)", "2019", day(2019, 1, 1)},
		{Date{1989, 0, 0, PrecisionYear}, "平成元年 (1989)", "1989", day(1989, 1, 1)},
		{Date{1926, 0, 0, PrecisionYear}, "昭和元年 (1926)", "1926", day(1926, 1, 1)},
		{Date{1975, 0, 0, PrecisionYear}, "昭和50年 (1975)", "1975", day(1975, 1, 1)},
		{Date{1850, 3, 0, PrecisionMonth}, "1850年3月", "1850-03", day(1850, 3, 1)},
		{Date{Precision: PrecisionUnknown}, "不明", "", time.Time{}},
		{Date{}, "不明", "", time.Time{}},
	}
	for _, tt := range tests {
		if got := tt.d.Display(); got != tt.display {
			t.Errorf("%+v.Display() = %q, want %q", tt.d, got, tt.display)
		}
		if got := tt.d.ISO(); got != tt.iso {
			t.Errorf("%+v.ISO() = %q, want %q", tt.d, got, tt.iso)
		}
		if got := tt.d.Time(); !got.Equal(tt.time) {
			t.Errorf("%+v.Time() = %v, want %v", tt.d, got, tt.time)
		}
		back, err := ParseISO(tt.iso)
		want := tt.d
		if !want.Known() {
			want = Date{Precision: PrecisionUnknown}
		}
		if err != nil || back != want {
			t.Errorf("ParseISO(%q) = %+v, %v; want %+v", tt.iso, back, err, want)
		}
	}
	for _, bad := range []string{"2025-4-1", "2025/04/01", "R7.4.1", "2025-02-30", "2025-13", "0000", "20250401", " 2025"} {
		if d, err := ParseISO(bad); err == nil {
			t.Errorf("ParseISO(%q) = %+v, want error", bad, d)
		}
	}
}

func TestAge(t *testing.T) {
	birth := Date{1950, 4, 1, PrecisionDay}
	tests := []struct {
		birth Date
		on    time.Time
		want  int
		ok    bool
	}{
		{birth, day(2025, 3, 31), 74, true},
		{birth, day(2025, 4, 1), 75, true},
		{Date{2000, 2, 29, PrecisionDay}, day(2025, 2, 28), 24, true},
		{Date{2000, 2, 29, PrecisionDay}, day(2025, 3, 1), 25, true},
		{Date{1950, 4, 0, PrecisionMonth}, day(2025, 3, 31), 74, true},
		{Date{1950, 4, 0, PrecisionMonth}, day(2025, 4, 1), 75, true},
		{Date{1950, 0, 0, PrecisionYear}, day(2025, 1, 1), 75, true},
		{Date{Precision: PrecisionUnknown}, day(2025, 1, 1), 0, false},
		{Date{2030, 1, 1, PrecisionDay}, day(2025, 1, 1), 0, false},
	}
	for _, tt := range tests {
		got, ok := Age(tt.birth, tt.on)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Age(%+v, %s) = %d, %v; want %d, %v", tt.birth, tt.on.Format(time.DateOnly), got, ok, tt.want, tt.ok)
		}
	}
}

func TestFiscalYear(t *testing.T) {
	tests := []struct {
		t    time.Time
		want int
	}{
		{day(2026, 3, 31), 2025},
		{day(2026, 4, 1), 2026},
		{day(2025, 1, 1), 2024},
		{day(2025, 12, 31), 2025},
	}
	for _, tt := range tests {
		if got := FiscalYear(tt.t); got != tt.want {
			t.Errorf("FiscalYear(%s) = %d, want %d", tt.t.Format(time.DateOnly), got, tt.want)
		}
	}
}

func TestFiscalYearLabel(t *testing.T) {
	for fy, want := range map[int]string{
		2026: "令和8年度（2026年度）", 2019: "令和元年度（2019年度）", 2018: "平成30年度（2018年度）",
		1988: "昭和63年度（1988年度）", 1989: "平成元年度（1989年度）",
	} {
		if got := FiscalYearLabel(fy); got != want {
			t.Errorf("FiscalYearLabel(%d) = %q, want %q", fy, got, want)
		}
	}
}
