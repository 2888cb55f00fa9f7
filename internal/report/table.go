package report

import (
	"io"
	"strconv"
	"strings"
	"time"

	"kasane/internal/casework"
	"kasane/internal/japanese"
)

// Kind is the type of a column's values.
type Kind int

// Column kinds.
const (
	Text     Kind = iota
	Int           // int or int64
	Date          // string YYYY-MM-DD (empty: no date)
	DateTime      // time.Time (zero: none), shown in Japan time
)

// Column is a column of a table.
type Column struct {
	Header string
	Kind   Kind
}

// Table is a list to write out: Japanese headers and rows of values.
type Table struct {
	Name    string // sheet and file name
	Columns []Column
	Rows    [][]any
}

// Cell returns the text of a value as written in CSV.
func Cell(k Kind, v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		if x {
			return "はい"
		}
		return "いいえ"
	case time.Time:
		if x.IsZero() {
			return ""
		}
		if k == Date {
			return x.Format("2006-01-02")
		}
		return x.In(casework.JST).Format("2006-01-02 15:04")
	}
	return ""
}

// CSVResult tells what a CSV write replaced.
type CSVResult struct {
	Rows        int
	Unencodable []japanese.Unencodable
}

// WriteCSV writes the table as CSV in enc (UTF-8 with BOM unless CP932 is
// asked for). Characters CP932 cannot hold are written as 〓 and returned,
// so that the caller reports them instead of dropping them silently.
func WriteCSV(w io.Writer, t *Table, enc japanese.Encoding) (CSVResult, error) {
	cw := japanese.NewCSVWriter(w, enc)
	// each date column is followed by its 和暦 for people (「受付日（和暦）」);
	// the 西暦 column stays for sorting and for other systems
	var head []string
	for _, c := range t.Columns {
		head = append(head, c.Header)
		if c.Kind == Date || c.Kind == DateTime {
			head = append(head, c.Header+"（和暦）")
		}
	}
	if err := cw.Write(head); err != nil {
		return CSVResult{}, err
	}
	rec := make([]string, 0, len(head))
	for _, row := range t.Rows {
		rec = rec[:0]
		for i, c := range t.Columns {
			var v any
			if i < len(row) {
				v = row[i]
			}
			rec = append(rec, Cell(c.Kind, v))
			if c.Kind == Date || c.Kind == DateTime {
				rec = append(rec, warekiCell(c.Kind, v))
			}
		}
		if err := cw.Write(rec); err != nil {
			return CSVResult{}, err
		}
	}
	if err := cw.Flush(); err != nil {
		return CSVResult{}, err
	}
	return CSVResult{Rows: len(t.Rows), Unencodable: cw.Unencodable()}, nil
}

// Encoding reads the encoding asked for: "cp932" (or sjis, shift_jis) or
// UTF-8 with BOM by default; anything else is invalid.
func Encoding(s string) (japanese.Encoding, error) {
	switch s {
	case "", "utf8", "utf-8", "utf8bom", "utf-8-bom":
		return japanese.UTF8BOM, nil
	case "cp932", "sjis", "shift_jis", "windows-31j":
		return japanese.CP932, nil
	}
	return "", &casework.Error{Code: casework.EINVALID, Message: "文字コードは utf8 または cp932 を指定してください。",
		Fields: map[string]string{"encoding": "文字コードは utf8 または cp932 を指定してください。"}}
}

// Describe turns replaced characters into Japanese lines naming the row
// (as Excel numbers it, the header is row 1), the column and the character.
func Describe(t *Table, bad []japanese.Unencodable) []string {
	// the CSV's columns: each table column, and the 和暦 after a date
	var headers []string
	for _, c := range t.Columns {
		headers = append(headers, c.Header)
		if c.Kind == Date || c.Kind == DateTime {
			headers = append(headers, c.Header+"（和暦）")
		}
	}
	var out []string
	for _, u := range bad {
		col := strconv.Itoa(u.Col)
		if u.Col >= 1 && u.Col-1 < len(headers) {
			col = headers[u.Col-1]
		}
		out = append(out, strconv.Itoa(u.Row)+"行目「"+col+"」の「"+u.Char+"」")
	}
	return out
}

// Col makes a column.
func Col(header string, k Kind) Column { return Column{Header: header, Kind: k} }

// Encoding932 is the CP932 encoding, for callers that do not import the
// japanese package.
const Encoding932 = japanese.CP932

// warekiCell shows a date (or a moment, in JST) in 和暦: 令和8年4月1日, or
// 令和8年4月1日 10:30. Partial dates are shown as 令和8年4月; what is not a
// date stays empty.
func warekiCell(k Kind, v any) string {
	switch x := v.(type) {
	case time.Time:
		if x.IsZero() {
			return ""
		}
		j := x.In(casework.JST)
		if k == Date {
			return japanese.FormatWareki(j)
		}
		return japanese.FormatWareki(j) + " " + j.Format("15:04")
	case string:
		d, err := japanese.ParseISO(strings.TrimSpace(x))
		if err != nil || !d.Known() {
			return ""
		}
		s := d.Display()
		if i := strings.Index(s, " ("); i > 0 {
			s = s[:i] // the 西暦 is in the column before
		}
		return s
	}
	return ""
}
