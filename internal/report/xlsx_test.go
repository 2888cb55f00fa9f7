package report

import (
	"bytes"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"kasane/internal/casework"
)

// TestXLSXFirstEraYearIsGannen: the first year of an era shows as 元年
// (令和元年, 平成元年), other years by number; the cells stay real dates.
func TestXLSXFirstEraYearIsGannen(t *testing.T) {
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
	want := map[string]string{
		"A2": "令和元年5月1日", "B2": "令和元年12月31日 09:30",
		"A3": "平成元年1月8日", "B3": "令和2年1月1日 10:00",
		"A4": "令和8年4月1日", "B4": "平成31年4月30日 08:05",
		"A5": "昭和64年1月7日",
	}
	for cell, w := range want {
		got, err := f.GetCellValue("日付", cell)
		if err != nil || got != w {
			t.Errorf("%s shown %q, want %q (%v)", cell, got, w, err)
		}
		raw, _ := f.GetCellValue("日付", cell, excelize.Options{RawCellValue: true})
		if _, err := strconv.ParseFloat(raw, 64); err != nil {
			t.Errorf("%s is not a date serial: %q", cell, raw)
		}
	}
}
