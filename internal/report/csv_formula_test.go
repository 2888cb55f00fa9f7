package report

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestWriteCSVFormulaTextNumbersTyped: text that a spreadsheet would read
// as a formula gets a leading '; an Int column keeps its negative numbers
// as numbers; the xlsx export keeps the text as a text cell (no formula).
func TestWriteCSVFormulaTextNumbersTyped(t *testing.T) {
	tb := &Table{Name: "一覧", Columns: []Column{{"氏名", Text}, {"件数", Int}, {"受付日", Date}},
		Rows: [][]any{{"=cmd|'/C calc'!A0", -3, "2026-05-20"}, {"@山田", int64(4), ""}}}
	var buf bytes.Buffer
	if _, err := WriteCSV(&buf, tb, "utf-8"); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(buf.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if rows[1][0] != "'=cmd|'/C calc'!A0" || rows[1][1] != "-3" || rows[1][2] != "2026-05-20" || rows[2][0] != "'@山田" {
		t.Fatalf("rows %q", rows)
	}
	buf.Reset()
	if err := WriteXLSX(&buf, tb); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue("一覧", "A2"); v != "=cmd|'/C calc'!A0" {
		t.Errorf("xlsx text %q", v)
	}
	if fm, _ := f.GetCellFormula("一覧", "A2"); fm != "" {
		t.Errorf("xlsx text became formula %q", fm)
	}
	if v, _ := f.GetCellValue("一覧", "B2", excelize.Options{RawCellValue: true}); v != "-3" {
		t.Errorf("xlsx number %q", v)
	}
}
