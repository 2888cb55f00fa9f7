package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"kasane/internal/config"
	"kasane/internal/report"
)

// cmdReport runs `kasane report annual --db … --fiscal-year 2026
// [--format csv|xlsx|json] [--encoding utf8|cp932] [--out FILE]`. The annual
// report holds aggregate figures only, so it runs for the municipality.
func cmdReport(ctx context.Context, e env, args []string) error {
	if len(args) > 0 && (args[0] == "rebuild" || args[0] == "verify") {
		return cmdReportCounters(ctx, e, args[0], args[1:])
	}
	if len(args) > 0 && args[0] == "file-register" {
		return cmdFileRegister(ctx, e, args[1:])
	}
	if len(args) == 0 || args[0] != "annual" {
		return errors.New("kasane report: サブコマンド annual、file-register、rebuild、verify のいずれかを指定してください")
	}
	var fyText, format, encoding, out, muni string
	cfg, _, err := config.Load("report annual", args[1:], e.getenv, e.stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&fyText, "fiscal-year", "", "fiscal year (年度, April to March), e.g. 2026, 令和8年度 or R8")
		fs.StringVar(&format, "format", "json", "json, csv or xlsx")
		fs.StringVar(&encoding, "encoding", "utf8", "CSV encoding: utf8 (with BOM) or cp932")
		fs.StringVar(&out, "out", "", "output file (default: standard output)")
		fs.StringVar(&muni, "municipality", "", "municipality code (when the database has several)")
	})
	if err != nil {
		return err
	}
	fy, err := report.ParseFiscalYear(fyText, time.Now())
	if fyText == "" || err != nil {
		return errors.New("--fiscal-year を「2026」「令和8年度」「R8」のように指定してください")
	}
	if format != "json" && format != "csv" && format != "xlsx" {
		return errors.New("--format は json、csv、xlsx のいずれかです")
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
	sys, err := municipalityActor(ctx, e, db, muni)
	if err != nil {
		return err
	}
	a, err := db.AnnualReport(ctx, sys, fy)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	switch format {
	case "json":
		j := json.NewEncoder(&buf)
		j.SetIndent("", "  ")
		err = j.Encode(a)
	case "csv":
		var res report.CSVResult
		t := report.AnnualTable(a)
		if res, err = report.WriteCSV(&buf, t, enc); err == nil {
			reportUnencodable(e.stderr, report.Describe(t, res.Unencodable))
		}
	case "xlsx":
		err = report.WriteXLSX(&buf, report.AnnualTable(a))
	}
	if err != nil {
		return err
	}
	return writeOut(e.stdout, out, buf.Bytes())
}

// writeOut writes data to the file named out (readable by its owner only:
// exports hold personal data), or to w when out is empty.
func writeOut(w io.Writer, out string, data []byte) error {
	if out == "" {
		_, err := w.Write(data)
		return err
	}
	if err := os.WriteFile(out, data, 0o600); err != nil {
		return fmt.Errorf("ファイル %s に書き込めません: %v", out, err)
	}
	return nil
}

// reportUnencodable tells, on stderr, which characters CP932 could not hold
// (they were written as 〓).
func reportUnencodable(w io.Writer, bad []string) {
	if len(bad) == 0 {
		return
	}
	fmt.Fprintf(w, "kasane: CP932 で表せない文字が %d か所あり、〓に置き換えました: %s\n", len(bad), strings.Join(bad, "、"))
}
