package sqldb

import (
	"bufio"
	"encoding/binary"
	"errors"
	"os"
	"slices"
	"strings"

	"kasane/internal/dedupe"
)

// The check of an import's rows against the EARLIER ROWS OF THE SAME FILE,
// in memory bounded whatever the size of the file: an external sort.
//
// While the file is read, each accepted row gives one entry per blocking
// key: the key, the row's line and the fields scoring needs. Entries gather
// in a buffer of fileRunsBuffer bytes; a full buffer is sorted by (key,
// line) and appended to a temporary file as one run. After the last row the
// runs (and the buffer, which stays in memory) are merged by key, and the
// rows of each block are scored against the earlier rows of the same block,
// as the streaming check did: the k-th row of a block (counting from 0) is
// compared with the k rows before it when k ≤ dedupe.MaxBlock, so that the
// pairs are the same. Memory: the buffer, a read buffer per run and the
// pairs found (what the report holds anyway).

// fileRunsBuffer is the size of the in-memory buffer of entries (payload
// bytes plus the index entries).
var fileRunsBuffer = 32 << 20

// fileEntry indexes one entry of the buffer: the payload of the row is
// buf[off:off+n].
type fileEntry struct {
	key  uint64
	line int32
	off  uint32
	n    uint32
}

const fileEntrySize = 24

// fileRuns gathers the entries of one import. Not safe for concurrent use.
type fileRuns struct {
	buf  []byte      // the packed rows of the buffer
	ents []fileEntry // entries of the buffer
	f    *os.File    // the runs, created at the first spill
	path string      // name of f while it has one (removed on close)
	w    *bufio.Writer
	off  int64 // bytes written to f
	runs []fileRun
	tmp  []byte
}

type fileRun struct{ off, n int64 }

func newFileRuns() *fileRuns { return &fileRuns{} }

// add puts the entries of r, the accepted row on line line.
func (x *fileRuns) add(r dedupe.Record, line int) error {
	keys := dedupe.BlockKeys(r)
	if len(keys) == 0 {
		return nil
	}
	off := len(x.buf)
	x.buf = appendPacked(x.buf, r)
	n := len(x.buf) - off
	for _, k := range keys {
		x.ents = append(x.ents, fileEntry{key: k, line: int32(line), off: uint32(off), n: uint32(n)})
	}
	if len(x.buf)+fileEntrySize*len(x.ents) >= fileRunsBuffer {
		return x.spill()
	}
	return nil
}

// sortBuffer orders the buffer's entries by key, then line.
func (x *fileRuns) sortBuffer() {
	slices.SortFunc(x.ents, func(a, b fileEntry) int {
		switch {
		case a.key < b.key:
			return -1
		case a.key > b.key:
			return 1
		}
		return int(a.line - b.line)
	})
}

// spill writes the buffer as one sorted run to the temporary file.
func (x *fileRuns) spill() error {
	if len(x.ents) == 0 {
		return nil
	}
	if x.f == nil {
		f, err := os.CreateTemp("", "kasane-import-*.runs")
		if err != nil {
			return err
		}
		x.f, x.path = f, f.Name()
		// unlinked at once where the system allows it: nothing is left
		// behind, even if the process is killed
		if os.Remove(x.path) == nil {
			x.path = ""
		}
		x.w = bufio.NewWriterSize(f, 1<<20)
	}
	x.sortBuffer()
	start := x.off
	for _, e := range x.ents {
		x.tmp = binary.BigEndian.AppendUint64(x.tmp[:0], e.key)
		x.tmp = binary.BigEndian.AppendUint32(x.tmp, uint32(e.line))
		x.tmp = binary.AppendUvarint(x.tmp, uint64(e.n))
		if _, err := x.w.Write(x.tmp); err != nil {
			return err
		}
		if _, err := x.w.Write(x.buf[e.off : e.off+e.n]); err != nil {
			return err
		}
		x.off += int64(len(x.tmp)) + int64(e.n)
	}
	if err := x.w.Flush(); err != nil {
		return err
	}
	x.runs = append(x.runs, fileRun{off: start, n: x.off - start})
	x.buf, x.ents = x.buf[:0], x.ents[:0]
	return nil
}

// close removes the temporary file. Call it in any case.
func (x *fileRuns) close() error {
	x.buf, x.ents = nil, nil
	if x.f == nil {
		return nil
	}
	err := x.f.Close()
	if x.path != "" {
		err = errors.Join(err, os.Remove(x.path))
	}
	x.f, x.path = nil, ""
	return err
}

const packSep = 0x1f

// appendPacked appends the comparison keys of r, separated by packSep (no
// key contains it: they are normalized names, digits and dates), then,
// when r has other names (旧姓, 通称), each of them: packNames before each
// name, packKeys between its kind and keys.
func appendPacked(b []byte, r dedupe.Record) []byte {
	for i, s := range [...]string{r.FamilyKey, r.GivenKey, r.FamilyKana, r.GivenKana, r.StrictKana, r.Birth, r.Sex, r.Postal, r.Street, r.Area, r.Phone} {
		if i > 0 {
			b = append(b, packSep)
		}
		b = append(b, s...)
	}
	for _, o := range r.Others {
		b = append(b, packNames)
		for i, s := range [...]string{o.Kind, o.FamilyKey, o.GivenKey, o.FamilyKana, o.GivenKana} {
			if i > 0 {
				b = append(b, packKeys)
			}
			b = append(b, s...)
		}
	}
	return b
}

const (
	packNames = 0x1d
	packKeys  = 0x1e
)

// unpack is the record packed in s (its strings share s's memory).
func unpack(s string) dedupe.Record {
	var f [11]string
	for i := range 10 {
		f[i], s, _ = strings.Cut(s, "\x1f")
	}
	f[10], s, _ = strings.Cut(s, "\x1d")
	r := dedupe.Record{FamilyKey: f[0], GivenKey: f[1], FamilyKana: f[2], GivenKana: f[3], StrictKana: f[4], Birth: f[5], Sex: f[6], Postal: f[7], Street: f[8], Area: f[9], Phone: f[10]}
	for s != "" {
		var one string
		one, s, _ = strings.Cut(s, "\x1d")
		var k [5]string
		for i := range 4 {
			k[i], one, _ = strings.Cut(one, "\x1e")
		}
		k[4] = one
		r.Others = append(r.Others, dedupe.Name{Kind: k[0], FamilyKey: k[1], GivenKey: k[2], FamilyKana: k[3], GivenKana: k[4]})
	}
	return r
}
