package japanese

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Precision says which parts of a Date are known.
type Precision string

// Precisions of a Date.
const (
	PrecisionDay     Precision = "day"
	PrecisionMonth   Precision = "month"
	PrecisionYear    Precision = "year"
	PrecisionUnknown Precision = "unknown"
)

// Date is a Gregorian calendar date that may be known only to the month or
// the year (common for the birth dates of elderly residents). Month and Day
// are 0 when not known. The zero Date is treated as unknown.
type Date struct {
	Year, Month, Day int
	Precision        Precision
}

// Known reports whether d has at least a year.
func (d Date) Known() bool {
	switch d.Precision {
	case PrecisionDay, PrecisionMonth, PrecisionYear:
		return true
	}
	return false
}

// Time returns d as midnight UTC; a missing month or day is taken as 1.
// An unknown date gives the zero time.Time.
func (d Date) Time() time.Time {
	if !d.Known() {
		return time.Time{}
	}
	m, day := max(d.Month, 1), max(d.Day, 1)
	return time.Date(d.Year, time.Month(m), day, 0, 0, 0, 0, time.UTC)
}

// ISO returns the stored form of d: 2025-04-01, 2025-04 or 2025, and ""
// when unknown. ParseISO reads it back.
func (d Date) ISO() string {
	switch d.Precision {
	case PrecisionDay:
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	case PrecisionMonth:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	case PrecisionYear:
		return fmt.Sprintf("%04d", d.Year)
	}
	return ""
}

// DateErrorKind classifies a DateError.
type DateErrorKind string

// Kinds of DateError.
const (
	DateErrFormat   DateErrorKind = "format"    // not a recognised date form
	DateErrNotExist DateErrorKind = "not_exist" // e.g. 2月30日, 13月
	DateErrEra      DateErrorKind = "era_range" // outside the era, e.g. 平成31年5月1日
)

// DateError is returned by ParseDate and ParseISO. Its message is Japanese
// and can be shown to staff as-is.
type DateError struct {
	Input string        // the string that was parsed
	Kind  DateErrorKind // what went wrong
	Msg   string        // Japanese message
}

func (e *DateError) Error() string { return e.Msg }

const formatMsg = "日付の形式が正しくありません（例: 2025-04-01、R7.4.1、令和7年4月1日）"

var (
	// Year, then optionally month and day, either with 年月日 or with one
	// kind of separator. The year pattern differs for 西暦 and 和暦.
	reSeirekiKanji = regexp.MustCompile(`^([1-9]\d{3})年(?:(\d{1,2})月(?:(\d{1,2})日)?)?$`)
	reSeirekiDelim = regexp.MustCompile(`^([1-9]\d{3})(?:([./-])(\d{1,2})(?:([./-])(\d{1,2}))?)?$`)
	reSeirekiPlain = regexp.MustCompile(`^([1-9]\d{3})(\d{2})(\d{2})?$`)
	reWarekiKanji  = regexp.MustCompile(`^(\d{1,2}|元)年(?:(\d{1,2})月(?:(\d{1,2})日)?)?$`)
	reWarekiDelim  = regexp.MustCompile(`^(\d{1,2}|元)(?:([./-])(\d{1,2})(?:([./-])(\d{1,2}))?)?$`)
	reISO          = regexp.MustCompile(`^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$`)
)

// eraNames maps the era spellings accepted before a 和暦 year, longest
// first, to an index in eras.
var eraNames = eraPrefixes()

type eraPrefix struct {
	prefix string
	era    int
}

// eraPrefixes derives the accepted spellings from the era table: the full
// name, its first kanji, and the letter in either case.
func eraPrefixes() []eraPrefix {
	var out []eraPrefix
	for i, e := range eras {
		out = append(out, eraPrefix{e.name, i})
	}
	for i, e := range eras {
		r, _ := utf8.DecodeRuneInString(e.name)
		out = append(out, eraPrefix{string(r), i})
	}
	for i, e := range eras {
		out = append(out, eraPrefix{string(e.letter), i}, eraPrefix{strings.ToLower(string(e.letter)), i})
	}
	return out
}

// ParseDate parses a date as typed by staff. Accepted forms include
// 2025-04-01, 2025/4/1, 2025.4.1, 2025年4月1日, 20250401, 2025-04,
// 202504, 2025年4月, 2025, 2025年, R7.4.1, r7/4/1, R07.04.01, 令和7年4月1日,
// 令和元年5月1日, H31.4.30, S50, 昭和50年 and the same with 明治 (M),
// 大正 (T), 昭和 (S), 平成 (H) or 令和 (R), or the one-kanji abbreviations
// 明 大 昭 平 令 (昭50.4.1); full-width characters and
// spaces are allowed. "" and 「不明」 give an unknown Date. Impossible
// dates and 和暦 dates outside their era are rejected with a *DateError.
func ParseDate(s string) (Date, error) {
	n := compact(norm.NFKC.String(s))
	if n == "" || n == "不明" {
		return Date{Precision: PrecisionUnknown}, nil
	}
	for _, e := range eraNames {
		if rest, ok := strings.CutPrefix(n, e.prefix); ok {
			return parseWareki(s, e.era, rest)
		}
	}
	y, m, d, ok := splitDate(n, reSeirekiKanji, reSeirekiDelim)
	if !ok {
		sub := reSeirekiPlain.FindStringSubmatch(n)
		if sub == nil {
			return Date{}, &DateError{s, DateErrFormat, formatMsg}
		}
		y, m, d = sub[1], sub[2], sub[3]
	}
	return checkDate(s, num(y), num(m), num(d), y)
}

