package casework

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"kasane/internal/japanese"
)

// Kinds of a person search (issue 21): by name, by birth date, by phone.
const (
	SearchByName  = "name"
	SearchByBirth = "birth_date"
	SearchByPhone = "phone"
)

// PersonQuery is what a search box query asks for.
type PersonQuery struct {
	Kind string
	// Births are the stored forms (ISO, as Person.BirthDate) a birth-date
	// query matches: the day, or every day of a month and the month itself.
	Births []string
	// Label is the birth date as shown (和暦 and 西暦), for the result caption.
	Label string
	// Phone is the digits of a phone query.
	Phone string
}

// ParsePersonQuery sorts a query into a birth date (西暦 1980-04-01,
// 1980/4/1, 19800401; 和暦 S55.4.1, 昭和55年4月1日, R2.1.1; or a month:
// 1980-04, S55.4), a phone number (at least 6 digits, with or without
// hyphens, spaces or brackets) or a name (everything else). A year alone is
// not a birth-date query: it would list everyone born that year.
func ParsePersonQuery(q string) PersonQuery {
	n := strings.TrimSpace(norm.NFKC.String(q))
	if !strings.ContainsFunc(n, unicode.IsDigit) {
		return PersonQuery{Kind: SearchByName}
	}
	if d, err := japanese.ParseDate(n); err == nil {
		switch d.Precision {
		case japanese.PrecisionDay:
			return PersonQuery{Kind: SearchByBirth, Births: []string{d.ISO()}, Label: d.Display()}
		case japanese.PrecisionMonth:
			births := []string{d.ISO()}
			for day := 1; day <= 31; day++ {
				births = append(births, fmt.Sprintf("%s-%02d", d.ISO(), day))
			}
			return PersonQuery{Kind: SearchByBirth, Births: births, Label: d.Display()}
		}
	}
	var digits strings.Builder
	for _, r := range n {
		switch {
		case r >= '0' && r <= '9':
			digits.WriteRune(r)
		case r == '-' || r == ' ' || r == '(' || r == ')' || r == '+' || r == '‐' || r == '−' || r == 'ー':
		default:
			return PersonQuery{Kind: SearchByName}
		}
	}
	if digits.Len() >= 6 {
		return PersonQuery{Kind: SearchByPhone, Phone: digits.String()}
	}
	return PersonQuery{Kind: SearchByName}
}

// District is the 地区 of an address for lists: the town (町名) at the start
// of the street, before the 丁目 or the first number (若葉台2丁目11番地の6 →
// 若葉台, 北町二丁目5番地の3 → 北町), else the city. The caller decides
// whether the viewer may see the address (CanSeeAddress) before asking.
func (a Address) District() string {
	s := strings.TrimSpace(norm.NFKC.String(a.Street))
	if i := strings.IndexFunc(s, unicode.IsDigit); i >= 0 {
		s = s[:i]
	}
	if i := strings.Index(s, "丁目"); i >= 0 {
		s = strings.TrimRight(s[:i], "一二三四五六七八九十〇")
	}
	if i := strings.IndexAny(s, " 　"); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimSpace(s)
	if s != "" {
		return s
	}
	return strings.TrimSpace(a.City)
}
