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

func TestPublicURL(t *testing.T) {
	env := map[string]string{"KASANE_PUBLIC_URL": "https://Kasane.City.example.lg.jp/"}
	c, _, err := Load("serve", nil, func(k string) string { return env[k] }, io.Discard, nil)
	if err != nil || c.PublicURL != "https://Kasane.City.example.lg.jp/" {
		t.Fatalf("env: %q %v", c.PublicURL, err)
	}
	u, err := ParsePublicURL(c.PublicURL)
	if err != nil || u.String() != "https://kasane.city.example.lg.jp" {
		t.Fatalf("origin: %v %v", u, err)
	}
	for _, ok := range []string{"https://kasane.example.jp:8443", "http://localhost:8080"} {
		if _, err := ParsePublicURL(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, bad := range []string{"kasane.example.jp", "ftp://kasane.example.jp", "https://kasane.example.jp/app", "https://192.0.2.1",
		"http://kasane.example.jp", "https://kasane.example.jp/?x=1", "https://[::1]:8080"} {
		if _, err := ParsePublicURL(bad); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
	if _, _, err := Load("serve", []string{"--public-url", "https://192.0.2.1"}, func(string) string { return "" }, io.Discard, nil); err == nil {
		t.Error("an IP address as the public URL was accepted")
	}
}
