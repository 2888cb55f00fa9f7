package casework

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Editing the 地区 master list on the administrator's page (issue 22): add,
// rename and retire 地区, each row checked on its own so that the message
// stands beside the row it is about.

// districtKanaVariants are the spellings DistrictKey folds into one (the
// small ヶ of 桜ヶ丘, the ケ of 桜ケ丘 and the が of 桜が丘; ガ and ヵ too).
var districtKanaVariants = []string{"ケ", "ヶ", "が"}

// DistrictVariants lists the other common spellings of a 地区 name that are
// the same 地区 (桜ケ丘 → 桜ヶ丘, 桜が丘), for the page to show what is
// normalised: the ケ, ヶ, が (ガ, ヵ) between two kanji of a place name. A
// name without one has none (DistrictKey folds the others too, but 「ケヤキ台」
// is not written 「がヤキ台」).
func DistrictVariants(name string) []string {
	name = strings.TrimSpace(name)
	rs := []rune(name)
	found := false
	for i, r := range rs {
		if strings.ContainsRune("ケヶがガヵ", r) {
			if i == 0 || i == len(rs)-1 || !unicode.Is(unicode.Han, rs[i-1]) || !unicode.Is(unicode.Han, rs[i+1]) {
				return nil
			}
			found = true
		}
	}
	if !found {
		return nil
	}
	base := strings.NewReplacer("ヶ", "ケ", "が", "ケ", "ガ", "ケ", "ヵ", "ケ").Replace(name)
	var out []string
	for _, v := range districtKanaVariants {
		s := strings.ReplaceAll(base, "ケ", v)
		if s != name {
			out = append(out, s)
		}
	}
	return out
}

// DistrictRow is one row of the page: the name as stored before (empty for
// a new row), the name typed and whether it is to be retired (廃止).
type DistrictRow struct {
	Was, Name string
	Retire    bool
}

// DistrictEdit is what a save of the page does.
type DistrictEdit struct {
	Names                   []string // the new list, in order
	Added, Renamed, Retired int
	RowErrors               map[int]string
}

// EditDistricts applies the rows of the page: a retired row leaves the
// list (records that name it keep their 地区 as written), a changed name
// renames, a new row adds. A row without a name must be retired or left
// blank (new); two rows that are one 地区 (桜ケ丘 and 桜が丘) are refused on
// the later row.
func EditDistricts(rows []DistrictRow) (DistrictEdit, error) {
	e := DistrictEdit{RowErrors: map[int]string{}}
	seen := map[string]string{}
	for i, r := range rows {
		name := strings.TrimSpace(r.Name)
		switch {
		case r.Retire && r.Was != "":
			e.Retired++
			continue
		case name == "" && r.Was != "":
			e.RowErrors[i] = "地区名を入力するか、「廃止する」を選んでください。"
			continue
		case name == "":
			continue
		case utf8.RuneCountInString(name) > 50:
			e.RowErrors[i] = "地区名は50文字以内で入力してください。"
			continue
		}
		k := DistrictKey(name)
		if prev, ok := seen[k]; ok {
			e.RowErrors[i] = "「" + name + "」は「" + prev + "」と同じ地区です（ケ・ヶ・が、全角・半角の違いは同じ地区として扱います）。"
			continue
		}
		seen[k] = name
		e.Names = append(e.Names, name)
		switch {
		case r.Was == "":
			e.Added++
		case r.Was != name:
			e.Renamed++
		}
	}
	if len(e.RowErrors) > 0 {
		v := Invalid{}
		for i := range rows {
			if msg, ok := e.RowErrors[i]; ok {
				v.Add(DistrictField(i), msg)
			}
		}
		return e, v.Err()
	}
	return e, nil
}

// DistrictField names the input of row i.
func DistrictField(i int) string { return "name_" + strconv.Itoa(i) }
