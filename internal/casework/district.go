package casework

import (
	"strings"

	"kasane/internal/japanese"
)

// District (地区) names come from the municipality's master list. The same
// 地区 is written 桜ケ丘, 桜ヶ丘 or 桜が丘 (and in any width): DistrictKey
// folds these so that they are one 地区.
func DistrictKey(name string) string {
	return districtFold.Replace(japanese.NameKey(strings.TrimSpace(name)))
}

var districtFold = strings.NewReplacer("ヶ", "ケ", "が", "ケ", "ガ", "ケ", "ヵ", "ケ", "ｹ", "ケ")

// CanEditDistricts: the master list of 地区 is kept by the municipal
// administrator.
func CanEditDistricts(a Actor) bool { return CanManageOrganizations(a) }

// CanonicalDistrict returns the master list's spelling of name (matched by
// DistrictKey). With an empty list any name is taken as typed; with a list,
// a name not on it is refused on field.
func CanonicalDistrict(name string, master []string, field string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(master) == 0 {
		return name, nil
	}
	k := DistrictKey(name)
	for _, m := range master {
		if DistrictKey(m) == k {
			return m, nil
		}
	}
	msg := "地区は市区町村の地区の一覧から選んでください（" + strings.Join(master, "・") + "）。"
	return "", &Error{Code: EINVALID, Message: msg, Fields: map[string]string{field: msg}}
}
