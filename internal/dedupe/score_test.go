package dedupe

import (
	"slices"
	"testing"
)

type person struct{ fam, giv, fk, gk, birth, sex, postal, city, street, phone string }

func rec(id string, p person) Record {
	return NewRecord(id, p.fam, p.giv, p.fk, p.gk, p.birth, p.sex, p.postal, p.city, p.street, p.phone)
}

var base = person{"高橋", "一郎", "タカハシ", "イチロウ", "1950-04-03", "male", "123-4567", "東京都足立区", "本町1-2-3", "090-1234-5678"}

func with(f func(p *person)) person {
	p := base
	f(&p)
	return p
}

func TestScorePairs(t *testing.T) {
	th := DefaultThresholds
	cases := []struct {
		name    string
		b       person
		minS    int // inclusive
		maxS    int
		reasons []string
	}{
		{"same record", base, th.Same, 100, []string{RName, RKana, RBirth, RPhone}},
		{"variant kanji 髙橋", with(func(p *person) { p.fam = "髙橋" }), th.Same, 100, []string{RName}},
		{"half-width kana and hiragana", with(func(p *person) { p.fk, p.gk = "ﾀｶﾊｼ", "いちろう" }), th.Same, 100, []string{RKana}},
		{"long vowel イチロー", with(func(p *person) { p.gk = "イチロー"; p.phone = "" }), th.Same, 100, []string{RName, RBirth}},
		{"swapped day and month", with(func(p *person) { p.birth = "1950-03-04" }), th.Same, 100, []string{RBirthSwap}},
		{"year only", with(func(p *person) { p.birth = "1950"; p.phone = "" }), th.Review, 100, []string{RBirthPart}},
		{"moved, new phone", with(func(p *person) {
			p.postal, p.city, p.street, p.phone = "530-0001", "大阪府大阪市北区", "梅田1-1", "06-1111-2222"
		}), th.Same, 100, []string{RName, RBirth}},
		{"typo in given reading", with(func(p *person) { p.giv, p.gk = "市郎", "イチロ" }), th.Review, 100, []string{RNameReading}},
		{"given kanji typo", with(func(p *person) { p.giv = "一朗" }), th.Review, 100, []string{RNameReading}},
		{"married: new family name", with(func(p *person) { p.fam, p.fk = "佐藤", "サトウ" }), th.Review, 100, []string{RGivenOnly}},
		{"birth date digit typo", with(func(p *person) { p.birth = "1950-04-08" }), th.Same, 100, []string{RBirthTypo}},
		{"typo in kanji and reading", with(func(p *person) { p.giv, p.gk = "一朗", "イチオ" }), th.Review, th.Same - 1, []string{RGivenNear}},
		{"twin brother", with(func(p *person) { p.giv, p.gk = "二郎", "ジロウ" }), 0, th.Review - 1, nil},
		{"twin sister", with(func(p *person) { p.giv, p.gk, p.sex = "花子", "ハナコ", "female" }), 0, th.Review - 1, nil},
		{"namesake, other birth date", with(func(p *person) { p.birth, p.postal, p.street, p.phone = "1982-11-20", "", "", "" }), 0, th.Review - 1, nil},
		{"father and son of one name", with(func(p *person) { p.birth = "1978-09-30" }), 0, th.Review - 1, nil},
		{"斎藤 and 斉藤 are not folded but read alike", person{"斎藤", "花子", "サイトウ", "ハナコ", "1960-01-01", "female", "", "", "", ""}, 0, 0, nil},
	}
	a := rec("a", base)
	for _, c := range cases {
		s, why := Score(a, rec("b", c.b))
		if s < c.minS || s > c.maxS {
			t.Errorf("%s: score %d not in [%d,%d] %v", c.name, s, c.minS, c.maxS, why)
		}
		for _, r := range c.reasons {
			if !slices.Contains(why, r) {
				t.Errorf("%s: reasons %v lack %q", c.name, why, r)
			}
		}
		if s2, _ := Score(rec("b", c.b), a); s2 != s {
			t.Errorf("%s: not symmetric %d/%d", c.name, s, s2)
		}
	}
}

