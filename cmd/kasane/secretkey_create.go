package main

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"kasane/internal/auth"
)

// cmdSecretKeyCreate makes a new secret key file (32 random bytes in
// Base64, mode 0600) on any system, Windows included:
//
//	kasane secret-key create FILE
//
// It never overwrites an existing file: a database whose secrets were
// sealed under that key would lose them.
func cmdSecretKeyCreate(_ context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("kasane secret-key create", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "使い方: kasane secret-key create FILE   # 新しい暗号鍵ファイル（32バイトの乱数、Base64、モード 0600）を作る。既存のファイルは上書きしない")
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("使い方: kasane secret-key create FILE")
	}
	path := fs.Arg(0)
	created, err := auth.CreateSecretKeyFile(path)
	if err != nil {
		return err
	}
	if !created {
		return fmt.Errorf("%s は既にあります。上書きしません（その鍵で暗号化された秘密情報が読めなくなるため）。別の名前を指定してください", path)
	}
	fmt.Fprintf(e.stdout, "暗号鍵を %s に作成しました。kasane serve --secret-key-file %s で指定してください。データベースとそのバックアップとは別に保管してください。\n", path, shellQuote(path))
	return nil
}
