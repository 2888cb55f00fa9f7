package dedupe

import (
	"slices"
	"testing"
)

// TestOtherNames: a record registered again under a new surname is proposed
// for review when it carries the old one as 旧姓 (in writing or reading,
// also with a typo in the given reading), or when the other record carries
// a 通称 it was registered under; such a pair never reaches "same" however
// much else it shares; and without the other name it stays where it was.
func TestOtherNames(t *testing.T) {
	th := DefaultThresholds
	old := rec("old", base) // 高橋 一郎
	moved := with(func(p *person) {
		p.fam, p.fk = "佐藤", "サトウ"
		p.postal, p.city, p.street, p.phone = "530-0001", "大阪府大阪市北区", "梅田1-1", "06-1111-2222"
	})
	plain := rec("new", moved)
	if s, why := Score(old, plain); s >= th.Review {
		t.Fatalf("surname change and move without a 旧姓: %d %v (the case this issue is about: below review before)", s, why)
	}
	cases := []struct {
		name    string
		r       func() Record
		min     int
		reasons []string
	}{
		{"旧姓 in writing", func() Record { r := rec("new", moved); r.AddFormer("髙橋", "", "", ""); return r }, th.Review, []string{RFormer, RBirth}},
		{"旧姓 in reading only", func() Record { r := rec("new", moved); r.AddFormer("鷹橋", "", "たかはし", ""); return r }, th.Review, []string{RFormer}},
		{"旧姓 and a typo in the given reading", func() Record {
			r := rec("new", with(func(p *person) { *p = moved; p.giv, p.gk = "市郎", "イチノウ" }))
			r.AddFormer("高橋", "", "タカハシ", "")
			return r
		}, th.Review, []string{RFormerNear}},
		{"旧姓, everything else the same", func() Record {
			r := rec("new", with(func(p *person) { p.fam, p.fk = "佐藤", "サトウ" }))
			r.AddFormer("高橋", "", "タカハシ", "")
			return r
		}, th.Review, []string{RFormer, RPhone, RStreet}},
		{"registered under the 通称 the other carries", func() Record {
			return rec("new", with(func(p *person) { p.fam, p.giv, p.fk, p.gk = "金田", "英子", "カネダ", "エイコ" }))
		}, 0, nil},
	}
	for _, c := range cases {
		r := c.r()
		s, why := Score(old, r)
		if s2, _ := Score(r, old); s2 != s {
			t.Errorf("%s: not symmetric %d/%d", c.name, s, s2)
		}
		if s < c.min || s > OtherNameMax || th.IsSame(s, why) && c.min > 0 {
			t.Errorf("%s: score %d %v", c.name, s, why)
		}
		for _, x := range c.reasons {
			if !slices.Contains(why, x) {
				t.Errorf("%s: reasons %v lack %q", c.name, why, x)
			}
		}
		if c.min > 0 {
			if b, _ := Score(old, r.WithoutOthers()); b >= th.Review && c.name != "旧姓, everything else the same" {
				t.Errorf("%s: the baseline already proposed it (%d): the case shows nothing", c.name, b)
			}
			if th2 := (Thresholds{Same: 50, Review: 40}); th2.IsSame(s, why) {
				t.Errorf("%s: same under a low threshold", c.name)
			}
		}
	}
	// 通称: the first record carries the 通称 the second is registered under
	legal := rec("legal", person{"金", "英姫", "キム", "ヨンヒ", "1970-05-06", "female", "", "", "", "090-5555-0000"})
	legal.AddAlias("金田 英子", "カネダ エイコ")
	common := rec("common", person{"金田", "英子", "カネダ", "エイコ", "1970-05-06", "female", "", "", "", ""})
	if s, why := Score(legal, common); s < th.Review || !slices.Contains(why, RAlias) || th.IsSame(s, why) {
		t.Errorf("通称: %d %v", s, why)
	}
	if s, _ := Score(legal.WithoutOthers(), common); s != 0 {
		t.Errorf("通称 baseline: %d", s)
	}
	// a 通称 typed as one word meets a name typed in two parts, and they block together
	one := rec("one", person{"金", "英姫", "キム", "ヨンヒ", "1970-05-06", "female", "", "", "", ""})
	one.AddAlias("金田英子", "")
	if s, why := Score(one, common); s < th.Review || !slices.Contains(why, RAlias) {
		t.Errorf("通称 in one word: %d %v", s, why)
	}
	if !shareKey(one, common) || !shareKey(legal, common) {
		t.Error("通称 does not block with the name")
	}
	// a twin sister whose surname is someone's 旧姓 is not proposed
	sister := rec("sister", with(func(p *person) { p.giv, p.gk, p.sex = "花子", "ハナコ", "female" }))
	r := rec("new", moved)
	r.AddFormer("高橋", "", "タカハシ", "")
	if s, why := Score(sister, r); s >= th.Review {
		t.Errorf("twin sister: %d %v", s, why)
	}
	// the 旧姓 blocks with the old record even when the given name is off by one
	typo := rec("typo", with(func(p *person) { *p = moved; p.gk, p.giv = "イチロ", "市郎" }))
	typo.AddFormer("高橋", "", "タカハシ", "")
	if !shareKey(old, typo) {
		t.Error("旧姓 with a given-name typo does not block with the old record")
	}
	// and the lookup of the registration check does not pass it over
	if !NamesMayMatch(typo, "高橋", "一郎", "タカハシ", "イチロウ") || NamesMayMatch(rec("x", moved), "高橋", "花子", "タカハシ", "ハナコ") {
		t.Error("NamesMayMatch with other names")
	}
}

func shareKey(a, b Record) bool {
	ka := BlockKeys(a)
	for _, k := range BlockKeys(b) {
		if slices.Contains(ka, k) {
			return true
		}
	}
	return false
}

// TestOwnNameAsOtherNameAddsNothing: a 旧姓 equal to the current surname
// (typed by habit) is not another name.
func TestOwnNameAsOtherNameAddsNothing(t *testing.T) {
	r := rec("a", base)
	r.AddFormer("高橋", "", "タカハシ", "")
	r.AddAlias("高橋 一郎", "")
	r.AddFormer("", "", "", "")
	if len(r.Others) != 0 {
		t.Fatalf("others: %+v", r.Others)
	}
	r.AddFormer("佐藤", "", "", "")
	r.AddFormer("佐藤", "", "", "")
	if len(r.Others) != 1 {
		t.Fatalf("others: %+v", r.Others)
	}
}
