package auth

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSecretBoxRoundTripAndBinding(t *testing.T) {
	box, err := NewSecretBox(bytes.Repeat([]byte{1}, 32))
	if err != nil {
		t.Fatal(err)
	}
	const secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
	s1, err := box.Seal(secret, "totp:u1")
	if err != nil {
		t.Fatal(err)
	}
	s2, _ := box.Seal(secret, "totp:u1")
	if strings.Contains(s1, secret) || s1 == s2 || !IsSealed(s1) || SealedKeyID(s1) != box.KeyID() {
		t.Fatalf("sealed value %q / %q", s1, s2)
	}
	if got, err := box.Open(s1, "totp:u1"); err != nil || got != secret {
		t.Fatalf("open: %q %v", got, err)
	}
	// copied to another user's row it does not open
	if _, err := box.Open(s1, "totp:u2"); !errors.Is(err, ErrSecretCorrupt) {
		t.Fatalf("other purpose: %v", err)
	}
	// one flipped character is detected
	repl := "A"
	if s1[len(s1)-5] == 'A' {
		repl = "B"
	}
	bad := s1[:len(s1)-5] + repl + s1[len(s1)-4:]
	if _, err := box.Open(bad, "totp:u1"); err == nil {
		t.Fatal("tampered value opened")
	}
	other, _ := NewSecretBox(bytes.Repeat([]byte{2}, 32))
	if _, err := other.Open(s1, "totp:u1"); !errors.Is(err, ErrSecretWrongKey) || !strings.Contains(err.Error(), box.KeyID()) {
		t.Fatalf("wrong key: %v", err)
	}
	if IsSealed(secret) || SealedKeyID(secret) != "" {
		t.Fatal("plain secret taken for sealed")
	}
	if _, err := NewSecretBox([]byte("short")); !errors.Is(err, ErrSecretNotKey) {
		t.Fatalf("short key: %v", err)
	}
}

func TestSecretKeyFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "kasane.key")
	created, err := CreateSecretKeyFile(p)
	if err != nil || !created {
		t.Fatalf("create: %v %v", created, err)
	}
	st, _ := os.Stat(p)
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", st.Mode())
	}
	k1, err := LoadSecretKeyFile(p)
	if err != nil || len(k1) != 32 {
		t.Fatalf("load: %v", err)
	}
	// a second call keeps the existing key
	if created, err := CreateSecretKeyFile(p); err != nil || created {
		t.Fatalf("second create: %v %v", created, err)
	}
	if k2, _ := LoadSecretKeyFile(p); !bytes.Equal(k1, k2) {
		t.Fatal("key changed")
	}
	bad := filepath.Join(t.TempDir(), "bad.key")
	_ = os.WriteFile(bad, []byte("not a key"), 0o600)
	if _, err := LoadSecretKeyFile(bad); !errors.Is(err, ErrSecretNotKey) {
		t.Fatalf("bad key: %v", err)
	}
	if _, err := LoadSecretKeyFile(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Fatal("missing file loaded")
	}
}

func TestTemporaryPasswordPassesPolicy(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 50; i++ {
		p, err := NewTemporaryPassword()
		if err != nil || len(p) != 19 || seen[p] {
			t.Fatalf("%q %v", p, err)
		}
		seen[p] = true
		if err := CheckPasswordPolicy(p); err != nil {
			t.Fatalf("%q refused: %v", p, err)
		}
	}
}
