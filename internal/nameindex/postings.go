package nameindex

import (
	"encoding/binary"
	"hash/maphash"
	"maps"
	"slices"
	"unsafe"
)

// postings is an immutable compressed-row posting array. The documents of
// gram keys[i] are cnt[i] uvarints in data[off[i]:off[i+1]]: the first
// document, then the gaps to the next (ascending), about 1.5 bytes a
// posting instead of 4. exact[f] holds, for each document with a key on
// field f, exactHash(key)<<32 | document, sorted. Documents numbered n or
// above are not in it.
type postings struct {
	n     uint32
	keys  []uint64
	off   []uint32
	cnt   []uint32
	data  []byte
	exact [2][]uint64
	// bucket[f][h] is where the pairs whose hash starts with the 16 bits
	// h begin in exact[f] (a binary search over a few, not a million)
	bucket [2][]uint32
}

// finish makes the buckets of the whole-key pairs.
func (p *postings) finish() *postings {
	for f, e := range p.exact {
		b := make([]uint32, 1<<16+1)
		i := 0
		for h := range 1 << 16 {
			b[h] = uint32(i)
			for i < len(e) && int(e[i]>>48) == h {
				i++
			}
		}
		b[1<<16] = uint32(len(e))
		p.bucket[f] = b
	}
	return p
}

// exactRange is the part of exact[f] whose pairs may have hash h.
func (p *postings) exactRange(f int, h uint32) []uint64 {
	e := p.exact[f]
	if len(p.bucket[f]) == 0 {
		return e
	}
	return e[p.bucket[f][h>>16]:p.bucket[f][h>>16+1]]
}

// plist is one posting list: n documents delta-coded in b.
type plist struct {
	b []byte
	n int
}

func (p *postings) list(g uint64) plist {
	i, ok := slices.BinarySearch(p.keys, g)
	if !ok {
		return plist{}
	}
	return p.at(i)
}

func (p *postings) at(i int) plist {
	return plist{p.data[p.off[i]:p.off[i+1]], int(p.cnt[i])}
}

func (p *postings) bytes() int {
	return 8*cap(p.keys) + 4*cap(p.off) + 4*cap(p.cnt) + cap(p.data) + 8*cap(p.exact[0]) + 8*cap(p.exact[1]) + 4*cap(p.bucket[0]) + 4*cap(p.bucket[1])
}

// iter walks a plist: for it := l.iter(); it.next(); { it.doc … }.
type iter struct {
	b     []byte
	doc   uint32
	first bool
}

func (l plist) iter() iter { return iter{b: l.b, first: true} }

func (it *iter) next() bool {
	if len(it.b) == 0 {
		return false
	}
	v, k := uint32(it.b[0]), 1
	if v >= 0x80 {
		u, m := binary.Uvarint(it.b)
		v, k = uint32(u), m
		if m <= 0 { // only a damaged snapshot, refused before use
			it.b = nil
			return false
		}
	}
	it.b = it.b[k:]
	if it.first {
		it.doc, it.first = v, false
	} else {
		it.doc += v
	}
	return true
}

func uvlen(v uint32) uint32 {
	n := uint32(1)
	for v >= 0x80 {
		v >>= 7
		n++
	}
	return n
}

// listWriter appends delta-coded documents of one list after another.
type listWriter struct {
	data []byte
	last uint32
	cnt  uint32
}

func (w *listWriter) add(n uint32) {
	d := n
	if w.cnt > 0 {
		d = n - w.last
	}
	w.data = binary.AppendUvarint(w.data, uint64(d))
	w.last = n
	w.cnt++
}

