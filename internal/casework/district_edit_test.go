package casework

import (
	"slices"
	"testing"
)

func TestDistrictVariants(t *testing.T) {
	for name, want := range map[string][]string{
		"桜ケ丘": {"桜ヶ丘", "桜が丘"}, "霞ヶ関": {"霞ケ関", "霞が関"}, "自由が丘": {"自由ケ丘", "自由ヶ丘"},
		"ケヤキ台": nil, "北町": nil, "": nil, "鶴ケ島ヶ原": {"鶴ケ島ケ原", "鶴ヶ島ヶ原", "鶴が島が原"},
	} {
		if got := DistrictVariants(name); !slices.Equal(got, want) {
			t.Errorf("%s: %v, want %v", name, got, want)
		}
	}
}

func TestEditDistricts(t *testing.T) {
	e, err := EditDistricts([]DistrictRow{{Was: "桜ケ丘", Name: "桜ケ丘", Retire: true}, {Was: "北町", Name: "北町一丁目"}, {Name: "南町"}, {Name: ""}, {Was: "西町", Name: "西町"}})
	if err != nil || !slices.Equal(e.Names, []string{"北町一丁目", "南町", "西町"}) || e.Added != 1 || e.Renamed != 1 || e.Retired != 1 {
		t.Fatalf("%+v %v", e, err)
	}
	_, err = EditDistricts([]DistrictRow{{Name: "桜ケ丘"}, {Name: "ｻｸﾗ"}, {Name: "桜が丘"}, {Was: "東町", Name: " "}})
	f := ErrorFields(err)
	if len(f) != 2 || f["name_2"] == "" || f["name_3"] == "" {
		t.Fatalf("errors: %v", f)
	}
}
