package japanese

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// halfKana lists the full-width forms of U+FF61 (｡) through U+FF9D (ﾝ).
const halfKana = "。「」、・ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン"

var halfKanaTable = []rune(halfKana)

const (
	combiningVoiced     = '\u3099' // combining ゛
	combiningSemiVoiced = '\u309A' // combining ゜
	spacingVoiced       = '\u309B' // ゛
	spacingSemiVoiced   = '\u309C' // ゜
)

// ToKatakana converts hiragana to katakana and half-width katakana to
// full width, joining a following ﾞ or ﾟ into one character (ｶﾞ→ガ,
// ﾊﾟ→パ, ｳﾞ→ヴ). Full-width ASCII letters and digits become ASCII, and runs
// of white space (including the full-width space U+3000) become a single
// ASCII space, with leading and trailing space removed. The long vowel
// mark ー, kanji and other characters are kept as they are. The result is
// in NFC.
func ToKatakana(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case r >= 'ぁ' && r <= 'ゖ', r == 'ゝ' || r == 'ゞ':
			r += 'ァ' - 'ぁ'
		case r >= '\uFF61' && r <= '\uFF9D':
			r = halfKanaTable[r-'\uFF61']
		case r == '\uFF9E':
			r = combiningVoiced
		case r == '\uFF9F':
			r = combiningSemiVoiced
		case r >= '！' && r <= '～':
			r -= '！' - '!'
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	out := norm.NFC.String(b.String())
	// Marks that did not combine with the character before them (ｱﾞ) are
	// written as the spacing ゛ and ゜.
	if strings.ContainsAny(out, "\u3099\u309A") {
		out = strings.NewReplacer("\u3099", "\u309B", "\u309A", "\u309C").Replace(out)
	}
	return out
}

// isKatakana reports whether r is a katakana letter (ァ–ヺ) or one of the
// iteration marks ヽ ヾ.
func isKatakana(r rune) bool {
	return (r >= 'ァ' && r <= 'ヺ') || r == 'ヽ' || r == 'ヾ'
}

// IsKatakanaName reports whether s, after ToKatakana, consists only of
// katakana, the long vowel mark ー, the middle dot ・ and spaces, and has
// at least one katakana letter. It is used to refuse kanji, Latin letters
// and digits in フリガナ fields; hiragana and half-width input pass
// because they are converted.
func IsKatakanaName(s string) bool {
	letters := 0
	for _, r := range ToKatakana(s) {
		switch {
		case isKatakana(r):
			letters++
		case r == 'ー' || r == '・' || r == ' ':
		default:
			return false
		}
	}
	return letters > 0
}

// vowelOf gives the vowel (a, i, u, e, o) of the large, unvoiced katakana
// that KanaKey produces, or 0 for ン and everything else.
func vowelOf(r rune) byte {
	const rows = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモラリルレロ"
	switch r {
	case 'ヤ', 'ワ':
		return 'a'
	case 'ユ':
		return 'u'
	case 'ヨ':
		return 'o'
	}
	if i := strings.IndexRune(rows, r); i >= 0 {
		return "aiueo"[(i/3)%5] // katakana are 3 bytes in UTF-8
	}
	return 0
}

// kanaKeyFold maps katakana that KanaKey treats as the same sound.
// Voiced and semi-voiced marks are removed separately (via NFD).
var kanaKeyFold = strings.NewReplacer(
	"ァ", "ア", "ィ", "イ", "ゥ", "ウ", "ェ", "エ", "ォ", "オ",
	"ッ", "ツ", "ャ", "ヤ", "ュ", "ユ", "ョ", "ヨ", "ヮ", "ワ",
	"ヵ", "カ", "ヶ", "ケ", "ヂ", "シ", "ヅ", "ス", "ヲ", "オ",
	"ヰ", "イ", "ヱ", "エ", "ヸ", "イ", "ヹ", "エ", "ヺ", "オ",
)

// KanaKey returns a deliberately loose key for a reading (フリガナ). It
// is meant for recall: candidates found by KanaKey are ranked with the
// exact keys (NameKey, ToKatakana) so that loose matches come last.
//
// Steps: NFKC and ToKatakana; remove spaces, ・ and ー; small kana become
// large (ァ→ア, ッ→ツ, ャ→ヤ, ヮ→ワ, ヵ→カ, ヶ→ケ); voiced and semi-voiced
// kana lose their marks (ガ→カ, パ→ハ, ヴ→ウ), with ヂ and ジ both giving
// シ and ヅ and ズ both giving ス; ヲ→オ; Latin letters are lowercased.
// Finally a vowel kana that only lengthens the syllable before it is
// dropped (オウ, オオ→オ; ウウ→ウ; エイ, エエ→エ; アア→ア; イイ→イ), so
// サトウ, サトー, サトオ and サト give the same key, as do ユウコ, ユーコ
// and ユコ. Unrelated names can share a key (オオノ/オノ); that is the
// price of recall.
func KanaKey(s string) string {
	k := kanaKeyFold.Replace(ToKatakana(norm.NFKC.String(s)))
	var b strings.Builder
	b.Grow(len(k))
	var prev byte // vowel of the last kept character
	for _, r := range norm.NFD.String(k) {
		switch {
		case unicode.IsSpace(r), r == '・', r == 'ー', r == combiningVoiced, r == combiningSemiVoiced,
			r == spacingVoiced, r == spacingSemiVoiced:
			continue
		}
		v := vowelOf(r)
		if isVowelKana(r) && lengthens(prev, v) {
			continue
		}
		prev = v
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

func isVowelKana(r rune) bool {
	return r == 'ア' || r == 'イ' || r == 'ウ' || r == 'エ' || r == 'オ'
}

// lengthens reports whether a vowel kana with vowel v after a syllable
// with vowel prev is only a long vowel (ou, oo, uu, ei, ee, aa, ii).
func lengthens(prev, v byte) bool {
	switch prev {
	case 'o':
		return v == 'u' || v == 'o'
	case 'e':
		return v == 'i' || v == 'e'
	case 0:
		return false
	}
	return prev == v
}
