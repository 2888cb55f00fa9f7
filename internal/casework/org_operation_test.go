package casework

import "testing"

func TestOrganizationOperationFitsKind(t *testing.T) {
	for _, c := range []struct {
		kind, op, want string // want: the label, or "error"
	}{
		{"npo", "direct", "error"}, {"business", "direct", "error"}, {"social_welfare_council", "direct", "error"},
		{"npo", "independent", "委託なし（独自運営）"}, {"npo", "contracted", "委託"}, {"business", "", "error"},
		{"municipal_section", "direct", "直営"}, {"municipal_section", "independent", "error"},
		{"community_support_center", "contracted", "委託"}, {"other", "direct", "直営"}, {"other", "independent", "委託なし（独自運営）"},
	} {
		o := Organization{Name: "機関", Kind: c.kind}
		err := o.SetOperation(c.op)
		got := o.OperationLabel()
		if err != nil {
			got = "error"
		}
		if got != c.want {
			t.Errorf("%s %q: %s, want %s", c.kind, c.op, got, c.want)
		}
	}
	// stored before 運営 was chosen: follows the kind; an NPO is never 直営
	if l := (Organization{Kind: "npo"}).OperationLabel(); l != "委託なし（独自運営）" {
		t.Errorf("npo without choice: %s", l)
	}
	if l := (Organization{Kind: "health_center"}).OperationLabel(); l != "直営" {
		t.Errorf("health center without choice: %s", l)
	}
}