func TestBatchFindsVariantsNotTwins(t *testing.T) {
	rs := []Record{
		rec("p0", base),
		rec("p1", with(func(p *person) { p.fam, p.fk, p.birth = "髙橋", "ﾀｶﾊｼ", "1950-03-04" })),
		rec("twin", with(func(p *person) { p.giv, p.gk = "二郎", "ジロウ" })),
		rec("other", person{"佐藤", "花子", "サトウ", "ハナコ", "1980-01-01", "female", "", "", "", ""}),
		rec("p2", with(func(p *person) { p.birth, p.phone = "1950", "" })),
	}
	got := Batch(rs, DefaultThresholds, 2)
	pairs := map[[2]string]bool{}
	for _, p := range got {
		pairs[[2]string{rs[p.A].ID, rs[p.B].ID}] = true
	}
	for _, want := range [][2]string{{"p0", "p1"}, {"p0", "p2"}, {"p1", "p2"}} {
		if !pairs[want] {
			t.Errorf("missing %v in %v", want, got)
		}
	}
	for k := range pairs {
		if k[0] == "twin" || k[1] == "twin" || k[0] == "other" || k[1] == "other" {
			t.Errorf("false pair %v", k)
		}
	}
	if ex := ExactRule(rs); len(ex) != 0 {
		t.Errorf("exact rule matched written variants: %v", ex)
	}
}

func TestBlockingSharesKeysOnlyWhenRelated(t *testing.T) {
	a := BlockKeys(rec("a", base))
	b := BlockKeys(rec("b", with(func(p *person) { p.birth = "1950-03-04"; p.fam = "髙橋"; p.phone = "" })))
	shared := 0
	for _, k := range b {
		if slices.Contains(a, k) {
			shared++
		}
	}
	if shared < 3 {
		t.Fatalf("variant shares %d keys", shared)
	}
	c := BlockKeys(rec("c", person{"佐藤", "花子", "サトウ", "ハナコ", "1980-01-01", "female", "", "", "", ""}))
	for _, k := range c {
		if slices.Contains(a, k) {
			t.Fatal("unrelated records share a key")
		}
	}
	if !near("イチロウ", "イチロ") || !near("アイ", "アオ") || near("イチロウ", "ジロウ") || near("ア", "ア") {
		t.Fatal("near")
	}
}

// TestNamesMayMatchBoundsScore: a pair whose names do not match scores at
// most NoNameMax, whatever else it shares.
func TestNamesMayMatchBoundsScore(t *testing.T) {
	names := [][4]string{{"高橋", "一郎", "たかはし", "いちろう"}, {"髙橋", "一朗", "タカハシ", "イチロウ"}, {"佐藤", "一郎", "サトウ", "イチロウ"},
		{"佐藤", "花子", "サトウ", "ハナコ"}, {"渡辺", "花子", "ワタナベ", "ハナコ"}, {"河野", "翔太", "コウノ", "ショウタ"}, {"河野", "翔平", "カワノ", "ショウヘイ"}, {"", "太郎", "", "タロウ"}}
	births := []string{"1975-04-01", "1975-01-04", "1975", "1975-04-02", ""}
	best := 0
	for _, x := range names {
		for _, y := range names {
			for _, bx := range births {
				for _, by := range births {
					a := NewRecord("", x[0], x[1], x[2], x[3], bx, "male", "123-4567", "架空県かさね市", "本町1", "090-0000-1111")
					b := NewRecord("", y[0], y[1], y[2], y[3], by, "male", "1234567", "架空県かさね市", "本町1", "09000001111")
					s, _ := Score(a, b)
					if !NamesMayMatch(a, y[0], y[1], y[2], y[3]) {
						if s > NoNameMax {
							t.Fatalf("%v / %v: score %d without matching names", x, y, s)
						}
						best = max(best, s)
					}
				}
			}
		}
	}
	if best == 0 {
		t.Fatal("no pair without matching names scored: nothing compared")
	}
}
