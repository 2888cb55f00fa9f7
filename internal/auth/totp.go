package auth

import (
	"crypto/subtle"
	"encoding/base32"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"
	"github.com/pquerna/otp/totp"
)

// TOTP parameters (RFC 6238 defaults understood by every authenticator app).
const (
	TOTPPeriod = 30 * time.Second
	TOTPDigits = 6
	TOTPSkew   = 1 // steps accepted either side of the current one

	totpSecretBytes = 20 // 160 bits, as recommended by RFC 4226
)

// TOTP errors. Show the user the same message for both; the distinction is
// for audit logs.
var (
	ErrTOTPInvalid = errors.New("auth: TOTP code is invalid")
	ErrTOTPReused  = errors.New("auth: TOTP code has already been used")
)

// ErrTOTPSecret reports a missing or malformed stored TOTP secret.
var ErrTOTPSecret = errors.New("auth: TOTP secret is missing or malformed")

var hotpOpts = hotp.ValidateOpts{Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// NewTOTPSecret creates a random TOTP secret (base32, 160 bits) and the
// otpauth:// URI an authenticator app enrols from. Store the secret
// server-side only; show the URI once, as a QR code.
func NewTOTPSecret(issuer, account string) (secret string, uri string, err error) {
	key, err := totp.Generate(totp.GenerateOpts{
		Issuer:      issuer,
		AccountName: account,
		Period:      uint(TOTPPeriod / time.Second),
		SecretSize:  totpSecretBytes,
		Digits:      otp.DigitsSix,
		Algorithm:   otp.AlgorithmSHA1,
	})
	if err != nil {
		return "", "", fmt.Errorf("auth: generating TOTP secret: %w", err)
	}
	return key.Secret(), key.URL(), nil
}

// TOTPStep returns the RFC 6238 time step containing t.
func TOTPStep(t time.Time) int64 {
	u := t.Unix()
	p := int64(TOTPPeriod / time.Second)
	if u < 0 {
		return (u - p + 1) / p
	}
	return u / p
}

// GenerateTOTPCode returns the code for the step containing t.
func GenerateTOTPCode(secret string, t time.Time) (string, error) {
	if err := checkTOTPSecret(secret); err != nil {
		return "", err
	}
	step := TOTPStep(t)
	if step < 0 {
		return "", fmt.Errorf("auth: time before the Unix epoch")
	}
	code, err := hotp.GenerateCodeCustom(secret, uint64(step), hotpOpts)
	if err != nil {
		return "", fmt.Errorf("auth: generating TOTP code: %w", err)
	}
	return code, nil
}

// ValidateTOTP checks code against secret at time now, accepting the
// current step and TOTPSkew steps either side. On success it returns the
// matched step, which the caller must store and pass back as lastStep next
// time: a code whose step is <= lastStep is refused with ErrTOTPReused, so
// each code works once and an older code cannot follow a newer one. Pass
// lastStep 0 when no code has been accepted yet. A wrong or malformed code
// gives ErrTOTPInvalid; an empty or malformed secret gives ErrTOTPSecret.
//
// Full-width digits and white space (including U+3000) in code are
// accepted. Rate limiting attempts is the caller's job.
func ValidateTOTP(secret, code string, now time.Time, lastStep int64) (step int64, err error) {
	if err := checkTOTPSecret(secret); err != nil {
		return 0, err
	}
	if len(code) > 64 {
		return 0, ErrTOTPInvalid
	}
	code = normalizeTOTPCode(code)
	valid := len(code) == TOTPDigits
	for _, c := range []byte(code) {
		if c < '0' || c > '9' {
			valid = false
		}
	}
	if !valid {
		return 0, ErrTOTPInvalid
	}
	cur := TOTPStep(now)
	matched := int64(-1)
	reused := false
	// Check every candidate without stopping early, so timing does not
	// reveal which step matched.
	for s := cur - TOTPSkew; s <= cur+TOTPSkew; s++ {
		if s < 0 {
			continue
		}
		want, err := hotp.GenerateCodeCustom(secret, uint64(s), hotpOpts)
		if err != nil {
			return 0, fmt.Errorf("auth: validating TOTP code: %w", err)
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) != 1 {
			continue
		}
		if s > lastStep {
			matched = s // the loop ascends, so the newest match wins
		} else {
			reused = true
		}
	}
	switch {
	case matched >= 0:
		return matched, nil
	case reused:
		return 0, ErrTOTPReused
	default:
		return 0, ErrTOTPInvalid
	}
}

// normalizeTOTPCode folds full-width digits and drops white space and
// hyphens, so "１２３ ４５６" and "123-456" become "123456".
func normalizeTOTPCode(code string) string {
	return strings.TrimSpace(stripSeparators(nfkc(code)))
}

// checkTOTPSecret refuses an empty or short secret: the HOTP library would
// otherwise happily compute codes with an empty HMAC key.
func checkTOTPSecret(secret string) error {
	s := strings.ToUpper(strings.TrimSpace(secret))
	b, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.TrimRight(s, "="))
	if err != nil || len(b) < 16 {
		return ErrTOTPSecret
	}
	return nil
}
