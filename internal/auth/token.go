package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
)

// TokenPrefix is the conventional prefix of kasane API tokens. A fixed
// prefix lets secret scanners recognise leaked tokens.
const TokenPrefix = "ksn_"

// tokenBytes is the randomness in tokens and session identifiers: 256
// bits, well above the 128 bits OWASP ASVS asks of session tokens.
const tokenBytes = 32

const maxPrefixLen = 16

// NewToken returns prefix followed by 32 random bytes in unpadded
// base64url (43 characters), e.g. "ksn_3q2-7w...". The prefix may contain
// only ASCII letters, digits and '_' and be at most 16 bytes. Store only
// HashToken of the result.
func NewToken(prefix string) (plain string, err error) {
	if len(prefix) > maxPrefixLen {
		return "", fmt.Errorf("auth: token prefix longer than %d bytes", maxPrefixLen)
	}
	for i := 0; i < len(prefix); i++ {
		c := prefix[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return "", fmt.Errorf("auth: invalid character in token prefix")
		}
	}
	r, err := randomString()
	if err != nil {
		return "", err
	}
	return prefix + r, nil
}

// NewSessionID returns a new session identifier: 32 random bytes in
// unpadded base64url. Put it in the cookie and store only HashToken of it.
func NewSessionID() (string, error) {
	return randomString()
}

// HashToken returns the lower-case hex SHA-256 of a token or session
// identifier, exactly as given. The values are 256-bit random, so a fast
// unsalted hash is adequate and allows lookup by hash; a database leak
// then exposes no usable tokens.
func HashToken(plain string) string {
	sum := sha256.Sum256([]byte(plain))
	return hex.EncodeToString(sum[:])
}

func randomString() (string, error) {
	b := make([]byte, tokenBytes)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("auth: reading random bytes: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
