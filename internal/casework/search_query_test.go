package casework

import (
	"slices"
	"testing"
)

// TestParsePersonQuery (issue 21): birth dates in 西暦 and 和暦, phone
// numbers with or without hyphens, names otherwise.
func TestParsePersonQuery(t *testing.T) {
	for _, c := range []struct {
		q, kind, birth, phone string
	}{
		{"1980-04-01", SearchByBirth, "1980-04-01", ""},
		{"1980/4/1", SearchByBirth, "1980-04-01", ""},
		{"19800401", SearchByBirth, "1980-04-01", ""},
		{"S55.4.1", SearchByBirth, "1980-04-01", ""},
		{"昭和55年4月1日", SearchByBirth, "1980-04-01", ""},
		{"Ｓ５５．４．１", SearchByBirth, "1980-04-01", ""},
		{" 昭55.4.1 ", SearchByBirth, "1980-04-01", ""},
		{"R2.1.1", SearchByBirth, "2020-01-01", ""},
		{"令和元年5月1日", SearchByBirth, "2019-05-01", ""},
		{"090-1234-5678", SearchByPhone, "", "09012345678"},
		{"09012345678", SearchByPhone, "", "09012345678"},
		{"０９０－１２３４－５６７８", SearchByPhone, "", "09012345678"},
		{"(03) 1234-5678", SearchByPhone, "", "0312345678"},
		{"髙橋", SearchByName, "", ""},
		{"NGUYEN", SearchByName, "", ""},
		{"1980", SearchByName, "", ""},     // a year alone lists too many
		{"12345", SearchByName, "", ""},    // too few digits for a phone
		{"S55.2.30", SearchByName, "", ""}, // no such day
		{"山田2号", SearchByName, "", ""},     // a name with a digit
		{"090-1234-567x", SearchByName, "", ""},
	} {
		got := ParsePersonQuery(c.q)
		if got.Kind != c.kind || got.Phone != c.phone || (c.birth != "" && !slices.Equal(got.Births, []string{c.birth})) {
			t.Errorf("ParsePersonQuery(%q) = %+v, want %s %s %s", c.q, got, c.kind, c.birth, c.phone)
		}
	}
	m := ParsePersonQuery("S55.4")
	if m.Kind != SearchByBirth || len(m.Births) != 32 || m.Births[0] != "1980-04" || m.Births[1] != "1980-04-01" || m.Births[31] != "1980-04-31" {
		t.Errorf("a month: %+v", m)
	}
	if l := ParsePersonQuery("S55.4.1").Label; l == "" || l == "1980-04-01" {
		t.Errorf("label: %q", l)
	}
}

// TestAddressDistrict: the 町名 of the street, else the city.
func TestAddressDistrict(t *testing.T) {
	for street, want := range map[string]string{
		"若葉台2丁目11番地の6":        "若葉台",
		"北町二丁目5番地の3":          "北町",
		"旭町3丁目2番地の18 旭コーポ102": "旭町",
		"本町1-2-3": "本町",
		"本町１－２－３": "本町",
		"一宮町十丁目1": "一宮町",
		"大字上野123": "大字上野",
		"":        "かさね市",
		"12-3":    "かさね市",
	} {
		if got := (Address{City: "かさね市", Street: street}).District(); got != want {
			t.Errorf("District(%q) = %q, want %q", street, got, want)
		}
	}
}
