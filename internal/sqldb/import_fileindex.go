package sqldb

import (
	"sort"
	"strings"

	"kasane/internal/dedupe"
)

// fileIndex holds the accepted rows of the file being imported, for the
// check within the file, in about 300 bytes a row: each row's comparison
// keys packed into one string, and its blocking keys chained through
// flat arrays rather than one slice per key.
type fileIndex struct {
	packed []string
	rows   []int32 // line of each packed row
	head   map[uint64]chainHead
	prev   []int32 // entry → the entry before it with the same key, -1 at the end
	row    []int32 // entry → index in packed
}

type chainHead struct{ last, n int32 }

func newFileIndex() *fileIndex { return &fileIndex{head: map[uint64]chainHead{}} }

const packSep = "\x1f"

func pack(r dedupe.Record) string {
	return strings.Join([]string{r.FamilyKey, r.GivenKey, r.FamilyKana, r.GivenKana, r.StrictKana, r.Birth, r.Sex, r.Postal, r.Street, r.Area, r.Phone}, packSep)
}

func unpack(s string) dedupe.Record {
	var f [11]string
	for i := range 10 {
		f[i], s, _ = strings.Cut(s, packSep)
	}
	f[10] = s
	return dedupe.Record{FamilyKey: f[0], GivenKey: f[1], FamilyKana: f[2], GivenKana: f[3], StrictKana: f[4], Birth: f[5], Sex: f[6], Postal: f[7], Street: f[8], Area: f[9], Phone: f[10]}
}

// add puts r, the record of file line line.
func (x *fileIndex) add(r dedupe.Record, line int) {
	i := int32(len(x.packed))
	x.packed = append(x.packed, pack(r))
	x.rows = append(x.rows, int32(line))
	for _, k := range dedupe.BlockKeys(r) {
		h, ok := x.head[k]
		if !ok {
			h.last = -1
		}
		x.prev = append(x.prev, h.last)
		x.row = append(x.row, i)
		x.head[k] = chainHead{last: int32(len(x.prev) - 1), n: h.n + 1}
	}
}

// pairs scores r against the earlier rows sharing a blocking key with it
// (keys shared by more than dedupe.MaxBlock rows say nothing and are
// skipped, as in the batch) and returns those at or above th.Review, best
// first, B being the index of the row.
func (x *fileIndex) pairs(r dedupe.Record, th dedupe.Thresholds) []dedupe.Pair {
	var out []dedupe.Pair
	var seen map[int32]bool
	for _, k := range dedupe.BlockKeys(r) {
		h, ok := x.head[k]
		if !ok || h.n > dedupe.MaxBlock {
			continue
		}
		for e := h.last; e >= 0; e = x.prev[e] {
			i := x.row[e]
			if seen[i] {
				continue
			}
			if seen == nil {
				seen = map[int32]bool{}
			}
			seen[i] = true
			if s, why := dedupe.Score(r, unpack(x.packed[i])); s >= th.Review {
				out = append(out, dedupe.Pair{A: -1, B: i, Score: s, Reasons: why})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].B < out[j].B
	})
	return out
}
