package nameindex

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math/bits"
	"slices"
)

// A snapshot is a set of indexes written out so that a server can start
// without reading every person (issue 24). Layout: the magic, a version, the
// caller's metadata, then per index its name and its live documents in
// order, renumbered from 0 (ids, name keys, readings: lengths, then bytes),
// its posting lists (keys and document numbers delta-coded as uvarints) and
// its whole-key hashes; then a CRC-32C of all of it and an end mark. The
// documents' order is kept, so a loaded index answers as the one written.

const (
	snapMagic   = "KASANE-NAMEIDX\x00\x01"
	snapVersion = 1
	snapEnd     = "KSNX"
)

// ErrCorrupt is returned for a snapshot that is damaged, truncated or of
// another format.
var ErrCorrupt = errors.New("name index snapshot is damaged or of another format")

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Frozen is an index as it was at one moment, to be written while the index
// goes on changing.
type Frozen struct {
	ids, names, kanas arena
	live              bitset
	base              *postings
	over              *overlay
	total             uint32
	nLive             int
}

// Freeze captures the index. It takes the read lock for a copy of the
// liveness bits and of the overlay (bounded: an eighth of the documents);
// the base and the arenas are shared (never changed in place).
func (x *Index) Freeze() *Frozen {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return &Frozen{ids: x.ids, names: x.names, kanas: x.kanas, live: slices.Clone(x.live), base: x.base,
		over: x.over.clone(), total: uint32(x.ids.len()), nLive: x.nLive}
}

// Len is the number of live documents.
func (f *Frozen) Len() int { return f.nLive }

// WriteSnapshot writes the indexes under their names, with meta, and the
// checksum.
func WriteSnapshot(dst io.Writer, meta []byte, names []string, indexes []*Frozen) error {
	h := crc32.New(castagnoli)
	w := &encoder{w: bufio.NewWriterSize(io.MultiWriter(dst, h), 1<<16)}
	w.raw([]byte(snapMagic))
	w.uv(snapVersion)
	w.bytes(meta)
	w.uv(uint64(len(names)))
	for i, name := range names {
		w.bytes([]byte(name))
		indexes[i].encode(w)
	}
	if w.err == nil {
		w.err = w.w.Flush()
	}
	if w.err != nil {
		return w.err
	}
	var tail [8]byte
	binary.LittleEndian.PutUint32(tail[:4], h.Sum32())
	copy(tail[4:], snapEnd)
	_, err := dst.Write(tail[:])
	return err
}

// ReadSnapshot reads a snapshot of size bytes from src. Any damage gives
// ErrCorrupt (wrapped with where it was found).
func ReadSnapshot(src io.Reader, size int64) (meta []byte, names []string, indexes []*Index, err error) {
	if size < int64(len(snapMagic))+8 {
		return nil, nil, nil, fmt.Errorf("%w: too short", ErrCorrupt)
	}
	h := crc32.New(castagnoli)
	lim := &io.LimitedReader{R: src, N: size - 8}
	r := newDecoder(io.TeeReader(lim, h), uint64(size))
	magic := r.raw(len(snapMagic))
	if r.err == nil && string(magic) != snapMagic {
		return nil, nil, nil, fmt.Errorf("%w: not a name index snapshot", ErrCorrupt)
	}
	if v := r.uv(); r.err == nil && v != snapVersion {
		return nil, nil, nil, fmt.Errorf("%w: version %d", ErrCorrupt, v)
	}
	meta = r.bytes()
	count := r.count()
	for i := uint64(0); i < count && r.err == nil; i++ {
		names = append(names, string(r.bytes()))
		if x := r.index(); x != nil {
			indexes = append(indexes, x)
		}
	}
	if r.err == nil && !r.drained() {
		r.fail("trailing bytes")
	}
	if r.err != nil {
		return nil, nil, nil, r.err
	}
	var tail [8]byte
	if _, err := io.ReadFull(src, tail[:]); err != nil {
		return nil, nil, nil, fmt.Errorf("%w: no end mark", ErrCorrupt)
	}
	if string(tail[4:]) != snapEnd || binary.LittleEndian.Uint32(tail[:4]) != h.Sum32() {
		return nil, nil, nil, fmt.Errorf("%w: checksum", ErrCorrupt)
	}
	return meta, names, indexes, nil
}

type encoder struct {
	w   *bufio.Writer
	buf [binary.MaxVarintLen64]byte
	err error
}

func (e *encoder) raw(b []byte) {
	if e.err == nil {
		_, e.err = e.w.Write(b)
	}
}

