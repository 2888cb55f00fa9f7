// Package dedupe finds records of one person registered more than once
// (名寄せ): a pure scoring of two records, blocking keys so that a batch
// compares only records that share one, and the batch itself. No I/O.
package dedupe

import (
	"strings"

	"kasane/internal/japanese"
)

// Record is what duplicate detection compares. Build it with NewRecord.
type Record struct {
	ID                   string
	FamilyKey, GivenKey  string // japanese.NameKey of the written names
	FamilyKana           string // japanese.KanaKey of the readings (loose)
	GivenKana            string
	StrictKana           string // the readings in katakana without spaces (the exact rule)
	Birth                string // YYYY-MM-DD, YYYY-MM, YYYY or ""
	Sex                  string
	Postal, Street, Area string // postal digits; address keys (street with number, prefecture+city)
	Phone                string // digits only
	// Others are the record's other names (旧姓, 通称: AddFormer, AddAlias),
	// nil for most records.
	Others []Name
}

// NewRecord derives the comparison keys from stored person fields.
func NewRecord(id, family, given, familyKana, givenKana, birth, sex, postal, prefCity, street, phone string) Record {
	return Record{
		ID: id, FamilyKey: japanese.NameKey(family), GivenKey: japanese.NameKey(given),
		FamilyKana: japanese.KanaKey(familyKana), GivenKana: japanese.KanaKey(givenKana),
		StrictKana: japanese.NameKey(japanese.ToKatakana(familyKana + givenKana)),
		Birth:      birth, Sex: sex, Postal: digits(postal), Area: japanese.NameKey(prefCity),
		Street: japanese.NameKey(street), Phone: digits(phone),
	}
}

func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= '０' && r <= '９':
			b.WriteRune(r - '０' + '0')
		}
	}
	return b.String()
}

// Thresholds: a pair scoring at least Same is taken for the same person, at
// least Review is shown to a person to decide.
type Thresholds struct {
	Same   int `json:"duplicate_same_score"`
	Review int `json:"duplicate_review_score"`
}

// DefaultThresholds are used where the municipality set none.
var DefaultThresholds = Thresholds{Same: 80, Review: 50}

// Reasons, in the words shown to staff.
const (
	RName        = "氏名が一致"
	RNameReading = "氏名の読みが一致"
	RGivenNear   = "名が1文字違い（漢字と読み）"
	RGivenOnly   = "名と読みが一致（氏が異なる：婚姻等）"
	RKana        = "フリガナが完全に一致"
	RBirth       = "生年月日が一致"
	RBirthSwap   = "生年月日が一致（月と日の入れ替え）"
	RBirthTypo   = "生年月日が1文字違い"
	RBirthPart   = "生年（月）が一致（一方は年のみ等）"
	RPostal      = "郵便番号が一致"
	RStreet      = "住所が一致"
	RPhone       = "電話番号が一致"
)

