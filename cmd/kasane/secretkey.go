package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"kasane/internal/auth"
	"kasane/internal/config"
	"kasane/internal/sqldb"
)

// keyHowTo tells the operator how to make a key file.
const keyHowTo = "鍵ファイルを作成し（例: kasane secret-key create /etc/kasane/secret.key）、" +
	"--secret-key-file または KASANE_SECRET_KEY_FILE で指定してください。鍵はデータベースとそのバックアップとは別に保管してください"

// installSecretKey loads the server's secret key and encrypts any TOTP
// secret still stored in plain text. The demo creates its key beside its
// database file. Without a key the server refuses to start when a second
// factor is enrolled (or being enrolled), since it could not be checked;
// otherwise it starts with a warning (a plain line on stderr and a log line) and refuses enrolment until a key is
// configured: a TOTP secret is never stored in plain text.
func installSecretKey(ctx context.Context, cfg config.Config, db *sqldb.DB, log *slog.Logger, stderr io.Writer) error {
	path := cfg.SecretKeyFile
	if path == "" && cfg.Demo {
		path = demoKeyPath(cfg.DB)
		created, err := auth.CreateSecretKeyFile(path)
		if err != nil {
			return err
		}
		if created {
			log.Info("demo secret key created", slog.String("file", path))
		}
	}
	if path == "" {
		st, err := db.TOTPKeys(ctx)
		if err != nil {
			return err
		}
		if st.Enrolled > 0 || st.Stored > 0 {
			return fmt.Errorf("暗号鍵が設定されていません。%d 人の職員が二要素認証を登録済み（または登録中）のため起動できません。%s", max(st.Enrolled, st.Stored), keyHowTo)
		}
		fmt.Fprintln(stderr, "kasane: 警告: 暗号鍵が設定されていません。二要素認証を登録できないため、二要素認証が必須の市区町村（既定）では誰もログインできません。"+keyHowTo+"。")
		log.Warn("no secret key configured: the second factor (TOTP) cannot be enrolled until one is set; " +
			"municipalities that require it cannot log in. Set --secret-key-file (KASANE_SECRET_KEY_FILE)")
		return nil
	}
	key, err := auth.LoadSecretKeyFile(path)
	if err != nil {
		return fmt.Errorf("%w。%s", err, keyHowTo)
	}
	if fi, err := os.Stat(path); err == nil && runtime.GOOS != "windows" && fi.Mode().Perm()&0o077 != 0 { // Windows has ACLs, not modes
		log.Warn("secret key file is readable by other users; chmod 600 it", slog.String("file", path))
	}
	if err := db.SetSecretKey(key); err != nil {
		return err
	}
	st, err := db.TOTPKeys(ctx)
	if err != nil {
		return err
	}
	if st.OtherKey > 0 {
		return fmt.Errorf("%d 件の二要素認証の秘密情報が別の暗号鍵で暗号化されています（設定された鍵ID %s）。正しい鍵ファイルを指定してください", st.OtherKey, db.SecretKeyID())
	}
	n, err := db.SealPlainTOTPSecrets(ctx)
	if err != nil {
		return fmt.Errorf("二要素認証の秘密情報を暗号化できません: %w", err)
	}
	if n > 0 {
		log.Info("plain-text TOTP secrets encrypted", slog.Int("count", n))
	}
	log.Info("secret key loaded", slog.String("key_id", db.SecretKeyID()))
	return nil
}

// demoKeyPath is the demo's key file: beside the SQLite file, or in the
// working directory for a PostgreSQL demo.
func demoKeyPath(dsn string) string {
	if sqldb.IsPostgres(dsn) {
		return "kasane-demo.key"
	}
	return strings.TrimSuffix(dsn, filepath.Ext(dsn)) + ".key"
}