func (e *encoder) uv(v uint64) {
	if e.err == nil {
		_, e.err = e.w.Write(binary.AppendUvarint(e.buf[:0], v))
	}
}

func (e *encoder) bytes(b []byte) {
	e.uv(uint64(len(b)))
	e.raw(b)
}

// encode writes the live documents renumbered 0…nLive-1 in order: the
// three arenas (total size, each length, the bytes), the posting lists
// (count of keys, then per key its gap to the previous key, its number of
// documents and its size in bytes, then all lists' bytes as held in
// memory), then per field the count and gaps of the sorted (hash,
// document) pairs.
func (f *Frozen) encode(e *encoder) {
	// rank[w] is the number of live documents before word w
	rank := make([]uint32, len(f.live)+1)
	for i, w := range f.live {
		rank[i+1] = rank[i] + uint32(bits.OnesCount64(w))
	}
	renum := func(n uint32) uint32 {
		return rank[n>>6] + uint32(bits.OnesCount64(f.live[n>>6]&(1<<(n&63)-1)))
	}
	e.uv(uint64(f.nLive))
	for _, a := range []*arena{&f.ids, &f.names, &f.kanas} {
		total := 0
		for n := uint32(0); n < f.total; n++ {
			if f.live.has(n) {
				total += len(a.at(n))
			}
		}
		e.uv(uint64(total))
		for n := uint32(0); n < f.total; n++ {
			if f.live.has(n) {
				e.uv(uint64(len(a.at(n))))
			}
		}
		for n := uint32(0); n < f.total; n++ {
			if f.live.has(n) && e.err == nil {
				_, e.err = e.w.WriteString(a.at(n))
			}
		}
	}
	base, over := baseSide(f.base), overlaySide(f.over)
	type meta struct {
		g         uint64
		cnt, size uint32
	}
	var ms []meta
	walkUnion(base, over, func(g uint64, sa, sb source) {
		var w sizeWriter
		for _, s := range [2]source{sa, sb} {
			s.each(func(d uint32) {
				if f.live.has(d) {
					w.add(renum(d))
				}
			})
		}
		if w.cnt > 0 {
			ms = append(ms, meta{g, w.cnt, w.size})
		}
	})
	e.uv(uint64(len(ms)))
	prev := uint64(0)
	for _, m := range ms {
		e.uv(m.g - prev)
		e.uv(uint64(m.cnt))
		e.uv(uint64(m.size))
		prev = m.g
	}
	var lw listWriter
	walkUnion(base, over, func(g uint64, sa, sb source) {
		lw.data, lw.cnt = lw.data[:0], 0
		for _, s := range [2]source{sa, sb} {
			s.each(func(d uint32) {
				if f.live.has(d) {
					lw.add(renum(d))
				}
			})
		}
		e.raw(lw.data)
	})
	for fl := range 2 {
		ex := mergeExact(base.exact(fl), over.exact(fl), f.live, renum)
		e.uv(uint64(len(ex)))
		prev := uint64(0)
		for _, v := range ex {
			e.uv(v - prev)
			prev = v
		}
	}
}

// decoder reads a snapshot through a buffer of its own (uvarints decoded
// in place, not byte by byte).
type decoder struct {
	src      io.Reader
	buf      []byte
	pos, end int
	eof      bool
	limit    uint64 // no count may exceed it (the snapshot's size)
	err      error
}

func newDecoder(src io.Reader, limit uint64) *decoder {
	return &decoder{src: src, buf: make([]byte, 1<<16), limit: limit}
}

func (d *decoder) fail(what string) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: %s", ErrCorrupt, what)
	}
}

// fill moves what is left to the front and reads more.
func (d *decoder) fill() {
	if d.eof {
		return
	}
	n := copy(d.buf, d.buf[d.pos:d.end])
	d.pos, d.end = 0, n
	for d.end < len(d.buf) && !d.eof {
		m, err := d.src.Read(d.buf[d.end:])
		d.end += m
		if err == io.EOF {
			d.eof = true
		} else if err != nil {
			d.fail(err.Error())
			d.eof = true
		}
	}
}

// drained reports whether every byte was consumed.
func (d *decoder) drained() bool {
	if d.pos == d.end {
		d.fill()
	}
	return d.pos == d.end
}

func (d *decoder) uv() uint64 {
	if d.err != nil {
		return 0
	}
	if d.end-d.pos < binary.MaxVarintLen64 {
		d.fill()
	}
	if d.pos < d.end && d.buf[d.pos] < 0x80 {
		d.pos++
		return uint64(d.buf[d.pos-1])
	}
	v, n := binary.Uvarint(d.buf[d.pos:d.end])
	if n <= 0 {
		d.fail("truncated")
		return 0
	}
	d.pos += n
	return v
}

