package auth

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckPasswordPolicy(t *testing.T) {
	jp64 := string([]rune(strings.Repeat("福祉相談の記録を守るための長い合言葉です", 4))[:64])
	long128 := strings.Repeat("correct horse battery staple ", 5)[:128]
	tests := []struct {
		name    string
		pw      string
		context []string
		want    error
	}{
		{"ordinary passphrase", "correct horse battery staple", nil, nil},
		{"eight ascii", "Tr0ub4d&", nil, nil},
		{"eight japanese", "ひまわり畑で待つ", nil, nil},
		{"japanese 64 runes", jp64, nil, nil},
		{"128 runes", long128, nil, nil},
		{"spaces allowed", "blue  sky  over  kyoto", nil, nil},
		{"no composition rules", "lowercaseonlyletters", nil, nil},

		{"seven ascii", "Tr0ub4d", nil, ErrPasswordTooShort},
		{"seven japanese", "ひまわり畑で待", nil, ErrPasswordTooShort},
		{"empty", "", nil, ErrPasswordTooShort},
		{"129 runes", long128 + "x", nil, ErrPasswordTooLong},
		{"129 japanese", strings.Repeat("あ", 129), nil, ErrPasswordTooLong},
		{"invalid utf-8", "abcdefgh\xff\xfe", nil, ErrPasswordInvalidChar},
		{"control character", "abcd\x00efgh", nil, ErrPasswordInvalidChar},
		{"newline", "abcd\nefghij", nil, ErrPasswordInvalidChar},

		{"password", "password", nil, ErrPasswordCommon},
		{"PASSWORD upper", "PASSWORD", nil, ErrPasswordCommon},
		{"Password1", "Password1", nil, ErrPasswordCommon},
		{"full-width password", "ｐａｓｓｗｏｒｄ", nil, ErrPasswordCommon},
		{"12345678", "12345678", nil, ErrPasswordCommon},
		{"qwertyui", "qwertyui", nil, ErrPasswordCommon},
		{"iloveyou", "iloveyou", nil, ErrPasswordCommon},
		{"asdfghjk", "asdfghjk", nil, ErrPasswordCommon},
		{"listed word plus digits", "password2024", nil, ErrPasswordCommon},
		{"short listed word padded", "monkey123!", nil, ErrPasswordCommon},
		{"listed word with leading digits", "2024dragon", nil, ErrPasswordCommon},
		{"service name", "Kasane2025", nil, ErrPasswordCommon},
		{"repeated letter", "aaaaaaaaaaaa", nil, ErrPasswordCommon},
		{"repeated kana", "ああああああああ", nil, ErrPasswordCommon},
		{"repeated unit", "abcabcabcabc", nil, ErrPasswordCommon},
		{"repeated kana pair", "あいあいあいあい", nil, ErrPasswordCommon},
		{"ascending run", "abcdefghijk", nil, ErrPasswordCommon},
		{"descending digits", "98765432", nil, ErrPasswordCommon},
		{"keyboard walk", "qwertyuiop", nil, ErrPasswordCommon},
		{"keyboard column walk", "1qaz2wsx3edc", nil, ErrPasswordCommon},

		{"equals email", "Taro.Yamada@example.jp", []string{"taro.yamada@example.jp"}, ErrPasswordContext},
		{"equals email local part", "taro.yamada", []string{"Taro.Yamada@example.jp"}, ErrPasswordContext},
		{"equals name without space", "yamadataro", []string{"x@example.jp", "Yamada Taro"}, ErrPasswordContext},
		{"equals japanese name", "山田太郎やまだたろう", []string{"山田太郎やまだたろう"}, ErrPasswordContext},
		{"equals full-width login", "ｙａｍａｄａ２０２５", []string{"yamada2025"}, ErrPasswordContext},
		{"contains but not equal", "yamada taro likes tea", []string{"Yamada Taro"}, nil},
		{"empty context ignored", "correct horse battery", []string{"", "  "}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckPasswordPolicy(tc.pw, tc.context...)
			if !errors.Is(err, tc.want) || (tc.want == nil && err != nil) {
				t.Fatalf("CheckPasswordPolicy(%q) = %v; want %v", tc.pw, err, tc.want)
			}
		})
	}
}

func TestPolicyMessagesAreJapanese(t *testing.T) {
	want := map[error]string{
		ErrPasswordTooShort: "パスワードは8文字以上にしてください",
		ErrPasswordTooLong:  "パスワードは128文字以内にしてください",
		ErrPasswordCommon:   "よく使われるパスワードのため使えません",
	}
	for err, msg := range want {
		if err.Error() != msg {
			t.Errorf("got %q; want %q", err.Error(), msg)
		}
	}
	for _, err := range []error{ErrPasswordInvalidChar, ErrPasswordContext} {
		if strings.Contains(err.Error(), "auth:") || !strings.Contains(err.Error(), "パスワード") {
			t.Errorf("message not user-facing Japanese: %q", err.Error())
		}
	}
}

func TestCommonPasswordList(t *testing.T) {
	if n := len(commonPasswords); n < 200 {
		t.Fatalf("common password list has %d entries; want at least 200", n)
	}
	for w := range commonPasswords {
		if w != foldPassword(w) || strings.TrimSpace(w) != w || w == "" {
			t.Errorf("entry %q not in folded form", w)
		}
	}
}
