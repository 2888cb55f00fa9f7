package auth

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
)

// LoadSecretKeyFile reads a key file: 32 random bytes written in Base64
// (standard alphabet, padding optional, surrounding white space ignored).
func LoadSecretKeyFile(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("暗号鍵ファイルを読めません (%s): %w", path, err)
	}
	s := strings.TrimRight(strings.TrimSpace(string(b)), "=")
	key, err := base64.RawStdEncoding.DecodeString(s)
	if err != nil || len(key) != SecretKeySize {
		return nil, fmt.Errorf("暗号鍵ファイル %s: %w", path, ErrSecretNotKey)
	}
	return key, nil
}

// CreateSecretKeyFile writes a new random key to path (mode 0600) unless
// the file exists already; created reports which.
func CreateSecretKeyFile(path string) (created bool, err error) {
	key := make([]byte, SecretKeySize)
	if _, err := rand.Read(key); err != nil {
		return false, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("暗号鍵ファイルを作成できません (%s): %w", path, err)
	}
	_, err = f.WriteString(base64.StdEncoding.EncodeToString(key) + "\n")
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(path)
		return false, fmt.Errorf("暗号鍵ファイルを書き込めません (%s): %w", path, err)
	}
	return true, nil
}
