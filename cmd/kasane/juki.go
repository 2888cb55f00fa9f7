package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"kasane/internal/casework"
	"kasane/internal/config"
	"kasane/internal/juki"
	"kasane/internal/sqldb"
)

// cmdJuki is `kasane juki apply --db … [--org ORG_ID] [--municipality CODE]
// FILE.csv`: the daily 異動 file of the 住民記録システム applied to the
// persons that carry its 宛名番号 (README 「住民記録（住基）との連携」).
func cmdJuki(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || args[0] != "apply" {
		return errors.New("kasane juki: サブコマンドを指定してください（kasane juki apply --db … FILE.csv）")
	}
	var org, muni string
	cfg, fs, err := config.Load("juki apply", args[1:], e.getenv, e.stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&org, "org", "", "registering organization of 転入 rows whose 宛名番号 no record carries (without it such rows change nothing)")
		fs.StringVar(&muni, "municipality", "", "municipality code (when the database has several)")
	})
	if err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("適用する異動ファイル（CSV）を1つ指定してください")
	}
	path := fs.Arg(0)
	f, err := os.Open(path)
	if err != nil {
		return osError(path, err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return fmt.Errorf("フォルダーではなく CSV ファイルを指定してください: %s", path)
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	m, err := jukiMunicipality(ctx, db, muni, org)
	if err != nil {
		return err
	}
	start := time.Now()
	res, err := applyJukiFile(ctx, db, m, org, f, filepath.Base(path))
	writeJukiReport(e.stdout, res)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "kasane: 異動ファイルを適用しました（%d 行: 変更 %d、登録 %d、変更なし %d、対象外 %d、適用済み %d、%.1f 秒）\n",
		res.Rows, res.Applied, res.Inserted, res.Unchanged, res.Unknown, res.Repeated, time.Since(start).Seconds())
	return nil
}

// applyJukiFile reads a 異動 file and applies it (bench and tests use it too).
func applyJukiFile(ctx context.Context, db *sqldb.DB, muni, org string, r io.Reader, name string) (sqldb.JukiResult, error) {
	rows, probs, err := juki.Read(r, casework.Today(db.Now()))
	if err != nil {
		return sqldb.JukiResult{}, err
	}
	return db.ApplyJuki(ctx, muni, rows, sqldb.JukiOptions{FileName: name, InsertOrg: org, ReadProblems: probs})
}

// jukiMunicipality is the municipality a 異動 file is applied in: the one of
// --org, the one named by --municipality, or the only one.
func jukiMunicipality(ctx context.Context, db *sqldb.DB, code, org string) (string, error) {
	if org != "" {
		o, err := findOrg(ctx, db, org)
		if err != nil {
			return "", err
		}
		return o.MunicipalityID, nil
	}
	ms, err := db.Municipalities(ctx)
	if err != nil {
		return "", err
	}
	for _, m := range ms {
		if code != "" && m.Code == code {
			return m.ID, nil
		}
	}
	switch {
	case code != "":
		return "", fmt.Errorf("市区町村コード %s は登録されていません", code)
	case len(ms) == 1:
		return ms[0].ID, nil
	case len(ms) == 0:
		return "", errors.New("市区町村が登録されていません")
	}
	return "", errors.New("複数の市区町村があります。--municipality でコードを指定してください")
}

func writeJukiReport(w io.Writer, res sqldb.JukiResult) {
	if len(res.Problems) == 0 {
		return
	}
	fmt.Fprintf(w, "誤りのある行（%d 件）:\n", len(res.Problems))
	for _, p := range res.Problems {
		fmt.Fprintf(w, "  %d 行目 %s: %s\n", p.Row, juki.Label(p.Field), p.Message)
	}
}

// importByAtena is `kasane import persons --key atena_no`: rows by 宛名番号
// (sqldb.ImportPersonsByAtena), all-or-nothing with every bad row reported.
func importByAtena(ctx context.Context, e env, db *sqldb.DB, a casework.Actor, cr *countingReader, size int64) error {
	next, err := personRowsWith(cr, true)
	if err != nil {
		return err
	}
	bar := newProgress(e.stderr, size, cr)
	start := time.Now()
	res, err := db.ImportPersonsByAtena(ctx, a, next, bar.update)
	bar.done()
	writeImportReport(e.stdout, res, importNames{})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "kasane: 宛名番号で %d 件を更新、%d 件を登録しました（うち他機関の記録と名寄せ %d 件、%.1f 秒）\n",
		res.Updated, res.Imported, res.Linked, time.Since(start).Seconds())
	return nil
}
