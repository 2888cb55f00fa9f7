package nameindex

import (
	"strconv"
	"strings"
)

// A person may be found under more names than the one it has now: its
// former names (旧姓・旧氏名). Each is a document of its own whose id is the
// person's id, altSep and a number (AltID); PersonOf maps a hit back.
const altSep = "\x1f"

// AltID is the id of the n-th extra name document of person.
func AltID(person string, n int) string { return person + altSep + strconv.Itoa(n) }

// PersonOf is the person a document id belongs to, and whether the document
// is one of its extra names.
func PersonOf(id string) (string, bool) {
	if i := strings.Index(id, altSep); i >= 0 {
		return id[:i], true
	}
	return id, false
}

// Collapse maps hits of extra name documents to their persons, keeping each
// person once at its best place (hits come best first). alt holds, for the
// persons whose best hit was an extra name, that hit's score.
func Collapse(hits []Hit) (out []Hit, alt map[string]int) {
	seen := make(map[string]bool, len(hits))
	for _, h := range hits {
		p, isAlt := PersonOf(h.ID)
		if seen[p] {
			continue
		}
		seen[p] = true
		if isAlt {
			if alt == nil {
				alt = map[string]int{}
			}
			alt[p] = h.Score
		}
		out = append(out, Hit{ID: p, Score: h.Score})
	}
	return out, alt
}

// CountAlts adds to counts, for each person with extra name documents,
// how many it has (an index loaded from a snapshot tells its keeper).
func (x *Index) CountAlts(counts map[string]int) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	for n := uint32(0); n < uint32(x.ids.len()); n++ {
		p := x.ids.at(n)
		// a packed UUID is never an extra document's id
		if p == "" || p[0] == idUUID || !x.live.has(n) || strings.IndexByte(p, altSep[0]) < 0 {
			continue
		}
		if person, ok := PersonOf(unpackID(p)); ok {
			counts[person]++
		}
	}
}
