// Package nameindex is an in-process index of person name keys for search
// in kanji or kana from one character up. Most Japanese names are two kanji,
// which defeats trigram indexes, so the index keeps postings of unigrams and
// bigrams of each key, of its first one and two characters, and of the whole
// key. The index holds keys only (no personal data beyond them); the
// database stays the source of truth and the caller keeps the index in step.
//
// Layout (issue 24: a million persons in well under 400 MB, no pointer per
// person for the garbage collector to follow). Documents are numbered in
// the order they were put; their ids and keys live in three byte arenas
// with offsets (struct of arrays), liveness in a bitset, the id lookup in an
// open-addressing table of document numbers. A posting key is packed into a
// uint64 (field, kind, one or two characters), so there is no string per
// gram. The postings of the documents below base.n are one immutable
// compressed-row array (sorted keys, offsets, document numbers); documents
// put later go to a small overlay of maps, merged into a new base when it
// holds an eighth of the documents. The whole key is found through sorted
// (hash, document) pairs. Search results are those of the earlier
// map-of-strings index, document for document (TestCompactMatchesLegacy).
package nameindex

import (
	"slices"
	"strings"
	"sync"
	"unsafe"
)

// Fields of a document: the kanji/kana name key and the loose reading key.
const (
	fieldName = 0
	fieldKana = 1
)

// Scores of the match tiers, highest first. A hit on the whole key beats a
// prefix, which beats a match anywhere; the written name beats the reading.
const (
	ScoreNameExact  = 100
	ScoreKanaExact  = 95
	ScoreNamePrefix = 80
	ScoreKanaPrefix = 75
	ScoreNamePart   = 50
	ScoreKanaPart   = 45
)

// Index maps name keys to document ids. It is safe for concurrent use.
type Index struct {
	mu sync.RWMutex
	// documents 0…ids.len()-1, in the order they were put
	ids, names, kanas arena
	live              bitset
	nLive, dead       int
	byID              idTable
	// postings of documents below base.n (never changed once built: a
	// frozen view may read it without the lock) …
	base *postings
	// … and of the later ones
	over overlay
}

// New returns an empty index.
func New() *Index {
	x := &Index{base: &postings{}}
	x.ids.init(0, 0)
	x.names.init(0, 0)
	x.kanas.init(0, 0)
	return x
}

// Hit is one search result.
type Hit struct {
	ID    string
	Score int
}

// Len is the number of live documents.
func (x *Index) Len() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.nLive
}

// Put adds or replaces the keys of document id. Empty keys on both fields
// remove it.
func (x *Index) Put(id, nameKey, kanaKey string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.put(id, nameKey, kanaKey, true)
	x.maintain()
}

// PutMany adds or replaces many documents under one lock. A large batch is
// indexed in one pass rather than through the overlay.
func (x *Index) PutMany(n int, at func(i int) (id, nameKey, kanaKey string)) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if n < mergeMin {
		for i := 0; i < n; i++ {
			id, nk, kk := at(i)
			x.put(id, nk, kk, true)
			x.maintain()
		}
		return
	}
	x.mergeOverlay()
	from := uint32(x.ids.len())
	for i := 0; i < n; i++ {
		id, nk, kk := at(i)
		x.put(id, nk, kk, false)
	}
	x.indexFrom(from)
	x.maybeCompact()
}

// Delete removes document id.
func (x *Index) Delete(id string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	id = packID(id)
	if n, ok := x.byID.lookup(&x.ids, id); ok {
		x.byID.remove(&x.ids, id)
		x.kill(n)
	}
	x.maintain()
}

func (x *Index) kill(n uint32) {
	x.live.clear(n)
	x.nLive--
	x.dead++
}

// put adds or replaces a document; with index false the caller indexes
// the new documents itself (PutMany).
func (x *Index) put(id, nameKey, kanaKey string, index bool) {
	nameKey, kanaKey, id = fold(nameKey), fold(kanaKey), packID(id)
	old, had := x.byID.lookup(&x.ids, id)
	if had {
		if x.names.at(old) == nameKey && x.kanas.at(old) == kanaKey {
			return
		}
		x.kill(old)
	}
	if nameKey == "" && kanaKey == "" {
		if had {
			x.byID.remove(&x.ids, id)
		}
		return
	}
	n := uint32(x.ids.len())
	x.ids.add(id)
	x.names.add(nameKey)
	x.kanas.add(kanaKey)
	x.live.set(n)
	x.nLive++
	x.byID.put(&x.ids, id, n)
	if index {
		x.over.add(n, nameKey, kanaKey)
	}
}

