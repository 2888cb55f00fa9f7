package dedupe

import (
	"hash/maphash"
	"slices"
	"sort"
	"sync"
)

// Pair is a candidate pair of records (indices into the batch, A < B).
type Pair struct {
	A, B    int32
	Score   int
	Reasons []string
}

// MaxBlock is the largest block compared pair by pair; larger blocks (a
// key shared by too many records to say anything) are skipped.
const MaxBlock = 1000

var seed = maphash.MakeSeed()

// BlockKeys returns the blocking keys of r: two records are compared only
// when they share one. Keys: the written name, the reading, the birth date
// (month and day in either order) with the family or the given reading, and
// the phone number; the same of the record's other names (旧姓, 通称).
func BlockKeys(r Record) []uint64 {
	var out []uint64
	key := func(kind byte, parts ...string) {
		var h maphash.Hash
		h.SetSeed(seed)
		h.WriteByte(kind)
		for _, p := range parts {
			if p == "" {
				return
			}
			h.WriteString(p)
			h.WriteByte(0)
		}
		out = append(out, h.Sum64())
	}
	// the whole name as one key, so that a 通称 typed without a space
	// meets a name typed in two parts
	if r.FamilyKey != "" && r.GivenKey != "" {
		key('n', r.FamilyKey+r.GivenKey)
	}
	if r.FamilyKana != "" && r.GivenKana != "" {
		key('k', r.FamilyKana+r.GivenKana)
	}
	b := canonicalBirth(r.Birth)
	if b != "" {
		key('f', b, r.FamilyKana)
		key('g', b, r.GivenKana)
	}
	for _, o := range r.Others {
		key('n', o.full())
		key('k', o.kana())
		if b != "" && o.Kind == KindFormer {
			key('f', b, o.FamilyKana)
		}
	}
	if len(r.Phone) >= 6 {
		key('p', r.Phone)
	}
	return out
}

// canonicalBirth is the year with month and day in ascending order (so that
// a swapped day and month block together), or the year alone.
func canonicalBirth(b string) string {
	switch len(b) {
	case 10:
		m, d := b[5:7], b[8:10]
		if d < m {
			m, d = d, m
		}
		return b[:4] + m + d
	case 0:
		return ""
	}
	return b[:4]
}

// Candidates returns the distinct pairs of records sharing a blocking key.
// The work grows with the number of records times the block sizes, which
// MaxBlock bounds. skipped counts oversize blocks.
func Candidates(rs []Record) (pairs []uint64, skipped int) {
	type kv struct {
		key uint64
		i   int32
	}
	all := make([]kv, 0, 5*len(rs))
	for i, r := range rs {
		for _, k := range BlockKeys(r) {
			all = append(all, kv{k, int32(i)})
		}
	}
	slices.SortFunc(all, func(a, b kv) int {
		switch {
		case a.key < b.key:
			return -1
		case a.key > b.key:
			return 1
		}
		return int(a.i - b.i)
	})
	for s := 0; s < len(all); {
		e := s + 1
		for e < len(all) && all[e].key == all[s].key {
			e++
		}
		if e-s > MaxBlock {
			skipped++
		} else {
			for i := s; i < e; i++ {
				for j := i + 1; j < e; j++ {
					if all[i].i != all[j].i {
						pairs = append(pairs, uint64(all[i].i)<<32|uint64(all[j].i))
					}
				}
			}
		}
		s = e
	}
	slices.Sort(pairs)
	return slices.Compact(pairs), skipped
}

// Batch scores every candidate pair on workers goroutines and returns the
// pairs scoring at least th.Review, best first.
func Batch(rs []Record, th Thresholds, workers int) []Pair {
	cand, _ := Candidates(rs)
	workers = max(1, workers)
	parts := make([][]Pair, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for k := w; k < len(cand); k += workers {
				a, b := int32(cand[k]>>32), int32(cand[k]&0xffffffff)
				if s, why := Score(rs[a], rs[b]); s >= th.Review {
					parts[w] = append(parts[w], Pair{a, b, s, why})
				}
			}
		}(w)
	}
	wg.Wait()
	out := slices.Concat(parts...)
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		if out[i].A != out[j].A {
			return out[i].A < out[j].A
		}
		return out[i].B < out[j].B
	})
	return out
}

// ExactRule is the rule municipalities use today: the same reading, exactly
// as written in katakana, and the same full birth date.
func ExactRule(rs []Record) []Pair {
	groups := map[string][]int32{}
	for i, r := range rs {
		if r.StrictKana != "" && len(r.Birth) == 10 {
			k := r.StrictKana + "|" + r.Birth
			groups[k] = append(groups[k], int32(i))
		}
	}
	var out []Pair
	for _, g := range groups {
		for i := 0; i < len(g); i++ {
			for j := i + 1; j < len(g); j++ {
				out = append(out, Pair{A: g[i], B: g[j], Score: 100})
			}
		}
	}
	return out
}

// Check scores r against candidates (from the blocking lookups of the
// caller) and returns those at or above th.Review, best first, as pairs
// with A = -1 and B the candidate index.
func Check(r Record, candidates []Record, th Thresholds) []Pair {
	var out []Pair
	for i, c := range candidates {
		if c.ID == r.ID {
			continue
		}
		if s, why := Score(r, c); s >= th.Review {
			out = append(out, Pair{-1, int32(i), s, why})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	return out
}
