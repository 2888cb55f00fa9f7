package japanese

import (
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestNameKeyEqual(t *testing.T) {
	groups := [][]string{
		{"高橋", "髙橋", "高 橋", "髙　橋", " 高橋 "},
		{"山崎", "山﨑", "山嵜"},
		{"渡辺", "渡邊", "渡邉", "渡 邉"},
		{"田辺", "田邊", "田邉"},
		{"斎藤", "齋藤", "齋　藤"},
		{"浜田", "濵田", "濱田"},
		{"島田", "嶋田"},
		{"中島", "中嶋"},
		{"沢田", "澤田"},
		{"大沢", "大澤"},
		{"吉田", "𠮷田", "𠮷 田"},
		{"富田", "冨田"},
		{"桑原", "桒原"},
		{"真由美", "眞由美"},
		{"広瀬", "廣瀬"},
		{"桜井", "櫻井"},
		{"山田太郎", "山田　太郎", "山田 太郎", "山田・太郎"},
		{"ヤマダ", "やまだ", "ﾔﾏﾀﾞ", "ヤ マ ダ"},
		{"ABC", "ＡＢＣ", "abc", "ａｂｃ"},
		// Latin names in any case and width (issue 21)
		{"NGUYEN", "nguyen", "Ｎｇｕｙｅｎ", "Nguyen", "ＮＧＵＹＥＮ", "ｎｇｕｙｅｎ"},
		{"NGUYEN Van An", "nguyen van an", "Ｎｇｕｙｅｎ　Ｖａｎ　Ａｎ", "NguyenVanAn"},
		{"SILVA Ana", "Silva・Ana", "silva ana"},
		{"MÜLLER", "müller", "Müller"},
		{"葛城", "葛\U000E0100城", "葛\uFE00城"},
		{"崎", "\uFA11"},
	}
	for _, g := range groups {
		k0 := NameKey(g[0])
		for _, s := range g[1:] {
			if k := NameKey(s); k != k0 {
				t.Errorf("NameKey(%q) = %q, NameKey(%q) = %q; want equal", g[0], k0, s, k)
			}
		}
	}
}

func TestNameKeyDistinct(t *testing.T) {
	pairs := [][2]string{
		{"功", "切"}, // 功→切 (民一2842号 俗字) must not be applied: 功 is 常用漢字
		{"斎藤", "斉藤"},
		{"高橋", "高梁"},
		{"佐藤", "加藤"},
		{"ヤマダ", "ヤマタ"},
		{"啓", "启"}, // dictionary-only relation, skipped
	}
	for _, p := range pairs {
		if NameKey(p[0]) == NameKey(p[1]) {
			t.Errorf("NameKey(%q) == NameKey(%q) = %q", p[0], p[1], NameKey(p[0]))
		}
	}
	if got := NameKey("功"); got != "功" {
		t.Errorf("NameKey(功) = %q", got)
	}
}

// Surnames from /work/shared/data/surnames.tsv (gimei, MIT) are their own
// keys: they are written in standard characters.
func TestNameKeyStableSurnames(t *testing.T) {
	for _, s := range []string{"佐藤", "鈴木", "高橋", "渡辺", "斎藤", "山崎", "中島", "浜田", "沢田", "吉田", "小島", "飯島", "長島", "岩崎"} {
		if k := NameKey(s); k != s {
			t.Errorf("NameKey(%q) = %q", s, k)
		}
	}
}

func TestVariantTable(t *testing.T) {
	vm := variantMap()
	if len(vm) < 15000 {
		t.Fatalf("variant table has only %d entries", len(vm))
	}
	for v, s := range vm {
		if v == s {
			t.Errorf("%q maps to itself", v)
		}
		if _, chained := vm[s]; chained {
			t.Errorf("%q → %q is not resolved to a fixed point", v, s)
		}
		if norm.NFKC.String(string(s)) != string(s) {
			t.Errorf("%q → %q: target is not NFKC-stable", v, s)
		}
	}
	// Chains and cycles.
	if NameKey("从") != "従" {
		t.Errorf("NameKey(从) = %q, want 従", NameKey("从"))
	}
	for _, c := range [][2]string{{"址", "阯"}, {"雕", "鵰"}, {"羐", "羑"}, {"輀", "轜"}} {
		if a, b := NameKey(c[0]), NameKey(c[1]); a != b || utf8.RuneCountInString(a) != 1 {
			t.Errorf("cycle %q/%q: keys %q %q", c[0], c[1], a, b)
		}
	}
}

func BenchmarkNameKey(b *testing.B) {
	variantMap()
	names := []string{"髙橋　一郎", "渡邉 美咲", "やまだ　たろう", "𠮷田", "ｻﾄｳ ﾊﾅｺ", "齋藤"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		NameKey(names[i%len(names)])
	}
}
