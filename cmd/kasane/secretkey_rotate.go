package main

import (
	"context"
	"flag"
	"fmt"

	"kasane/internal/auth"
	"kasane/internal/config"
)

// cmdSecretKeyRotate re-encrypts every stored TOTP secret under a new key
// (the old key file was exposed, or policy asks for rotation). The new key
// file is created (mode 0600) when it does not exist. Stop the servers
// first, or restart them afterwards with the new key file: a server still
// holding the old key cannot check the second factor of rotated users.
func cmdSecretKeyRotate(ctx context.Context, e env, args []string) error {
	var newPath string
	cfg, _, err := config.Load("secret-key rotate", args, e.getenv, e.stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&newPath, "new-key-file", "", "file of the new key (created, mode 0600, if missing)")
	})
	if err != nil {
		return err
	}
	if cfg.SecretKeyFile == "" || newPath == "" {
		return fmt.Errorf("--secret-key-file（現在の鍵）と --new-key-file（新しい鍵）を指定してください")
	}
	old, err := auth.LoadSecretKeyFile(cfg.SecretKeyFile)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.SetSecretKey(old); err != nil {
		return err
	}
	// the current key must open every secret before a new key file is made
	if st, err := db.TOTPKeys(ctx); err != nil {
		return err
	} else if st.OtherKey > 0 {
		return fmt.Errorf("%d 件の秘密情報が --secret-key-file とは別の暗号鍵で暗号化されています。何も変更していません", st.OtherKey)
	}
	created, err := auth.CreateSecretKeyFile(newPath)
	if err != nil {
		return err
	}
	key, err := auth.LoadSecretKeyFile(newPath)
	if err != nil {
		return err
	}
	n, err := db.RotateSecretKey(ctx, key)
	if err != nil {
		return err
	}
	if created {
		fmt.Fprintf(e.stderr, "kasane: 新しい鍵ファイル %s を作成しました。\n", newPath)
	}
	fmt.Fprintf(e.stdout, "%d 件の二要素認証の秘密情報を新しい鍵（鍵ID %s）で暗号化し直しました。サーバーを --secret-key-file %s で再起動してください。古い鍵ファイルは、古いバックアップの復元に必要な間だけ安全に保管してください。\n", n, db.SecretKeyID(), newPath)
	return nil
}
