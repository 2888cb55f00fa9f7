package casework

import (
	"strings"
	"testing"
)

func f(x float64) *float64 { return &x }

func TestRankResources(t *testing.T) {
	p := NeedsProfile{Interests: []string{"農作業", "動物"}, Days: []string{"水", "土"}, TimeSlots: []string{"午前"},
		Districts: []string{"北地区"}, SupportNeeded: []string{"少人数"}}
	rs := []Resource{
		{ID: "farm", Name: "みどり農園", AcceptsParticipants: true, District: "北地区", Days: []string{"水"}, TimeSlots: []string{"午前"},
			Activities: []string{"農作業"}, Accessibility: []string{"少人数"}},
		{ID: "cafe", Name: "駅前カフェ", AcceptsParticipants: true, District: "南地区", Days: []string{"月"},
			Activities: []string{"接客"}},
		{ID: "salon", Name: "ふれあいサロン", AcceptsParticipants: true, District: "北地区", Days: []string{"土"}, TimeSlots: []string{"午後"}},
		{ID: "closed", Name: "受け入れなし", AcceptsParticipants: false, Activities: []string{"農作業"}},
	}
	got := RankResources(p, rs)
	if len(got) != 3 {
		t.Fatalf("non-accepting resource ranked: %d", len(got))
	}
	if got[0].Resource.ID != "farm" || got[1].Resource.ID != "salon" || got[2].Resource.ID != "cafe" {
		t.Fatalf("order: %s %s %s", got[0].Resource.ID, got[1].Resource.ID, got[2].Resource.ID)
	}
	// farm: time +3, district +2, interest +2, accessibility +1
	if got[0].Score != 8 {
		t.Fatalf("farm score %d: %+v", got[0].Score, got[0].Reasons)
	}
	kinds := map[string]bool{}
	for _, r := range got[0].Reasons {
		kinds[r.Kind] = r.Positive
	}
	if !kinds["time"] || !kinds["place"] || !kinds["interest"] || !kinds["accessibility"] {
		t.Fatalf("reasons: %+v", got[0].Reasons)
	}
	// salon: day fits, time slot does not
	var slot bool
	for _, r := range got[1].Reasons {
		slot = slot || (r.Kind == "time" && !r.Positive && strings.Contains(r.Text, "時間帯"))
	}
	if !slot {
		t.Fatalf("salon reasons: %+v", got[1].Reasons)
	}
	// cafe: missing accommodation shown as a minus
	var missing bool
	for _, r := range got[2].Reasons {
		missing = missing || (r.Kind == "accessibility" && !r.Positive)
	}
	if !missing {
		t.Fatalf("cafe reasons: %+v", got[2].Reasons)
	}
}

func TestRankByDistance(t *testing.T) {
	p := NeedsProfile{HomeLat: f(35.68), HomeLng: f(139.76)}
	rs := []Resource{
		{ID: "far", Name: "A", AcceptsParticipants: true, Lat: f(35.80), Lng: f(139.90)},
		{ID: "near", Name: "B", AcceptsParticipants: true, Lat: f(35.685), Lng: f(139.765)},
	}
	got := RankResources(p, rs)
	if got[0].Resource.ID != "near" || got[0].Score != 2 || got[1].Score != -1 {
		t.Fatalf("distance ranking: %+v", got)
	}
	if d := DistanceKm(35.68, 139.76, 35.68, 139.76); d != 0 {
		t.Fatalf("zero distance %f", d)
	}
}
