// Package nameindex is an in-process index of person name keys for search
// in kanji or kana from one character up. Most Japanese names are two kanji,
// which defeats trigram indexes, so the index keeps postings of unigrams and
// bigrams of each key, of its first one and two characters, and of the whole
// key. The index holds keys only (no personal data beyond them); the
// database stays the source of truth and the caller keeps the index in step.
package nameindex

import (
	"strings"
	"sync"
)

// Fields of a document: the kanji/kana name key and the loose reading key.
const (
	fieldName = 'n'
	fieldKana = 'k'
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

type doc struct {
	id   string
	name string
	kana string
	live bool
}

// Index maps name keys to document ids. It is safe for concurrent use.
type Index struct {
	mu   sync.RWMutex
	docs []doc
	byID map[string]uint32
	post map[string][]uint32
	dead int
}

// New returns an empty index.
func New() *Index {
	return &Index{byID: map[string]uint32{}, post: map[string][]uint32{}}
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
	return len(x.byID)
}

// Put adds or replaces the keys of document id. Empty keys on both fields
// remove it.
func (x *Index) Put(id, nameKey, kanaKey string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.put(id, nameKey, kanaKey)
}

// PutMany adds or replaces many documents under one lock.
func (x *Index) PutMany(n int, at func(i int) (id, nameKey, kanaKey string)) {
	x.mu.Lock()
	defer x.mu.Unlock()
	for i := 0; i < n; i++ {
		x.put(at(i))
	}
}

// Delete removes document id.
func (x *Index) Delete(id string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.remove(id)
	x.maybeCompact()
}

func (x *Index) remove(id string) bool {
	n, ok := x.byID[id]
	if !ok {
		return false
	}
	x.docs[n].live = false
	delete(x.byID, id)
	x.dead++
	return true
}

func (x *Index) put(id, nameKey, kanaKey string) {
	nameKey, kanaKey = fold(nameKey), fold(kanaKey)
	if old, ok := x.byID[id]; ok {
		d := x.docs[old]
		if d.name == nameKey && d.kana == kanaKey {
			return
		}
		x.remove(id)
	}
	if nameKey == "" && kanaKey == "" {
		x.maybeCompact()
		return
	}
	n := uint32(len(x.docs))
	x.docs = append(x.docs, doc{id: id, name: nameKey, kana: kanaKey, live: true})
	x.byID[id] = n
	x.addKey(fieldName, nameKey, n)
	x.addKey(fieldKana, kanaKey, n)
	x.maybeCompact()
}

// fold puts a key in lower case, on both sides of a match: keys made by
// japanese.NameKey are lower case already, but a key stored before it
// folded case (a Latin name typed in capitals) may not be, and a caller may
// pass a query key as typed. Keys without capitals are returned as they are.
func fold(key string) string { return strings.ToLower(key) }

// grams calls fn with every posting key of key in field f: the whole key,
// the first one and two characters, and each distinct unigram and bigram.
func grams(f byte, key string, fn func(g string)) {
	if key == "" {
		return
	}
	fs := string(f)
	fn(fs + "=" + key)
	rs := []rune(key)
	fn(fs + "^" + string(rs[:1]))
	if len(rs) >= 2 {
		fn(fs + "^" + string(rs[:2]))
	}
	seen := make(map[string]bool, 2*len(rs))
	for i := range rs {
		for n := 1; n <= 2 && i+n <= len(rs); n++ {
			g := fs + string(rs[i:i+n])
			if !seen[g] {
				seen[g] = true
				fn(g)
			}
		}
	}
}

func (x *Index) addKey(f byte, key string, n uint32) {
	grams(f, key, func(g string) { x.post[g] = append(x.post[g], n) })
}

// maybeCompact rebuilds the postings when more than half the documents are
// replaced or removed ones.
func (x *Index) maybeCompact() {
	if x.dead < 1024 || x.dead < len(x.byID) {
		return
	}
	old := x.docs
	x.docs, x.byID, x.post, x.dead = make([]doc, 0, len(x.byID)), make(map[string]uint32, len(x.byID)), map[string][]uint32{}, 0
	for _, d := range old {
		if d.live {
			n := uint32(len(x.docs))
			x.docs = append(x.docs, d)
			x.byID[d.id] = n
			x.addKey(fieldName, d.name, n)
			x.addKey(fieldKana, d.kana, n)
		}
	}
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
	var tiers []tier
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
	for _, t := range tiers {
		for _, n := range t.list {
			d := &x.docs[n]
			if !d.live || seen[n] {
				continue
			}
			seen[n] = true
			out = append(out, Hit{ID: d.id, Score: t.score})
			if len(out) >= limit {
				return out
			}
		}
	}
	return out
}

// tier is a list of matching documents (in document order) and its score.
type tier struct {
	list  []uint32
	score int
}

// tiers appends the exact, prefix and part tiers of query q on field f.
// Keys of one or two characters have their own posting lists. For longer
// ones the candidates are the documents of the query's rarest bigram (every
// key containing q contains each of its bigrams), read once and sorted into
// the prefix and the part tier by the whole key. Each of these two tiers
// keeps at most 2×limit documents: the tiers above it hold fewer than limit
// distinct ones, so 2×limit always leaves enough to fill the result.
func (x *Index) tiers(ts []tier, f byte, q string, limit int, exact, prefix, part int) []tier {
	if q == "" {
		return ts
	}
	fs := string(f)
	ts = append(ts, tier{x.post[fs+"="+q], exact})
	rs := []rune(q)
	if len(rs) <= 2 {
		return append(ts, tier{x.post[fs+"^"+q], prefix}, tier{x.post[fs+q], part})
	}
	list := x.post[fs+string(rs[:2])]
	for i := 1; i+2 <= len(rs) && len(list) > 0; i++ {
		if p := x.post[fs+string(rs[i:i+2])]; len(p) < len(list) {
			list = p
		}
	}
	pre, mid := x.scan(list, f, q, 2*limit)
	return append(ts, tier{pre, prefix}, tier{mid, part})
}

// scan sorts the live documents of list whose key on field f contains q
// into those starting with q and the others, stopping when either has max.
func (x *Index) scan(list []uint32, f byte, q string, max int) (pre, mid []uint32) {
	for _, n := range list {
		d := &x.docs[n]
		if !d.live {
			continue
		}
		key := d.name
		if f == fieldKana {
			key = d.kana
		}
		if len(key) < len(q) {
			continue
		}
		switch {
		case strings.HasPrefix(key, q):
			pre = append(pre, n)
			if len(pre) >= max {
				return pre, mid
			}
		case len(mid) < max && strings.Contains(key[1:], q):
			mid = append(mid, n)
		}
	}
	return pre, mid
}
