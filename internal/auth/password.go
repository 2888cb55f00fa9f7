package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/crypto/argon2"
)

// Params are the argon2id cost parameters of a password hash.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // iterations
	Threads uint8  // parallelism
	SaltLen uint32 // bytes
	KeyLen  uint32 // bytes
}

var (
	// DefaultParams is used by HashPassword: 64 MiB, 2 passes, 2 lanes,
	// 16-byte salt, 32-byte key. It is above the OWASP Password Storage
	// Cheat Sheet minimums for argon2id. Do not modify it at run time.
	DefaultParams = Params{Memory: 64 * 1024, Time: 2, Threads: 2, SaltLen: 16, KeyLen: 32}

	// TestParams are deliberately weak and fast; for tests only.
	TestParams = Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
)

// Bounds applied to parameters, both when hashing and when parsing a
// stored hash, so that a corrupted or hostile row cannot make a single
// verification allocate gigabytes or spin for minutes.
const (
	maxMemoryKiB = 1024 * 1024 // 1 GiB
	maxTime      = 64
	maxThreads   = 64
	minSaltLen   = 8
	maxSaltLen   = 64
	minKeyLen    = 16
	maxKeyLen    = 64
)

// ErrInvalidHash reports a stored password hash that is not a well-formed
// argon2id PHC string within the accepted parameter bounds.
var ErrInvalidHash = errors.New("auth: invalid argon2id password hash")

// ErrInvalidParams reports Params outside the accepted bounds.
var ErrInvalidParams = errors.New("auth: invalid argon2id parameters")

var b64 = base64.RawStdEncoding.Strict()

func (p Params) valid() bool {
	return p.Threads >= 1 && p.Threads <= maxThreads &&
		p.Time >= 1 && p.Time <= maxTime &&
		p.Memory >= 8*uint32(p.Threads) && p.Memory <= maxMemoryKiB &&
		p.SaltLen >= minSaltLen && p.SaltLen <= maxSaltLen &&
		p.KeyLen >= minKeyLen && p.KeyLen <= maxKeyLen
}

// HashPassword hashes pw with DefaultParams and returns a PHC string
// such as $argon2id$v=19$m=65536,t=2,p=2$<salt>$<hash>.
func HashPassword(pw string) (string, error) {
	return HashPasswordWith(pw, DefaultParams)
}

// HashPasswordWith hashes pw with the given parameters. pw is
// NFKC-normalised first; see the package documentation.
func HashPasswordWith(pw string, p Params) (string, error) {
	if !p.valid() {
		return "", ErrInvalidParams
	}
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("auth: reading salt: %w", err)
	}
	key := argon2.IDKey([]byte(nfkc(pw)), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return encodePHC(p, salt, key), nil
}

func encodePHC(p Params, salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key))
}

// VerifyPassword checks pw against a PHC string made by HashPassword.
// The comparison is constant-time. needsRehash is true when ok is true and
// the stored hash was made with parameters other than DefaultParams; the
// caller should then store HashPassword(pw). err is non-nil only when
// encoded is malformed (ErrInvalidHash), never for a wrong password.
func VerifyPassword(pw, encoded string) (ok bool, needsRehash bool, err error) {
	return verifyAgainst(pw, encoded, DefaultParams)
}

// VerifyPasswordWith is VerifyPassword with needsRehash judged against
// target instead of DefaultParams.
func VerifyPasswordWith(pw, encoded string, target Params) (ok bool, needsRehash bool, err error) {
	return verifyAgainst(pw, encoded, target)
}

func verifyAgainst(pw, encoded string, target Params) (bool, bool, error) {
	p, salt, want, err := parsePHC(encoded)
	if err != nil {
		return false, false, err
	}
	got := argon2.IDKey([]byte(nfkc(pw)), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	if subtle.ConstantTimeCompare(got, want) != 1 {
		return false, false, nil
	}
	rehash := p.Memory != target.Memory || p.Time != target.Time ||
		p.Threads != target.Threads || p.KeyLen != target.KeyLen ||
		p.SaltLen < target.SaltLen
	return true, rehash, nil
}

// parsePHC strictly parses $argon2id$v=19$m=M,t=T,p=P$salt$hash.
func parsePHC(s string) (Params, []byte, []byte, error) {
	var p Params
	f := strings.Split(s, "$")
	if len(f) != 6 || f[0] != "" || f[1] != "argon2id" || f[2] != "v="+strconv.Itoa(argon2.Version) {
		return p, nil, nil, ErrInvalidHash
	}
	kv := strings.Split(f[3], ",")
	if len(kv) != 3 {
		return p, nil, nil, ErrInvalidHash
	}
	m, err1 := paramValue(kv[0], "m=", 32)
	t, err2 := paramValue(kv[1], "t=", 32)
	th, err3 := paramValue(kv[2], "p=", 8)
	if err := errors.Join(err1, err2, err3); err != nil {
		return p, nil, nil, ErrInvalidHash
	}
	salt, err := b64.DecodeString(f[4])
	if err != nil {
		return p, nil, nil, ErrInvalidHash
	}
	key, err := b64.DecodeString(f[5])
	if err != nil {
		return p, nil, nil, ErrInvalidHash
	}
	p = Params{Memory: uint32(m), Time: uint32(t), Threads: uint8(th),
		SaltLen: uint32(len(salt)), KeyLen: uint32(len(key))}
	if !p.valid() {
		return p, nil, nil, ErrInvalidHash
	}
	return p, salt, key, nil
}

// paramValue parses "k=123" with a decimal value free of signs and
// leading zeros, so that every hash has exactly one encoding.
func paramValue(s, prefix string, bits int) (uint64, error) {
	v, ok := strings.CutPrefix(s, prefix)
	if !ok || v == "" || (len(v) > 1 && v[0] == '0') || strings.ContainsAny(v, "+-") {
		return 0, ErrInvalidHash
	}
	return strconv.ParseUint(v, 10, bits)
}

var (
	dummyOnce sync.Once
	dummyHash string
)

// DummyVerify performs a full verification against a fixed hash made with
// DefaultParams and discards the result. Call it when the login identifier
// matches no account, so that response time does not reveal whether the
// account exists.
func DummyVerify(pw string) {
	dummyOnce.Do(func() {
		// A fixed salt is fine here: the dummy hash never belongs to anyone.
		p := DefaultParams
		salt := make([]byte, p.SaltLen)
		key := argon2.IDKey([]byte("kasane-dummy"), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
		dummyHash = encodePHC(p, salt, key)
	})
	_, _, _ = VerifyPassword(pw, dummyHash)
}
