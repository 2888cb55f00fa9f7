package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kasane/internal/auth"
	"kasane/internal/config"
	"kasane/internal/sqldb"
)

// enrolledDB makes a database with one user mid-way through TOTP
// enrolment under the key in keyFile.
func enrolledDB(t *testing.T, keyFile string) string {
	t.Helper()
	dsn := newDB(t)
	_, orgID, _ := cli(t, "", "org", "add", "--db", dsn, "--name", "自立相談支援機関", "--kind", "self_reliance_support")
	_, uid, errs := cli(t, "十分に長い合言葉です\n", "user", "add", "--db", dsn, "--org", strings.TrimSpace(orgID), "--email", "k@example.jp", "--name", "鍵 太郎", "--role", "worker", "--password-stdin")
	if strings.TrimSpace(uid) == "" {
		t.Fatalf("user add: %s", errs)
	}
	ctx := context.Background()
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	key, err := auth.LoadSecretKeyFile(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	_ = db.SetSecretKey(key)
	if err := db.BeginTOTPEnrolment(ctx, strings.TrimSpace(uid), "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"); err != nil {
		t.Fatal(err)
	}
	return dsn
}

func newKeyFile(t *testing.T) string {
	p := filepath.Join(t.TempDir(), "secret.key")
	if _, err := auth.CreateSecretKeyFile(p); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestServeRefusesWithoutOrWithWrongKey(t *testing.T) {
	key := newKeyFile(t)
	dsn := enrolledDB(t, key)
	code, _, errs := cli(t, "", "serve", "--db", dsn, "--addr", "127.0.0.1:0")
	if code != 1 || !strings.Contains(errs, "暗号鍵が設定されていません") || !strings.Contains(errs, "--secret-key-file") {
		t.Fatalf("serve without key: %d %s", code, errs)
	}
	code, _, errs = cli(t, "", "serve", "--db", dsn, "--addr", "127.0.0.1:0", "--secret-key-file", newKeyFile(t))
	if code != 1 || !strings.Contains(errs, "別の暗号鍵") {
		t.Fatalf("serve with wrong key: %d %s", code, errs)
	}
	bad := filepath.Join(t.TempDir(), "bad.key")
	_ = os.WriteFile(bad, []byte("tooshort"), 0o600)
	code, _, errs = cli(t, "", "serve", "--db", dsn, "--addr", "127.0.0.1:0", "--secret-key-file", bad)
	if code != 1 || !strings.Contains(errs, "32バイト") {
		t.Fatalf("serve with malformed key: %d %s", code, errs)
	}
	// the right key passes the check
	ctx := context.Background()
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cfg := config.Default()
	cfg.DB, cfg.SecretKeyFile = dsn, key
	if err := installSecretKey(ctx, cfg, db, slog.New(slog.NewTextHandler(io.Discard, nil)), io.Discard); err != nil {
		t.Fatalf("right key: %v", err)
	}
}

func TestDemoKeyIsCreatedBesideTheDatabase(t *testing.T) {
	dir := t.TempDir()
	cfg := config.Default()
	cfg.DB, cfg.Demo = filepath.Join(dir, "kasane-demo.db"), true
	ctx := context.Background()
	db, err := sqldb.Open(ctx, cfg.DB)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	var logs strings.Builder
	log := slog.New(slog.NewTextHandler(&logs, nil))
	if err := installSecretKey(ctx, cfg, db, log, io.Discard); err != nil {
		t.Fatal(err)
	}
	first := db.SecretKeyID()
	k, err := auth.LoadSecretKeyFile(filepath.Join(dir, "kasane-demo.key"))
	if err != nil || auth.KeyID(k) != first {
		t.Fatalf("demo key file: %v", err)
	}
	if err := installSecretKey(ctx, cfg, db, log, io.Discard); err != nil || db.SecretKeyID() != first {
		t.Fatalf("second start changed the key: %v", err)
	}
	// without a key and without enrolments, serve starts with a warning
	cfg.Demo = false
	if err := installSecretKey(ctx, cfg, db, log, io.Discard); err != nil || !strings.Contains(logs.String(), "no secret key") {
		t.Fatalf("no key, no enrolment: %v %s", err, logs.String())
	}
}
