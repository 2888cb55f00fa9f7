package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBenchDedupeReportsEveryKind runs `kasane bench dedupe` on a small
// made-up name list: a line for every kind of difference, the surname
// changes with a 旧姓 and the 通称 found now and not before, and the
// command itself fails if the same-person band's precision is not 1.
func TestBenchDedupeReportsEveryKind(t *testing.T) {
	dir := t.TempDir()
	write := func(name, head string, rows []string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(head+"\n"+strings.Join(rows, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var fams, givs []string
	kanji := []rune("佐鈴高田渡伊山中小加吉松井木林清森池橋阪石前藤")
	kana := []string{"サ", "ス", "タカ", "タ", "ワタ", "イ", "ヤマ", "ナカ", "コ", "カ", "ヨシ", "マツ", "イノ", "キ", "ハヤ", "キヨ", "モリ", "イケ", "ハシ", "サカ", "イシ", "マエ", "フジ"}
	for i := 0; i < 20; i++ {
		for j := i + 1; j < i+4 && j < 20; j++ {
			fams = append(fams, fmt.Sprintf("%c%c\t-\t%s%sダ", kanji[i], kanji[j], kana[i], kana[j]))
		}
	}
	gk := []string{"ハナ", "ケン", "ユウ", "アキ", "ミキ", "タロ", "ジロ", "サク", "ナオ", "マリ"}
	gj := []rune("花健優明美太次咲直真")
	for i := range gk {
		for j := range gk {
			givs = append(givs, fmt.Sprintf("%c%c\t-\t%s%sコ\t%s", gj[i], gj[j], gk[i], gk[j], map[bool]string{true: "m", false: "f"}[(i+j)%2 == 0]))
		}
	}
	write("surnames.tsv", "kanji\thiragana\tkatakana", fams)
	write("given_names.tsv", "kanji\thiragana\tkatakana\tsex", givs)
	write("addresses.tsv", "level\tkanji\thiragana\tkatakana", []string{"prefecture\t架空県\t-\t-", "city\tかさね市\t-\t-", "city\tあおば市\t-\t-", "town\t本町\t-\t-", "town\t北町\t-\t-"})
	write("variants.tsv", "variant_char\tstandard_char\tsource_note", []string{"髙\t高\t-", "﨑\t崎\t-"})
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"bench", "dedupe", "--persons", "3000", "--pairs", "30", "--seed", "7", "--data", dir}, func(string) string { return "" }, strings.NewReader(""), &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, errb.String(), out.String())
	}
	for _, k := range dedupeKinds {
		if !strings.Contains(out.String(), "| "+k.label+" | 30 |") {
			t.Errorf("no line for %s:\n%s", k.label, out.String())
		}
	}
	for _, want := range []string{"| 氏の変更・転居・電話も変更（旧姓を記録） | 30 | 0.000 → **1.000** |", "| 通称で登録（一方の記録に通称あり） | 30 | 0.000 → **1.000** |",
		"| 旧姓に戻って登録（一方の記録に旧姓あり：離婚など） | 30 | 0.000 → **1.000** |"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("missing %q:\n%s", want, out.String())
		}
	}
}
