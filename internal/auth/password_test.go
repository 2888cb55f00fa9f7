package auth

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"
)

var phcTestRE = regexp.MustCompile(`^\$argon2id\$v=19\$m=64,t=1,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)

func TestHashAndVerifyPassword(t *testing.T) {
	japanese64 := string([]rune(strings.Repeat("福祉相談の記録を守るための長い合言葉です", 4))[:64])
	if n := len([]rune(japanese64)); n != 64 {
		t.Fatalf("test setup: %d runes", n)
	}
	tests := []struct {
		name, pw, try string
		want          bool
	}{
		{"ascii", "correct horse battery staple", "correct horse battery staple", true},
		{"japanese 64 runes", japanese64, japanese64, true},
		{"wrong password", "correct horse battery staple", "correct horse battery stapl", false},
		{"case matters", "Correct Horse", "correct horse", false},
		{"empty vs non-empty", "", "x", false},
		{"differs after byte 72", strings.Repeat("a", 72) + "X", strings.Repeat("a", 72) + "Y", false},
		{"japanese differs after byte 72", strings.Repeat("福", 24) + "一", strings.Repeat("福", 24) + "二", false},
		{"full-width equals half-width (NFKC)", "ｐａｓｓ　ｗｏｒｄ１２３", "pass word123", true},
		{"decomposed kana equals composed", "か\u3099ぎく\u3099", "がぎぐ", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h, err := HashPasswordWith(tc.pw, TestParams)
			if err != nil {
				t.Fatal(err)
			}
			if !phcTestRE.MatchString(h) {
				t.Fatalf("not a PHC string: %q", h)
			}
			ok, _, err := VerifyPasswordWith(tc.try, h, TestParams)
			if err != nil || ok != tc.want {
				t.Fatalf("verify = %v, %v; want %v", ok, err, tc.want)
			}
		})
	}
}

func TestLongPasswordBeyond72BytesIsSignificant(t *testing.T) {
	base := strings.Repeat("x", 100)
	h, err := HashPasswordWith(base+"1", TestParams)
	if err != nil {
		t.Fatal(err)
	}
	if ok, _, _ := VerifyPassword(base+"2", h); ok {
		t.Fatal("password differing only after byte 100 verified")
	}
	if ok, _, _ := VerifyPassword(base+"1", h); !ok {
		t.Fatal("correct long password did not verify")
	}
}

func TestSaltIsRandom(t *testing.T) {
	a, _ := HashPasswordWith("same password", TestParams)
	b, _ := HashPasswordWith("same password", TestParams)
	if a == b {
		t.Fatal("two hashes of the same password are identical")
	}
}

func TestNeedsRehash(t *testing.T) {
	h, err := HashPasswordWith("correct horse", TestParams)
	if err != nil {
		t.Fatal(err)
	}
	ok, rehash, err := VerifyPassword("correct horse", h)
	if !ok || !rehash || err != nil {
		t.Fatalf("against defaults: ok=%v rehash=%v err=%v; want true true nil", ok, rehash, err)
	}
	ok, rehash, _ = VerifyPasswordWith("correct horse", h, TestParams)
	if !ok || rehash {
		t.Fatalf("against own params: ok=%v rehash=%v", ok, rehash)
	}
	_, rehash, _ = VerifyPassword("wrong", h)
	if rehash {
		t.Fatal("needsRehash reported for a wrong password")
	}
}

func TestDefaultParamsFormat(t *testing.T) {
	if testing.Short() {
		t.Skip("64 MiB argon2id")
	}
	h, err := HashPassword("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=2,p=2$") {
		t.Fatalf("unexpected prefix: %q", h)
	}
	ok, rehash, err := VerifyPassword("correct horse battery staple", h)
	if !ok || rehash || err != nil {
		t.Fatalf("ok=%v rehash=%v err=%v", ok, rehash, err)
	}
}

func TestDummyVerifyTakesComparableTime(t *testing.T) {
	if testing.Short() {
		t.Skip("64 MiB argon2id")
	}
	h, err := HashPassword("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	DummyVerify("warm up") // builds the dummy hash once
	start := time.Now()
	VerifyPassword("wrong", h)
	real := time.Since(start)
	start = time.Now()
	DummyVerify("wrong")
	dummy := time.Since(start)
	// Generous bounds: this only catches a dummy that skips the work.
	if dummy < real/4 {
		t.Fatalf("DummyVerify took %v, real verification %v", dummy, real)
	}
	if !strings.HasPrefix(dummyHash, "$argon2id$v=19$m=65536,t=2,p=2$") {
		t.Fatalf("dummy hash does not use DefaultParams: %q", dummyHash)
	}
}

func TestVerifyTamperedHash(t *testing.T) {
	good, err := HashPasswordWith("correct horse", TestParams)
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Split(good, "$") // "", argon2id, v=19, params, salt, key
	join := func(parts ...string) string { return strings.Join(parts, "$") }
	malformed := map[string]string{
		"empty":               "",
		"bcrypt":              "$2b$12$C6UzMDM.H6dfI/f/IKcEeO5Cj5Q2ZG6E0M0Tx5yZ0m3yQz1l5xW1e",
		"argon2i":             join("", "argon2i", f[2], f[3], f[4], f[5]),
		"version 16":          join("", "argon2id", "v=16", f[3], f[4], f[5]),
		"missing key":         join("", "argon2id", f[2], f[3], f[4]),
		"extra field":         good + "$x",
		"params order":        join("", "argon2id", f[2], "t=1,m=64,p=1", f[4], f[5]),
		"zero threads":        join("", "argon2id", f[2], "m=64,t=1,p=0", f[4], f[5]),
		"zero time":           join("", "argon2id", f[2], "m=64,t=0,p=1", f[4], f[5]),
		"memory below 8p":     join("", "argon2id", f[2], "m=8,t=1,p=2", f[4], f[5]),
		"memory too large":    join("", "argon2id", f[2], "m=4294967295,t=1,p=1", f[4], f[5]),
		"time too large":      join("", "argon2id", f[2], "m=64,t=100000,p=1", f[4], f[5]),
		"leading zero":        join("", "argon2id", f[2], "m=064,t=1,p=1", f[4], f[5]),
		"plus sign":           join("", "argon2id", f[2], "m=+64,t=1,p=1", f[4], f[5]),
		"overflow":            join("", "argon2id", f[2], "m=64,t=1,p=256", f[4], f[5]),
		"padded base64":       join("", "argon2id", f[2], f[3], f[4]+"==", f[5]),
		"bad base64":          join("", "argon2id", f[2], f[3], f[4], "!"+f[5][1:]),
		"short salt":          join("", "argon2id", f[2], f[3], "AAAA", f[5]),
		"short key":           join("", "argon2id", f[2], f[3], f[4], "AAAAAAAA"),
		"no leading dollar":   strings.TrimPrefix(good, "$"),
		"param keyid present": join("", "argon2id", f[2], "m=64,t=1,p=1,keyid=abc", f[4], f[5]),
	}
	for name, enc := range malformed {
		t.Run(name, func(t *testing.T) {
			ok, rehash, err := VerifyPassword("correct horse", enc)
			if ok || rehash || !errors.Is(err, ErrInvalidHash) {
				t.Fatalf("ok=%v rehash=%v err=%v; want ErrInvalidHash", ok, rehash, err)
			}
		})
	}

	// Well-formed but altered values do not verify (and are not errors).
	raw, err := b64.DecodeString(f[5])
	if err != nil {
		t.Fatal(err)
	}
	raw[0] ^= 1
	flipped := b64.EncodeToString(raw)
	altered := map[string]string{
		"flipped key":     join("", "argon2id", f[2], f[3], f[4], flipped),
		"different salt":  join("", "argon2id", f[2], f[3], "AAAAAAAAAAAAAAAAAAAAAA", f[5]),
		"different costs": join("", "argon2id", f[2], "m=128,t=1,p=1", f[4], f[5]),
	}
	for name, enc := range altered {
		t.Run(name, func(t *testing.T) {
			ok, _, err := VerifyPassword("correct horse", enc)
			if ok || err != nil {
				t.Fatalf("ok=%v err=%v; want false nil", ok, err)
			}
		})
	}
}

func TestHashPasswordWithInvalidParams(t *testing.T) {
	bad := []Params{
		{},
		{Memory: 64, Time: 1, Threads: 0, SaltLen: 16, KeyLen: 32},
		{Memory: 64, Time: 1, Threads: 1, SaltLen: 4, KeyLen: 32},
		{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 8},
		{Memory: 2 * 1024 * 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32},
	}
	for i, p := range bad {
		if _, err := HashPasswordWith("x", p); !errors.Is(err, ErrInvalidParams) {
			t.Errorf("%d: err = %v; want ErrInvalidParams", i, err)
		}
	}
}
