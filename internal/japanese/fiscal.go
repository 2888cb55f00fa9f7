package japanese

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// FiscalYearError is returned by ParseFiscalYear; its message is Japanese.
type FiscalYearError struct{ Msg string }

func (e *FiscalYearError) Error() string { return e.Msg }

const fiscalFormatMsg = "年度は「令和8年度」「R8」「2026」のように入力してください。"

var (
	reFiscalSeireki = regexp.MustCompile(`^([1-9]\d{3})(?:年度?)?$`)
	reFiscalWareki  = regexp.MustCompile(`^(\d{1,2}|元)(?:年度?)?$`)
)

// ParseFiscalYear reads a 年度 as typed by staff and returns the Gregorian
// year in which it begins: 「令和8年度」「令和8」「R8」「r8」「令8」「2026」
// 「2026年度」 and 「令和8年度（2026年度）」 (as FiscalYearLabel writes it) all
// give 2026; full-width characters and spaces are allowed. A 和暦 年度 must
// lie in its era (平成31年度 and 令和元年度 are both 2019).
func ParseFiscalYear(s string) (int, error) {
	n := compact(norm.NFKC.String(s))
	if i := strings.IndexAny(n, "(（"); i > 0 {
		n = n[:i]
	}
	if sub := reFiscalSeireki.FindStringSubmatch(n); sub != nil {
		y, _ := strconv.Atoi(sub[1])
		return y, nil
	}
	for _, e := range eraNames {
		rest, ok := strings.CutPrefix(n, e.prefix)
		if !ok {
			continue
		}
		sub := reFiscalWareki.FindStringSubmatch(rest)
		if sub == nil {
			return 0, &FiscalYearError{fiscalFormatMsg}
		}
		k := num(sub[1])
		fy := eras[e.era].start/10000 + k - 1
		if k < 1 || (eraAt(fy, 4, 1) != e.era && eraAt(fy, 12, 31) != e.era) {
			return 0, &FiscalYearError{fmt.Sprintf("%s%s年度はありません。", eras[e.era].name, sub[1])}
		}
		return fy, nil
	}
	return 0, &FiscalYearError{fiscalFormatMsg}
}

// FiscalYearName names the 年度 fy in 和暦 only: 令和8年度 (FiscalYearLabel
// adds the 西暦 beside it).
func FiscalYearName(fy int) string {
	e := eraAt(fy, 12, 31)
	if e < 0 {
		return fmt.Sprintf("%d年度", fy)
	}
	return eras[e].name + eraYearString(eraYear(e, fy)) + "年度"
}

// MonthName names a month (YYYY-MM or YYYY-MM-DD) in 和暦: 令和8年4月. A month
// in which the era changed is named in the later era, as Date.Display does.
func MonthName(ym string) string {
	d, err := ParseISO(ym[:min(len(ym), 7)])
	if err != nil || d.Precision != PrecisionMonth {
		return ym
	}
	e := eraAt(d.Year, d.Month, daysIn(d.Year, d.Month))
	if e < 0 {
		return fmt.Sprintf("%d年%d月", d.Year, d.Month)
	}
	return fmt.Sprintf("%s%s年%d月", eras[e].name, eraYearString(eraYear(e, d.Year)), d.Month)
}
