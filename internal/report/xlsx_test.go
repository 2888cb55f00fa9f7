package report

import (
	"bytes"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"kasane/internal/casework"
)

// TestXLSXDatesUseExcelWareki: dates are real Excel dates (serials) with
// Excel's own 和暦 number format (元年 for an era's first year), one style
// for every date, so a date edited in Excel shows its own era; no era is
// written into the format as literal text.
func TestXLSXDatesUseExcelWareki(t *testing.T) {
	tb := &Table{Name: "日付", Columns: []Column{{"日付", Date}, {"日時", DateTime}}, Rows: [][]any{
		{"2019-05-01", time.Date(2019, 12, 31, 9, 30, 0, 0, casework.JST)},
		{"1989-01-08", time.Date(2020, 1, 1, 10, 0, 0, 0, casework.JST)},
		{"2026-04-01", time.Date(2019, 4, 30, 8, 5, 0, 0, casework.JST)},
		{"1989-01-07", nil},
	}}
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, tb); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	const wareki = `[$-ja-JP-x-gannen]ggge"年"m"月"d"日"`
	want := map[string]string{"A": wareki, "B": wareki + " hh:mm"}
	for _, cell := range []string{"A2", "A3", "A4", "A5", "B2", "B3", "B4"} {
		raw, _ := f.GetCellValue("日付", cell, excelize.Options{RawCellValue: true})
		if _, err := strconv.ParseFloat(raw, 64); err != nil {
			t.Errorf("%s is not a date serial: %q", cell, raw)
		}
		id, err := f.GetCellStyle("日付", cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil || st.CustomNumFmt == nil || *st.CustomNumFmt != want[cell[:1]] {
			t.Errorf("%s number format %v, want %q (%v)", cell, st.CustomNumFmt, want[cell[:1]], err)
		}
	}
	if got, _ := f.GetCellValue("日付", "A4"); got != "令和8年4月1日" {
		t.Errorf("A4 shown %q", got)
	}
}
