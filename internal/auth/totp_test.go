package auth

import (
	"encoding/base32"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"
)

// RFC 6238 Appendix B secret ("12345678901234567890") in base32.
const rfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

func TestGenerateTOTPCodeRFC6238Vectors(t *testing.T) {
	// RFC 6238 SHA-1 vectors are 8 digits; the 6-digit code is the tail.
	vectors := []struct {
		unix int64
		want string
	}{
		{59, "287082"},
		{1111111109, "081804"},
		{1111111111, "050471"},
		{1234567890, "005924"},
		{2000000000, "279037"},
		{20000000000, "353130"},
	}
	for _, v := range vectors {
		got, err := GenerateTOTPCode(rfcSecret, time.Unix(v.unix, 0))
		if err != nil || got != v.want {
			t.Errorf("T=%d: got %q, %v; want %q", v.unix, got, err, v.want)
		}
	}
}

func TestNewTOTPSecret(t *testing.T) {
	secret, uri, err := NewTOTPSecret("かさね", "taro@example.jp")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(secret)
	if err != nil || len(raw) != 20 {
		t.Fatalf("secret %q: %d bytes, %v", secret, len(raw), err)
	}
	u, err := url.Parse(uri)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if u.Scheme != "otpauth" || u.Host != "totp" || q.Get("secret") != secret ||
		q.Get("issuer") != "かさね" || q.Get("algorithm") != "SHA1" ||
		q.Get("digits") != "6" || q.Get("period") != "30" {
		t.Fatalf("unexpected URI %q", uri)
	}
	if !strings.Contains(u.Path, "taro@example.jp") {
		t.Fatalf("account missing from %q", u.Path)
	}
	other, _, _ := NewTOTPSecret("かさね", "taro@example.jp")
	if other == secret {
		t.Fatal("two secrets are identical")
	}
	if _, _, err := NewTOTPSecret("", "taro"); err == nil {
		t.Fatal("empty issuer accepted")
	}

	// Round trip through generate and validate.
	now := time.Now()
	code, err := GenerateTOTPCode(secret, now)
	if err != nil {
		t.Fatal(err)
	}
	if step, err := ValidateTOTP(secret, code, now, 0); err != nil || step != TOTPStep(now) {
		t.Fatalf("step=%d err=%v", step, err)
	}
}

func TestValidateTOTPWindow(t *testing.T) {
	now := time.Unix(1_750_000_015, 0) // 15 s into a step
	cur := TOTPStep(now)
	tests := []struct {
		offset time.Duration
		ok     bool
	}{
		{0, true},
		{-30 * time.Second, true},
		{30 * time.Second, true},
		{-14 * time.Second, true},
		{14 * time.Second, true},
		{-60 * time.Second, false},
		{60 * time.Second, false},
		{-90 * time.Second, false},
		{90 * time.Second, false},
		{-time.Hour, false},
	}
	for _, tc := range tests {
		t.Run(tc.offset.String(), func(t *testing.T) {
			at := now.Add(tc.offset)
			code, err := GenerateTOTPCode(rfcSecret, at)
			if err != nil {
				t.Fatal(err)
			}
			step, err := ValidateTOTP(rfcSecret, code, now, 0)
			if !tc.ok {
				if !errors.Is(err, ErrTOTPInvalid) {
					t.Fatalf("err = %v; want ErrTOTPInvalid", err)
				}
				return
			}
			if err != nil || step != TOTPStep(at) || step < cur-1 || step > cur+1 {
				t.Fatalf("step=%d err=%v; want step %d", step, err, TOTPStep(at))
			}
		})
	}
}

