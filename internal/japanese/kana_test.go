package japanese

import (
	"reflect"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestToKatakana(t *testing.T) {
	tests := []struct{ in, want string }{
		{"やまだ たろう", "ヤマダ タロウ"},
		{"さとう　はなこ", "サトウ ハナコ"},
		{"  すずき　　いちろう ", "スズキ イチロウ"},
		{"ｻﾄｳ ﾊﾅｺ", "サトウ ハナコ"},
		{"ｶﾞｯｺｳ", "ガッコウ"},
		{"ﾊﾟﾝﾀﾞ", "パンダ"},
		{"ｳﾞｨｸﾄﾙ", "ヴィクトル"},
		{"ｱﾞ", "ア゛"},
		{"ｺｰﾋｰ", "コーヒー"},
		{"こーひー", "コーヒー"},
		{"ゔぁいおりん", "ヴァイオリン"},
		{"ちぢみ・つづき", "チヂミ・ツヅキ"},
		{"いすゞ", "イスヾ"},
		{"か\u3099", "ガ"},
		{"ＡＢＣ　１２３", "ABC 123"},
		{"山田 太郎", "山田 太郎"},
		{"ジョン・スミス", "ジョン・スミス"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := ToKatakana(tt.in); got != tt.want {
			t.Errorf("ToKatakana(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// The half-width table must agree with NFKC.
func TestHalfKanaTable(t *testing.T) {
	if len(halfKanaTable) != 0xFF9D-0xFF61+1 {
		t.Fatalf("table has %d entries", len(halfKanaTable))
	}
	for i, full := range halfKanaTable {
		half := rune(0xFF61 + i)
		if want := norm.NFKC.String(string(half)); string(full) != want {
			t.Errorf("%q → %q, NFKC gives %q", half, full, want)
		}
	}
}

func TestIsKatakanaName(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"ヤマダ タロウ", true},
		{"やまだ　たろう", true},
		{"ｻﾄｳ ﾊﾅｺ", true},
		{"ジョン・スミス", true},
		{"コーヒー", true},
		{"ヴァイオリン", true},
		{"山田 タロウ", false},
		{"ヤマダ1", false},
		{"Yamada", false},
		{"ヤマダ（タロウ）", false},
		{"", false},
		{"　", false},
		{"ー", false},
	}
	for _, tt := range tests {
		if got := IsKatakanaName(tt.in); got != tt.want {
			t.Errorf("IsKatakanaName(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestKanaKeyEqual(t *testing.T) {
	groups := [][]string{
		{"サトウ", "サトー", "サトオ", "サト", "さとう", "ｻﾄｳ", "ｻﾄｰ", "サ ト ウ"},
		{"ユウコ", "ユーコ", "ユコ", "ゆうこ"},
		{"オオノ", "オーノ", "オノ", "おおの"},
		{"シミズ", "シミヅ", "しみず", "ｼﾐｽﾞ"},
		{"ミカヅキ", "ミカズキ", "ミカスキ"},
		{"チヂミ", "チジミ"},
		{"ハナヂ", "ハナジ"},
		{"キョウコ", "キヨコ", "キョーコ", "きょうこ"},
		{"ガッコウ", "カツコ"},
		{"パンダ", "ハンタ", "バンダ"},
		{"ヴィクトル", "ウイクトル", "ウィクトル"},
		{"カヲル", "カオル"},
		{"ケイコ", "ケーコ", "ケコ"},
		{"コウノ", "コーノ", "コノ"},
		{"イイジマ", "イージマ"},
		{"ジョン・スミス", "ジョンスミス", "ション スミス"},
		{"ヶ", "ケ"},
		{"ヵ", "カ"},
		{"ヮ", "ワ"},
		{"ワタナベ", "ワタナヘ"},
	}
	for _, g := range groups {
		k0 := KanaKey(g[0])
		for _, s := range g[1:] {
			if k := KanaKey(s); k != k0 {
				t.Errorf("KanaKey(%q) = %q, KanaKey(%q) = %q; want equal", g[0], k0, s, k)
			}
		}
	}
}

func TestKanaKeyValues(t *testing.T) {
	tests := []struct{ in, want string }{
		{"サトウ", "サト"},
		{"ヤマダ タロウ", "ヤマタタロ"},
		{"ヴァイオリン", "ウアイオリン"},
		{"オウウ", "オ"},
		{"ウウ", "ウ"},
		{"アイ", "アイ"},
		{"エイコ", "エコ"},
		{"Smith", "smith"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := KanaKey(tt.in); got != tt.want {
			t.Errorf("KanaKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestKanaKeyDistinct(t *testing.T) {
	pairs := [][2]string{
		{"サトウ", "カトウ"},
		{"タナカ", "ナカタ"},
		{"スズキ", "ススム"},
		{"アイ", "アエ"},
		{"ヤマモト", "ヤマムラ"},
	}
	for _, p := range pairs {
		if KanaKey(p[0]) == KanaKey(p[1]) {
			t.Errorf("KanaKey(%q) == KanaKey(%q) = %q", p[0], p[1], KanaKey(p[0]))
		}
	}
}

func TestNgrams(t *testing.T) {
	tests := []struct {
		key     string
		bigrams []string
		uni     []string
	}{
		{"", nil, nil},
		{"高", []string{"高"}, []string{"高"}},
		{"高橋", []string{"高橋"}, []string{"高", "橋"}},
		{"タカハシ", []string{"タカ", "カハ", "ハシ"}, []string{"タ", "カ", "ハ", "シ"}},
		{"ナナナ", []string{"ナナ"}, []string{"ナ"}},
		{"𠮷田", []string{"𠮷田"}, []string{"𠮷", "田"}},
	}
	for _, tt := range tests {
		if got := Bigrams(tt.key); !reflect.DeepEqual(got, tt.bigrams) {
			t.Errorf("Bigrams(%q) = %q, want %q", tt.key, got, tt.bigrams)
		}
		if got := Unigrams(tt.key); !reflect.DeepEqual(got, tt.uni) {
			t.Errorf("Unigrams(%q) = %q, want %q", tt.key, got, tt.uni)
		}
	}
}