// indexFrom indexes the documents put from document from on (with no
// overlay), by a build of theirs merged into the base.
func (x *Index) indexFrom(from uint32) {
	n := uint32(x.ids.len())
	if from == 0 {
		x.base = x.build(0, n)
	} else if from < n {
		x.base = mergePostings(baseSide(x.base), baseSide(x.build(from, n)), x.live, n, nil)
	}
}

// Builder loads many documents into a new index, indexed once at the end
// (a start without a snapshot: no posting list grows one by one).
type Builder struct{ x *Index }

// NewBuilder returns an empty builder.
func NewBuilder() *Builder { return &Builder{x: New()} }

// Add adds or replaces a document, as Put. The strings are copied.
func (b *Builder) Add(id, nameKey, kanaKey string) { b.x.put(id, nameKey, kanaKey, false) }

// Index indexes what was added and returns the index; the builder is spent.
func (b *Builder) Index() *Index {
	x := b.x
	b.x = nil
	x.ids, x.names, x.kanas = x.ids.trim(), x.names.trim(), x.kanas.trim()
	x.indexFrom(0)
	x.maybeCompact()
	return x
}

// mergeMin is the least number of overlay documents merged into the base;
// a variable so that tests can make merges frequent.
var mergeMin = 4096

// maintain merges a large overlay into the base and compacts when more
// than half the documents are replaced or removed ones.
func (x *Index) maintain() {
	if x.over.docs >= mergeMin && x.over.docs >= int(x.base.n)/8 {
		x.mergeOverlay()
	}
	x.maybeCompact()
}

func (x *Index) mergeOverlay() {
	if x.over.docs == 0 {
		return
	}
	x.base = mergePostings(baseSide(x.base), overlaySide(&x.over), x.live, uint32(x.ids.len()), nil)
	x.over = overlay{}
}

// compactMin is the least number of dead documents worth a compaction
// (a variable for tests).
var compactMin = 1024

// maybeCompact renumbers the live documents, in order, when more than half
// of all documents are dead.
func (x *Index) maybeCompact() {
	if x.dead < compactMin || x.dead < x.nLive {
		return
	}
	x.renumber()
}

func (x *Index) renumber() {
	var ids, names, kanas arena
	ids.init(x.nLive, 0)
	names.init(x.nLive, 0)
	kanas.init(x.nLive, 0)
	total := x.ids.len()
	for n := uint32(0); n < uint32(total); n++ {
		if x.live.has(n) {
			ids.add(x.ids.at(n))
			names.add(x.names.at(n))
			kanas.add(x.kanas.at(n))
		}
	}
	x.ids, x.names, x.kanas = ids.trim(), names.trim(), kanas.trim()
	x.live = newBitset(x.nLive, true)
	x.dead = 0
	x.byID = idTable{}
	x.byID.rebuildUnique(&x.ids) // ids of live documents are distinct
	x.over = overlay{}
	x.base = x.build(0, uint32(x.nLive))
}

// fold puts a key in lower case, on both sides of a match: keys made by
// japanese.NameKey are lower case already, but a key stored before it
// folded case (a Latin name typed in capitals) may not be, and a caller may
// pass a query key as typed. Keys without capitals are returned as they are.
func fold(key string) string { return strings.ToLower(key) }

// Posting keys. A gram is packed as field (bit 44), prefix or part (bit
// 43), one or two characters (bit 42), the first character (bits 21–41)
// and the second (bits 0–20). The whole key is not a gram: it is found by
// its hash (exactHash).
const (
	kindPart   = 0
	kindPrefix = 1
)

func gram(f, kind int, r1, r2 rune, two bool) uint64 {
	g := uint64(f)<<44 | uint64(kind)<<43 | uint64(r1&0x1fffff)<<21 | uint64(r2&0x1fffff)
	if two {
		g |= 1 << 42
	}
	return g
}