// build indexes the live documents from…to-1 in one pass of counting and
// one of filling, without a list per gram.
func (x *Index) build(from, to uint32) *postings {
	var t gramTable
	t.init(1 << 12)
	var cnt, size, last []uint32
	var buf []uint64
	var nName, nKana int
	for n := from; n < to; n++ {
		if !x.live.has(n) {
			continue
		}
		name, kana := x.names.at(n), x.kanas.at(n)
		buf = grams(grams(buf[:0], fieldName, name), fieldKana, kana)
		for _, g := range buf {
			i, fresh := t.index(g)
			if fresh {
				cnt, size, last = append(cnt, 0), append(size, 0), append(last, 0)
			}
			d := n
			if cnt[i] > 0 {
				d = n - last[i]
			}
			cnt[i]++
			size[i] += uvlen(d)
			last[i] = n
		}
		if name != "" {
			nName++
		}
		if kana != "" {
			nKana++
		}
	}
	// lay the lists out in key order
	order := make([]uint32, len(cnt))
	for i := range order {
		order[i] = uint32(i)
	}
	slices.SortFunc(order, func(a, b uint32) int {
		ka, kb := t.keyOf[a], t.keyOf[b]
		if ka < kb {
			return -1
		}
		if ka > kb {
			return 1
		}
		return 0
	})
	p := &postings{n: to, keys: make([]uint64, len(order)), off: make([]uint32, len(order)+1), cnt: make([]uint32, len(order))}
	pos := size // reused: where the next posting of key i goes
	total := uint32(0)
	for r, i := range order {
		p.keys[r], p.cnt[r] = t.keyOf[i], cnt[i]
		s := size[i]
		pos[i] = total
		total += s
		p.off[r+1] = total
	}
	p.data = make([]byte, total)
	clear(cnt)
	p.exact[fieldName] = make([]uint64, 0, nName)
	p.exact[fieldKana] = make([]uint64, 0, nKana)
	for n := from; n < to; n++ {
		if !x.live.has(n) {
			continue
		}
		name, kana := x.names.at(n), x.kanas.at(n)
		buf = grams(grams(buf[:0], fieldName, name), fieldKana, kana)
		for _, g := range buf {
			i, _ := t.index(g)
			d := n
			if cnt[i] > 0 {
				d = n - last[i]
			}
			cnt[i]++
			last[i] = n
			pos[i] += uint32(binary.PutUvarint(p.data[pos[i]:], uint64(d)))
		}
		if name != "" {
			p.exact[fieldName] = append(p.exact[fieldName], uint64(exactHash(name))<<32|uint64(n))
		}
		if kana != "" {
			p.exact[fieldKana] = append(p.exact[fieldKana], uint64(exactHash(kana))<<32|uint64(n))
		}
	}
	slices.Sort(p.exact[fieldName])
	slices.Sort(p.exact[fieldKana])
	return p.finish()
}

// gramTable numbers gram keys in the order first seen (open addressing;
// faster than a map for the hundred million look-ups of a large build).
type gramTable struct {
	slots []uint32 // index+1; 0 empty
	keyOf []uint64
}

func (t *gramTable) init(size int) { t.slots = make([]uint32, size) }

func (t *gramTable) home(g uint64) int {
	return int((g * 0x9E3779B97F4A7C15) >> 20 & uint64(len(t.slots)-1))
}

func (t *gramTable) index(g uint64) (uint32, bool) {
	mask := len(t.slots) - 1
	for i := t.home(g); ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			if 2*(len(t.keyOf)+1) > len(t.slots) {
				t.grow()
				return t.index(g)
			}
			t.keyOf = append(t.keyOf, g)
			t.slots[i] = uint32(len(t.keyOf))
			return uint32(len(t.keyOf) - 1), true
		}
		if t.keyOf[s-1] == g {
			return s - 1, false
		}
	}
}

func (t *gramTable) grow() {
	t.slots = make([]uint32, 2*len(t.slots))
	mask := len(t.slots) - 1
	for k, g := range t.keyOf {
		i := t.home(g)
		for t.slots[i] != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = uint32(k + 1)
	}
}

// side is what a merge reads: a posting array, or an overlay (its keys
// sorted).
type side struct {
	p     *postings
	o     *overlay
	okeys []uint64
}

func baseSide(p *postings) side { return side{p: p} }

func overlaySide(o *overlay) side {
	return side{o: o, okeys: slices.Sorted(maps.Keys(o.post))}
}

func (s side) keys() []uint64 {
	if s.p != nil {
		return s.p.keys
	}
	return s.okeys
}

func (s side) list(i int) source {
	if s.p != nil {
		return source{p: s.p.at(i)}
	}
	return source{u: s.o.post[s.okeys[i]]}
}

func (s side) exact(f int) []uint64 {
	if s.p != nil {
		return s.p.exact[f]
	}
	return s.o.exactSorted(f)
}

// source is one gram's documents in one side.
type source struct {
	p plist
	u []uint32
}

func (s source) each(fn func(n uint32)) {
	for it := s.p.iter(); it.next(); {
		fn(it.doc)
	}
	for _, n := range s.u {
		fn(n)
	}
}

