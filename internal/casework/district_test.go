package casework

import "testing"

func TestDistrictKeyFoldsKe(t *testing.T) {
	for _, n := range []string{"桜ヶ丘", "桜が丘", " 桜ケ丘 ", "桜ガ丘"} {
		if DistrictKey(n) != DistrictKey("桜ケ丘") {
			t.Errorf("%q is not 桜ケ丘: %q", n, DistrictKey(n))
		}
	}
	if DistrictKey("桜ケ丘") == DistrictKey("桜台") {
		t.Error("different 地区 fold together")
	}
	got, err := CanonicalDistrict("桜が丘", []string{"北町", "桜ケ丘"}, "district")
	if err != nil || got != "桜ケ丘" {
		t.Fatalf("canonical: %q %v", got, err)
	}
	if _, err := CanonicalDistrict("南町", []string{"北町", "桜ケ丘"}, "district"); ErrorFields(err)["district"] == "" {
		t.Fatal("a name off the list is taken")
	}
	if got, _ := CanonicalDistrict("どこでも", nil, "district"); got != "どこでも" {
		t.Fatal("without a list the name is not kept")
	}
}
