package auth

import (
	"encoding/base64"
	"regexp"
	"strings"
	"testing"
)

func TestNewToken(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		tok, err := NewToken(TokenPrefix)
		if err != nil {
			t.Fatal(err)
		}
		rest, ok := strings.CutPrefix(tok, "ksn_")
		if !ok || len(rest) != 43 {
			t.Fatalf("bad token %q", tok)
		}
		raw, err := base64.RawURLEncoding.DecodeString(rest)
		if err != nil || len(raw) != 32 {
			t.Fatalf("token body %q: %d bytes, %v", rest, len(raw), err)
		}
		if seen[tok] {
			t.Fatal("duplicate token")
		}
		seen[tok] = true
	}
}

func TestNewTokenPrefix(t *testing.T) {
	tests := []struct {
		prefix string
		ok     bool
	}{
		{"", true},
		{"ksn_", true},
		{"ksn_api_", true},
		{"KSN2_", true},
		{"ksn-", false},
		{"ksn_ ", false},
		{"かさね_", false},
		{"ksn_\n", false},
		{strings.Repeat("a", 17), false},
	}
	for _, tc := range tests {
		tok, err := NewToken(tc.prefix)
		if (err == nil) != tc.ok {
			t.Errorf("NewToken(%q) err = %v; want ok=%v", tc.prefix, err, tc.ok)
		}
		if err == nil && !strings.HasPrefix(tok, tc.prefix) {
			t.Errorf("NewToken(%q) = %q", tc.prefix, tok)
		}
	}
}

func TestNewSessionID(t *testing.T) {
	re := regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`)
	a, err := NewSessionID()
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewSessionID()
	if err != nil {
		t.Fatal(err)
	}
	if !re.MatchString(a) || !re.MatchString(b) || a == b {
		t.Fatalf("session ids %q %q", a, b)
	}
}

func TestHashToken(t *testing.T) {
	tests := map[string]string{
		"abc": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
		"":    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	}
	for in, want := range tests {
		if got := HashToken(in); got != want {
			t.Errorf("HashToken(%q) = %s; want %s", in, got, want)
		}
	}
	tok, _ := NewToken(TokenPrefix)
	if HashToken(tok) == HashToken(strings.ToUpper(tok)) {
		t.Fatal("HashToken must be exact, not case-folded")
	}
}