// mergePostings is a followed by b (whose documents all come after a's),
// without the documents dead in live, each document renumbered by renum
// (nil: kept); the result covers documents below n.
func mergePostings(a, b side, live bitset, n uint32, renum func(uint32) uint32) *postings {
	p := &postings{n: n}
	emit := func(w interface{ add(uint32) }, sa, sb source) {
		for _, s := range [2]source{sa, sb} {
			s.each(func(d uint32) {
				if live.has(d) {
					if renum != nil {
						d = renum(d)
					}
					w.add(d)
				}
			})
		}
	}
	// count first, so that every array is allocated once at its size
	keys, total := 0, uint32(0)
	walkUnion(a, b, func(g uint64, sa, sb source) {
		var w sizeWriter
		emit(&w, sa, sb)
		if w.cnt > 0 {
			keys++
			total += w.size
		}
	})
	p.keys = make([]uint64, 0, keys)
	p.off = make([]uint32, 1, keys+1)
	p.cnt = make([]uint32, 0, keys)
	lw := listWriter{data: make([]byte, 0, total)}
	walkUnion(a, b, func(g uint64, sa, sb source) {
		lw.cnt = 0
		emit(&lw, sa, sb)
		if lw.cnt > 0 {
			p.keys = append(p.keys, g)
			p.off = append(p.off, uint32(len(lw.data)))
			p.cnt = append(p.cnt, lw.cnt)
		}
	})
	p.data = lw.data
	for f := range p.exact {
		p.exact[f] = mergeExact(a.exact(f), b.exact(f), live, renum)
	}
	return p.finish()
}

type sizeWriter struct{ last, cnt, size uint32 }

func (w *sizeWriter) add(n uint32) {
	d := n
	if w.cnt > 0 {
		d = n - w.last
	}
	w.size += uvlen(d)
	w.last = n
	w.cnt++
}

// walkUnion calls fn with each gram of a or b, in order, and its
// documents in each.
func walkUnion(a, b side, fn func(g uint64, sa, sb source)) {
	ak, bk := a.keys(), b.keys()
	i, j := 0, 0
	for i < len(ak) || j < len(bk) {
		switch {
		case j == len(bk) || i < len(ak) && ak[i] < bk[j]:
			fn(ak[i], a.list(i), source{})
			i++
		case i == len(ak) || bk[j] < ak[i]:
			fn(bk[j], source{}, b.list(j))
			j++
		default:
			fn(ak[i], a.list(i), b.list(j))
			i, j = i+1, j+1
		}
	}
}

// mergeExact merges two sorted (hash, document) arrays, without the dead,
// renumbered (which keeps the order: renum is increasing).
func mergeExact(a, b []uint64, live bitset, renum func(uint32) uint32) []uint64 {
	out := make([]uint64, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		var e uint64
		if j == len(b) || i < len(a) && a[i] < b[j] {
			e, i = a[i], i+1
		} else {
			e, j = b[j], j+1
		}
		if live.has(uint32(e)) {
			if renum != nil {
				e = e&^(1<<32-1) | uint64(renum(uint32(e)))
			}
			out = append(out, e)
		}
	}
	return slices.Clip(out)
}

// overlay indexes the documents put since the base was built, a list per
// gram (bounded: it is merged into the base once it holds an eighth of the
// documents).
type overlay struct {
	post  map[uint64][]uint32
	exact map[uint64][]uint32 // field<<32 | exactHash(key)
	docs  int
	buf   []uint64
}

func (o *overlay) add(n uint32, name, kana string) {
	if o.post == nil {
		o.post, o.exact = map[uint64][]uint32{}, map[uint64][]uint32{}
	}
	o.buf = grams(grams(o.buf[:0], fieldName, name), fieldKana, kana)
	for _, g := range o.buf {
		o.post[g] = append(o.post[g], n)
	}
	if name != "" {
		k := uint64(fieldName)<<32 | uint64(exactHash(name))
		o.exact[k] = append(o.exact[k], n)
	}
	if kana != "" {
		k := uint64(fieldKana)<<32 | uint64(exactHash(kana))
		o.exact[k] = append(o.exact[k], n)
	}
	o.docs++
}

