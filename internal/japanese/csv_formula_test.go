package japanese

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"golang.org/x/text/encoding/japanese"
)

// TestCSVNeutralisesFormulas: a cell a spreadsheet would read as a formula
// is written with a leading ' (OWASP), in UTF-8 and CP932; plain numbers
// (also negative ones) stay numbers. (The CSV writer drops a lone CR with
// CRLF line endings, so "\r=1" would otherwise arrive as the formula "=1".)
func TestCSVNeutralisesFormulas(t *testing.T) {
	in := []string{"=1+1", "+81 90", "-x", "@SUM(A1)", "\t=1", "\r=1", "=HYPERLINK(\"http://evil\")", "－全角", "-12", "+3", "-4.5", "名前", "", "a=b"}
	want := []string{"'=1+1", "'+81 90", "'-x", "'@SUM(A1)", "'\t=1", "'=1", "'=HYPERLINK(\"http://evil\")", "－全角", "-12", "+3", "-4.5", "名前", "", "a=b"}
	for _, enc := range []Encoding{UTF8BOM, CP932} {
		var buf bytes.Buffer
		w := NewCSVWriter(&buf, enc)
		if err := w.Write(in); err != nil {
			t.Fatal(err)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		s := strings.TrimPrefix(buf.String(), "\uFEFF")
		if enc == CP932 {
			s, _ = japanese.ShiftJIS.NewDecoder().String(s)
		}
		got, err := csv.NewReader(strings.NewReader(s)).Read()
		if err != nil {
			t.Fatal(err)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%s: cell %q written as %q, want %q", enc, in[i], got[i], want[i])
			}
		}
	}
}
