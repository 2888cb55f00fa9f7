package nameindex

import "testing"

func TestFormerNamesFindThePersonOnce(t *testing.T) {
	x := New()
	put(x, "p1", "小林花子", "コバヤシハナコ")
	put(x, AltID("p1", 0), "山本花子", "ヤマモトハナコ")
	put(x, "p2", "山本太郎", "ヤマモトタロウ")
	hits, alt := Collapse(x.Search("山本", "", 10))
	if len(hits) != 2 || alt["p1"] == 0 || alt["p2"] != 0 {
		t.Fatalf("%+v %v", hits, alt)
	}
	hits, alt = Collapse(x.Search("花子", "", 10))
	if len(hits) != 1 || hits[0].ID != "p1" || alt != nil {
		t.Fatalf("current and former name both match: once, as current: %+v %v", hits, alt)
	}
	if p, ok := PersonOf(AltID("p1", 3)); p != "p1" || !ok {
		t.Fatal(p, ok)
	}
}
