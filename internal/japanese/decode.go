package japanese

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/transform"
)

// peekSize is how much of an upload DecodeCSV inspects to choose the
// encoding.
const peekSize = 64 << 10

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// ErrInvalidUTF8 is returned while reading a file that DecodeCSV took for
// UTF-8 when invalid UTF-8 appears after the inspected first 64 KiB (for
// example a Shift_JIS file whose first 64 KiB are ASCII only).
var ErrInvalidUTF8 = errors.New("ファイルの文字コードを判定できません（UTF-8 または Shift_JIS で保存してください）")

// DecodeCSV detects the encoding of an uploaded CSV file and returns a
// reader of its content as UTF-8. The first 64 KiB decide: a UTF-8 BOM
// means UTF8BOM (the BOM is removed), valid UTF-8 (a character cut at the
// 64 KiB boundary is allowed) means UTF8, anything else CP932, which is
// converted while reading. Pure ASCII counts as UTF8. The input is
// streamed, never read whole. In UTF8 mode reading fails with
// ErrInvalidUTF8 if invalid UTF-8 shows up later in the file.
func DecodeCSV(r io.Reader) (io.Reader, Encoding, error) {
	br := bufio.NewReaderSize(r, peekSize)
	head, err := br.Peek(peekSize)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, "", err
	}
	complete := err == io.EOF // head is the whole file
	if bytes.HasPrefix(head, utf8BOM) {
		if _, err := br.Discard(len(utf8BOM)); err != nil {
			return nil, "", err
		}
		return &utf8Checker{r: br}, UTF8BOM, nil
	}
	if validUTF8Prefix(head, complete) {
		return &utf8Checker{r: br}, UTF8, nil
	}
	return transform.NewReader(br, japanese.ShiftJIS.NewDecoder()), CP932, nil
}

// validUTF8Prefix reports whether b is valid UTF-8, allowing an incomplete
// character at the end unless b is the complete input.
func validUTF8Prefix(b []byte, complete bool) bool {
	if utf8.Valid(b) {
		return true
	}
	if complete {
		return false
	}
	// Find the start of the last character; if it is cut short, check the
	// bytes before it.
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			return !utf8.FullRune(b[i:]) && utf8.Valid(b[:i])
		}
	}
	return false
}

// utf8Checker passes UTF-8 through and fails with ErrInvalidUTF8 on
// invalid sequences. A character split between two reads of the
// underlying reader is held back until it is complete.
type utf8Checker struct {
	r       io.Reader
	buf     [4096]byte
	pending []byte // validated bytes not yet returned
	carry   int    // bytes of an incomplete character at buf[:carry]
	err     error  // error to return once pending is empty
}

func (c *utf8Checker) Read(p []byte) (int, error) {
	for len(c.pending) == 0 {
		if c.err != nil {
			return 0, c.err
		}
		c.fill()
	}
	n := copy(p, c.pending)
	c.pending = c.pending[n:]
	return n, nil
}

// fill reads once from the underlying reader and validates what it got.
func (c *utf8Checker) fill() {
	// Move the incomplete character held back last time to the front.
	if len(c.pending) == 0 && c.carry > 0 {
		copy(c.buf[:], c.buf[len(c.buf)-c.carry:])
	}
	m, err := c.r.Read(c.buf[c.carry : len(c.buf)-utf8.UTFMax])
	n := c.carry + m
	cut := n
	if err == nil {
		// Hold back an incomplete trailing character.
		for i := n - 1; i >= 0 && i >= n-utf8.UTFMax; i-- {
			if utf8.RuneStart(c.buf[i]) {
				if !utf8.FullRune(c.buf[i:n]) {
					cut = i
				}
				break
			}
		}
	}
	if !utf8.Valid(c.buf[:cut]) {
		c.pending, c.err = nil, ErrInvalidUTF8
		return
	}
	// Keep the held-back bytes at the end of buf, out of the way of
	// pending, until the next fill.
	c.carry = copy(c.buf[len(c.buf)-(n-cut):], c.buf[cut:n])
	c.pending = c.buf[:cut]
	c.err = err
}
