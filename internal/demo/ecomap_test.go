package demo

import (
	"context"
	"strings"
	"testing"

	"kasane/internal/sqldb/sqldbtest"
)

// TestSeedEcomapTies: the workers of the demo see the ties they recorded on
// their households' ecomaps — the neighbour who looks in on the 8050
// household, the weak tie of the 民生委員 to 山口さん, the strained
// relation with a relative in the ダブルケア household — and a worker of
// an organization with no case in a household sees none of its ties.
func TestSeedEcomapTies(t *testing.T) {
	ctx := context.Background()
	db := sqldbtest.Open(t)
	if _, err := Seed(ctx, db); err != nil {
		t.Fatal(err)
	}
	cases, actors := demoCases(t, ctx, db)
	seen := map[string]string{} // household label + counterpart → strength
	var kitamura string
	for id, c := range cases {
		if c.HouseholdID == "" {
			continue
		}
		ties, err := db.EcomapTies(ctx, actors[id], c.HouseholdID)
		if err != nil {
			t.Fatalf("ties of %s: %v", c.Number, err)
		}
		h, err := db.Household(ctx, actors[id], c.HouseholdID)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(h.Label, "北村") {
			kitamura = h.ID
		}
		for _, tie := range ties {
			seen[h.Label+" "+tie.Name] = tie.Strength
		}
	}
	for _, want := range []struct{ home, name, strength string }{
		{"北村さん世帯（8050）", "近所の人（向かいの家の方）", "strong"},
		{"北村さん世帯（8050）", oShakyo, "strong"},
		{"山口さん世帯", "民生委員（川端町担当）", "weak"},
		{"森田さん世帯（ダブルケア）", "親族（本人の兄・大西さん）", "stressful"},
	} {
		if got := seen[want.home+" "+want.name]; got != want.strength {
			t.Errorf("%s: tie with %s is %q, want %q (seen %v)", want.home, want.name, got, want.strength, seen)
		}
	}
	outsider := actorOf(t, ctx, db, "kodomo@demo.kasane.example")
	if ties, err := db.EcomapTies(ctx, outsider, kitamura); err == nil && len(ties) > 0 {
		t.Errorf("こども家庭センター sees %d ties of the 北村 household", len(ties))
	}
}
