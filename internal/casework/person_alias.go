package casework

import (
	"unicode/utf8"

	"kasane/internal/japanese"
)

// PersonAlias is another name of a person that duplicate detection (名寄せ)
// compares (issue 23): a former surname (旧姓) or a 通称. The person's own
// 旧姓 and 通称 fields are kept as such rows (source 本人情報) with their
// readings; other sources add their own rows.
type PersonAlias struct {
	Kind       string `json:"kind"`                 // 旧姓 or 通称
	FamilyName string `json:"family_name"`          // the surname; a 通称 whole when GivenName is ""
	GivenName  string `json:"given_name,omitempty"` // "" for a 旧姓: the person's own given name
	FamilyKana string `json:"family_name_kana,omitempty"`
	GivenKana  string `json:"given_name_kana,omitempty"`
	Source     string `json:"source"`
	CreatedAt  string `json:"created_at,omitempty"`
}

// Kinds and the source of the rows that mirror the person's own fields.
const (
	AliasFormer     = "旧姓"
	AliasCommon     = "通称"
	AliasSourceSelf = "本人情報"
)

// normalizeOtherNames converts the readings of the 旧姓 and the 通称 as the
// name's reading is (kana to full-width katakana) and checks them; a
// reading without its name is refused, beside the reading.
func (p *Person) normalizeOtherNames(v Invalid) {
	p.OtherNames = nil // read only: recorded by other means
	for _, f := range []struct {
		field, label string
		name         string
		kana         *string
	}{{"maiden_name_kana", "旧姓", p.MaidenName, &p.MaidenKana}, {"alias_kana", "通称", p.Alias, &p.AliasKana}} {
		*f.kana = japanese.ToKatakana(*f.kana)
		switch k := *f.kana; {
		case k == "":
		case f.name == "":
			v.Add(f.field, f.label+"のふりがなは、"+f.label+"と一緒に入力してください。")
		case !japanese.IsKatakanaName(k):
			v.Add(f.field, "ふりがなはカタカナまたはひらがなで入力してください（漢字・英字は使えません）。")
		case utf8.RuneCountInString(k) > 60:
			v.Add(f.field, "ふりがなは60文字以内で入力してください。")
		}
	}
}