// count reads a number of things, each taking at least a byte.
func (d *decoder) count() uint64 {
	v := d.uv()
	if v > d.limit {
		d.fail("count beyond the size")
		return 0
	}
	return v
}

// read fills b.
func (d *decoder) read(b []byte) {
	if d.err != nil {
		return
	}
	k := copy(b, d.buf[d.pos:d.end])
	d.pos += k
	if k < len(b) {
		if _, err := io.ReadFull(d.src, b[k:]); err != nil {
			d.fail("truncated")
		}
	}
}

func (d *decoder) raw(n int) []byte {
	b := make([]byte, n)
	d.read(b)
	if d.err != nil {
		return nil
	}
	return b
}

func (d *decoder) bytes() []byte { return d.raw(int(d.count())) }

func (d *decoder) index() *Index {
	nLive := d.count()
	if nLive >= 1<<32-1 {
		d.fail("too many documents")
	}
	x := New()
	for _, a := range []*arena{&x.ids, &x.names, &x.kanas} {
		total := d.count()
		if d.err != nil || total >= 1<<32 {
			d.fail("arena size")
			return nil
		}
		a.off = make([]uint32, nLive+1)
		sum := uint64(0)
		for i := uint64(0); i < nLive && d.err == nil; i++ {
			sum += d.uv()
			if sum > total {
				d.fail("arena lengths")
				return nil
			}
			a.off[i+1] = uint32(sum)
		}
		if d.err == nil && sum != total {
			d.fail("arena lengths")
		}
		a.data = d.raw(int(total))
		if d.err != nil {
			return nil
		}
	}
	n := uint32(nLive)
	for i := uint32(0); i < n; i++ {
		if !validPacked(x.ids.at(i)) {
			d.fail("id")
			return nil
		}
	}
	// the id table is made on another core while the postings are read
	unique := make(chan bool, 1)
	go func() { unique <- x.byID.rebuildUnique(&x.ids) }()
	defer func() {
		if !<-unique {
			d.fail("an id twice")
		}
	}()
	p := &postings{n: n}
	keys := d.count()
	if d.err != nil {
		return nil
	}
	p.keys = make([]uint64, keys)
	p.off = make([]uint32, keys+1)
	p.cnt = make([]uint32, keys)
	total := uint64(0)
	for i := uint64(0); i < keys && d.err == nil; i++ {
		delta := d.uv()
		if i > 0 && delta == 0 || p.keys[max(i, 1)-1]+delta < p.keys[max(i, 1)-1] {
			d.fail("posting keys out of order")
			return nil
		}
		if i > 0 {
			p.keys[i] = p.keys[i-1] + delta
		} else {
			p.keys[i] = delta
		}
		c, size := d.uv(), d.uv()
		total += size
		if c == 0 || c > size || total > d.limit {
			d.fail("posting list size")
			return nil
		}
		p.cnt[i], p.off[i+1] = uint32(c), uint32(total)
	}
	p.data = d.raw(int(total))
	if d.err != nil {
		return nil
	}
	// every list: exactly its count of gaps, ascending, below n
	for i := range p.keys {
		b := p.data[p.off[i]:p.off[i+1]]
		c, doc := 0, uint64(0)
		for len(b) > 0 {
			v, k := binary.Uvarint(b)
			if k <= 0 || c > 0 && v == 0 {
				d.fail("posting list")
				return nil
			}
			doc += v
			if doc >= uint64(n) {
				d.fail("document number")
				return nil
			}
			b, c = b[k:], c+1
		}
		if c != int(p.cnt[i]) {
			d.fail("posting list count")
			return nil
		}
	}
	for fl := range 2 {
		c := d.count()
		if c > nLive {
			d.fail("whole-key count")
			return nil
		}
		ex := make([]uint64, c)
		v := uint64(0)
		for i := range ex {
			delta := d.uv()
			if i > 0 && delta == 0 || v+delta < v {
				d.fail("whole keys out of order")
				return nil
			}
			v += delta
			if uint32(v) >= n {
				d.fail("document number")
				return nil
			}
			ex[i] = v
		}
		p.exact[fl] = ex
	}
	if d.err != nil {
		return nil
	}
	x.base = p.finish()
	x.live = newBitset(int(n), true)
	x.nLive = int(n)
	return x
}
