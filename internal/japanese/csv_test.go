package japanese

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"

	"golang.org/x/text/encoding/japanese"
)

var sampleRecords = [][]string{
	{"氏名", "フリガナ", "生年月日", "備考"},
	{"髙橋 一郎", "タカハシ イチロウ", "昭和50年4月1日", "①～③, \"引用\""},
	{"渡邉 美咲", "ワタナベ ミサキ", "令和元年5月1日", "改行\nあり"},
}

func writeAll(t *testing.T, enc Encoding, records [][]string) ([]byte, *CSVWriter) {
	t.Helper()
	var buf bytes.Buffer
	w := NewCSVWriter(&buf, enc)
	for _, r := range records {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), w
}

func readAll(t *testing.T, r io.Reader) [][]string {
	t.Helper()
	recs, err := csv.NewReader(r).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestCSVRoundTrip(t *testing.T) {
	for _, enc := range []Encoding{UTF8BOM, UTF8, CP932} {
		out, w := writeAll(t, enc, sampleRecords)
		if got := bytes.HasPrefix(out, utf8BOM); got != (enc == UTF8BOM) {
			t.Errorf("%s: BOM present = %v", enc, got)
		}
		// encoding/csv also writes the newline inside "改行\nあり" as CRLF.
		if n := bytes.Count(out, []byte("\n")); n != 4 || bytes.Count(out, []byte("\r\n")) != n {
			t.Errorf("%s: line endings are not CRLF: %q", enc, out)
		}
		if len(w.Unencodable()) != 0 {
			t.Errorf("%s: unexpected unencodable %v", enc, w.Unencodable())
		}
		r, detected, err := DecodeCSV(bytes.NewReader(out))
		if err != nil || detected != enc {
			t.Fatalf("%s: DecodeCSV detected %s, %v", enc, detected, err)
		}
		if got := readAll(t, r); !reflect.DeepEqual(got, sampleRecords) {
			t.Errorf("%s: round trip\n got  %q\n want %q", enc, got, sampleRecords)
		}
	}
}

func TestCSVCP932Bytes(t *testing.T) {
	out, _ := writeAll(t, CP932, [][]string{{"髙橋", "〜−"}})
	want, _ := japanese.ShiftJIS.NewEncoder().Bytes([]byte("髙橋,～－\r\n"))
	if !bytes.Equal(out, want) {
		t.Errorf("got % x, want % x", out, want)
	}
}

func TestCSVUnencodable(t *testing.T) {
	records := [][]string{
		{"氏名", "備考"},
		{"𠮷田 太郎", "よろしく🙂"},
		{"葛\U000E0100城", "ok"},
	}
	out, w := writeAll(t, CP932, records)
	want := []Unencodable{{Row: 2, Col: 1, Char: "𠮷"}, {Row: 2, Col: 2, Char: "🙂"}}
	if got := w.Unencodable(); !reflect.DeepEqual(got, want) {
		t.Errorf("Unencodable() = %+v, want %+v", got, want)
	}
	r, enc, err := DecodeCSV(bytes.NewReader(out))
	if err != nil || enc != CP932 {
		t.Fatalf("DecodeCSV: %s %v", enc, err)
	}
	wantRecs := [][]string{{"氏名", "備考"}, {"〓田 太郎", "よろしく〓"}, {"葛城", "ok"}}
	if got := readAll(t, r); !reflect.DeepEqual(got, wantRecs) {
		t.Errorf("decoded %q, want %q", got, wantRecs)
	}
	// UTF-8 keeps everything and reports nothing.
	_, w8 := writeAll(t, UTF8, records)
	if len(w8.Unencodable()) != 0 {
		t.Errorf("UTF-8 reported %v", w8.Unencodable())
	}
}

func TestCSVEmptyBOM(t *testing.T) {
	out, _ := writeAll(t, UTF8BOM, nil)
	if !bytes.Equal(out, utf8BOM) {
		t.Errorf("empty UTF8BOM output = % x", out)
	}
}

// A large file is written in several chunks and decoded while streaming.
func TestCSVLarge(t *testing.T) {
	var records [][]string
	for i := 0; i < 5000; i++ {
		records = append(records, []string{"渡邉", "ワタナベ", strings.Repeat("あ", i%50)})
	}
	for _, enc := range []Encoding{UTF8BOM, CP932} {
		out, _ := writeAll(t, enc, records)
		r, got, err := DecodeCSV(bytes.NewReader(out))
		if err != nil || got != enc {
			t.Fatalf("%s: detected %s %v", enc, got, err)
		}
		if recs := readAll(t, r); !reflect.DeepEqual(recs, records) {
			t.Errorf("%s: large round trip differs", enc)
		}
	}
}

type errWriter struct{}

func (errWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestCSVWriteError(t *testing.T) {
	w := NewCSVWriter(errWriter{}, UTF8)
	if err := w.Write([]string{"a"}); err != nil {
		t.Fatal(err) // buffered
	}
	if err := w.Flush(); err == nil {
		t.Error("Flush: want error")
	}
}

func TestDecodeCSVDetection(t *testing.T) {
	sjis, _ := japanese.ShiftJIS.NewEncoder().Bytes([]byte("氏名,住所\r\n山田,東京都\r\n"))
	tests := []struct {
		name string
		in   []byte
		enc  Encoding
		want string
	}{
		{"empty", nil, UTF8, ""},
		{"ascii", []byte("a,b\r\n"), UTF8, "a,b\r\n"},
		{"bom", []byte("\uFEFF氏名\r\n"), UTF8BOM, "氏名\r\n"},
		{"bom only", []byte("\uFEFF"), UTF8BOM, ""},
		{"utf8", []byte("氏名\r\n"), UTF8, "氏名\r\n"},
		{"sjis", sjis, CP932, "氏名,住所\r\n山田,東京都\r\n"},
	}
	for _, tt := range tests {
		r, enc, err := DecodeCSV(bytes.NewReader(tt.in))
		if err != nil || enc != tt.enc {
			t.Errorf("%s: DecodeCSV = %s, %v; want %s", tt.name, enc, err, tt.enc)
			continue
		}
		got, err := io.ReadAll(r)
		if err != nil || string(got) != tt.want {
			t.Errorf("%s: content %q, %v; want %q", tt.name, got, err, tt.want)
		}
	}
}

// A UTF-8 character cut by the 64 KiB peek must not make the file CP932.
func TestDecodeCSVPeekBoundary(t *testing.T) {
	for pad := 0; pad < 3; pad++ {
		in := strings.Repeat("a", peekSize-1-pad) + strings.Repeat("あ", 10)
		r, enc, err := DecodeCSV(iotestHalfReader{strings.NewReader(in)})
		if err != nil || enc != UTF8 {
			t.Fatalf("pad %d: DecodeCSV = %s, %v", pad, enc, err)
		}
		if err := iotest.TestReader(r, []byte(in)); err != nil {
			t.Errorf("pad %d: %v", pad, err)
		}
	}
	// Tiny reads on top of tiny reads.
	in := strings.Repeat("渡邉,ワタナベ\r\n", 3000)
	r, _, _ := DecodeCSV(iotestHalfReader{strings.NewReader(in)})
	got, err := io.ReadAll(iotest.OneByteReader(r))
	if err != nil || string(got) != in {
		t.Errorf("one-byte reads: %d bytes, %v", len(got), err)
	}
	// An incomplete character at the very end of a short file is invalid.
	if _, enc, _ := DecodeCSV(strings.NewReader("abc\xe3\x81")); enc != CP932 {
		t.Errorf("truncated short file detected as %s", enc)
	}
}

// Shift_JIS after 64 KiB of ASCII is reported instead of passed through.
func TestDecodeCSVLateInvalid(t *testing.T) {
	sjis, _ := japanese.ShiftJIS.NewEncoder().Bytes([]byte("山田"))
	in := append([]byte(strings.Repeat("a", peekSize+10)), sjis...)
	r, enc, err := DecodeCSV(bytes.NewReader(in))
	if err != nil || enc != UTF8 {
		t.Fatalf("DecodeCSV = %s, %v", enc, err)
	}
	if _, err := io.ReadAll(r); !errors.Is(err, ErrInvalidUTF8) {
		t.Errorf("ReadAll error = %v, want ErrInvalidUTF8", err)
	}
}

// iotestHalfReader returns at most 7 bytes per Read, to split characters.
type iotestHalfReader struct{ r io.Reader }

func (h iotestHalfReader) Read(p []byte) (int, error) {
	if len(p) > 7 {
		p = p[:7]
	}
	return h.r.Read(p)
}
