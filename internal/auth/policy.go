package auth

import (
	_ "embed"
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Password length limits, counted in Unicode code points after NFKC
// normalisation, so a Japanese password of 64 characters is accepted.
const (
	MinPasswordRunes = 8
	MaxPasswordRunes = 128
)

// Password policy errors. Their messages are Japanese and are meant to be
// shown to the user as they are. Compare with errors.Is.
var (
	ErrPasswordTooShort    = errors.New("パスワードは8文字以上にしてください")
	ErrPasswordTooLong     = errors.New("パスワードは128文字以内にしてください")
	ErrPasswordInvalidChar = errors.New("パスワードに使用できない文字が含まれています")
	ErrPasswordCommon      = errors.New("よく使われるパスワードのため使えません")
	ErrPasswordContext     = errors.New("メールアドレスや氏名などと同じパスワードは使えません")
)

// The refused passwords: kasane's own list (Japanese and other local
// favourites) and the 10,000 most frequent of the zxcvbn list (MIT).
var (
	//go:embed common_passwords.txt
	commonPasswordsText string
	//go:embed common_passwords_zxcvbn.txt
	commonPasswordsZxcvbn string
	// CommonPasswordsLicense is the licence of the zxcvbn list, carried in
	// the binary with the list it covers.
	//go:embed common_passwords_zxcvbn.LICENSE
	CommonPasswordsLicense string
)

var commonPasswords = func() map[string]struct{} {
	m := make(map[string]struct{}, 10500)
	for _, text := range []string{commonPasswordsText, commonPasswordsZxcvbn} {
		for line := range strings.Lines(text) {
			line = strings.TrimSpace(line)
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			m[foldPassword(line)] = struct{}{}
		}
	}
	return m
}()

// CommonPasswordCount is the number of distinct refused passwords.
func CommonPasswordCount() int { return len(commonPasswords) }

// keyboardWalks are sequences of adjacent keys; any 8+ rune substring of
// one of them is refused.
var keyboardWalks = []string{
	"1234567890", "0987654321", "qwertyuiop", "poiuytrewq", "asdfghjkl",
	"lkjhgfdsa", "zxcvbnm", "mnbvcxz", "1qaz2wsx3edc4rfv5tgb",
	"qazwsxedcrfvtgbyhn", "zaq1xsw2cde3vfr4",
}

// CheckPasswordPolicy applies kasane's password policy (OWASP ASVS 5.0 V6.2)
// to a new password. There are deliberately no composition rules. It
// refuses passwords that are shorter than 8 or longer than 128 characters,
// contain invalid UTF-8 or control characters, are common or trivially
// patterned (a listed password padded with digits or symbols, one repeated
// unit, a run such as abcdefgh or a keyboard walk), or equal one of the
// context strings (e-mail address, its local part, login name, full name
// with or without spaces), compared case-insensitively.
func CheckPasswordPolicy(pw string, context ...string) error {
	if !utf8.ValidString(pw) {
		return ErrPasswordInvalidChar
	}
	n := utf8.RuneCountInString(nfkc(pw))
	if n < MinPasswordRunes {
		return ErrPasswordTooShort
	}
	if n > MaxPasswordRunes {
		return ErrPasswordTooLong
	}
	for _, r := range pw {
		if unicode.IsControl(r) {
			return ErrPasswordInvalidChar
		}
	}
	f := foldPassword(pw)
	if isCommon(f) {
		return ErrPasswordCommon
	}
	for _, c := range context {
		for _, v := range contextVariants(c) {
			if f == v {
				return ErrPasswordContext
			}
		}
	}
	return nil
}

// foldPassword is the comparison form used by the policy: NFKC, lower case.
func foldPassword(s string) string {
	return strings.ToLower(nfkc(s))
}

func isCommon(f string) bool {
	if _, ok := commonPasswords[f]; ok {
		return true
	}
	base := strings.TrimFunc(f, func(r rune) bool {
		return unicode.IsDigit(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.IsSpace(r)
	})
	if base != "" {
		if _, ok := commonPasswords[base]; ok {
			return true
		}
	}
	if repeatedUnit(f) || monotonicRun(f) {
		return true
	}
	for _, w := range keyboardWalks {
		if strings.Contains(w, f) {
			return true
		}
	}
	return false
}

// repeatedUnit reports whether s is one unit of 1–4 runes repeated,
// e.g. "aaaaaaaa", "12121212", "abcabcabc", "あいあいあいあい".
func repeatedUnit(s string) bool {
	r := []rune(s)
	for unit := 1; unit <= 4 && unit < len(r); unit++ {
		if len(r)%unit != 0 {
			continue
		}
		same := true
		for i := unit; i < len(r); i++ {
			if r[i] != r[i-unit] {
				same = false
				break
			}
		}
		if same {
			return true
		}
	}
	return false
}

// monotonicRun reports whether every rune of s is one code point above
// (or every one below) the previous, e.g. "abcdefgh", "98765432".
func monotonicRun(s string) bool {
	r := []rune(s)
	if len(r) < 2 {
		return false
	}
	step := r[1] - r[0]
	if step != 1 && step != -1 {
		return false
	}
	for i := 2; i < len(r); i++ {
		if r[i]-r[i-1] != step {
			return false
		}
	}
	return true
}

// contextVariants returns the comparison forms of a context string: the
// string itself, without white space, and for an e-mail address its local
// part.
func contextVariants(c string) []string {
	f := strings.TrimSpace(foldPassword(c))
	if f == "" {
		return nil
	}
	out := []string{f}
	if nospace := strings.Join(strings.Fields(f), ""); nospace != f {
		out = append(out, nospace)
	}
	if at := strings.LastIndexByte(f, '@'); at > 0 {
		out = append(out, f[:at])
	}
	return out
}
