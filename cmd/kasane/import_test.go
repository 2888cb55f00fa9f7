package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kasane/internal/japanese"
)

func callCmd(t *testing.T, f func(context.Context, env, []string) error, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	e := env{getenv: func(string) string { return "" }, stdin: strings.NewReader(""), stdout: &out, stderr: &errb}
	err := f(context.Background(), e, args)
	return out.String(), errb.String(), err
}

func writeCSV(t *testing.T, enc japanese.Encoding, rows [][]string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "persons.csv")
	var b bytes.Buffer
	w := japanese.NewCSVWriter(&b, enc)
	for _, r := range append([][]string{personColumns}, rows...) {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

var good = [][]string{
	{"髙橋", "一郎", "たかはし", "ｲﾁﾛｳ", "S50.4.1", "male", "123-4567", "架空県", "かさね市", "本町1-2-3", "090-0000-1111"},
	{"佐藤", "花子", "サトウ", "ハナコ", "1980-01-02", "女性", "", "", "", "", ""},
	{"渡邊", "修", "ワタナベ", "オサム", "1960", "unknown", "", "", "", "", ""},
}

func TestImportPersonsAllOrNothing(t *testing.T) {
	dsn := newDB(t)
	code, orgID, errs := cli(t, "", "org", "add", "--db", dsn, "--name", "包括", "--kind", "community_support_center")
	orgID = strings.TrimSpace(orgID)
	if code != 0 {
		t.Fatalf("org add: %s", errs)
	}
	// every bad row is reported with its line, field and reason; nothing is saved
	bad := append([][]string{}, good...)
	bad = append(bad,
		[]string{"", "太郎", "", "タロウ", "1990-13-01", "male", "", "", "", "", ""},
		[]string{"山田", "太郎", "yamada", "タロウ", "1990-01-01", "man", "12", "", "", "", "abc"},
		[]string{"山田", "次郎"})
	out, _, err := callCmd(t, cmdImport, "persons", "--db", dsn, "--org", orgID, writeCSV(t, japanese.UTF8BOM, bad))
	if err == nil {
		t.Fatal("bad file imported")
	}
	for _, want := range []string{"5 行目 氏: 氏を入力してください。", "5 行目 生年月日:", "5 行目 氏（ふりがな）:",
		"6 行目 性別:", "6 行目 氏（ふりがな）:", "6 行目 郵便番号:", "6 行目 電話番号:", "7 行目 行全体: 列の数"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if _, _, err := callCmd(t, cmdDuplicates, "--db", dsn); err != nil {
		t.Fatal(err)
	}
	// a good file in CP932 goes in whole, and a second import flags the same persons
	for i, enc := range []japanese.Encoding{japanese.CP932, japanese.UTF8} {
		out, errs, err := callCmd(t, cmdImport, "persons", "--db", dsn, "--org", orgID, writeCSV(t, enc, good))
		if err != nil || !strings.Contains(errs, "3 件を登録しました") {
			t.Fatalf("import %s: %v %s %s", enc, err, out, errs)
		}
		if flagged := strings.Contains(out, "重複の可能性"); flagged != (i == 1) {
			t.Fatalf("import %d duplicates flagged=%v:\n%s", i, flagged, out)
		}
		// duplicates are named by name and birth date, not only ids
		if i == 1 && !strings.Contains(out, "2 行目 髙橋 一郎（昭和50年4月1日 (1975) 生） ≒ 登録済みの 髙橋 一郎（昭和50年4月1日 (1975) 生）") {
			t.Fatalf("duplicates not named:\n%s", out)
		}
	}
	out, errs, err = callCmd(t, cmdDuplicates, "--db", dsn, "--format", "csv", "--encoding", "utf-8")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(strings.ReplaceAll(out, "\r", "")), "\n")
	if len(lines) != 4 || lines[0] != "person_id_a,person_id_b,score,judgement,reasons" || !strings.Contains(lines[1], ",same,") {
		t.Fatalf("duplicates csv: %s %s", out, errs)
	}
}

func TestImportNeedsOrgAndFile(t *testing.T) {
	dsn := newDB(t)
	if _, _, err := callCmd(t, cmdImport, "persons", "--db", dsn, writeCSV(t, japanese.UTF8, good)); err == nil {
		t.Fatal("import without --org")
	}
	if _, _, err := callCmd(t, cmdImport, "households", "--db", dsn); err == nil {
		t.Fatal("unknown import kind")
	}
	path := filepath.Join(t.TempDir(), "x.csv")
	os.WriteFile(path, []byte("family_name,given_name\n"), 0o600)
	code, orgID, _ := cli(t, "", "org", "add", "--db", dsn, "--name", "包括", "--kind", "community_support_center")
	if _, _, err := callCmd(t, cmdImport, "persons", "--db", dsn, "--org", strings.TrimSpace(orgID), path); code != 0 || err == nil || !strings.Contains(err.Error(), "生年月日（birth_date）") {
		t.Fatalf("missing columns: %v", err)
	}
}

func TestImportFlagsDuplicatesWithinTheFile(t *testing.T) {
	dsn := newDB(t)
	_, orgID, _ := cli(t, "", "org", "add", "--db", dsn, "--name", "包括", "--kind", "community_support_center")
	orgID = strings.TrimSpace(orgID)
	rows := append([][]string{}, good...)
	// line 5: 髙橋一郎 of line 2 again, in other spellings, with day and month swapped
	rows = append(rows, []string{"高橋", "一郎", "タカハシ", "イチロウ", "1975-01-04", "男", "123-4567", "架空県", "かさね市", "本町1-2-3", ""})
	out, errs, err := callCmd(t, cmdImport, "persons", "--db", dsn, "--org", orgID, writeCSV(t, japanese.UTF8, rows))
	if err != nil || !strings.Contains(errs, "4 件を登録しました") {
		t.Fatalf("import: %v %s %s", err, out, errs)
	}
	if !strings.Contains(out, "同じファイルの中で同一人物の可能性がある行（1 件）") || !strings.Contains(out, "5 行目 高橋 一郎（昭和50年1月4日 (1975) 生） ≒ 2 行目 髙橋 一郎（昭和50年4月1日 (1975) 生）") {
		t.Fatalf("within-file duplicate not reported:\n%s", out)
	}
	if strings.Contains(out, "登録済みの本人と重複") {
		t.Fatalf("flagged against registered persons on an empty register:\n%s", out)
	}
}

// TestImportManyChunksAllOrNothing: one bad row near the end of a file of
// several thousand rows (read and written in many pieces) keeps every row
// out and is reported with its line.
func TestImportManyChunksAllOrNothing(t *testing.T) {
	dsn := newDB(t)
	_, orgID, _ := cli(t, "", "org", "add", "--db", dsn, "--name", "包括", "--kind", "community_support_center")
	orgID = strings.TrimSpace(orgID)
	var rows [][]string
	for i := 0; i < 5000; i++ {
		rows = append(rows, []string{"山田", fmt.Sprintf("太郎%d", i), "ヤマダ", "タロウ", fmt.Sprintf("19%02d-%02d-%02d", 20+i%80, 1+i%12, 1+i%28), "male", "", "", "", "", ""})
	}
	rows[4900][4] = "1990-02-30"
	out, _, err := callCmd(t, cmdImport, "persons", "--db", dsn, "--org", orgID, writeCSV(t, japanese.UTF8, rows))
	if err == nil || !strings.Contains(out, "4902 行目 生年月日:") {
		t.Fatalf("bad row not reported: %v\n%.500s", err, out)
	}
	rows[4900][4] = "1990-02-28"
	out, errs, err := callCmd(t, cmdImport, "persons", "--db", dsn, "--org", orgID, writeCSV(t, japanese.UTF8, rows))
	if err != nil || !strings.Contains(errs, "5000 件を登録しました") {
		t.Fatalf("good file: %v %s", err, errs)
	}
	if strings.Contains(out, "登録済みの本人と重複") { // the rejected import left rows behind
		t.Fatalf("rows of the rejected import were saved:\n%.500s", out)
	}
}

// TestProgressLinesWhenNotATerminal: to a file or pipe, one plain line per
// 100,000 rows, however often the import reports.
func TestProgressLinesWhenNotATerminal(t *testing.T) {
	var b bytes.Buffer
	p := newProgress(&b, 0, &countingReader{})
	for rows := 1024; rows <= 250000; rows += 1024 {
		p.update(rows)
	}
	p.done()
	if got := strings.Count(b.String(), "行を読み込みました"); got != 2 {
		t.Fatalf("%d lines:\n%s", got, b.String())
	}
}

// TestImportJapaneseHeadingsAndOSErrors: an administrator's file with
// Japanese headings goes in; a missing file is explained in Japanese.
func TestImportJapaneseHeadingsAndOSErrors(t *testing.T) {
	dsn := newDB(t)
	_, orgID, _ := cli(t, "", "org", "add", "--db", dsn, "--name", "包括", "--kind", "community_support_center")
	orgID = strings.TrimSpace(orgID)
	path := filepath.Join(t.TempDir(), "jp.csv")
	body := "氏,名,氏（フリガナ）,名（フリガナ）,生年月日,性別,〒,都道府県,市区町村,町名・番地,電話番号\n" +
		"山田,花子,ヤマダ,ハナコ,S45.3.3,女,123-4567,架空県,かさね市,本町1,090-1111-2222\n" +
		"山田,花子,やまだ,はなこ,1970/3/3,女性,,,,,\n"
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	out, errs, err := callCmd(t, cmdImport, "persons", "--db", dsn, "--org", orgID, path)
	if err != nil || !strings.Contains(errs, "2 件を登録しました") {
		t.Fatalf("Japanese headings: %v %s %s", err, out, errs)
	}
	if !strings.Contains(out, "3 行目 山田 花子（昭和45年3月3日 (1970) 生） ≒ 2 行目 山田 花子（昭和45年3月3日 (1970) 生）") {
		t.Fatalf("in-file duplicate not named:\n%s", out)
	}
	_, _, err = callCmd(t, cmdImport, "persons", "--db", dsn, "--org", orgID, filepath.Join(t.TempDir(), "none.csv"))
	if err == nil || !strings.Contains(err.Error(), "ファイルが見つかりません") {
		t.Fatalf("missing file: %v", err)
	}
	_, _, err = callCmd(t, cmdImport, "persons", "--db", dsn, "--org", orgID, t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "フォルダーではなく") {
		t.Fatalf("a folder: %v", err)
	}
}