// Score compares two records: 0–100 and the reasons for it. Names and the
// birth date carry most weight; an address or phone only adds (people
// move), a different given name or birth date takes away (twins, namesakes).
func Score(a, b Record) (int, []string) {
	s := 0
	var why []string
	via := false // the names match only through a 旧姓 or a 通称
	add := func(n int, r string) {
		s += n
		if r != "" {
			why = append(why, r)
		}
	}
	famEq := a.FamilyKey == b.FamilyKey || (a.FamilyKana != "" && a.FamilyKana == b.FamilyKana)
	givKeyEq := a.GivenKey != "" && a.GivenKey == b.GivenKey
	givKanaEq := a.GivenKana != "" && a.GivenKana == b.GivenKana
	switch {
	case a.FamilyKey == b.FamilyKey && givKeyEq:
		add(40, RName)
	case famEq && givKanaEq:
		add(35, RNameReading)
	case famEq && near(a.GivenKana, b.GivenKana) && (givKeyEq || near(a.GivenKey, b.GivenKey)):
		add(20, RGivenNear) // a typo, or twins named alike (翔太/翔平): review, never "same" alone
	default:
		if pts, r := otherNames(a, b); pts > 0 {
			add(pts, r)
			via = true
		} else if !famEq && givKeyEq && givKanaEq {
			add(15, RGivenOnly)
		} else {
			add(-40, "")
		}
	}
	if a.StrictKana != "" && a.StrictKana == b.StrictKana {
		add(10, RKana)
	}
	if a.Birth != "" && b.Birth != "" {
		switch {
		case a.Birth == b.Birth && len(a.Birth) == 10:
			add(30, RBirth)
		case len(a.Birth) == 10 && len(b.Birth) == 10 && swapped(a.Birth) == b.Birth:
			add(20, RBirthSwap)
		case len(a.Birth) == 10 && len(b.Birth) == 10 && oneDigitOff(a.Birth, b.Birth):
			add(12, RBirthTypo)
		case len(a.Birth) != len(b.Birth) && (strings.HasPrefix(a.Birth, b.Birth) || strings.HasPrefix(b.Birth, a.Birth)):
			add(15, RBirthPart)
		case a.Birth == b.Birth:
			add(15, RBirthPart)
		default:
			add(-30, "")
		}
	}
	if (a.Sex == "male" || a.Sex == "female") && (b.Sex == "male" || b.Sex == "female") && a.Sex != b.Sex {
		add(-15, "")
	}
	if a.Postal != "" && a.Postal == b.Postal {
		add(5, RPostal)
	}
	if a.Street != "" && a.Street == b.Street && a.Area == b.Area {
		add(10, RStreet)
	}
	if len(a.Phone) >= 6 && a.Phone == b.Phone {
		add(10, RPhone)
	}
	if via {
		s = min(s, OtherNameMax)
	}
	return max(0, min(100, s)), why
}

// swapped exchanges month and day of YYYY-MM-DD.
func swapped(d string) string { return d[:5] + d[8:10] + "-" + d[5:7] }

func oneDigitOff(a, b string) bool {
	n := 0
	for i := 0; i < len(a); i++ {
		if a[i] != b[i] {
			n++
		}
	}
	return n == 1
}

// near reports an edit distance of exactly one (a typo: one character
// replaced, added or dropped).
func near(a, b string) bool {
	if a == "" || b == "" || a == b {
		return false
	}
	ra, rb := []rune(a), []rune(b)
	if len(ra) < len(rb) {
		ra, rb = rb, ra
	}
	if len(ra)-len(rb) > 1 {
		return false
	}
	i := 0
	for i < len(rb) && ra[i] == rb[i] {
		i++
	}
	if len(ra) == len(rb) {
		return string(ra[i+1:]) == string(rb[i+1:])
	}
	return string(ra[i+1:]) == string(rb[i:])
}

// NoNameMax is the highest score Score gives two records whose names do
// not match in any of the ways it recognizes, their other names (旧姓,
// 通称) included (-40 for the names, then at most 10 + 30 + 5 + 10 + 10).
const NoNameMax = 25

// NamesMayMatch reports whether the names of a person (as stored) match r
// in one of the ways Score rewards: the same family name or family
// reading, or the same given name and given reading, or the family name or
// reading of one of r's other names (旧姓, 通称). When it is false and the
// person has no other names, Score(r, that person) is at most NoNameMax,
// whatever else they share (a person with other names is found by those:
// the caller looks them up on their own).
// It derives only the keys it needs, and keeps them (memo), so that
// candidates found by their birth date alone can be passed over cheaply.
func NamesMayMatch(r Record, family, given, familyKana, givenKana string) bool {
	if nameKeys.get(family) == r.FamilyKey {
		return true
	}
	if r.FamilyKana != "" && kanaKeys.get(familyKana) == r.FamilyKana {
		return true
	}
	for _, o := range r.Others {
		fk, gk := nameKeys.get(family), nameKeys.get(given)
		if o.FamilyKey != "" && (o.FamilyKey == fk || o.full() == fk+gk) {
			return true
		}
		if fa := kanaKeys.get(familyKana); o.FamilyKana != "" && (o.FamilyKana == fa || o.kana() == fa+kanaKeys.get(givenKana)) {
			return true
		}
	}
	if r.GivenKey == "" || r.GivenKana == "" || nameKeys.get(given) != r.GivenKey {
		return false
	}
	return kanaKeys.get(givenKana) == r.GivenKana
}
