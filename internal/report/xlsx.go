package report

import (
	"fmt"
	"io"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"kasane/internal/casework"
)

// Excel number formats: dates are real dates shown in 和暦. The locale
// [$-411] (ja-JP) is read alike by Excel, LibreOffice and excelize; the
// 元年 variant ([$-ja-JP-x-gannen]) is not rendered correctly by all of them.
const (
	WarekiDateFormat     = `[$-411]ggge"年"m"月"d"日"`
	WarekiDateTimeFormat = `[$-411]ggge"年"m"月"d"日" hh:mm`
)

// WriteXLSX writes the tables as sheets of one workbook: Japanese headers in
// the first row (frozen), dates as Excel dates formatted in 和暦.
func WriteXLSX(w io.Writer, tables ...*Table) error {
	f := excelize.NewFile()
	defer f.Close()
	dateFmt, dtFmt := WarekiDateFormat, WarekiDateTimeFormat
	dateStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	if err != nil {
		return err
	}
	dtStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dtFmt})
	if err != nil {
		return err
	}
	headStyle, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE5F0"}}})
	if err != nil {
		return err
	}
	for i, t := range tables {
		name := sheetName(t.Name, i)
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		if err := writeSheet(f, name, t, headStyle, dateStyle, dtStyle); err != nil {
			return err
		}
	}
	return f.Write(w)
}

func writeSheet(f *excelize.File, name string, t *Table, headStyle, dateStyle, dtStyle int) error {
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	for i, c := range t.Columns {
		width := 10.0 + float64(utf8.RuneCountInString(c.Header))*2
		if c.Kind == Date || c.Kind == DateTime {
			width = 22
		}
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	head := make([]any, len(t.Columns))
	for i, c := range t.Columns {
		head[i] = excelize.Cell{StyleID: headStyle, Value: c.Header}
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	for r, row := range t.Rows {
		vals := make([]any, len(t.Columns))
		for i, c := range t.Columns {
			var v any
			if i < len(row) {
				v = row[i]
			}
			vals[i] = xlsxValue(c.Kind, v, dateStyle, dtStyle)
		}
		cell, _ := excelize.CoordinatesToCellName(1, r+2)
		if err := sw.SetRow(cell, vals); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// xlsxValue converts a value for a cell: dates become Excel dates (the wall
// clock of Japan), numbers stay numbers.
func xlsxValue(k Kind, v any, dateStyle, dtStyle int) any {
	switch k {
	case Date:
		s, _ := v.(string)
		if t, ok := v.(time.Time); ok && !t.IsZero() {
			s = t.In(casework.JST).Format("2006-01-02")
		}
		d, err := time.Parse("2006-01-02", s)
		if err != nil {
			return s // partial or unknown dates stay text
		}
		return excelize.Cell{StyleID: dateStyle, Value: d}
	case DateTime:
		t, ok := v.(time.Time)
		if !ok || t.IsZero() {
			return ""
		}
		j := t.In(casework.JST)
		wall := time.Date(j.Year(), j.Month(), j.Day(), j.Hour(), j.Minute(), 0, 0, time.UTC)
		return excelize.Cell{StyleID: dtStyle, Value: wall}
	}
	switch x := v.(type) {
	case nil:
		return ""
	case int, int64, float64:
		return x
	}
	return Cell(k, v)
}

// sheetName makes a valid, unique sheet name (at most 31 characters, none
// of : \ / ? * [ ]).
func sheetName(s string, i int) string {
	var out []rune
	for _, r := range s {
		switch r {
		case ':', '\\', '/', '?', '*', '[', ']':
			r = '・'
		}
		out = append(out, r)
	}
	if len(out) == 0 {
		out = []rune(fmt.Sprintf("表%d", i+1))
	}
	if len(out) > 28 {
		out = out[:28]
	}
	if i > 0 {
		return fmt.Sprintf("%s%d", string(out), i+1)
	}
	return string(out)
}
