package japanese

import (
	"bytes"
	"encoding/csv"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
)

// Encoding is the character encoding of a CSV file.
type Encoding string

// Supported encodings.
const (
	UTF8BOM Encoding = "utf-8-bom" // UTF-8 with a byte order mark (Excel opens it correctly)
	UTF8    Encoding = "utf-8"
	CP932   Encoding = "cp932" // Windows-31J / Shift_JIS as used by Excel on Windows
)

// geta (〓) replaces characters that CP932 cannot encode.
const geta = "〓"

// Unencodable is a character that could not be written in CP932 and was
// replaced by 〓. Row and Col are 1-based (Row 1 is the first record
// written, usually the header), as Excel numbers them.
type Unencodable struct {
	Row, Col int
	Char     string
}

// cp932Equivalents maps characters that Japanese input methods and macOS
// produce (JIS X 0208 mapping) to the CP932 character that looks the same,
// so that they are not reported as unencodable.
var cp932Equivalents = map[rune]rune{
	'〜': '～', // WAVE DASH → FULLWIDTH TILDE
	'−': '－', // MINUS SIGN → FULLWIDTH HYPHEN-MINUS
	'‖': '∥', // DOUBLE VERTICAL LINE → PARALLEL TO
	'—': '―', // EM DASH → HORIZONTAL BAR
	'¢': '￠',
	'£': '￡',
	'¬': '￢',
}

// CSVWriter writes CSV records for Excel: CRLF line endings, in the chosen
// encoding. It buffers output; call Flush at the end.
type CSVWriter struct {
	w       io.Writer
	enc     Encoding
	buf     bytes.Buffer
	csv     *csv.Writer
	encoder *encoding.Encoder
	bomDone bool
	row     int
	bad     []Unencodable
}

// NewCSVWriter returns a writer that writes CSV to w in enc. For UTF8BOM
// the byte order mark is written before the first record (or on Flush if
// there are no records). An unknown enc is treated as UTF8BOM.
func NewCSVWriter(w io.Writer, enc Encoding) *CSVWriter {
	if enc != UTF8 && enc != CP932 {
		enc = UTF8BOM
	}
	cw := &CSVWriter{w: w, enc: enc}
	cw.csv = csv.NewWriter(&cw.buf)
	cw.csv.UseCRLF = true
	if enc == CP932 {
		cw.encoder = japanese.ShiftJIS.NewEncoder()
	}
	return cw
}

// flushThreshold is how much UTF-8 output is buffered before it is
// encoded and written to the underlying writer.
const flushThreshold = 32 << 10

// Write writes one record. A cell a spreadsheet would read as a formula
// gets a leading ' (NeutralizeFormula). For CP932 each character that cannot be encoded
// is written as 〓 and reported by Unencodable; variation selectors are
// dropped silently (the base character is kept).
func (cw *CSVWriter) Write(record []string) error {
	cw.row++
	fields := make([]string, len(record))
	for i, f := range record {
		f = NeutralizeFormula(f) // csv_formula.go
		if cw.enc == CP932 {
			f = cw.toCP932(f, i+1)
		}
		fields[i] = f
	}
	record = fields
	if err := cw.csv.Write(record); err != nil {
		return err
	}
	if cw.buf.Len() >= flushThreshold {
		return cw.drain()
	}
	return nil
}

// toCP932 replaces characters of field that CP932 cannot hold.
func (cw *CSVWriter) toCP932(field string, col int) string {
	var b strings.Builder
	b.Grow(len(field))
	for _, r := range field {
		if isVariationSelector(r) {
			continue
		}
		if eq, ok := cp932Equivalents[r]; ok {
			r = eq
		}
		if r < 0x80 || cw.encodable(r) {
			b.WriteRune(r)
			continue
		}
		cw.bad = append(cw.bad, Unencodable{Row: cw.row, Col: col, Char: string(r)})
		b.WriteString(geta)
	}
	return b.String()
}

// encodable reports whether r has a CP932 encoding. U+FFFD (also what
// invalid UTF-8 decodes to) never has one.
func (cw *CSVWriter) encodable(r rune) bool {
	if r == '\uFFFD' {
		return false
	}
	var dst [8]byte
	var src [utf8.UTFMax]byte
	n := utf8.EncodeRune(src[:], r)
	cw.encoder.Reset()
	_, _, err := cw.encoder.Transform(dst[:], src[:n], true)
	return err == nil
}

// drain encodes the buffered output and writes it to the underlying writer.
func (cw *CSVWriter) drain() error {
	cw.csv.Flush()
	if err := cw.csv.Error(); err != nil {
		return err
	}
	if cw.enc == UTF8BOM && !cw.bomDone {
		cw.bomDone = true
		if _, err := cw.w.Write([]byte("\uFEFF")); err != nil {
			return err
		}
	}
	out := cw.buf.Bytes()
	if cw.encoder != nil {
		var err error
		if out, err = cw.encoder.Bytes(out); err != nil {
			return err // cannot happen: unencodable runes were replaced
		}
	}
	cw.buf.Reset()
	if len(out) == 0 {
		return nil
	}
	_, err := cw.w.Write(out)
	return err
}

// Flush writes all buffered records to the underlying writer.
func (cw *CSVWriter) Flush() error { return cw.drain() }

// Unencodable returns the characters replaced by 〓 so far (CP932 only),
// in the order they were written.
func (cw *CSVWriter) Unencodable() []Unencodable {
	return append([]Unencodable(nil), cw.bad...)
}
