package main

import (
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"kasane/internal/japanese"
)

// benchQuery is one search of the mix.
type benchQuery struct {
	q       string
	kana    bool // a reading rather than a written name
	short   bool // 1 or 2 characters
	variant bool // written in a variant form
}

// queries makes the mix: 20% one character, 40% two, 40% longer; 30% in a
// variant form (variant kanji, or the reading in hiragana or half width).
func (d *benchData) queries(ps []benchPerson, n int, seed uint64) []benchQuery {
	rng := rand.New(rand.NewPCG(seed+7, seed))
	nOrig := len(ps) - len(ps)/10
	out := make([]benchQuery, 0, n)
	for len(out) < n {
		variant := rng.Float64() < 0.3
		x := rng.Float64()
		p := ps[rng.IntN(nOrig)]
		if variant && rng.IntN(3) > 0 && len(d.withVariant) > 0 {
			p = ps[d.withVariant[rng.IntN(len(d.withVariant))]]
		}
		full := p.fam + p.giv
		q := benchQuery{variant: variant}
		switch {
		case x < 0.2:
			rs := []rune(full)
			q.q, q.short = string(rs[rng.IntN(len(rs))]), true
			if variant {
				rs := []rune(full)
				vs := d.variants
				var at []int
				for i, r := range rs {
					if len(vs[r]) > 0 {
						at = append(at, i)
					}
				}
				if len(at) == 0 {
					continue
				}
				r := rs[at[rng.IntN(len(at))]]
				q.q = string(vs[r][rng.IntN(len(vs[r]))])
			}
		case x < 0.6:
			q.short = true
			src := p.fam
			if utf8.RuneCountInString(src) != 2 {
				src = string([]rune(full)[:2])
			}
			if variant {
				if v := d.variantOf(rng, src); v != "" {
					src = v
				} else {
					continue
				}
			}
			q.q = src
		default:
			switch rng.IntN(3) {
			case 0:
				q.q = p.fam + " " + p.giv
			case 1:
				q.q = full
			default:
				q.q, q.kana = p.famKana+" "+p.givKana, true
			}
			if variant {
				if q.kana {
					if rng.IntN(2) == 0 {
						q.q = hiragana(q.q)
					} else {
						q.q = halfWidth(q.q)
					}
				} else if v := d.variantOf(rng, q.q); v != "" {
					q.q = v
				} else {
					continue
				}
			}
		}
		out = append(out, q)
	}
	return out
}

// plainQuery is what a system without name keys would search for: spaces
// removed, width folded (NFKC), hiragana as katakana; variant kanji stay.
func plainQuery(q string) string {
	return japanese.ToKatakana(strings.Join(strings.Fields(norm.NFKC.String(q)), ""))
}

type latencies []time.Duration

func (l latencies) pct(p float64) time.Duration {
	if len(l) == 0 {
		return 0
	}
	s := slices.Clone(l)
	slices.Sort(s)
	return s[min(len(s)-1, int(p*float64(len(s))))]
}

// searchResult is what one system did over the mix.
type searchResult struct {
	name         string
	all, short   latencies
	recallSum    float64
	recallCount  int
	errors       int
	queriesTotal int
}

// relevant counts, up to limit, the persons whose key contains the query's
// key: the truth a search should return.
type keyset struct{ name, kana []string }

func (k keyset) relevant(q benchQuery, limit int) (int, func(i int) bool) {
	key, keys := japanese.NameKey(q.q), k.name
	if q.kana {
		key, keys = japanese.KanaKey(q.q), k.kana
	}
	match := func(i int) bool { return strings.Contains(keys[i], key) }
	n := 0
	for i := range keys {
		if match(i) {
			if n++; n >= limit {
				break
			}
		}
	}
	return n, match
}

// runSearch times search over the mix and scores recall on the variant
// queries: the share of min(limit, relevant) results that are relevant.
func runSearch(ctx context.Context, name string, qs []benchQuery, ks keyset, index map[string]int, limit int, search func(ctx context.Context, q benchQuery) ([]string, error)) searchResult {
	r := searchResult{name: name, queriesTotal: len(qs)}
	for _, q := range qs {
		t0 := time.Now()
		ids, err := search(ctx, q)
		d := time.Since(t0)
		if err != nil {
			r.errors++
			continue
		}
		r.all = append(r.all, d)
		if q.short {
			r.short = append(r.short, d)
		}
		if !q.variant || index == nil {
			continue
		}
		want, match := ks.relevant(q, limit)
		if want == 0 {
			continue
		}
		got := 0
		for _, id := range ids {
			if i, ok := index[id]; ok && match(i) {
				got++
			}
		}
		r.recallSum += float64(min(got, want)) / float64(want)
		r.recallCount++
	}
	return r
}

func (r searchResult) recall() float64 {
	if r.recallCount == 0 {
		return 0
	}
	return r.recallSum / float64(r.recallCount)
}