func TestValidateTOTPReplay(t *testing.T) {
	now := time.Unix(1_750_000_015, 0)
	code := func(at time.Time) string {
		c, err := GenerateTOTPCode(rfcSecret, at)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	step, err := ValidateTOTP(rfcSecret, code(now), now, 0)
	if err != nil {
		t.Fatal(err)
	}
	// Same code (same step) a second time.
	if _, err := ValidateTOTP(rfcSecret, code(now), now, step); !errors.Is(err, ErrTOTPReused) {
		t.Fatalf("same step twice: err = %v; want ErrTOTPReused", err)
	}
	// The next step is fine, and afterwards the earlier step is refused.
	later := now.Add(30 * time.Second)
	step2, err := ValidateTOTP(rfcSecret, code(later), later, step)
	if err != nil || step2 != step+1 {
		t.Fatalf("next step: step=%d err=%v", step2, err)
	}
	if _, err := ValidateTOTP(rfcSecret, code(now), later, step2); !errors.Is(err, ErrTOTPReused) {
		t.Fatalf("earlier step: err = %v; want ErrTOTPReused", err)
	}
	// A code from the future step, accepted with skew, blocks the current one.
	ahead, err := ValidateTOTP(rfcSecret, code(now.Add(30*time.Second)), now, 0)
	if err != nil || ahead != step+1 {
		t.Fatalf("skewed ahead: step=%d err=%v", ahead, err)
	}
	if _, err := ValidateTOTP(rfcSecret, code(now), now, ahead); !errors.Is(err, ErrTOTPReused) {
		t.Fatalf("current after ahead: err = %v; want ErrTOTPReused", err)
	}
}

func TestValidateTOTPInput(t *testing.T) {
	now := time.Unix(1_750_000_015, 0)
	good, err := GenerateTOTPCode(rfcSecret, now)
	if err != nil {
		t.Fatal(err)
	}
	fullWidth := strings.Map(func(r rune) rune { return r - '0' + '０' }, good)
	wrong := []byte(good)
	wrong[5] = '0' + (wrong[5]-'0'+1)%10
	tests := []struct {
		name, code string
		want       error
	}{
		{"plain", good, nil},
		{"full-width digits", fullWidth, nil},
		{"spaces", " " + good[:3] + " " + good[3:] + " ", nil},
		{"ideographic space", good[:3] + "\u3000" + good[3:], nil},
		{"full-width with ideographic space", fullWidth[:9] + "\u3000" + fullWidth[9:], nil},
		{"hyphen", good[:3] + "-" + good[3:], nil},
		{"wrong digit", string(wrong), ErrTOTPInvalid},
		{"too short", good[:5], ErrTOTPInvalid},
		{"too long", good + "1", ErrTOTPInvalid},
		{"letters", "abcdef", ErrTOTPInvalid},
		{"empty", "", ErrTOTPInvalid},
		{"huge", strings.Repeat("1", 10000), ErrTOTPInvalid},
		{"arabic-indic digits", "٠١٢٣٤٥", ErrTOTPInvalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ValidateTOTP(rfcSecret, tc.code, now, 0)
			if !errors.Is(err, tc.want) || (tc.want == nil && err != nil) {
				t.Fatalf("ValidateTOTP(%q) err = %v; want %v", tc.code, err, tc.want)
			}
		})
	}
}

func TestTOTPBadSecret(t *testing.T) {
	now := time.Unix(1_750_000_015, 0)
	for _, s := range []string{"", "   ", "not base32!", "GEZDGNBV"} {
		if _, err := ValidateTOTP(s, "123456", now, 0); !errors.Is(err, ErrTOTPSecret) {
			t.Errorf("ValidateTOTP secret %q: err = %v; want ErrTOTPSecret", s, err)
		}
		if _, err := GenerateTOTPCode(s, now); !errors.Is(err, ErrTOTPSecret) {
			t.Errorf("GenerateTOTPCode secret %q: err = %v; want ErrTOTPSecret", s, err)
		}
	}
	// Lower case secrets, as some apps show them, still work.
	if _, err := GenerateTOTPCode(strings.ToLower(rfcSecret), now); err != nil {
		t.Fatal(err)
	}
}

func TestTOTPStep(t *testing.T) {
	cases := map[int64]int64{0: 0, 29: 0, 30: 1, 59: 1, 60: 2, -1: -1, -30: -1, -31: -2}
	for unix, want := range cases {
		if got := TOTPStep(time.Unix(unix, 0)); got != want {
			t.Errorf("TOTPStep(%d) = %d; want %d", unix, got, want)
		}
	}
}