// exactSorted is the overlay's (hash, document) pairs of field f, sorted.
func (o *overlay) exactSorted(f int) []uint64 {
	var out []uint64
	for k, l := range o.exact {
		if int(k>>32) == f {
			for _, d := range l {
				out = append(out, k<<32|uint64(d))
			}
		}
	}
	slices.Sort(out)
	return out
}

// clone copies the overlay (for a frozen view).
func (o *overlay) clone() *overlay {
	c := &overlay{post: make(map[uint64][]uint32, len(o.post)), exact: make(map[uint64][]uint32, len(o.exact)), docs: o.docs}
	for k, l := range o.post {
		c.post[k] = slices.Clone(l)
	}
	for k, l := range o.exact {
		c.exact[k] = slices.Clone(l)
	}
	return c
}

// idSeed seeds the id table's hash (never stored).
var idSeed = maphash.MakeSeed()

// idTable finds a live document by its stored id (packID): open addressing
// with linear probing over document numbers (+1; 0 is an empty slot), at
// most half full; the ids themselves stay in the arena.
type idTable struct {
	slots []uint32
	used  int
}

func (t *idTable) home(id string) int {
	var h uint64
	if len(id) == 17 && id[0] == idUUID {
		// a packed UUID: its second half is random (v4 and v7 alike),
		// mixed with the first (a v7 time) by a multiply
		lo := binary.LittleEndian.Uint64(unsafe.Slice(unsafe.StringData(id[1:]), 8))
		hi := binary.LittleEndian.Uint64(unsafe.Slice(unsafe.StringData(id[9:]), 8))
		h = (lo ^ hi*0x9E3779B97F4A7C15) * 0xBF58476D1CE4E5B9
		h ^= h >> 31
	} else {
		h = maphash.String(idSeed, id)
	}
	return int(h & uint64(len(t.slots)-1))
}

// find returns the slot of id, or the empty slot where it would go.
func (t *idTable) find(ids *arena, id string) (int, bool) {
	if len(t.slots) == 0 {
		return -1, false
	}
	mask := len(t.slots) - 1
	for i := t.home(id); ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			return i, false
		}
		if ids.at(s-1) == id {
			return i, true
		}
	}
}

func (t *idTable) lookup(ids *arena, id string) (uint32, bool) {
	i, ok := t.find(ids, id)
	if !ok {
		return 0, false
	}
	return t.slots[i] - 1, true
}

// put points id at document n (ids.at(n) == id).
func (t *idTable) put(ids *arena, id string, n uint32) {
	if i, ok := t.find(ids, id); ok {
		t.slots[i] = n + 1
		return
	}
	if (t.used+1)*2 > len(t.slots) {
		t.grow(ids, max(16, 2*len(t.slots)))
	}
	i, _ := t.find(ids, id)
	t.slots[i] = n + 1
	t.used++
}

func (t *idTable) grow(ids *arena, size int) {
	old := t.slots
	t.slots = make([]uint32, size)
	mask := size - 1
	for _, s := range old {
		if s == 0 {
			continue
		}
		i := t.home(ids.at(s - 1))
		for t.slots[i] != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = s
	}
}

// rebuildUnique makes the table of every document of ids (all live); false
// when an id comes twice.
func (t *idTable) rebuildUnique(ids *arena) bool {
	size := 16
	for size < 2*ids.len() {
		size *= 2
	}
	t.slots, t.used = make([]uint32, size), ids.len()
	mask := size - 1
	for n := 0; n < ids.len(); n++ {
		id := ids.at(uint32(n))
		i := t.home(id)
		for t.slots[i] != 0 {
			if ids.at(t.slots[i]-1) == id {
				return false
			}
			i = (i + 1) & mask
		}
		t.slots[i] = uint32(n) + 1
	}
	return true
}

// remove takes id out (backward-shift deletion keeps every probe chain
// unbroken without tombstones).
func (t *idTable) remove(ids *arena, id string) {
	i, ok := t.find(ids, id)
	if !ok {
		return
	}
	mask := len(t.slots) - 1
	for {
		j := i
		for {
			j = (j + 1) & mask
			if t.slots[j] == 0 {
				t.slots[i] = 0
				t.used--
				return
			}
			k := t.home(ids.at(t.slots[j] - 1))
			// the entry at j may move to i unless its home lies in (i, j]
			if i <= j {
				if i < k && k <= j {
					continue
				}
			} else if i < k || k <= j {
				continue
			}
			break
		}
		t.slots[i] = t.slots[j]
		i = j
	}
}
