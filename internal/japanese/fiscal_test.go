package japanese

import "testing"

func TestParseFiscalYear(t *testing.T) {
	for in, want := range map[string]int{
		"令和8年度": 2026, "令和8": 2026, "R8": 2026, "r8": 2026, "Ｒ８": 2026, "令8年度": 2026, "2026": 2026,
		"２０２６年度": 2026, "令和8年度（2026年度）": 2026, " 令和 8 年度 ": 2026, "令和元年度": 2019, "平成31年度": 2019,
		"H30": 2018, "昭和63年度": 1988,
	} {
		if got, err := ParseFiscalYear(in); err != nil || got != want {
			t.Errorf("ParseFiscalYear(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "令和", "R0", "平成32年度", "来年", "26", "R8.4"} {
		if _, err := ParseFiscalYear(in); err == nil {
			t.Errorf("ParseFiscalYear(%q): want an error", in)
		}
	}
	if got := FiscalYearName(2026); got != "令和8年度" {
		t.Errorf("FiscalYearName(2026) = %q", got)
	}
	for in, want := range map[string]string{"2026-04": "令和8年4月", "2027-03": "令和9年3月", "2019-04": "平成31年4月", "2019-05": "令和元年5月"} {
		if got := MonthName(in); got != want {
			t.Errorf("MonthName(%q) = %q; want %q", in, got, want)
		}
	}
}
