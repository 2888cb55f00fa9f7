package juki

import (
	"strings"
	"testing"

	"kasane/internal/casework"
)

func read(t *testing.T, s string) ([]Row, []Problem) {
	t.Helper()
	rows, probs, err := Read(strings.NewReader(s), "2026-06-01")
	if err != nil {
		t.Fatal(err)
	}
	return rows, probs
}

func TestReadHeadingsBOMAndReasons(t *testing.T) {
	rows, probs := read(t, "\ufeff宛名番号,異動事由,異動年月日,氏（フリガナ）,住所,方書\n０１２３,氏の変更,令和8年5月1日,さとう,,\n0124,転居届,2026/5/2,,本町1-1,かさねハイツ 101\n")
	if len(probs) != 0 || len(rows) != 2 {
		t.Fatalf("%+v %+v", rows, probs)
	}
	if r := rows[0]; r.AtenaNo != "0123" || r.Reason != NameChange || r.Date != "2026-05-01" || r.FamilyKana != "サトウ" || r.Line != 2 {
		t.Fatalf("row 1: %+v", r)
	}
	if r := rows[1]; r.Reason != Move || r.Address.Street != "本町1-1 かさねハイツ 101" {
		t.Fatalf("row 2: %+v", r)
	}
	// the same content gives the same hash, whatever the spelling of the date
	again, _ := read(t, "atena_no,reason,date,family_kana,street,katagaki\n0123,氏名変更,R8.5.1,サトウ,,\n")
	if again[0].Hash != rows[0].Hash {
		t.Fatal("hash depends on the spelling")
	}
	if _, _, err := Read(strings.NewReader("宛名番号,異動日\n1,R8.5.1\n"), "2026-06-01"); err == nil || !strings.Contains(err.Error(), "異動事由") {
		t.Fatalf("missing column: %v", err)
	}
}

func TestReadPlannedMoveOutMayBeFuture(t *testing.T) {
	rows, probs := read(t, "宛名番号,異動事由,異動日,住所\n1,転出,2026-06-30,\n2,死亡,2026-06-30,\n")
	if len(rows) != 1 || rows[0].Reason != MoveOut || len(probs) != 1 || probs[0].Row != 3 || probs[0].Field != "date" {
		t.Fatalf("%+v %+v", rows, probs)
	}
}

func TestDecideStatusFollowsTheDates(t *testing.T) {
	cur := casework.Person{Identified: true, FamilyName: "山田", GivenName: "花子", FamilyKana: "ヤマダ", GivenKana: "ハナコ", Sex: "female"}
	dead, _ := Decide(cur, Row{Reason: Death, Date: "2026-05-10"})
	if p := dead.Person; p.ResidentStatus != casework.ResidentDeceased || p.DeceasedOn != "2026-05-10" || !dead.Changed {
		t.Fatalf("death: %+v", p)
	}
	// a 転居 dated before the death arrives late: the address is kept, the death stays
	late, _ := Decide(dead.Person, Row{Reason: Move, Date: "2026-05-01", Address: casework.Address{Street: "新町1"}})
	if late.Person.ResidentStatus != casework.ResidentDeceased || late.Person.Address.Street != "新町1" {
		t.Fatalf("late move: %+v", late.Person)
	}
	out, _ := Decide(cur, Row{Reason: MoveOut, Date: "2026-05-01"})
	back, _ := Decide(out.Person, Row{Reason: MoveIn, Date: "2026-05-20", FamilyName: "佐藤", FamilyKana: "サトウ"})
	if p := back.Person; p.ResidentStatus != casework.ResidentLiving || p.FamilyName != "佐藤" || p.MaidenName != "山田" || back.Former == nil || back.Former.Until != "2026-05-20" {
		t.Fatalf("back under a new name: %+v %+v", p, back.Former)
	}
	same, _ := Decide(back.Person, Row{Reason: NameChange, Date: "2026-05-21", FamilyName: "佐藤", FamilyKana: "サトウ"})
	if same.Changed || same.Former != nil {
		t.Fatalf("nothing changed: %+v", same)
	}
	_, probs := Decide(cur, Row{Line: 7, Reason: NameChange, Date: "2026-05-21", FamilyName: "伊藤"})
	if len(probs) != 1 || probs[0].Field != "family_kana" || probs[0].Row != 7 {
		t.Fatalf("new surname without its reading: %+v", probs)
	}
}

func TestCaseAlertNamesNoAddress(t *testing.T) {
	c := casework.Case{ID: "c1", Number: "2026-00001", FocusName: "山田 一郎"}
	a := CaseAlert(c, Subject{Status: casework.ResidentDeceased, On: "2026-05-30"}, OpenItems{Plans: 1, Referrals: 2})
	if a.Kind != AlertDeceased || a.CaseID != "c1" || a.Message != "住民記録: 本人が死亡（令和8年5月30日）。ケース 2026-00001 の終結（死亡）を検討してください。終結の対象: 開いているプラン 1件・開いているつなぎ 2件。" {
		t.Fatalf("%+v", a)
	}
	m := CaseAlert(c, Subject{Member: true, Name: "山田 花子", Status: casework.ResidentMovedOut, On: "2026-05-30"}, OpenItems{})
	if m.Kind != AlertMovedOut || !strings.Contains(m.Message, "世帯員（山田 花子）が転出") {
		t.Fatalf("%+v", m)
	}
}
