package casework

import (
	"slices"
	"testing"
)

func TestEcomapTieValidate(t *testing.T) {
	ok := EcomapTie{Counterpart: "informal", Name: " 近所の田中さん ", Strength: "strong", Direction: "both", Note: "毎朝声かけ"}
	if err := ok.Validate(); err != nil || ok.Name != "近所の田中さん" {
		t.Fatalf("valid tie refused: %v %q", err, ok.Name)
	}
	d := EcomapTie{Counterpart: "organization", OrganizationID: "o1", Strength: "stressful"}
	if err := d.Validate(); err != nil || d.Direction != "to" {
		t.Fatalf("default direction: %v %q", err, d.Direction)
	}
	long := ""
	for range 101 {
		long += "あ"
	}
	cases := []struct {
		tie   EcomapTie
		field string
	}{
		{EcomapTie{Counterpart: "informal", Strength: "weak"}, "name"},
		{EcomapTie{Counterpart: "informal", Name: long[:41*3], Strength: "weak"}, "name"},
		{EcomapTie{Counterpart: "organization", Strength: "weak"}, "organization_id"},
		{EcomapTie{Counterpart: "resource", Strength: "weak"}, "resource_id"},
		{EcomapTie{Counterpart: "friend", Strength: "weak"}, "counterpart_kind"},
		{EcomapTie{Counterpart: "informal", Name: "民生委員", Strength: "very"}, "strength"},
		{EcomapTie{Counterpart: "informal", Name: "民生委員", Strength: "weak", Direction: "up"}, "direction"},
		{EcomapTie{Counterpart: "informal", Name: "民生委員", Strength: "weak", Note: long}, "note"},
	}
	for _, c := range cases {
		err := c.tie.Validate()
		if ErrorCode(err) != EINVALID || ErrorFields(err)[c.field] == "" {
			t.Errorf("%+v: want a message on %s, got %v", c.tie, c.field, err)
		}
	}
}

func TestEcomapTieAccess(t *testing.T) {
	worker := Actor{OrganizationID: "a", Roles: []string{"worker"}}
	viewer := Actor{OrganizationID: "a", Roles: []string{"viewer"}}
	admin := Actor{OrganizationID: "a", Roles: []string{"admin"}}
	own := EcomapTie{RecordedByOrgID: "a"}
	other := EcomapTie{RecordedByOrgID: "b"}
	if !CanSeeEcomapTie(worker, own, false) || !CanWriteEcomapTie(worker, own, false) {
		t.Error("the recording organization sees and edits its tie")
	}
	if CanSeeEcomapTie(worker, other, false) || CanWriteEcomapTie(worker, other, false) {
		t.Error("another organization without a readable case sees the tie")
	}
	if !CanSeeEcomapTie(worker, other, true) || !CanWriteEcomapTie(worker, other, true) {
		t.Error("the team of a case about the member sees and edits the tie")
	}
	if !CanSeeEcomapTie(viewer, other, true) || CanWriteEcomapTie(viewer, other, true) {
		t.Error("a viewer reads but does not write")
	}
	if CanSeeEcomapTie(admin, own, true) {
		t.Error("an administrator alone does not see case content")
	}
}

func TestContactCounterparts(t *testing.T) {
	members := []string{"山田 ハナ", "山田 一郎"}
	for in, want := range map[string][]string{
		"地域包括・社協・あおば":             {"地域包括", "社協", "あおば"},
		"本人・長男":                   nil,
		"本人（中学校相談室にて）":            nil,
		"本人・弟（ひだまり子ども食堂にて）":       nil,
		"本人・長男・民生委員":              {"民生委員"},
		"かさね市 保健センター 保健師":         {"かさね市 保健センター 保健師"},
		"山田 一郎、居宅介護支援事業所 ケアマネジャー": {"居宅介護支援事業所 ケアマネジャー"},
		"社協, 社協":                  {"社協"},
		"":                        nil,
	} {
		if got := ContactCounterparts(in, members); !slices.Equal(got, want) {
			t.Errorf("%q: got %q want %q", in, got, want)
		}
	}
}
