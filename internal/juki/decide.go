package juki

import (
	"errors"
	"sort"
	"strings"

	"kasane/internal/casework"
	"kasane/internal/japanese"
)

// Outcomes of a row, kept with the row (juki_changes.outcome).
const (
	Applied   = "applied"   // the record changed
	Inserted  = "inserted"  // a 転入 registered a new record
	Unchanged = "unchanged" // the record already said what the row says
	Unknown   = "unknown"   // no record carries the 宛名番号: nothing to change
)

// Change is what a row does to the record carrying its 宛名番号.
type Change struct {
	// Person is the record after the row (names, registered address,
	// resident status, death). The caller validates it (Normalize).
	Person casework.Person
	// Former is the name the record had, to keep, when the row changed it.
	Former *casework.FormerName
	// Changed says whether anything of the record changed.
	Changed bool
}

// Decide applies row r to cur, the stored record. 転居 replaces the
// registered address (住民票上の住所; rule 6 still decides who sees it);
// 転出 and 死亡 set the resident status with the 異動日 (死亡 also the date of
// death), with the new address of a 転出 when given; 転入 makes the person a
// resident again with what the row gives; 氏名変更 replaces the name parts
// given and keeps the old name as a former name (the old surname as 旧姓). A
// status is changed only by a row not older than the status it replaces (a
// late 転居 never undoes a 死亡). Problems are the row's own, found against
// the record.
func Decide(cur casework.Person, r Row) (Change, []Problem) {
	p := cur
	var ps []Problem
	statusAt := func(status string) {
		if cur.ResidentStatusOn == "" || r.Date >= cur.ResidentStatusOn {
			p.ResidentStatus, p.ResidentStatusOn = status, r.Date
		}
	}
	if r.HasAddress() && r.Reason != Death && r.Reason != NameChange {
		p.Address = r.Address
	}
	switch r.Reason {
	case Move:
		if p.ResidentStatus == "" {
			p.ResidentStatus = casework.ResidentLiving
		}
	case MoveOut:
		statusAt(casework.ResidentMovedOut)
	case MoveIn:
		statusAt(casework.ResidentLiving)
		if p.DeceasedOn != "" && p.ResidentStatus == casework.ResidentLiving {
			ps = append(ps, Problem{Row: r.Line, Field: "reason", Message: "死亡日が記録されている方の転入です。宛名番号を確かめてください。"})
		}
	case Death:
		statusAt(casework.ResidentDeceased)
		p.DeceasedOn = r.Date
	case NameChange:
		if p.ResidentStatus == "" {
			p.ResidentStatus = casework.ResidentLiving
		}
	}
	var former *casework.FormerName
	if r.HasName() && (r.Reason == NameChange || r.Reason == MoveIn) {
		if r.FamilyName != "" && r.FamilyKana == "" && japanese.NameKey(r.FamilyName) != japanese.NameKey(cur.FamilyName) {
			ps = append(ps, Problem{Row: r.Line, Field: "family_kana", Message: "氏が変わる行には、新しい氏のフリガナも書いてください。"})
		}
		if r.GivenName != "" && r.GivenKana == "" && japanese.NameKey(r.GivenName) != japanese.NameKey(cur.GivenName) {
			ps = append(ps, Problem{Row: r.Line, Field: "given_kana", Message: "名が変わる行には、新しい名のフリガナも書いてください。"})
		}
		set := func(dst *string, v string) {
			if v != "" {
				*dst = v
			}
		}
		set(&p.FamilyName, r.FamilyName)
		set(&p.GivenName, r.GivenName)
		set(&p.FamilyKana, r.FamilyKana)
		set(&p.GivenKana, r.GivenKana)
		if japanese.NameKey(p.FamilyName+p.GivenName) != japanese.NameKey(cur.FamilyName+cur.GivenName) ||
			japanese.KanaKey(p.FamilyKana+p.GivenKana) != japanese.KanaKey(cur.FamilyKana+cur.GivenKana) {
			former = &casework.FormerName{FamilyName: cur.FamilyName, GivenName: cur.GivenName, FamilyKana: cur.FamilyKana, GivenKana: cur.GivenKana,
				Until: r.Date, Source: "juki"}
			if japanese.NameKey(p.FamilyName) != japanese.NameKey(cur.FamilyName) {
				p.MaidenName = cur.FamilyName // 旧姓
			}
		}
	}
	if r.BirthDate != "" && cur.BirthPrecision != "day" {
		p.BirthDate = r.BirthDate
	}
	if r.Sex != "" && cur.Sex == "unknown" {
		p.Sex = r.Sex
	}
	changed := former != nil || p.Address != cur.Address || p.ResidentStatus != cur.ResidentStatus || p.ResidentStatusOn != cur.ResidentStatusOn ||
		p.DeceasedOn != cur.DeceasedOn || p.BirthDate != cur.BirthDate || p.Sex != cur.Sex || p.MaidenName != cur.MaidenName ||
		p.FamilyName != cur.FamilyName || p.GivenName != cur.GivenName || p.FamilyKana != cur.FamilyKana || p.GivenKana != cur.GivenKana
	return Change{Person: p, Former: former, Changed: changed}, ps
}

// NewPerson is the record a 転入 row registers when no record carries its
// 宛名番号 (only when the caller names a registering organization).
func NewPerson(r Row) (casework.Person, []Problem) {
	p := casework.Person{Identified: true, FamilyName: r.FamilyName, GivenName: r.GivenName, FamilyKana: r.FamilyKana, GivenKana: r.GivenKana,
		BirthDate: r.BirthDate, Sex: r.Sex, Address: r.Address, AtenaNo: r.AtenaNo,
		ResidentStatus: casework.ResidentLiving, ResidentStatusOn: r.Date}
	var ps []Problem
	if r.FamilyName == "" {
		ps = append(ps, Problem{Row: r.Line, Field: "family_name", Message: "新しく登録する転入の行に氏がありません。"})
	}
	return p, ps
}

// fieldOfPerson maps a field of casework.Person's validation to the
// column of the file.
var fieldOfPerson = map[string]string{
	"family_name": "family_name", "given_name": "given_name", "family_name_kana": "family_kana", "given_name_kana": "given_kana",
	"birth_date": "birth_date", "sex": "sex", "deceased_on": "date", "atena_no": "atena_no",
	"address.postal_code": "postal_code", "address.prefecture": "prefecture", "address.city": "city", "address.street": "street",
}

// ProblemsOf turns the validation error of the record after a row into
// the row's problems (nil for nil).
func ProblemsOf(line int, err error) []Problem {
	if err == nil {
		return nil
	}
	var ce *casework.Error
	if !errors.As(err, &ce) || len(ce.Fields) == 0 {
		return []Problem{{Row: line, Message: casework.ErrorMessage(err)}}
	}
	var out []Problem
	for f, msg := range ce.Fields {
		col, ok := fieldOfPerson[f]
		if !ok {
			col = strings.TrimPrefix(f, "address.")
		}
		out = append(out, Problem{Row: line, Field: col, Message: msg})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Field < out[j].Field })
	sortProblems(out)
	return out
}
