package main

import (
	"bytes"
	"context"
	"flag"

	"kasane/internal/config"
	"kasane/internal/disclosure"
	"kasane/internal/report"
)

// cmdFileRegister runs `kasane report file-register --db … [--out
// FILE.xlsx]`: the 個人情報ファイル簿 (個人情報保護法第75条) made from the live
// configuration, as xlsx (to standard output without --out). It names
// organizations and the items kept, no resident; the export is audited as
// the system.
func cmdFileRegister(ctx context.Context, e env, args []string) error {
	var out, muni string
	cfg, _, err := config.Load("report file-register", args, e.getenv, e.stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&out, "out", "", "output file (.xlsx; default: standard output)")
		fs.StringVar(&muni, "municipality", "", "municipality code (when the database has several)")
	})
	if err != nil {
		return err
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	sys, err := municipalityActor(ctx, e, db, muni)
	if err != nil {
		return err
	}
	f, err := db.FileRegister(ctx, sys)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := report.WriteXLSX(&buf, disclosure.RegisterTables(disclosure.BuildRegister(f))...); err != nil {
		return err
	}
	return writeOut(e.stdout, out, buf.Bytes())
}
