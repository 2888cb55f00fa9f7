package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/transform"
)

// jukiSetup makes a database with one organization and the persons of the
// example 異動 file (testdata/juki_idou_example.csv) imported by 宛名番号.
func jukiSetup(t *testing.T) (dsn, org string) {
	t.Helper()
	dsn = newDB(t)
	code, out, errs := cli(t, "", "org", "add", "--db", dsn, "--name", "福祉総合相談課", "--kind", "municipal_section")
	if code != 0 {
		t.Fatalf("org add: %s", errs)
	}
	org = strings.TrimSpace(out)
	persons := "宛名番号,氏,名,氏（ふりがな）,名（ふりがな）,生年月日,性別,郵便番号,都道府県,市区町村,町名・番地,電話番号\n" +
		"100000000000101,山田,花子,ヤマダ,ハナコ,S20.1.1,女,,架空県,かさね市,旧町1,\n" +
		"100000000000102,田中,恵子,タナカ,ケイコ,1985-02-03,女,,架空県,かさね市,旧町2,\n" +
		"100000000000103,木村,誠,キムラ,マコト,1970-05-06,男,,架空県,かさね市,旧町3,\n" +
		"100000000000104,林,幸子,ハヤシ,サチコ,S10.7.8,女,,架空県,かさね市,旧町4,\n"
	path := filepath.Join(t.TempDir(), "persons.csv")
	if err := os.WriteFile(path, []byte(persons), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := cli(t, "", "import", "persons", "--db", dsn, "--org", org, "--key", "atena_no", path); code != 0 || !strings.Contains(errs, "0 件を更新、4 件を登録") {
		t.Fatalf("import --key atena_no: %d %s", code, errs)
	}
	return dsn, org
}

// The example file of the README applies; applied again it changes nothing.
func TestJukiApplyExampleFileTwice(t *testing.T) {
	dsn, org := jukiSetup(t)
	example := filepath.Join("testdata", "juki_idou_example.csv")
	code, out, errs := cli(t, "", "juki", "apply", "--db", dsn, "--org", org, example)
	if code != 0 || !strings.Contains(errs, "変更 4、登録 1、変更なし 0、対象外 0、適用済み 0") {
		t.Fatalf("first apply: %d %s %s", code, out, errs)
	}
	code, out, errs = cli(t, "", "juki", "apply", "--db", dsn, example)
	if code != 0 || !strings.Contains(errs, "変更 0、登録 0、変更なし 0、対象外 0、適用済み 5") {
		t.Fatalf("second apply: %d %s %s", code, out, errs)
	}
	// the import by 宛名番号 again: the renamed person is updated, not registered twice
	persons := "宛名番号,氏,名,氏（ふりがな）,名（ふりがな）,生年月日,性別,郵便番号,都道府県,市区町村,町名・番地,電話番号\n" +
		"100000000000102,佐藤,恵子,サトウ,ケイコ,1985-02-03,女,,架空県,かさね市,新町2,\n"
	path := filepath.Join(t.TempDir(), "again.csv")
	_ = os.WriteFile(path, []byte(persons), 0o600)
	if code, _, errs := cli(t, "", "import", "persons", "--db", dsn, "--org", org, "--key", "atena_no", path); code != 0 || !strings.Contains(errs, "1 件を更新、0 件を登録") {
		t.Fatalf("import again: %d %s", code, errs)
	}
}

// A bad row stops the whole file, every bad row is named with its line and
// column; a CP932 file is read.
func TestJukiApplyReportsEveryBadRowCP932(t *testing.T) {
	dsn, _ := jukiSetup(t)
	text := "宛名番号,異動事由,異動日,町名・番地\r\n" +
		"100000000000101,転居,R8.11.2,髙野町1\r\n" +
		"100000000000101,転宅,R8.11.2,髙野町1\r\n" +
		"100000000000102,死亡,R8.2.30,\r\n"
	sjis, _, err := transform.Bytes(japanese.ShiftJIS.NewEncoder(), []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "idou.csv")
	if err := os.WriteFile(path, sjis, 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := cli(t, "", "juki", "apply", "--db", dsn, path)
	if code == 0 || !strings.Contains(out, "3 行目 異動事由: 異動事由「転宅」は扱えません") || !strings.Contains(out, "4 行目 異動日:") ||
		strings.Contains(out, "2 行目") || !strings.Contains(errs, "何も変更していません") {
		t.Fatalf("bad rows: %d\n%s\n%s", code, out, errs)
	}
	// without the bad rows the CP932 file applies
	good := text[:strings.Index(text, "100000000000101,転宅")]
	sjis, _, _ = transform.Bytes(japanese.ShiftJIS.NewEncoder(), []byte(good))
	_ = os.WriteFile(path, sjis, 0o600)
	if code, out, errs := cli(t, "", "juki", "apply", "--db", dsn, path); code != 0 || !strings.Contains(errs, "変更 1") {
		t.Fatalf("good CP932 file: %d %s %s", code, out, errs)
	}
}
