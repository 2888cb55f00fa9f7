package nameindex

import (
	"strings"
	"sync"
)

// The index as it was before the compact layout (issue 24), kept here only
// as the reference of TestCompactMatchesLegacy: same operations, same hits.

const (
	legacyFieldName = 'n'
	legacyFieldKana = 'k'
)

type legacyDoc struct {
	id   string
	name string
	kana string
	live bool
}

// legacyIndex maps name keys to document ids.
type legacyIndex struct {
	mu   sync.RWMutex
	docs []legacyDoc
	byID map[string]uint32
	post map[string][]uint32
	dead int
}

// New returns an empty index.
func newLegacy() *legacyIndex {
	return &legacyIndex{byID: map[string]uint32{}, post: map[string][]uint32{}}
}

// Len is the number of live documents.
func (x *legacyIndex) Len() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return len(x.byID)
}

// Put adds or replaces the keys of document id. Empty keys on both fields
// remove it.
func (x *legacyIndex) Put(id, nameKey, kanaKey string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.put(id, nameKey, kanaKey)
}

// PutMany adds or replaces many documents under one lock.
func (x *legacyIndex) PutMany(n int, at func(i int) (id, nameKey, kanaKey string)) {
	x.mu.Lock()
	defer x.mu.Unlock()
	for i := 0; i < n; i++ {
		x.put(at(i))
	}
}

// Delete removes document id.
func (x *legacyIndex) Delete(id string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.remove(id)
	x.maybeCompact()
}

func (x *legacyIndex) remove(id string) bool {
	n, ok := x.byID[id]
	if !ok {
		return false
	}
	x.docs[n].live = false
	delete(x.byID, id)
	x.dead++
	return true
}

func (x *legacyIndex) put(id, nameKey, kanaKey string) {
	nameKey, kanaKey = legacyFold(nameKey), legacyFold(kanaKey)
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
	x.docs = append(x.docs, legacyDoc{id: id, name: nameKey, kana: kanaKey, live: true})
	x.byID[id] = n
	x.addKey(legacyFieldName, nameKey, n)
	x.addKey(legacyFieldKana, kanaKey, n)
	x.maybeCompact()
}

// fold puts a key in lower case, on both sides of a match: keys made by
// japanese.NameKey are lower case already, but a key stored before it
// folded case (a Latin name typed in capitals) may not be, and a caller may
// pass a query key as typed. Keys without capitals are returned as they are.
func legacyFold(key string) string { return strings.ToLower(key) }

// grams calls fn with every posting key of key in field f: the whole key,
// the first one and two characters, and each distinct unigram and bigram.
func legacyGrams(f byte, key string, fn func(g string)) {
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

func (x *legacyIndex) addKey(f byte, key string, n uint32) {
	legacyGrams(f, key, func(g string) { x.post[g] = append(x.post[g], n) })
}

// maybeCompact rebuilds the postings when more than half the documents are
// replaced or removed ones.
func (x *legacyIndex) maybeCompact() {
	if x.dead < 1024 || x.dead < len(x.byID) {
		return
	}
	old := x.docs
	x.docs, x.byID, x.post, x.dead = make([]legacyDoc, 0, len(x.byID)), make(map[string]uint32, len(x.byID)), map[string][]uint32{}, 0
	for _, d := range old {
		if d.live {
			n := uint32(len(x.docs))
			x.docs = append(x.docs, d)
			x.byID[d.id] = n
			x.addKey(legacyFieldName, d.name, n)
			x.addKey(legacyFieldKana, d.kana, n)
		}
	}
}

// Search returns up to limit documents matching nameKey on the name field or
// kanaKey on the reading field (either may be empty), best first. Within a
// tier older documents come first.
func (x *legacyIndex) Search(nameKey, kanaKey string, limit int) []Hit {
	if limit <= 0 {
		return nil
	}
	nameKey, kanaKey = legacyFold(nameKey), legacyFold(kanaKey)
	x.mu.RLock()
	defer x.mu.RUnlock()
	var tiers []legacyTier
	tiers = x.tiers(tiers, legacyFieldName, nameKey, limit, ScoreNameExact, ScoreNamePrefix, ScoreNamePart)
	tiers = x.tiers(tiers, legacyFieldKana, kanaKey, limit, ScoreKanaExact, ScoreKanaPrefix, ScoreKanaPart)
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
type legacyTier struct {
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
func (x *legacyIndex) tiers(ts []legacyTier, f byte, q string, limit int, exact, prefix, part int) []legacyTier {
	if q == "" {
		return ts
	}
	fs := string(f)
	ts = append(ts, legacyTier{x.post[fs+"="+q], exact})
	rs := []rune(q)
	if len(rs) <= 2 {
		return append(ts, legacyTier{x.post[fs+"^"+q], prefix}, legacyTier{x.post[fs+q], part})
	}
	list := x.post[fs+string(rs[:2])]
	for i := 1; i+2 <= len(rs) && len(list) > 0; i++ {
		if p := x.post[fs+string(rs[i:i+2])]; len(p) < len(list) {
			list = p
		}
	}
	pre, mid := x.scan(list, f, q, 2*limit)
	return append(ts, legacyTier{pre, prefix}, legacyTier{mid, part})
}

// scan sorts the live documents of list whose key on field f contains q
// into those starting with q and the others, stopping when either has max.
func (x *legacyIndex) scan(list []uint32, f byte, q string, max int) (pre, mid []uint32) {
	for _, n := range list {
		d := &x.docs[n]
		if !d.live {
			continue
		}
		key := d.name
		if f == legacyFieldKana {
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