// grams appends the distinct posting keys of key on field f to buf: its
// first one and two characters, and each unigram and bigram. Characters
// are those of a range over the string (an invalid byte is U+FFFD), as
// []rune makes them.
func grams(buf []uint64, f int, key string) []uint64 {
	if key == "" {
		return buf
	}
	start := len(buf)
	var prev rune
	i := 0
	for _, r := range key {
		switch i {
		case 0:
			buf = append(buf, gram(f, kindPrefix, r, 0, false))
		case 1:
			buf = append(buf, gram(f, kindPrefix, prev, r, true))
		}
		buf = append(buf, gram(f, kindPart, r, 0, false))
		if i > 0 {
			buf = append(buf, gram(f, kindPart, prev, r, true))
		}
		prev = r
		i++
	}
	s := buf[start:]
	slices.Sort(s)
	return buf[:start+len(slices.Compact(s))]
}

// exactHash is the hash of a whole key (FNV-1a, folded to 32 bits): stored
// in snapshots, so it must not change between versions.
func exactHash(s string) uint32 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return uint32(h ^ h>>32)
}

// Search returns up to limit documents matching nameKey on the name field or
// kanaKey on the reading field (either may be empty), best first. Within a
// tier older documents come first.
func (x *Index) Search(nameKey, kanaKey string, limit int) []Hit {
	if limit <= 0 {
		return nil
	}
	nameKey, kanaKey = fold(nameKey), fold(kanaKey)
	x.mu.RLock()
	defer x.mu.RUnlock()
	var buf [6]tier
	tiers := buf[:0]
	tiers = x.tiers(tiers, fieldName, nameKey, limit, ScoreNameExact, ScoreNamePrefix, ScoreNamePart)
	tiers = x.tiers(tiers, fieldKana, kanaKey, limit, ScoreKanaExact, ScoreKanaPrefix, ScoreKanaPart)
	// tiers in descending score: merge name and kana tiers
	for i := 1; i < len(tiers); i++ {
		for j := i; j > 0 && tiers[j].score > tiers[j-1].score; j-- {
			tiers[j], tiers[j-1] = tiers[j-1], tiers[j]
		}
	}
	var out []Hit
	seen := make(map[uint32]bool, limit)
	take := func(n uint32, score int) bool {
		if !x.live.has(n) || seen[n] {
			return false
		}
		seen[n] = true
		out = append(out, Hit{ID: unpackID(x.ids.at(n)), Score: score})
		return len(out) >= limit
	}
	for _, t := range tiers {
		for it := t.p.iter(); it.next(); {
			if take(it.doc, t.score) {
				return out
			}
		}
		for _, n := range t.u {
			if take(n, t.score) {
				return out
			}
		}
	}
	return out
}

// tier is a list of matching documents in document order (p, then u) and
// its score.
type tier struct {
	p     plist
	u     []uint32
	score int
}

// list is the posting list of gram g: the base part, then the overlay's.
func (x *Index) list(g uint64) (plist, []uint32) {
	return x.base.list(g), x.over.post[g]
}

// tiers appends the exact, prefix and part tiers of query q on field f.
// Keys of one or two characters have their own posting lists. For longer
// ones the candidates are the documents of the query's rarest bigram (every
// key containing q contains each of its bigrams), read once and sorted into
// the prefix and the part tier by the whole key. Each of these two tiers
// keeps at most 2×limit documents: the tiers above it hold fewer than limit
// distinct ones, so 2×limit always leaves enough to fill the result.
func (x *Index) tiers(ts []tier, f int, q string, limit int, exact, prefix, part int) []tier {
	if q == "" {
		return ts
	}
	ts = append(ts, tier{u: x.exact(f, q), score: exact})
	rs := []rune(q)
	if len(rs) <= 2 {
		var r2 rune
		if len(rs) == 2 {
			r2 = rs[1]
		}
		pp, pu := x.list(gram(f, kindPrefix, rs[0], r2, len(rs) == 2))
		qp, qu := x.list(gram(f, kindPart, rs[0], r2, len(rs) == 2))
		return append(ts, tier{pp, pu, prefix}, tier{qp, qu, part})
	}
	lp, lu := x.list(gram(f, kindPart, rs[0], rs[1], true))
	for i := 1; i+2 <= len(rs) && lp.n+len(lu) > 0; i++ {
		if p, u := x.list(gram(f, kindPart, rs[i], rs[i+1], true)); p.n+len(u) < lp.n+len(lu) {
			lp, lu = p, u
		}
	}
	pre, mid := x.scan(lp, lu, f, q, 2*limit)
	return append(ts, tier{u: pre, score: prefix}, tier{u: mid, score: part})
}

