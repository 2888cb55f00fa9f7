package casework

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"kasane/internal/japanese"
)

// Address is a postal address.
type Address struct {
	PostalCode string `json:"postal_code"`
	Prefecture string `json:"prefecture"`
	City       string `json:"city"`
	Street     string `json:"street"`
}

// Empty reports whether no part is set.
func (a Address) Empty() bool { return a == Address{} }

// String is the one-line form for pages and exports.
func (a Address) String() string {
	s := strings.TrimSpace(a.Prefecture + a.City + a.Street)
	if a.PostalCode != "" {
		return "〒" + a.PostalCode + " " + s
	}
	return s
}

// Person is a resident. Names are stored exactly as typed; the search keys
// are derived beside them and never replace them.
type Person struct {
	ID                string `json:"id"`
	MunicipalityID    string `json:"-"`
	RegisteredByOrgID string `json:"registered_by_organization_id"`
	Identified        bool   `json:"identified"`
	Label             string `json:"label,omitempty"` // for an unnamed outreach target
	FamilyName        string `json:"family_name"`
	GivenName         string `json:"given_name"`
	FamilyKana        string `json:"family_name_kana"`
	GivenKana         string `json:"given_name_kana"`
	Alias             string `json:"alias,omitempty"`       // 通称
	MaidenName        string `json:"maiden_name,omitempty"` // 旧姓
	// MaidenKana and AliasKana are the readings of the 旧姓 and the 通称
	// (compared by duplicate detection); OtherNames the person's other names
	// recorded from elsewhere (read only). person_alias.go.
	MaidenKana     string        `json:"maiden_name_kana,omitempty"`
	AliasKana      string        `json:"alias_kana,omitempty"`
	OtherNames     []PersonAlias `json:"other_names,omitempty"`
	BirthDate      string        `json:"birth_date"`      // typed in 西暦 or 和暦; stored as ISO (partial)
	BirthPrecision string        `json:"birth_precision"` // day, month, year, unknown
	Sex            string        `json:"sex"`
	Address        Address       `json:"address"`        // 住民票上の住所
	ActualAddress  Address       `json:"actual_address"` // 実際の居所
	Phone          string        `json:"phone"`
	Phone2         string        `json:"phone2,omitempty"`
	DVProtected    bool          `json:"dv_protected"`
	DeceasedOn     string        `json:"deceased_on,omitempty"`
	// AtenaNo is the 宛名番号 (the municipal resident system's key; never
	// the 個人番号), filled only for those CanSeeAtenaNo allows; AtenaStored
	// is the stored value (never serialized) and AtenaHidden says the viewer
	// may not see it (a save then keeps the stored one).
	AtenaNo     string `json:"atena_no,omitempty"`
	AtenaStored string `json:"-"`
	AtenaHidden bool   `json:"-"`
	// AtenaLinkedTo is set by a save whose 宛名番号 another record already
	// carries: this record was linked to that one as the same person (名寄せ,
	// certain) and the number stays on the other record.
	AtenaLinkedTo string `json:"atena_linked_person_id,omitempty"`
	// ResidentStatus is what the 住民記録 (異動 file) last said: 住民, 転出 or
	// 死亡 ("" = not linked), on ResidentStatusOn (異動日).
	ResidentStatus   string `json:"resident_status,omitempty"`
	ResidentStatusOn string `json:"resident_status_on,omitempty"`
	// FormerNames are the earlier names (旧姓・旧氏名) kept when the name
	// changed, newest first.
	FormerNames   []FormerName `json:"former_names,omitempty"`
	AddressHidden bool         `json:"address_hidden,omitempty"` // set when rule 6 hid the address from the viewer
	// DVClearReason is input only: why a designated organization clears the
	// DV flag (rule 6). DVDesignated lists the designated organizations, shown
	// to designated organizations only.
	DVClearReason    string    `json:"dv_clear_reason,omitempty"`
	DVDesignated     []string  `json:"dv_designated_organization_ids,omitempty"`
	NameKey          string    `json:"-"`
	KanaKey          string    `json:"-"`
	Version          int       `json:"version"`
	Created          time.Time `json:"created_at"`
	Updated          time.Time `json:"updated_at"`
	BirthDisplay     string    `json:"birth_date_display,omitempty"`
	Age              *int      `json:"age,omitempty"`
	DisplayNameCache string    `json:"display_name"`
	DisplayKanaCache string    `json:"kana"`
}

// DisplayName is 氏 名, or the label of an unnamed person.
func (p *Person) DisplayName() string {
	if !p.Identified {
		return p.Label
	}
	return strings.TrimSpace(p.FamilyName + " " + p.GivenName)
}

// DisplayKana is セイ メイ.
func (p *Person) DisplayKana() string { return strings.TrimSpace(p.FamilyKana + " " + p.GivenKana) }

var (
	postalRE = regexp.MustCompile(`^\d{3}-?\d{4}$`)
	phoneRE  = regexp.MustCompile(`^[0-9+()\- ]{6,20}$`)
)

