package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"

	"kasane/internal/config"
	"kasane/internal/report"
	"kasane/internal/sqldb"
)

// cmdExport runs `kasane export cases|persons|contacts --db … --user EMAIL
// [--format csv|xlsx] [--encoding utf8|cp932] [--fiscal-year YYYY]
// [--out FILE]`. The export runs as the named user, so every access rule
// applies as on the screen, and it is audited.
func cmdExport(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || !sqldb.ExportKinds.Has(args[0]) {
		return errors.New("kasane export: cases、persons、contacts のいずれかを指定してください")
	}
	kind := args[0]
	var email, format, encoding, out string
	var fy int
	cfg, _, err := config.Load("export "+kind, args[1:], e.getenv, e.stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&email, "user", "", "e-mail of the user the export runs as (required)")
		fs.StringVar(&format, "format", "csv", "csv or xlsx")
		fs.StringVar(&encoding, "encoding", "utf8", "CSV encoding: utf8 (with BOM) or cp932")
		fs.IntVar(&fy, "fiscal-year", 0, "only this fiscal year (cases by received date, contacts by time)")
		fs.StringVar(&out, "out", "", "output file (default: standard output)")
	})
	if err != nil {
		return err
	}
	if email == "" {
		return errors.New("--user（出力する職員のメールアドレス）を指定してください")
	}
	if format != "csv" && format != "xlsx" {
		return errors.New("--format は csv または xlsx です")
	}
	enc, err := report.Encoding(encoding)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := db.UserByEmail(ctx, email)
	if err != nil || u.Disabled {
		return fmt.Errorf("職員 %s が見つからないか、無効になっています", email)
	}
	a := sqldb.ActorFor(u)
	a.Address = "cli"
	o := sqldb.ExportOptions{FiscalYear: fy, Format: format}
	if format == "csv" {
		o.Encoding = "utf8"
		if enc == report.Encoding932 {
			o.Encoding = "cp932"
		}
	}
	t, err := db.Export(ctx, a, kind, o)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if format == "xlsx" {
		err = report.WriteXLSX(&buf, t)
	} else {
		var res report.CSVResult
		if res, err = report.WriteCSV(&buf, t, enc); err == nil {
			reportUnencodable(e.stderr, report.Describe(t, res.Unencodable))
		}
	}
	if err != nil {
		return err
	}
	if out != "" {
		fmt.Fprintf(e.stderr, "kasane: %s を %d 件出力しました（監査ログに記録）\n", sqldb.ExportKinds.Label(kind), len(t.Rows))
	}
	return writeOut(e.stdout, out, buf.Bytes())
}
