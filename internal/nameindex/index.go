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
	"unicode/utf8"
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
	x.mu.RLock()
	defer x.mu.RUnlock()
	type tier struct {
		list  []uint32
		score int
		check func(doc) bool // nil: every listed document matches
	}
	var tiers []tier
	add := func(f byte, q string, exact, prefix, part int) {
		if q == "" {
			return
		}
		fs := string(f)
		tiers = append(tiers, tier{x.post[fs+"="+q], exact, nil})
		key := func(d doc) string {
			if f == fieldName {
				return d.name
			}
			return d.kana
		}
		switch l := utf8.RuneCountInString(q); {
		case l <= 2:
			tiers = append(tiers, tier{x.post[fs+"^"+q], prefix, nil}, tier{x.post[fs+q], part, nil})
		default:
			rs := []rune(q)
			list := x.post[fs+"^"+string(rs[:2])]
			tiers = append(tiers, tier{list, prefix, func(d doc) bool { return strings.HasPrefix(key(d), q) }})
			for i := 0; i+2 <= len(rs); i++ { // the rarest bigram bounds the candidates
				if p := x.post[fs+string(rs[i:i+2])]; len(p) < len(list) || i == 0 {
					list = p
				}
			}
			tiers = append(tiers, tier{list, part, func(d doc) bool { return strings.Contains(key(d), q) }})
		}
	}
	add(fieldName, nameKey, ScoreNameExact, ScoreNamePrefix, ScoreNamePart)
	add(fieldKana, kanaKey, ScoreKanaExact, ScoreKanaPrefix, ScoreKanaPart)
	// tiers in descending score: merge name and kana tiers
	order := make([]tier, len(tiers))
	copy(order, tiers)
	for i := 1; i < len(order); i++ {
		for j := i; j > 0 && order[j].score > order[j-1].score; j-- {
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
	var out []Hit
	seen := map[uint32]bool{}
	for _, t := range order {
		for _, n := range t.list {
			d := x.docs[n]
			if !d.live || seen[n] || (t.check != nil && !t.check(d)) {
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