func (x *Index) keys(f int) *arena {
	if f == fieldKana {
		return &x.kanas
	}
	return &x.names
}

// exact is the documents whose key on field f is q, in document order.
func (x *Index) exact(f int, q string) []uint32 {
	h := exactHash(q)
	keys := x.keys(f)
	var out []uint32
	e := x.base.exactRange(f, h)
	for i, _ := slices.BinarySearch(e, uint64(h)<<32); i < len(e) && e[i]>>32 == uint64(h); i++ {
		if n := uint32(e[i]); keys.at(n) == q {
			out = append(out, n)
		}
	}
	for _, n := range x.over.exact[uint64(f)<<32|uint64(h)] {
		if keys.at(n) == q {
			out = append(out, n)
		}
	}
	return out
}

// scan sorts the live documents of the list p, u whose key on field f
// contains q into those starting with q and the others, stopping when
// either has max.
func (x *Index) scan(p plist, u []uint32, f int, q string, max int) (pre, mid []uint32) {
	keys := x.keys(f)
	// sort reports whether pre is full
	sort := func(n uint32) bool {
		if !x.live.has(n) {
			return false
		}
		key := keys.at(n)
		if len(key) < len(q) {
			return false
		}
		switch {
		case strings.HasPrefix(key, q):
			pre = append(pre, n)
			return len(pre) >= max
		case len(mid) < max && strings.Contains(key[1:], q):
			mid = append(mid, n)
		}
		return false
	}
	for it := p.iter(); it.next(); {
		if sort(it.doc) {
			return pre, mid
		}
	}
	for _, n := range u {
		if sort(n) {
			return pre, mid
		}
	}
	return pre, mid
}

// ForEach calls fn with every live document in document order (for
// checks: it holds the read lock throughout).
func (x *Index) ForEach(fn func(id, nameKey, kanaKey string)) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	for n := uint32(0); n < uint32(x.ids.len()); n++ {
		if x.live.has(n) {
			fn(unpackID(x.ids.at(n)), x.names.at(n), x.kanas.at(n))
		}
	}
}

// Ids are stored packed: a UUID in its canonical text form (how kasane
// makes ids) as a mark byte and its 16 bytes (second half first), 17
// bytes instead of 36; any
// other id as it is, behind a second mark byte if it begins with a mark.
const (
	idUUID    = 0x01
	idEscaped = 0x02
)

func packID(id string) string {
	if b, ok := parseUUID(id); ok {
		// the random half first: ids that share a time prefix (UUID v7)
		// then differ in their first bytes, and comparisons end early
		return string(append(append([]byte{idUUID}, b[8:]...), b[:8]...))
	}
	if id != "" && (id[0] == idUUID || id[0] == idEscaped) {
		return "\x02" + id
	}
	return id
}

func unpackID(p string) string {
	if p == "" {
		return ""
	}
	switch p[0] {
	case idUUID:
		if len(p) == 17 {
			return formatUUID(p[1:])
		}
	case idEscaped:
		return strings.Clone(p[1:])
	}
	return strings.Clone(p)
}

// validPacked reports whether p is a packed id (a snapshot's ids are
// checked with it).
func validPacked(p string) bool {
	return p == "" || (p[0] != idUUID || len(p) == 17) && (p[0] != idEscaped || len(p) > 1)
}

const hexDigits = "0123456789abcdef"

func parseUUID(s string) (b [16]byte, ok bool) {
	if len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return b, false
	}
	j := 0
	for i := 0; i < 36; {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			i++
			continue
		}
		hi, lo := strings.IndexByte(hexDigits, s[i]), strings.IndexByte(hexDigits, s[i+1])
		if hi < 0 || lo < 0 {
			return b, false
		}
		b[j] = byte(hi<<4 | lo)
		i, j = i+2, j+1
	}
	return b, j == 16
}

