package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestCLIReportFileRegister: `kasane report file-register --db … --out
// FILE.xlsx` writes the 個人情報ファイル簿 made from the database (the
// registering organization's kind in the items, the routes recorded).
func TestCLIReportFileRegister(t *testing.T) {
	dsn := seedForCLI(t)
	out, errb := &strings.Builder{}, &strings.Builder{}
	e := env{getenv: func(string) string { return "" }, stdin: strings.NewReader(""), stdout: out, stderr: errb}
	file := filepath.Join(t.TempDir(), "file-register.xlsx")
	if err := cmdReport(context.Background(), e, []string{"file-register", "--db", dsn, "--out", file}); err != nil {
		t.Fatalf("file-register: %v %s", err, errb)
	}
	st, err := os.Stat(file)
	if err != nil || st.Mode().Perm() != 0o600 && os.PathSeparator == '/' {
		t.Fatalf("file: %v %v", st, err)
	}
	x, err := excelize.OpenFile(file)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, err := x.GetRows("個人情報ファイル簿")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range rows {
		if len(r) == 2 {
			got[r[0]] = r[1]
		}
	}
	if got["個人情報ファイルの名称"] == "" || !strings.Contains(got["記録情報の収集方法"], "本人（1件）") || !strings.Contains(got["記録項目"], "生年月日") {
		t.Fatalf("register: %v", got)
	}
	out.Reset()
	if err := cmdReport(context.Background(), e, []string{"file-register", "--db", dsn}); err != nil || !strings.HasPrefix(out.String(), "PK") {
		t.Fatalf("to standard output: %v", err)
	}
}
