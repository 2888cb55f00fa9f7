package japanese

import (
	"errors"
	"testing"
	"unicode/utf8"
)

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{
		"2025-04-01", "2025/4/1", "2025年4月1日", "20250401", "2025-04", "2025",
		"R7.4.1", "r07.04.01", "令和元年5月1日", "H31.4.30", "平成31年5月1日",
		"S64.1.8", "昭和50年", "Ｒ７．４．１", "不明", "", "M1.1.1", "T15.12.25",
		"2025/4-1", "令和0年", "9999-12-31",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			var de *DateError
			if !errors.As(err, &de) || de.Msg == "" {
				t.Fatalf("ParseDate(%q) error %v is not a *DateError", s, err)
			}
			return
		}
		back, err := ParseISO(d.ISO())
		if err != nil || back != d {
			t.Fatalf("ParseDate(%q) = %+v; ParseISO(%q) = %+v, %v", s, d, d.ISO(), back, err)
		}
		if d.Display() == "" {
			t.Fatalf("empty Display for %+v", d)
		}
		if d.Precision == PrecisionDay && d.Year >= 1868 && d.Year < 2100 {
			w := FormatWareki(d.Time())
			again, err := ParseDate(w)
			if err != nil || again != d {
				t.Fatalf("ParseDate(%q) = %+v; FormatWareki = %q; reparsed %+v, %v", s, d, w, again, err)
			}
		}
	})
}

func FuzzNameKey(f *testing.F) {
	for _, s := range []string{
		"髙橋 一郎", "渡邉　美咲", "𠮷田", "ｻﾄｳ ﾊﾅｺ", "葛\U000E0100城", "功", "址阯",
		"やまだ・たろう", "a\u00a8", "ｶﾞ", "か ゙", "\u3099", "ＡＢＣ",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := NameKey(s)
		if utf8.ValidString(s) && !utf8.ValidString(k) {
			t.Fatalf("NameKey(%q) = %q is not valid UTF-8", s, k)
		}
		if k2 := NameKey(k); k2 != k {
			t.Fatalf("NameKey not idempotent: %q → %q → %q", s, k, k2)
		}
		_ = Bigrams(k)
	})
}

func FuzzKanaKey(f *testing.F) {
	for _, s := range []string{
		"サトウ", "ｻﾄｰ", "ゆうこ", "ヴァイオリン", "チヂミ", "ミカヅキ", "オウウ",
		"ｱﾞ", "ジョン・スミス", "Smith", "か\u3099", "ー", "ヶ",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := KanaKey(s)
		if k2 := KanaKey(k); k2 != k {
			t.Fatalf("KanaKey not idempotent: %q → %q → %q", s, k, k2)
		}
		_ = IsKatakanaName(s)
		if tk := ToKatakana(s); ToKatakana(tk) != tk {
			t.Fatalf("ToKatakana not idempotent: %q → %q → %q", s, tk, ToKatakana(tk))
		}
	})
}