// compact removes all white space.
func compact(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// num converts a matched number: 元 gives 1 and a missing part ("") gives
// -1, so that a typed 0 (2025-00) is told apart from no month at all.
func num(s string) int {
	switch s {
	case "":
		return -1
	case "元":
		return 1
	}
	n, _ := strconv.Atoi(s)
	return n
}

// splitDate matches s against a 年月日 pattern and a separator pattern and
// returns the year, month and day strings (month and day may be empty).
func splitDate(s string, kanji, delim *regexp.Regexp) (y, m, d string, ok bool) {
	if sub := kanji.FindStringSubmatch(s); sub != nil {
		return sub[1], sub[2], sub[3], true
	}
	if sub := delim.FindStringSubmatch(s); sub != nil {
		if sub[4] != "" && sub[4] != sub[2] {
			return "", "", "", false // mixed separators such as 2025/4-1
		}
		return sub[1], sub[3], sub[5], true
	}
	return "", "", "", false
}

func parseWareki(input string, e int, rest string) (Date, error) {
	ys, ms, ds, ok := splitDate(rest, reWarekiKanji, reWarekiDelim)
	if !ok {
		return Date{}, &DateError{input, DateErrFormat, formatMsg}
	}
	n, m, d := num(ys), num(ms), num(ds)
	era := eras[e]
	label := era.name + eraYearString(n)
	if n == 0 {
		return Date{}, &DateError{input, DateErrNotExist, label + "年は存在しない年です"}
	}
	y := era.start/10000 + n - 1
	date, err := checkDate(input, y, m, d, label)
	if err != nil {
		return Date{}, err
	}
	// The first and last day (or month, or year) the input could mean must
	// lie inside the era.
	first, last := packYMD(y, max(m, 1), max(d, 1)), packYMD(y, 12, 31)
	what := "年"
	switch date.Precision {
	case PrecisionDay:
		last, what = first, "日付"
	case PrecisionMonth:
		last, what = packYMD(y, m, daysIn(y, m)), "年月"
	}
	if first > era.end || last < era.start {
		var bound string
		if first > era.end {
			bound = boundText(e, era.end, date.Precision) + "まで"
		} else {
			bound = boundText(e, era.start, date.Precision) + "から"
		}
		msg := fmt.Sprintf("%sは存在しない%sです（%sは%s）", label+dateSuffix(m, d), what, era.name, bound)
		return Date{}, &DateError{input, DateErrEra, msg}
	}
	return date, nil
}

// boundText renders an era boundary (yyyymmdd) in the era's own years at
// the precision of the input: 31年4月30日, 31年4月 or 31年.
func boundText(e int, p int, prec Precision) string {
	y, m, d := unpackYMD(p)
	s := eraYearString(eraYear(e, y)) + "年"
	switch prec {
	case PrecisionDay:
		s += fmt.Sprintf("%d月%d日", m, d)
	case PrecisionMonth:
		s += fmt.Sprintf("%d月", m)
	}
	return s
}

// dateSuffix renders the month and day part of a label (年 included).
func dateSuffix(m, d int) string {
	switch {
	case d >= 0:
		return fmt.Sprintf("年%d月%d日", m, d)
	case m >= 0:
		return fmt.Sprintf("年%d月", m)
	}
	return "年"
}

// checkDate validates month and day and builds the Date. label is the
// year as the user wrote it (2025 or 令和7) for error messages.
func checkDate(input string, y, m, d int, label string) (Date, error) {
	if m < 0 {
		return Date{Year: y, Precision: PrecisionYear}, nil
	}
	if m < 1 || m > 12 || (d >= 0 && (d < 1 || d > daysIn(y, m))) {
		return Date{}, &DateError{input, DateErrNotExist, label + dateSuffix(m, d) + "は存在しない日付です"}
	}
	if d < 0 {
		return Date{Year: y, Month: m, Precision: PrecisionMonth}, nil
	}
	return Date{Year: y, Month: m, Day: d, Precision: PrecisionDay}, nil
}

// ParseISO parses the stored forms written by Date.ISO: 2025-04-01,
// 2025-04, 2025, or "" for an unknown date.
func ParseISO(s string) (Date, error) {
	if s == "" {
		return Date{Precision: PrecisionUnknown}, nil
	}
	sub := reISO.FindStringSubmatch(s)
	if sub == nil || sub[1] == "0000" {
		return Date{}, &DateError{s, DateErrFormat, "日付の形式が正しくありません（YYYY-MM-DD、YYYY-MM、YYYY のいずれか）"}
	}
	return checkDate(s, num(sub[1]), num(sub[2]), num(sub[3]), sub[1])
}
