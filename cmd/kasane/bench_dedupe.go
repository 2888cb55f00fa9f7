package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"runtime"
	"strconv"
	"strings"
	"time"

	"kasane/internal/dedupe"
	"kasane/internal/sqldb"
)

// cmdBenchDedupe is `kasane bench dedupe [--persons 100000] [--pairs 1000] [--seed 1] [--data ../shared/data]`:
// recall of duplicate detection (名寄せ) per kind of difference between two registrations of one person, in the
// review band and in the "same person" band, and the precision of the "same person" band, beside the scoring
// before issue 23 (the same records without their other names, "same" by the score alone) in the same run.
//
// The population is the one of `kasane bench` (originals with 2% twins and 1% namesakes as hard negatives, 10%
// second registrations with 1–3 mixed kinds of noise), to which --pairs second registrations of distinct
// originals are added for each kind below, and --pairs hard negatives of the new evidence (another person with
// the same given name and birth date, and another surname).
func cmdBenchDedupe(_ context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("kasane bench dedupe", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	n := fs.Int("persons", 100000, "population size before the pairs of each kind are added")
	per := fs.Int("pairs", 1000, "second registrations per kind of difference")
	seed := fs.Uint64("seed", 1, "random seed")
	data := fs.String("data", "../shared/data", "folder with surnames.tsv, given_names.tsv, addresses.tsv, variants.tsv")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *n < 1000 || *per < 1 || *per*(len(dedupeKinds)+2) > *n/2 {
		return fmt.Errorf("--persons は 1000 以上、--pairs は 1 以上で --persons の 1/%d 以下にしてください", 2*(len(dedupeKinds)+2))
	}
	d, err := loadBenchData(*data)
	if err != nil {
		return err
	}
	t0 := time.Now()
	ps := d.generate(*n, *seed)
	rng := rand.New(rand.NewPCG(*seed^0x5bd1e995, *seed))
	kinds := make([]string, len(ps)) // the kind of each second registration ("" for an original)
	for i, p := range ps {
		if p.dupOf >= 0 {
			kinds[i] = "mixed"
		}
	}
	// distinct originals without a second registration yet, for the pairs
	// of every kind (some kinds record a 通称 or a 旧姓 on the original)
	taken := map[int]bool{}
	for _, p := range ps {
		if p.dupOf >= 0 {
			taken[p.dupOf] = true
		}
	}
	orig := rng.Perm(*n - *n/10)
	next := 0
	pick := func(ok func(benchPerson) bool) int {
		for next < len(orig) {
			j := orig[next]
			next++
			if !taken[j] && ok(ps[j]) {
				return j
			}
		}
		return -1
	}
	for _, k := range dedupeKinds {
		for c := 0; c < *per; c++ {
			j := pick(k.needs)
			if j < 0 {
				return fmt.Errorf("%s: 元の記録が足りません（--persons を増やしてください）", k.name)
			}
			s := ps[j]
			s.dupOf = j
			k.make(d, rng, &ps[j], &s)
			ps = append(ps, s)
			kinds = append(kinds, k.name)
		}
	}
	// hard negatives of the new evidence: another person with the same given name, sex and birth date
	for c := 0; c < *per; c++ {
		j := pick(func(benchPerson) bool { return true })
		o := ps[j]
		s := d.fresh(rng)
		s.giv, s.givKana, s.sex, s.birth = o.giv, o.givKana, o.sex, o.birth
		for s.famKana == o.famKana {
			s.fam, s.famKana = d.otherSurname(rng, o.famKana)
		}
		ps = append(ps, s)
		kinds = append(kinds, "")
	}
	// the pairs to find: each second registration with its original, by
	// kind; a pair found is true when both records are of one person (two
	// second registrations of one original are)
	truth := map[[2]int32]string{}
	root := make([]int32, len(ps))
	for i, p := range ps {
		root[i] = int32(i)
		if p.dupOf >= 0 {
			truth[[2]int32{int32(min(p.dupOf, i)), int32(max(p.dupOf, i))}] = kinds[i]
			root[i] = int32(p.dupOf)
		}
	}
	same := func(k [2]int32) bool { return root[k[0]] == root[k[1]] }
	rs := make([]dedupe.Record, len(ps))
	base := make([]dedupe.Record, len(ps))
	now := time.Now()
	for i, b := range ps {
		p := benchCasework(b)
		p.MaidenName, p.MaidenKana, p.Alias, p.AliasKana = b.maiden, b.maidenKana, b.alias, b.aliasKana
		_ = p.Normalize(now)
		rs[i] = sqldb.PersonRecord(p)
		rs[i].ID = strconv.Itoa(i)
		base[i] = rs[i].WithoutOthers()
	}
	w := e.stdout
	fmt.Fprintf(w, "kasane bench dedupe: %d records (%d of the mixed population, %d pairs of each of %d kinds, %d hard negatives), seed %d, %s; generated in %.1fs\n",
		len(ps), *n, *per, len(dedupeKinds), *per, *seed, runtime.Version(), time.Since(t0).Seconds())
	th := dedupe.DefaultThresholds
	type band struct{ review, same map[[2]int32]bool }
	run := func(rs []dedupe.Record, same func(dedupe.Pair) bool) (band, time.Duration) {
		t := time.Now()
		b := band{map[[2]int32]bool{}, map[[2]int32]bool{}}
		for _, p := range dedupe.Batch(rs, th, runtime.GOMAXPROCS(0)) {
			k := [2]int32{min(p.A, p.B), max(p.A, p.B)}
			b.review[k] = true
			if same(p) {
				b.same[k] = true
			}
		}
		return b, time.Since(t)
	}
	before, tb := run(base, func(p dedupe.Pair) bool { return p.Score >= th.Same })
	after, ta := run(rs, func(p dedupe.Pair) bool { return th.IsSame(p.Score, p.Reasons) })
	fmt.Fprintf(w, "batch: before %.2fs, now %.2fs; review band score ≥ %d, same-person band score ≥ %d (now: and matched on the records' own names)\n\n", tb.Seconds(), ta.Seconds(), th.Review, th.Same)
	fmt.Fprintln(w, "| kind of difference | pairs | recall, review band (before → now) | recall, same band (before → now) | precision, same band (before → now) |")
	fmt.Fprintln(w, "|---|---:|---|---|---|")
	names := []string{"mixed"}
	for _, k := range dedupeKinds {
		names = append(names, k.name)
	}
	label := map[string]string{"mixed": "1–3 of the kinds of `kasane bench` (mixed)"}
	for _, k := range dedupeKinds {
		label[k.name] = k.label
	}
	// precision of a kind: of the same-band pairs with a second registration of that kind
	prec := func(b band, kind string) (float64, int) {
		tp, all := 0, 0
		for k := range b.same {
			if kinds[k[1]] == kind || kinds[k[0]] == kind {
				all++
				tp += b2i(same(k))
			}
		}
		if all == 0 {
			return 1, 0
		}
		return float64(tp) / float64(all), all
	}
	for _, name := range names {
		tot, rb, ra, sb, sa := 0, 0, 0, 0, 0
		for k, kind := range truth {
			if kind != name {
				continue
			}
			tot++
			rb, ra, sb, sa = rb+b2i(before.review[k]), ra+b2i(after.review[k]), sb+b2i(before.same[k]), sa+b2i(after.same[k])
		}
		pb, _ := prec(before, name)
		pa, _ := prec(after, name)
		fmt.Fprintf(w, "| %s | %d | %.3f → **%.3f** | %.3f → %.3f | %.3f → **%.3f** |\n", label[name], tot,
			ratio(rb, tot), ratio(ra, tot), ratio(sb, tot), ratio(sa, tot), pb, pa)
	}
	overall := func(b band) (float64, float64, float64, int) {
		tp, tr := 0, 0
		found := 0
		for k := range b.same {
			tp += b2i(same(k))
		}
		for k := range b.review {
			tr += b2i(same(k))
			found += b2i(truth[k] != "")
		}
		return ratio(tp, len(b.same)), ratio(tr, len(b.review)), ratio(found, len(truth)), len(b.same)
	}
	psb, prb, rrb, nb := overall(before)
	psa, pra, rra, na := overall(after)
	fmt.Fprintf(w, "| **all** | %d | %.3f → **%.3f** | | %.3f → **%.3f** (%d → %d pairs) |\n", len(truth), rrb, rra, psb, psa, nb, na)
	fmt.Fprintf(w, "\nprecision of the review band: %.3f → %.3f (%d → %d pairs)\n", prb, pra, len(before.review), len(after.review))
	neg := func(b band) (int, int) {
		r, s := 0, 0
		for k := range b.review {
			if kinds[k[1]] == "" && k[1] >= int32(len(ps)-*per) {
				r++
				s += b2i(b.same[k])
			}
		}
		return r, s
	}
	nrb, nsb := neg(before)
	nra, nsa := neg(after)
	fmt.Fprintf(w, "hard negatives (same given name, sex and birth date, another surname, %d): proposed for review %d → %d, same band %d → %d\n", *per, nrb, nra, nsb, nsa)
	if psb < 1 {
		fmt.Fprintf(w, "(before: the same-person band's precision was %.4f)\n", psb)
	}
	if psa < 1 {
		return fmt.Errorf("the same-person band's precision is %.4f, not 1", psa)
	}
	return nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// dedupeKind is one kind of difference between two registrations of a person.
type dedupeKind struct {
	name, label string
	needs       func(o benchPerson) bool                              // the original can serve
	make        func(d *benchData, rng *rand.Rand, o, s *benchPerson) // o the original (a 通称 is recorded on it), s the second registration
}

func anyPerson(benchPerson) bool { return true }

// newSurname gives s a surname other than o's: married or divorced,
// usually moved, with another phone or none.
func newSurname(d *benchData, rng *rand.Rand, o, s *benchPerson) {
	s.fam, s.famKana = d.otherSurname(rng, o.famKana)
}

var dedupeKinds = []dedupeKind{
	{"surname_maiden", "氏の変更・転居・電話も変更（旧姓を記録）", anyPerson, func(d *benchData, rng *rand.Rand, o, s *benchPerson) {
		newSurname(d, rng, o, s)
		d.move(rng, s)
		s.phone = ""
		s.maiden = o.fam
		if rng.IntN(2) == 0 {
			s.maidenKana = o.famKana
		}
	}},
	{"surname_phone", "氏の変更・転居（電話番号が同じ、旧姓の記録なし）", func(o benchPerson) bool { return o.phone != "" }, func(d *benchData, rng *rand.Rand, o, s *benchPerson) {
		newSurname(d, rng, o, s)
		d.move(rng, s)
	}},
	{"surname_bare", "氏の変更・転居・電話も変更（旧姓の記録なし）", anyPerson, func(d *benchData, rng *rand.Rand, o, s *benchPerson) {
		newSurname(d, rng, o, s)
		d.move(rng, s)
		s.phone = ""
	}},
	{"surname_back", "旧姓に戻って登録（一方の記録に旧姓あり：離婚など）", anyPerson, func(d *benchData, rng *rand.Rand, o, s *benchPerson) {
		// the original was registered under the married surname with the birth surname as 旧姓;
		// the second registration is under the birth surname, moved, with another phone
		o.maiden, o.maidenKana = o.fam, o.famKana
		o.fam, o.famKana = d.otherSurname(rng, o.famKana)
		d.move(rng, s)
		s.phone = ""
	}},
	{"surname_maiden_swap", "氏の変更（旧姓を記録）と月日の入れ替え", func(o benchPerson) bool { return o.birth[8:10] <= "12" && o.birth[8:10] != o.birth[5:7] }, func(d *benchData, rng *rand.Rand, o, s *benchPerson) {
		newSurname(d, rng, o, s)
		d.move(rng, s)
		s.phone = ""
		s.maiden = o.fam
		s.birth = s.birth[:5] + s.birth[8:10] + "-" + s.birth[5:7]
	}},
	{"alias", "通称で登録（一方の記録に通称あり）", anyPerson, func(d *benchData, rng *rand.Rand, o, s *benchPerson) {
		// the original carries a 通称 (as the resident register records it); the second
		// registration is under that name, at the same address
		a := d.fresh(rng)
		o.alias, o.aliasKana = a.fam+" "+a.giv, a.famKana+" "+a.givKana
		s.fam, s.giv, s.famKana, s.givKana = a.fam, a.giv, a.famKana, a.givKana
		s.phone = ""
	}},
	{"swap", "生年月日の月と日の入れ替え", func(o benchPerson) bool { return o.birth[8:10] <= "12" && o.birth[8:10] != o.birth[5:7] }, func(d *benchData, rng *rand.Rand, o, s *benchPerson) {
		s.birth = s.birth[:5] + s.birth[8:10] + "-" + s.birth[5:7]
	}},
	{"kana_typo", "名のふりがなの1文字違い", func(o benchPerson) bool { return len([]rune(o.givKana)) > 2 }, func(d *benchData, rng *rand.Rand, o, s *benchPerson) {
		rs := []rune(s.givKana)
		for string(rs) == o.givKana {
			rs[len(rs)-1] = []rune("アイウエオカキクケコサシスセソタチツテトナニヌネノ")[rng.IntN(25)]
		}
		s.givKana = string(rs)
	}},
	{"move", "転居（住所と電話番号の変更）", anyPerson, func(d *benchData, rng *rand.Rand, o, s *benchPerson) {
		d.move(rng, s)
		s.phone = fmt.Sprintf("0%d0-%04d-%04d", 7+rng.IntN(3), rng.IntN(10000), rng.IntN(10000))
	}},
	{"variant", "異体字（髙・﨑など）", func(o benchPerson) bool { return true }, func(d *benchData, rng *rand.Rand, o, s *benchPerson) {
		if v := d.variantOf(rng, s.fam); v != "" {
			s.fam = v
		} else if v := d.variantOf(rng, s.giv); v != "" {
			s.giv = v
		}
	}},
	{"year_only", "生年だけの登録", anyPerson, func(d *benchData, rng *rand.Rand, o, s *benchPerson) { s.birth = s.birth[:4] }},
	{"reading_form", "ふりがなの表記（ひらがな・半角・長音）", anyPerson, func(d *benchData, rng *rand.Rand, o, s *benchPerson) {
		switch rng.IntN(3) {
		case 0:
			s.famKana, s.givKana = halfWidth(s.famKana), halfWidth(s.givKana)
		case 1:
			s.famKana, s.givKana = hiragana(s.famKana), hiragana(s.givKana)
		default:
			if rs := []rune(s.givKana); len(rs) > 1 {
				s.givKana = string(rs[:1]) + strings.Replace(strings.Replace(string(rs[1:]), "ウ", "ー", 1), "イ", "ー", 1)
			}
		}
	}},
}

// otherSurname is a surname whose reading is not reading.
func (d *benchData) otherSurname(rng *rand.Rand, reading string) (string, string) {
	for {
		s := d.surnames[rng.IntN(len(d.surnames))]
		if s.kana != reading {
			return s.kanji, s.kana
		}
	}
}
