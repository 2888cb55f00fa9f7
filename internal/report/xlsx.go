package report

import (
	"fmt"
	"io"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"kasane/internal/casework"
)

// Dates are real Excel dates with Excel's own 和暦 number format: the
// locale tag ja-JP-x-gannen makes Excel pick the era of each date itself
// and show an era's first year as 元年, so a date edited in Excel keeps a
// correct era. (excelize's own renderer reads the tag but not every era
// boundary: it is not what a user sees.)
const (
	DateFormat     = `[$-ja-JP-x-gannen]ggge"年"m"月"d"日"`
	DateTimeFormat = DateFormat + " hh:mm"
)

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

// dateStyles makes one cell style per number format, on first use.
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
		id, err := st.id(DateFormat)
		return excelize.Cell{StyleID: id, Value: d}, err
	case DateTime:
		t, ok := v.(time.Time)
		if !ok || t.IsZero() {
			return "", nil
		}
		j := t.In(casework.JST)
		wall := time.Date(j.Year(), j.Month(), j.Day(), j.Hour(), j.Minute(), 0, 0, time.UTC)
		id, err := st.id(DateTimeFormat)
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
