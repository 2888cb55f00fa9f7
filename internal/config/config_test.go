package config

import (
	"io"
	"testing"
)

func TestSecretKeyFileFromEnvAndFlag(t *testing.T) {
	env := map[string]string{"KASANE_SECRET_KEY_FILE": "/etc/kasane/key"}
	c, _, err := Load("serve", nil, func(k string) string { return env[k] }, io.Discard, nil)
	if err != nil || c.SecretKeyFile != "/etc/kasane/key" {
		t.Fatalf("env: %q %v", c.SecretKeyFile, err)
	}
	c, _, err = Load("serve", []string{"--secret-key-file", "/run/secrets/kasane"}, func(k string) string { return env[k] }, io.Discard, nil)
	if err != nil || c.SecretKeyFile != "/run/secrets/kasane" {
		t.Fatalf("flag over env: %q %v", c.SecretKeyFile, err)
	}
	c, _, _ = Load("serve", nil, func(string) string { return "" }, io.Discard, nil)
	if c.SecretKeyFile != "" {
		t.Fatalf("default: %q", c.SecretKeyFile)
	}
}
