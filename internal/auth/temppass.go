package auth

import (
	"crypto/rand"
	"math/big"
	"strings"
)

// NewTemporaryPassword makes the one-time password an administrator hands
// to a user after a reset: 4 groups of 4 characters from RecoveryAlphabet
// (about 79 bits), e.g. "k7mq-x2pd-h9tw-c4fb". The user must change it at
// the next login.
func NewTemporaryPassword() (string, error) {
	var b strings.Builder
	max := big.NewInt(int64(len(RecoveryAlphabet)))
	for i := 0; i < 16; i++ {
		if i > 0 && i%4 == 0 {
			b.WriteByte('-')
		}
		n, err := rand.Int(rand.Reader, max)
		if err != nil {
			return "", err
		}
		b.WriteByte(RecoveryAlphabet[n.Int64()])
	}
	return b.String(), nil
}
