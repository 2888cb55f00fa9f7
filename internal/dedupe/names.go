package dedupe

import (
	"strings"

	"kasane/internal/japanese"
)

// Other names a record is compared under (issue 23, 名寄せ across a change
// of surname). Most name changes in Japan are a surname changed by marriage
// or divorce (民法第750条・第767条), often with a move; a foreign resident
// may be known by a 通称 recorded in the resident register (住民基本台帳法
// 施行令第30条の26). A record registered again under the new surname or
// under the 通称 shares neither the written name nor its reading with the
// first one.
const (
	KindFormer = "旧姓" // a former surname: the given name is the record's own
	KindAlias  = "通称" // a whole name the person is known by
)

// Name is another name of a record, as keys (japanese.NameKey and
// japanese.KanaKey). A 通称 typed without a space between surname and
// given name has FamilyKey the whole key and GivenKey "".
type Name struct {
	Kind                  string
	FamilyKey, GivenKey   string
	FamilyKana, GivenKana string
}

// full and kana are the whole name and its reading, "" when the surname
// (or its reading) is not known.
func (n Name) full() string {
	if n.FamilyKey == "" {
		return ""
	}
	return n.FamilyKey + n.GivenKey
}

func (n Name) kana() string {
	if n.FamilyKana == "" {
		return ""
	}
	return n.FamilyKana + n.GivenKana
}

// primary is the record's own name as a Name.
func (r Record) primary() Name {
	return Name{FamilyKey: r.FamilyKey, GivenKey: r.GivenKey, FamilyKana: r.FamilyKana, GivenKana: r.GivenKana}
}

// AddFormer adds a former name (旧姓) and its reading ("" if unknown): the
// record is then also compared under it. A given name "" is the record's
// own (a changed surname).
func (r *Record) AddFormer(family, given, familyKana, givenKana string) {
	n := Name{Kind: KindFormer, FamilyKey: japanese.NameKey(family), GivenKey: r.GivenKey,
		FamilyKana: japanese.KanaKey(familyKana), GivenKana: r.GivenKana}
	if given != "" {
		n.GivenKey, n.GivenKana = japanese.NameKey(given), japanese.KanaKey(givenKana)
	}
	r.addOther(n)
}

// AddAlias adds a 通称 and its reading ("" if unknown), each a whole name
// with or without a space between surname and given name.
func (r *Record) AddAlias(name, kana string) {
	fam, giv := splitName(name)
	fk, gk := splitName(kana)
	n := Name{Kind: KindAlias, FamilyKey: japanese.NameKey(fam), GivenKey: japanese.NameKey(giv), FamilyKana: japanese.KanaKey(fk), GivenKana: japanese.KanaKey(gk)}
	if giv == "" || gk == "" { // the parts are not known: compare whole
		n.FamilyKey, n.GivenKey = n.full(), ""
		n.FamilyKana, n.GivenKana = n.kana(), ""
	}
	r.addOther(n)
}

func (r *Record) addOther(n Name) {
	if n.FamilyKey == "" && n.FamilyKana == "" {
		return
	}
	p := r.primary()
	if n.full() == p.full() && (n.kana() == "" || n.kana() == p.kana()) {
		return // the record's own name: nothing to add
	}
	for _, o := range r.Others {
		if o == n {
			return
		}
	}
	r.Others = append(r.Others, n)
}

// WithoutOthers is r compared as before issue 23: its own name only (the
// baseline of kasane bench dedupe).
func (r Record) WithoutOthers() Record {
	r.Others = nil
	return r
}

// splitName cuts a whole name at its first space (full or half width).
func splitName(s string) (string, string) {
	s = strings.TrimSpace(strings.ReplaceAll(s, "　", " "))
	fam, giv, _ := strings.Cut(s, " ")
	return fam, strings.TrimSpace(giv)
}

// Reasons of a match through another name.
const (
	RFormer     = "旧姓が一致（氏の変更）"
	RFormerNear = "旧姓が一致（名が1文字違い）"
	RAlias      = "通称が一致"
)

// OtherNameMax caps the score of a pair whose names match only through a
// 旧姓 or a 通称: such a pair is proposed for review, never taken for the
// same person by the score (the 宛名番号 of the resident register links a
// change of surname with certainty; a name typed as 旧姓 does not).
const OtherNameMax = 75

// otherNames is the name evidence of a and b through their other names:
// the points and the reason, or 0 when none matches. A whole name equal in
// writing or reading gives 35 (as the reading of the own name does), a
// former surname with a given name one character off 20.
func otherNames(a, b Record) (int, string) {
	if len(a.Others) == 0 && len(b.Others) == 0 {
		return 0, ""
	}
	best, why := 0, ""
	try := func(x, y Name) {
		kind := x.Kind
		if kind == "" || y.Kind == KindFormer {
			kind = y.Kind
		}
		pts, r := 0, ""
		switch {
		case x.full() != "" && x.full() == y.full(), x.kana() != "" && x.kana() == y.kana():
			pts, r = 35, RAlias
			if kind == KindFormer {
				r = RFormer
			}
		case kind == KindFormer && ((x.FamilyKey != "" && x.FamilyKey == y.FamilyKey) || (x.FamilyKana != "" && x.FamilyKana == y.FamilyKana)) &&
			near(x.GivenKana, y.GivenKana) && ((x.GivenKey != "" && x.GivenKey == y.GivenKey) || near(x.GivenKey, y.GivenKey)):
			pts, r = 20, RFormerNear
		}
		if pts > best {
			best, why = pts, r
		}
	}
	pa, pb := a.primary(), b.primary()
	for _, o := range a.Others {
		try(o, pb)
		for _, p := range b.Others {
			try(o, p)
		}
	}
	for _, o := range b.Others {
		try(pa, o)
	}
	return best, why
}

// IsSame reports whether a pair scoring score for reasons is taken for the
// same person: at or above Same, and matched on the names the two records
// carry as their own. A pair whose surnames differ (the given name alone, a
// 旧姓 or a 通称) stays in the review band whatever the municipality set as
// thresholds.
func (th Thresholds) IsSame(score int, reasons []string) bool {
	if score < th.Same {
		return false
	}
	for _, r := range reasons {
		switch r {
		case RGivenOnly, RFormer, RFormerNear, RAlias:
			return false
		}
	}
	return true
}
