package web

import (
	"fmt"
	"testing"

	"kasane/internal/casework"
	"kasane/internal/genogram"
	"kasane/internal/sqldb"
)

// TestEcomapRecordedMerges: counterparts of the records join a drawn
// organization by a shorter name, ties override by name, and the records
// beyond 15 connections are listed, not drawn, while ties always are.
func TestEcomapRecordedMerges(t *testing.T) {
	team := []genogram.Connection{{Name: "地域包括支援センター", Kind: "主担当", Strength: genogram.Strong, Direction: genogram.ToHousehold}}
	data := sqldb.GenogramData{People: map[string]sqldb.GenogramPerson{"p1": {Name: "山田 一郎"}},
		Contacts: []sqldb.GenogramContact{{Name: "地域包括", Count: 2}, {Name: "民生委員", Count: 3}}}
	for i := range 20 {
		data.Contacts = append(data.Contacts, sqldb.GenogramContact{Name: fmt.Sprintf("連絡先%02d", i), Count: 1})
	}
	data.Ties = []casework.EcomapTie{
		{Counterpart: "informal", Name: "民生委員", PersonID: "p1", Strength: "stressful", Direction: "none", Note: "訪問を嫌がる"},
		{Counterpart: "organization", Name: "地域包括支援センター", Strength: "weak", Direction: "both"},
		{Counterpart: "informal", Name: "近所の田中さん", Strength: "strong", Direction: "to"},
	}
	conns, omitted := ecomapRecorded(append([]genogram.Connection(nil), team...), data)
	if len(conns) != ecomapMaxDrawn {
		t.Fatalf("%d drawn, want %d", len(conns), ecomapMaxDrawn)
	}
	c := conns[0]
	if c.Name != "地域包括支援センター" || c.Kind != "主担当 支援経過2件" || c.Strength != genogram.Weak || c.Direction != genogram.Both {
		t.Errorf("lead organization: %+v", c)
	}
	if c := conns[1]; c.Name != "民生委員" || c.Strength != genogram.Stressful || c.Direction != genogram.NoDirection || c.Note != "訪問を嫌がる" {
		t.Errorf("confirmed counterpart: %+v", c)
	}
	if c := conns[2]; c.Name != "近所の田中さん" || c.Kind != "インフォーマル" {
		t.Errorf("informal tie: %+v", c)
	}
	if len(omitted) != 20+3-ecomapMaxDrawn {
		t.Errorf("omitted %d: %v", len(omitted), omitted)
	}
	for _, c := range conns {
		if c.Name == "地域包括" {
			t.Error("the short name is drawn beside the organization")
		}
	}
}

// TestEcomapShortNameOnce: 「社協」 in the support records is the team's
// かさね市社会福祉協議会, drawn once with the counts of both names added.
func TestEcomapShortNameOnce(t *testing.T) {
	team := []genogram.Connection{{Name: "かさね市社会福祉協議会", Kind: "支援チーム 支援経過1件", Strength: genogram.Normal, Direction: genogram.ToHousehold}}
	data := sqldb.GenogramData{Contacts: []sqldb.GenogramContact{{Name: "社協", Count: 2}, {Name: "民生委員", Count: 1}}}
	conns, _ := ecomapRecorded(team, data)
	if len(conns) != 2 {
		t.Fatalf("drawn: %+v", conns)
	}
	if c := conns[0]; c.Name != "かさね市社会福祉協議会" || c.Kind != "支援チーム 支援経過3件" {
		t.Errorf("社会福祉協議会: %+v", c)
	}
}