// Normalize converts what was typed into stored forms: kana to full-width
// katakana, the birth date from 西暦 or 和暦 to ISO, digits to half width;
// it returns per-field messages for what cannot be understood. Names stay
// exactly as typed.
func (p *Person) Normalize(now time.Time) error {
	v := Invalid{}
	trim := func(s *string) { *s = strings.TrimSpace(*s) }
	for _, s := range []*string{&p.FamilyName, &p.GivenName, &p.FamilyKana, &p.GivenKana, &p.Alias, &p.MaidenName, &p.MaidenKana, &p.AliasKana, &p.Label, &p.Phone, &p.Phone2, &p.BirthDate, &p.DeceasedOn} {
		trim(s)
	}
	if !p.AtenaHidden {
		var msg string
		if p.AtenaNo, msg = NormalizeAtenaNo(p.AtenaNo); msg != "" {
			v.Add("atena_no", msg)
		}
	}
	if p.Sex == "" {
		p.Sex = "unknown"
	}
	if !p.Identified && p.FamilyName != "" {
		p.Identified = true
	}
	if p.Identified {
		if p.FamilyName == "" {
			v.Add("family_name", "氏を入力してください。")
		}
		if p.FamilyKana == "" {
			v.Add("family_name_kana", "氏のふりがなを入力してください。")
		}
	} else if p.Label == "" {
		v.Add("label", "氏名が分からない場合は、呼び名（例: ○○団地3階の50代男性）を入力してください。")
	}
	for f, s := range map[string]string{"family_name": p.FamilyName, "given_name": p.GivenName, "alias": p.Alias, "maiden_name": p.MaidenName} {
		if utf8.RuneCountInString(s) > 40 {
			v.Add(f, "40文字以内で入力してください。")
		}
	}
	if utf8.RuneCountInString(p.Label) > 100 {
		v.Add("label", "呼び名は100文字以内で入力してください。")
	}
	p.FamilyKana, p.GivenKana = japanese.ToKatakana(p.FamilyKana), japanese.ToKatakana(p.GivenKana)
	for f, s := range map[string]string{"family_name_kana": p.FamilyKana, "given_name_kana": p.GivenKana} {
		switch {
		case s != "" && !japanese.IsKatakanaName(s):
			v.Add(f, "ふりがなはカタカナまたはひらがなで入力してください（漢字・英字は使えません）。")
		case utf8.RuneCountInString(s) > 60:
			v.Add(f, "ふりがなは60文字以内で入力してください。")
		}
	}
	p.normalizeOtherNames(v)
	if d, err := japanese.ParseDate(p.BirthDate); err != nil {
		v.Add("birth_date", err.Error())
	} else {
		p.BirthDate, p.BirthPrecision = d.ISO(), string(d.Precision)
		if d.Known() && d.Time().After(now) {
			v.Add("birth_date", "生年月日が未来の日付になっています。")
		}
	}
	if p.DeceasedOn != "" {
		d, err := japanese.ParseDate(p.DeceasedOn)
		switch {
		case err != nil:
			v.Add("deceased_on", "死亡日: "+err.Error()+"。")
		case d.Precision != "day":
			v.Add("deceased_on", "死亡日は年月日まで入力してください（例: 2025-04-01、R7.4.1）。")
		case d.Time().After(now):
			v.Add("deceased_on", "死亡日が未来の日付になっています。")
		default:
			p.DeceasedOn = d.ISO()
		}
	}
	if !Sexes.Has(p.Sex) {
		v.Add("sex", "性別を一覧から選んでください。")
	}
	for prefix, a := range map[string]*Address{"address": &p.Address, "actual_address": &p.ActualAddress} {
		a.PostalCode = halfWidth(strings.TrimSpace(a.PostalCode))
		a.Prefecture, a.City, a.Street = strings.TrimSpace(a.Prefecture), strings.TrimSpace(a.City), strings.TrimSpace(a.Street)
		if a.PostalCode != "" && !postalRE.MatchString(a.PostalCode) {
			v.Add(prefix+".postal_code", "郵便番号は7桁の数字で入力してください（例: 123-4567）。")
		}
		if utf8.RuneCountInString(a.Prefecture+a.City+a.Street) > 200 {
			v.Add(prefix+".street", "住所は200文字以内で入力してください。")
		}
	}
	p.Phone, p.Phone2 = halfWidth(p.Phone), halfWidth(p.Phone2)
	for f, s := range map[string]string{"phone": p.Phone, "phone2": p.Phone2} {
		if s != "" && !phoneRE.MatchString(s) {
			v.Add(f, "電話番号は数字とハイフンで入力してください（例: 090-1234-5678）。")
		}
	}
	p.NameKey = japanese.NameKey(p.FamilyName + p.GivenName)
	if !p.Identified {
		p.NameKey = ""
	}
	p.KanaKey = japanese.KanaKey(p.FamilyKana + p.GivenKana)
	return v.Err()
}

// Decorate fills the display fields computed at read time.
func (p *Person) Decorate(now time.Time) {
	p.DisplayNameCache, p.DisplayKanaCache = p.DisplayName(), p.DisplayKana()
	d, err := japanese.ParseISO(p.BirthDate)
	if err != nil {
		return
	}
	p.BirthDisplay = d.Display()
	if age, ok := japanese.Age(d, now); ok {
		p.Age = &age
	}
}

// HideAddress blanks every address field (rule 6).
func (p *Person) HideAddress() {
	p.Address, p.ActualAddress, p.AddressHidden = Address{}, Address{}, true
}

func halfWidth(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '０' && r <= '９':
			r = r - '０' + '0'
		case r == 'ー' || r == '－' || r == '―' || r == '‐':
			r = '-'
		case r == '（':
			r = '('
		case r == '）':
			r = ')'
		case r == '＋':
			r = '+'
		}
		b.WriteRune(r)
	}
	return b.String()
}
