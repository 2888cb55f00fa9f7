package auth

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// SecretKeySize is the length of the server's secret key: AES-256.
const SecretKeySize = 32

// sealedPrefix marks a value sealed by SecretBox, scheme version 1:
// AES-256-GCM, a random 96-bit nonce, the purpose string as additional data.
// The stored form is "v1:KEYID:BASE64(nonce||ciphertext)". KEYID names the
// key, so a later version can hold old keys for rotation and a wrong key is
// recognised before any decryption is tried.
const sealedPrefix = "v1:"

// Errors of SecretBox.Open. Their text is for the operator's log and the
// error page, never contains the secret, and is Japanese.
var (
	ErrSecretWrongKey = errors.New("保存された秘密情報は別の暗号鍵で暗号化されています。正しい鍵ファイル（--secret-key-file）を指定してください")
	ErrSecretCorrupt  = errors.New("保存された秘密情報を復号できません（改ざんまたは破損）")
	ErrSecretNotKey   = errors.New("暗号鍵は32バイトの乱数をBase64で記したものにしてください")
)

// SecretBox encrypts small secrets (TOTP seeds) for storage in the database
// under a key that lives outside the database.
type SecretBox struct {
	aead cipher.AEAD
	kid  string
}

// NewSecretBox makes a box from a 32-byte key.
func NewSecretBox(key []byte) (*SecretBox, error) {
	if len(key) != SecretKeySize {
		return nil, ErrSecretNotKey
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &SecretBox{aead: aead, kid: KeyID(key)}, nil
}

// KeyID is a short public name of a key: the first 8 hex digits of a
// domain-separated SHA-256. It reveals nothing useful about the key.
func KeyID(key []byte) string {
	h := sha256.Sum256(append([]byte("kasane secret key id\x00"), key...))
	return hex.EncodeToString(h[:4])
}

// KeyID returns the id of the box's key.
func (b *SecretBox) KeyID() string { return b.kid }

// Seal encrypts plain for storage. purpose binds the value to its place
// (e.g. "totp:" + user id): a value copied to another row does not open.
func (b *SecretBox) Seal(plain, purpose string) (string, error) {
	nonce := make([]byte, b.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	ct := b.aead.Seal(nonce, nonce, []byte(plain), []byte(purpose))
	return sealedPrefix + b.kid + ":" + base64.RawStdEncoding.EncodeToString(ct), nil
}

// Open decrypts a value made by Seal with the same purpose. A value sealed
// under another key gives ErrSecretWrongKey; a damaged one ErrSecretCorrupt.
func (b *SecretBox) Open(stored, purpose string) (string, error) {
	kid, body, ok := splitSealed(stored)
	if !ok {
		return "", ErrSecretCorrupt
	}
	if kid != b.kid {
		return "", fmt.Errorf("%w（保存時の鍵ID %s、設定された鍵ID %s）", ErrSecretWrongKey, kid, b.kid)
	}
	raw, err := base64.RawStdEncoding.DecodeString(body)
	if err != nil || len(raw) < b.aead.NonceSize()+b.aead.Overhead() {
		return "", ErrSecretCorrupt
	}
	n := b.aead.NonceSize()
	plain, err := b.aead.Open(nil, raw[:n], raw[n:], []byte(purpose))
	if err != nil {
		return "", ErrSecretCorrupt
	}
	return string(plain), nil
}

// IsSealed reports whether a stored value was made by Seal (of any key);
// otherwise it is a legacy plain value.
func IsSealed(stored string) bool { return strings.HasPrefix(stored, sealedPrefix) }

// SealedKeyID returns the key id of a sealed value, "" for a plain one.
func SealedKeyID(stored string) string {
	kid, _, _ := splitSealed(stored)
	return kid
}

func splitSealed(stored string) (kid, body string, ok bool) {
	rest, ok := strings.CutPrefix(stored, sealedPrefix)
	if !ok {
		return "", "", false
	}
	return strings.Cut(rest, ":")
}
