package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// Recovery code format: RecoveryCodeGroups groups of RecoveryCodeGroupLen
// characters from RecoveryAlphabet, joined by hyphens, e.g.
// "abcd-efgh-jkmn-pqrs-tuvw-xyz2".
//
// The length is chosen for entropy: 24 characters from a 31-symbol
// alphabet is about 118.9 bits. OWASP ASVS 5.0 (6.5.2) allows a plain,
// unsalted hash for lookup secrets only at 112 bits or more, which is why
// HashRecoveryCode can use SHA-256 instead of argon2id. Do not shorten the
// codes without switching to a salted password hash.
const (
	RecoveryAlphabet     = "abcdefghjkmnpqrstuvwxyz23456789" // no 0 o 1 i l
	RecoveryCodeGroups   = 6
	RecoveryCodeGroupLen = 4
	maxRecoveryCodes     = 100
)

// NewRecoveryCodes returns n distinct random recovery codes. Show them to
// the user once and store only HashRecoveryCode of each.
func NewRecoveryCodes(n int) (plain []string, err error) {
	if n < 1 || n > maxRecoveryCodes {
		return nil, fmt.Errorf("auth: recovery code count %d out of range 1..%d", n, maxRecoveryCodes)
	}
	seen := make(map[string]bool, n)
	for len(plain) < n {
		c, err := newRecoveryCode()
		if err != nil {
			return nil, err
		}
		if seen[c] {
			continue
		}
		seen[c] = true
		plain = append(plain, c)
	}
	return plain, nil
}

func newRecoveryCode() (string, error) {
	const total = RecoveryCodeGroups * RecoveryCodeGroupLen
	chars, err := randomFromAlphabet(RecoveryAlphabet, total)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for i, c := range chars {
		if i > 0 && i%RecoveryCodeGroupLen == 0 {
			b.WriteByte('-')
		}
		b.WriteByte(c)
	}
	return b.String(), nil
}

// randomFromAlphabet draws n uniformly random bytes from alphabet using
// rejection sampling, so there is no modulo bias.
func randomFromAlphabet(alphabet string, n int) ([]byte, error) {
	if len(alphabet) == 0 || len(alphabet) > 256 {
		return nil, errors.New("auth: bad alphabet")
	}
	limit := 256 - 256%len(alphabet) // largest multiple of len below 256
	out := make([]byte, 0, n)
	buf := make([]byte, n+n/2)
	for len(out) < n {
		if _, err := rand.Read(buf); err != nil {
			return nil, fmt.Errorf("auth: reading random bytes: %w", err)
		}
		for _, v := range buf {
			if int(v) < limit && len(out) < n {
				out = append(out, alphabet[int(v)%len(alphabet)])
			}
		}
	}
	return out, nil
}

// NormalizeRecoveryCode returns the canonical form of a code as typed by a
// user: NFKC (full-width to half-width), lower case, without white space
// and hyphen-like characters (including the katakana "ー").
func NormalizeRecoveryCode(code string) string {
	return strings.ToLower(stripSeparators(nfkc(code)))
}

// HashRecoveryCode returns the lower-case hex SHA-256 of the normalised
// code. Codes are high-entropy (see RecoveryCodeGroups), so a fast hash is
// adequate; look the code up by this hash and mark it used atomically.
func HashRecoveryCode(code string) string {
	sum := sha256.Sum256([]byte(NormalizeRecoveryCode(code)))
	return hex.EncodeToString(sum[:])
}
