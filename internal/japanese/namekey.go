package japanese

import (
	"bufio"
	_ "embed"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// variantsTSV is a copy of /work/shared/data/variants.tsv (MJ縮退マップ,
// © IPA, CC BY-SA 2.1 JP; see data/LICENSE-MJ-CC-BY-SA-2.1-JP.txt).
//
//go:embed data/variants.tsv
var variantsTSV string

// dictOnlyTable is the loosest table of the MJ縮退マップ (dictionary
// relations, not the same character).
const dictOnlyTable = "辞書類等による関連字"

// joyoVariants are the 常用漢字 that appear as variant_char in the data.
// The data README states that 功 (功→切, 民一2842号 俗字) is the only one;
// a 常用漢字 is a name in its own right and must never be folded.
var joyoVariants = map[rune]bool{'功': true}

// variantMap returns the variant → standard kanji table used by NameKey.
//
// Which rows are used (decided for person-name search, where a wrong merge
// is worse than a missed one):
//   - rows whose variant_char is a 常用漢字 are skipped (only 功→切);
//   - rows whose only table is 辞書類等による関連字 are skipped: they relate
//     different characters (e.g. 启→啓, 佣→傭) rather than forms of one
//     character, and none of the common name variants depends on them;
//   - of the remaining rows the FIRST row of each variant_char is used
//     (the file is sorted by table priority, most conservative first);
//   - chains (从→從→従) are followed to a fixed point when the table is
//     built. A cycle (址⇄阯) resolves to its smallest code point, so every
//     member of the cycle gets the same key and the result is idempotent.
//
// The returned map is built once and must not be modified.
var variantMap = sync.OnceValue(func() map[rune]rune {
	first := make(map[rune]rune, 21000)
	sc := bufio.NewScanner(strings.NewReader(variantsTSV))
	sc.Scan() // header
	for sc.Scan() {
		v, rest, ok1 := strings.Cut(sc.Text(), "\t")
		s, note, ok2 := strings.Cut(rest, "\t")
		if !ok1 || !ok2 || utf8.RuneCountInString(v) != 1 || utf8.RuneCountInString(s) != 1 {
			continue
		}
		vr, _ := utf8.DecodeRuneInString(v)
		sr, _ := utf8.DecodeRuneInString(s)
		if _, seen := first[vr]; seen || joyoVariants[vr] {
			continue
		}
		// note is "MJxxxxxx table1; table2 ..."
		if _, tables, _ := strings.Cut(note, " "); tables == dictOnlyTable {
			continue
		}
		first[vr] = sr
	}
	resolved := make(map[rune]rune, len(first))
	for v := range first {
		if r := resolveVariant(first, v); r != v {
			resolved[v] = r
		}
	}
	return resolved
})

// resolveVariant follows v through m until a character without a mapping,
// or, on a cycle, returns the smallest code point of the cycle.
func resolveVariant(m map[rune]rune, v rune) rune {
	var path []rune
	seen := map[rune]int{}
	cur := v
	for {
		if i, ok := seen[cur]; ok {
			return minRune(path[i:])
		}
		seen[cur] = len(path)
		path = append(path, cur)
		next, ok := m[cur]
		if !ok {
			return cur
		}
		cur = next
	}
}

func minRune(rs []rune) rune {
	m := rs[0]
	for _, r := range rs[1:] {
		m = min(m, r)
	}
	return m
}

func isVariationSelector(r rune) bool {
	return (r >= 0xFE00 && r <= 0xFE0F) || (r >= 0xE0100 && r <= 0xE01EF)
}

// NameKey returns the search key for a person's name written in kanji or
// kana. Two spellings of one name get equal keys: 髙橋/高橋, 﨑/崎,
// 邊/辺/邉, 齋藤/斎藤, 濵田/濱田/浜田, 嶋/島, 澤/沢, 𠮷田/吉田, with or
// without spaces, in full or half width, in hiragana or katakana, and
// Latin letters in any case (NGUYEN, nguyen, Ｎｇｕｙｅｎ).
//
// Steps: NFKC (width folding); remove white space (including U+3000), the
// middle dot ・ and variation selectors (U+FE00–FE0F, U+E0100–E01EF);
// upper case → lower case (Latin, Greek, Cyrillic; kana and kanji have no
// case); hiragana → katakana; variant kanji → standard kanji with the embedded
// MJ縮退マップ rows (see variantMap for which rows are used); NFC again so
// that characters separated by removed spaces compose consistently.
// NameKey(NameKey(s)) == NameKey(s). 斎藤 and 斉藤 stay different: the
// data maps 齊 to 斉, not 斎; use KanaKey on the reading for such cases.
func NameKey(s string) string {
	vm := variantMap()
	s = norm.NFKC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case unicode.IsSpace(r), r == '・', isVariationSelector(r):
			continue
		case r >= 'ぁ' && r <= 'ゖ', r == 'ゝ' || r == 'ゞ':
			r += 'ァ' - 'ぁ'
		case unicode.IsUpper(r):
			r = unicode.ToLower(r)
		}
		if to, ok := vm[r]; ok {
			r = to
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}

// Unigrams returns the distinct characters of key in order of first
// appearance, each as a string.
func Unigrams(key string) []string {
	return ngrams(key, 1)
}

// Bigrams returns the distinct pairs of adjacent characters of key in
// order of first appearance. A one-character key yields itself, and an
// empty key yields nil.
func Bigrams(key string) []string {
	return ngrams(key, 2)
}

func ngrams(key string, n int) []string {
	rs := []rune(key)
	if len(rs) == 0 {
		return nil
	}
	if len(rs) < n {
		return []string{key}
	}
	out := make([]string, 0, len(rs)-n+1)
	seen := make(map[string]bool, len(rs))
	for i := 0; i+n <= len(rs); i++ {
		g := string(rs[i : i+n])
		if !seen[g] {
			seen[g] = true
			out = append(out, g)
		}
	}
	return out
}
