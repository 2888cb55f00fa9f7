package report

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"kasane/internal/casework"
	"kasane/internal/japanese"
)

// Dates are real Excel dates shown in 和暦. The era and year are written as
// literal text in each date's number format (e.g. "令和元年"m"月"d"日"):
// the locale format [$-411]ggge shows the first year of an era as 1年
// (令和1年), readers disagree on the day an era begins (excelize shows
// 2019-04-30 as 令和1年), and the 元年 variant [$-ja-JP-x-gannen] is not
// rendered by all of them. One style per era year is made on first use.

// WriteXLSX writes the tables as sheets of one workbook: Japanese headers in
// the first row (frozen), dates as Excel dates formatted in 和暦.
func WriteXLSX(w io.Writer, tables ...*Table) error {
	f := excelize.NewFile()
	defer f.Close()
	st := &dateStyles{f: f, ids: map[string]int{}}
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
		if err := writeSheet(f, name, t, headStyle, st); err != nil {
			return err
		}
	}
	return f.Write(w)
}

// dateStyles makes one cell style per date number format, on first use.
type dateStyles struct {
	f   *excelize.File
	ids map[string]int
}

func (d *dateStyles) id(format string) (int, error) {
	if id, ok := d.ids[format]; ok {
		return id, nil
	}
	id, err := d.f.NewStyle(&excelize.Style{CustomNumFmt: &format})
	d.ids[format] = id
	return id, err
}

// WarekiFormat is the number format of a date (with the time when
// withTime): its era and year as literal text (令和元年, 平成31年), then
// the month and day, e.g. "令和元年"m"月"d"日" hh:mm.
func WarekiFormat(day time.Time, withTime bool) string {
	w := japanese.FormatWareki(day) // 令和元年5月1日; before 明治: 1850年1月1日
	year, _, _ := strings.Cut(w, "年")
	f := `"` + year + `年"m"月"d"日"`
	if withTime {
		f += " hh:mm"
	}
	return f
}

func writeSheet(f *excelize.File, name string, t *Table, headStyle int, st *dateStyles) error {
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
			x, err := xlsxValue(c.Kind, v, st)
			if err != nil {
				return err
			}
			vals[i] = x
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
func xlsxValue(k Kind, v any, st *dateStyles) (any, error) {
	switch k {
	case Date:
		s, _ := v.(string)
		if t, ok := v.(time.Time); ok && !t.IsZero() {
			s = t.In(casework.JST).Format("2006-01-02")
		}
		d, err := time.Parse("2006-01-02", s)
		if err != nil {
			return s, nil // partial or unknown dates stay text
		}
		id, err := st.id(WarekiFormat(d, false))
		return excelize.Cell{StyleID: id, Value: d}, err
	case DateTime:
		t, ok := v.(time.Time)
		if !ok || t.IsZero() {
			return "", nil
		}
		j := t.In(casework.JST)
		wall := time.Date(j.Year(), j.Month(), j.Day(), j.Hour(), j.Minute(), 0, 0, time.UTC)
		id, err := st.id(WarekiFormat(wall, true))
		return excelize.Cell{StyleID: id, Value: wall}, err
	}
	switch x := v.(type) {
	case nil:
		return "", nil
	case int, int64, float64:
		return x, nil
	}
	return Cell(k, v), nil
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
