package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"kasane/internal/casework"
	"kasane/internal/japanese"
)

// parseForm reads a posted form; an oversized or broken body is EINVALID.
func parseForm(r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return invalid("body", "送信内容を読み取れません。入力が長すぎる可能性があります。")
	}
	return nil
}

func personFromForm(f url.Values) casework.Person {
	p := casework.Person{
		FamilyName: f.Get("family_name"), GivenName: f.Get("given_name"),
		FamilyKana: f.Get("family_name_kana"), GivenKana: f.Get("given_name_kana"),
		Alias: f.Get("alias"), MaidenName: f.Get("maiden_name"), AliasKana: f.Get("alias_kana"), MaidenKana: f.Get("maiden_name_kana"), BirthDate: f.Get("birth_date"),
		Sex: f.Get("sex"), Phone: f.Get("phone"), Phone2: f.Get("phone2"),
		DVProtected: f.Get("dv_protected") == "1", DVClearReason: f.Get("dv_clear_reason"), DeceasedOn: f.Get("deceased_on"), Label: f.Get("label"),
		AtenaNo:       f.Get("atena_no"),
		Address:       casework.Address{PostalCode: f.Get("address.postal_code"), Prefecture: f.Get("address.prefecture"), City: f.Get("address.city"), Street: f.Get("address.street")},
		ActualAddress: casework.Address{PostalCode: f.Get("actual_address.postal_code"), Prefecture: f.Get("actual_address.prefecture"), City: f.Get("actual_address.city"), Street: f.Get("actual_address.street")},
	}
	p.Identified = f.Get("unidentified") != "1"
	p.Version, _ = strconv.Atoi(f.Get("version"))
	return p
}

// personForm turns a stored person back into form values for editing.
func personForm(p casework.Person) url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("family_name", p.FamilyName)
	set("given_name", p.GivenName)
	set("family_name_kana", p.FamilyKana)
	set("given_name_kana", p.GivenKana)
	set("alias", p.Alias)
	set("maiden_name", p.MaidenName)
	set("alias_kana", p.AliasKana)
	set("maiden_name_kana", p.MaidenKana)
	set("birth_date", p.BirthDate)
	set("sex", p.Sex)
	set("phone", p.Phone)
	set("phone2", p.Phone2)
	set("deceased_on", p.DeceasedOn)
	set("label", p.Label)
	set("atena_no", p.AtenaNo)
	set("address.postal_code", p.Address.PostalCode)
	set("address.prefecture", p.Address.Prefecture)
	set("address.city", p.Address.City)
	set("address.street", p.Address.Street)
	set("actual_address.postal_code", p.ActualAddress.PostalCode)
	set("actual_address.prefecture", p.ActualAddress.Prefecture)
	set("actual_address.city", p.ActualAddress.City)
	set("actual_address.street", p.ActualAddress.Street)
	if p.DVProtected {
		v.Set("dv_protected", "1")
	}
	v.Set("version", strconv.Itoa(p.Version))
	return v
}

// parseLocalDateTime reads a datetime-local value (JST) or a 和暦 date with
// an optional time "R8.5.20 10:30".
func parseLocalDateTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, jst); err == nil {
			return t, true
		}
	}
	datePart, timePart, _ := strings.Cut(s, " ")
	d, err := japanese.ParseDate(datePart)
	if err != nil || d.Precision != japanese.PrecisionDay {
		return time.Time{}, false
	}
	hh, mm := 0, 0
	if timePart != "" {
		t, err := time.Parse("15:04", strings.TrimSpace(timePart))
		if err != nil {
			return time.Time{}, false
		}
		hh, mm = t.Hour(), t.Minute()
	}
	return time.Date(d.Year, time.Month(d.Month), d.Day, hh, mm, 0, 0, jst), true
}
