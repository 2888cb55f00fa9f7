package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kasane/internal/config"
	"kasane/internal/sqldb"
)

// TestSecretKeyRotate: the operator re-encrypts the TOTP secrets under a new
// key file (created by the command); the server then starts with the new key
// and refuses the old one. A wrong current key changes nothing.
func TestSecretKeyRotate(t *testing.T) {
	old := newKeyFile(t)
	dsn := enrolledDB(t, old)
	fresh := filepath.Join(t.TempDir(), "new.key")
	if code, _, errs := cli(t, "", "secret-key", "rotate", "--db", dsn, "--secret-key-file", newKeyFile(t), "--new-key-file", fresh); code == 0 || !strings.Contains(errs, "何も変更していません") {
		t.Fatalf("rotate with a wrong current key: %d %s", code, errs)
	}
	code, out, errs := cli(t, "", "secret-key", "rotate", "--db", dsn, "--secret-key-file", old, "--new-key-file", fresh)
	if code != 0 || !strings.Contains(out, "1 件") || !strings.Contains(errs, "作成しました") {
		t.Fatalf("rotate: %d %q %s", code, out, errs)
	}
	if fi, err := os.Stat(fresh); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("new key file: %v %v", err, fi)
	}
	ctx := context.Background()
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	cfg := config.Default()
	cfg.DB, cfg.SecretKeyFile = dsn, old
	if err := installSecretKey(ctx, cfg, db, log, io.Discard); err == nil || !strings.Contains(err.Error(), "別の暗号鍵") {
		t.Fatalf("the old key still opens the secrets: %v", err)
	}
	cfg.SecretKeyFile = fresh
	if err := installSecretKey(ctx, cfg, db, log, io.Discard); err != nil {
		t.Fatalf("the new key: %v", err)
	}
	if code, _, errs := cli(t, "", "audit", "verify", "--db", dsn); code != 0 {
		t.Fatalf("audit chain after the rotation: %s", errs)
	}
}
