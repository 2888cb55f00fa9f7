package auth

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// nfkc applies Unicode NFKC normalisation. Among other things it folds
// full-width ASCII (ｐａｓｓ１２３) to half-width and the ideographic space
// U+3000 to U+0020, which is what Japanese IME input usually needs.
func nfkc(s string) string {
	return norm.NFKC.String(s)
}

// stripSeparators removes white space and the hyphen-like characters that
// people type between groups of a code, including the katakana prolonged
// sound mark "ー" which Japanese IMEs often produce for "-".
func stripSeparators(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		switch r {
		case '-', '_', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014',
			'\u2015', '\u2212', '\u30fc', '\uff0d', '\uff70':
			return -1
		}
		return r
	}, s)
}
