package auth

import (
	"crypto/sha256"
	"encoding/hex"
	"math"
	"regexp"
	"strings"
	"testing"
)

var recoveryRE = regexp.MustCompile(`^[abcdefghjkmnpqrstuvwxyz2-9]{4}(-[abcdefghjkmnpqrstuvwxyz2-9]{4}){5}$`)

func TestNewRecoveryCodes(t *testing.T) {
	seen := map[string]bool{}
	for range 50 {
		codes, err := NewRecoveryCodes(10)
		if err != nil {
			t.Fatal(err)
		}
		if len(codes) != 10 {
			t.Fatalf("got %d codes", len(codes))
		}
		for _, c := range codes {
			if !recoveryRE.MatchString(c) {
				t.Fatalf("bad code format %q", c)
			}
			if strings.ContainsAny(c, "01ilo") {
				t.Fatalf("ambiguous character in %q", c)
			}
			if seen[c] {
				t.Fatalf("duplicate code %q", c)
			}
			seen[c] = true
		}
	}
}

func TestRecoveryCodeCount(t *testing.T) {
	for _, n := range []int{0, -1, 101} {
		if _, err := NewRecoveryCodes(n); err == nil {
			t.Errorf("NewRecoveryCodes(%d) succeeded", n)
		}
	}
	if c, err := NewRecoveryCodes(1); err != nil || len(c) != 1 {
		t.Fatalf("NewRecoveryCodes(1) = %v, %v", c, err)
	}
}

func TestRecoveryCodeEntropy(t *testing.T) {
	// ASVS 5.0 6.5.2: an unsalted fast hash needs >= 112 bits.
	bits := float64(RecoveryCodeGroups*RecoveryCodeGroupLen) * math.Log2(float64(len(RecoveryAlphabet)))
	if bits < 112 {
		t.Fatalf("recovery codes carry %.1f bits; need >= 112", bits)
	}
	if strings.ContainsAny(RecoveryAlphabet, "01ilo") {
		t.Fatal("alphabet contains ambiguous characters")
	}
}

func TestRandomFromAlphabetCoversAlphabet(t *testing.T) {
	got, err := randomFromAlphabet(RecoveryAlphabet, 31*200)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[byte]int{}
	for _, c := range got {
		counts[c]++
	}
	// Expect ~200 each; a missing or grossly skewed symbol means a bug.
	for i := 0; i < len(RecoveryAlphabet); i++ {
		if n := counts[RecoveryAlphabet[i]]; n < 100 || n > 320 {
			t.Errorf("symbol %q drawn %d times", RecoveryAlphabet[i], n)
		}
	}
	if len(counts) != len(RecoveryAlphabet) {
		t.Errorf("drew %d distinct symbols", len(counts))
	}
}

func TestHashRecoveryCodeNormalisation(t *testing.T) {
	const code = "abcd-efgh-jkmn-pqrs-tuvw-xyz2"
	sum := sha256.Sum256([]byte("abcdefghjkmnpqrstuvwxyz2"))
	want := hex.EncodeToString(sum[:])
	if got := HashRecoveryCode(code); got != want {
		t.Fatalf("HashRecoveryCode = %s; want %s", got, want)
	}
	same := []string{
		"ABCD-EFGH-JKMN-PQRS-TUVW-XYZ2",
		"abcdefghjkmnpqrstuvwxyz2",
		"abcd efgh jkmn pqrs tuvw xyz2",
		"  abcd-efgh-jkmn-pqrs-tuvw-xyz2\n",
		"ａｂｃｄ－ｅｆｇｈ－ｊｋｍｎ－ｐｑｒｓ－ｔｕｖｗ－ｘｙｚ２",
		"ＡＢＣＤ　ＥＦＧＨ　ＪＫＭＮ　ＰＱＲＳ　ＴＵＶＷ　ＸＹＺ２",
		"abcdーefghーjkmnーpqrsーtuvwーxyz2", // katakana prolonged sound mark
		"abcd‐efgh–jkmn—pqrs−tuvw_xyz2",
	}
	for _, s := range same {
		if got := HashRecoveryCode(s); got != want {
			t.Errorf("HashRecoveryCode(%q) differs", s)
		}
	}
	different := []string{"abcd-efgh-jkmn-pqrs-tuvw-xyz3", "abcd-efgh-jkmn-pqrs-tuvw", ""}
	for _, s := range different {
		if HashRecoveryCode(s) == want {
			t.Errorf("HashRecoveryCode(%q) collides", s)
		}
	}
	if !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(want) {
		t.Fatalf("not lower-case hex: %s", want)
	}
}