// uuidAt[i] is where the two hex digits of byte i of a UUID go.
var uuidAt = [16]int{0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34}

// formatUUID is the text of a packed UUID's 16 bytes (second half first).
func formatUUID(p string) string {
	out := []byte("--------------------------------------------")[:36]
	for i := 0; i < 16; i++ {
		c := p[(i+8)&15]
		out[uuidAt[i]], out[uuidAt[i]+1] = hexDigits[c>>4], hexDigits[c&15]
	}
	return unsafe.String(unsafe.SliceData(out), 36)
}

// arena holds strings back to back: a base part, never appended to (made
// at its exact size by a build or a snapshot: string n is
// data[off[n]:off[n+1]]), and a tail for the strings added since, so that
// the first put after a start does not copy the base into a larger array.
// Bytes once written never change, so a string made over them stays valid
// when the tail grows into a new array.
type arena struct {
	data  []byte
	off   []uint32
	tdata []byte
	toff  []uint32
}

func (a *arena) init(n, bytes int) {
	*a = arena{off: []uint32{0}, toff: make([]uint32, 1, n+1), tdata: make([]byte, 0, bytes)}
}

func (a *arena) len() int { return len(a.off) - 1 + len(a.toff) - 1 }

func (a *arena) add(s string) {
	if len(a.toff) == 0 {
		a.toff = []uint32{0}
	}
	a.tdata = append(a.tdata, s...)
	if uint64(len(a.tdata)) > 1<<32-1 {
		panic("nameindex: arena over 4 GB")
	}
	a.toff = append(a.toff, uint32(len(a.tdata)))
}

func (a *arena) at(n uint32) string {
	var b []byte
	if k := len(a.off) - 1; int(n) < k {
		b = a.data[a.off[n]:a.off[n+1]]
	} else {
		n -= uint32(k)
		b = a.tdata[a.toff[n]:a.toff[n+1]]
	}
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// trim returns the arena as one base part without spare capacity.
func (a arena) trim() arena {
	t := arena{data: a.data, off: a.off, toff: []uint32{0}}
	switch {
	case len(a.toff) <= 1 && len(a.off) == 0:
		t.off = []uint32{0}
	case len(a.toff) <= 1:
	case len(a.off) <= 1:
		t.data, t.off = slices.Clone(a.tdata), slices.Clone(a.toff)
	default:
		t.data = make([]byte, 0, len(a.data)+len(a.tdata))
		t.data = append(append(t.data, a.data...), a.tdata...)
		t.off = make([]uint32, 0, len(a.off)+len(a.toff)-1)
		t.off = append(t.off, a.off...)
		base := a.off[len(a.off)-1]
		for _, o := range a.toff[1:] {
			t.off = append(t.off, base+o)
		}
	}
	return t
}

// bytes is the memory the arena holds.
func (a *arena) bytes() int { return cap(a.data) + 4*cap(a.off) + cap(a.tdata) + 4*cap(a.toff) }

type bitset []uint64

func newBitset(n int, all bool) bitset {
	b := make(bitset, (n+63)/64)
	if all {
		for i := range b {
			b[i] = ^uint64(0)
		}
		if r := n % 64; r != 0 {
			b[len(b)-1] = 1<<r - 1
		}
	}
	return b
}

func (b bitset) has(n uint32) bool { return int(n>>6) < len(b) && b[n>>6]&(1<<(n&63)) != 0 }

func (b *bitset) set(n uint32) {
	for int(n>>6) >= len(*b) {
		*b = append(*b, 0)
	}
	(*b)[n>>6] |= 1 << (n & 63)
}

func (b bitset) clear(n uint32) { b[n>>6] &^= 1 << (n & 63) }

// MemoryBytes is the memory the index holds (its arrays and tables; the
// overlay's maps estimated).
func (x *Index) MemoryBytes() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	m := x.ids.bytes() + x.names.bytes() + x.kanas.bytes() + 8*cap(x.live) + 4*cap(x.byID.slots)
	m += x.base.bytes()
	for _, l := range x.over.post {
		m += 8 + 24 + 4*cap(l)
	}
	for _, l := range x.over.exact {
		m += 8 + 24 + 4*cap(l)
	}
	return m
}
