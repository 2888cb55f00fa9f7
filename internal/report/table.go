package report

import (
	"io"
	"strconv"
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
	head := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		head[i] = c.Header
	}
	if err := cw.Write(head); err != nil {
		return CSVResult{}, err
	}
	rec := make([]string, len(t.Columns))
	for _, row := range t.Rows {
		for i, c := range t.Columns {
			rec[i] = ""
			if i < len(row) {
				rec[i] = Cell(c.Kind, row[i])
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
	var out []string
	for _, u := range bad {
		col := strconv.Itoa(u.Col)
		if u.Col-1 < len(t.Columns) {
			col = t.Columns[u.Col-1].Header
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
