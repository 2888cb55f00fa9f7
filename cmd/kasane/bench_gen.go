package main

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/width"

	"kasane/internal/japanese"
)

// benchPerson is one synthetic resident as a CSV row would carry it.
type benchPerson struct {
	fam, giv, famKana, givKana, birth, sex, postal, pref, city, street, phone string
	dupOf                                                                     int // index of the original, -1 for an original
	// other names (kasane bench dedupe only; not in the CSV)
	maiden, maidenKana, alias, aliasKana string
}

func (p benchPerson) row() []string {
	return []string{p.fam, p.giv, p.famKana, p.givKana, p.birth, p.sex, p.postal, p.pref, p.city, p.street, p.phone}
}

type nameRow struct{ kanji, kana, sex string }

type benchData struct {
	surnames, given []nameRow
	givenByKana     map[string][]string // reading → spellings (for kanji typos)
	prefs, cities   []string
	towns           []string
	variants        map[rune][]rune // standard → variants that NameKey folds back
	withVariant     []int           // originals whose name has a foldable character
}

func readTSV(path string, fn func(f []string)) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("bench のデータを読めません（--data）: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan()
	for sc.Scan() {
		fn(strings.Split(sc.Text(), "\t"))
	}
	return sc.Err()
}

func loadBenchData(dir string) (*benchData, error) {
	d := &benchData{givenByKana: map[string][]string{}, variants: map[rune][]rune{}}
	if err := readTSV(filepath.Join(dir, "surnames.tsv"), func(f []string) { d.surnames = append(d.surnames, nameRow{f[0], f[2], ""}) }); err != nil {
		return nil, err
	}
	if err := readTSV(filepath.Join(dir, "given_names.tsv"), func(f []string) {
		d.given = append(d.given, nameRow{f[0], f[2], f[3]})
		d.givenByKana[f[2]] = append(d.givenByKana[f[2]], f[0])
	}); err != nil {
		return nil, err
	}
	if err := readTSV(filepath.Join(dir, "addresses.tsv"), func(f []string) {
		switch f[0] {
		case "prefecture":
			d.prefs = append(d.prefs, f[1])
		case "city":
			d.cities = append(d.cities, f[1])
		default:
			d.towns = append(d.towns, f[1])
		}
	}); err != nil {
		return nil, err
	}
	used := map[rune]bool{}
	for _, n := range append(append([]nameRow{}, d.surnames...), d.given...) {
		for _, r := range n.kanji {
			used[r] = true
		}
	}
	err := readTSV(filepath.Join(dir, "variants.tsv"), func(f []string) {
		v, _ := utf8.DecodeRuneInString(f[0])
		s, _ := utf8.DecodeRuneInString(f[1])
		if used[s] && japanese.NameKey(string(v)) == japanese.NameKey(string(s)) && v != s {
			d.variants[s] = append(d.variants[s], v)
		}
	})
	return d, err
}

// variantOf writes s with a variant of one foldable character, or "".
func (d *benchData) variantOf(rng *rand.Rand, s string) string {
	rs := []rune(s)
	var at []int
	for i, r := range rs {
		if len(d.variants[r]) > 0 {
			at = append(at, i)
		}
	}
	if len(at) == 0 {
		return ""
	}
	i := at[rng.IntN(len(at))]
	vs := d.variants[rs[i]]
	rs[i] = vs[rng.IntN(len(vs))]
	return string(rs)
}

func hiragana(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 'ァ' && r <= 'ヶ' {
			r -= 'ァ' - 'ぁ'
		}
		b.WriteRune(r)
	}
	return b.String()
}

func halfWidth(s string) string { return width.Narrow.String(s) }

// generate makes n persons: 90% originals (among them 2% twins and 1%
// namesakes, the hard negatives) and 10% noisy second registrations of
// distinct originals.
func (d *benchData) generate(n int, seed uint64) []benchPerson {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	nOrig := n - n/10
	ps := make([]benchPerson, 0, n)
	for len(ps) < nOrig {
		i := len(ps)
		switch x := rng.Float64(); {
		case i > 0 && x < 0.02: // twin of the previous person: same family, birth, address, phone
			t := ps[i-1]
			g := d.given[rng.IntN(len(d.given))]
			for g.kana == t.givKana {
				g = d.given[rng.IntN(len(d.given))]
			}
			t.giv, t.givKana, t.sex = g.kanji, g.kana, sexOf(g.sex)
			ps = append(ps, t)
		case i > 0 && x < 0.03: // namesake: same name, another person
			t := d.fresh(rng)
			o := ps[rng.IntN(i)]
			t.fam, t.giv, t.famKana, t.givKana, t.sex = o.fam, o.giv, o.famKana, o.givKana, o.sex
			ps = append(ps, t)
		default:
			ps = append(ps, d.fresh(rng))
		}
	}
	for i, j := range rng.Perm(nOrig)[:n-nOrig] {
		_ = i
		ps = append(ps, d.noisy(rng, ps[j], j))
	}
	for i := range ps[:nOrig] {
		if d.variantOf(rng, ps[i].fam+ps[i].giv) != "" {
			d.withVariant = append(d.withVariant, i)
		}
	}
	return ps
}

func sexOf(s string) string {
	if s == "m" {
		return "male"
	}
	return "female"
}

func (d *benchData) fresh(rng *rand.Rand) benchPerson {
	s := d.surnames[rng.IntN(len(d.surnames))]
	g := d.given[rng.IntN(len(d.given))]
	p := benchPerson{fam: s.kanji, famKana: s.kana, giv: g.kanji, givKana: g.kana, sex: sexOf(g.sex), dupOf: -1}
	p.birth = fmt.Sprintf("%04d-%02d-%02d", 1930+rng.IntN(90), 1+rng.IntN(12), 1+rng.IntN(28))
	d.move(rng, &p)
	if rng.Float64() < 0.7 {
		p.phone = fmt.Sprintf("0%d0-%04d-%04d", 7+rng.IntN(3), rng.IntN(10000), rng.IntN(10000))
	}
	return p
}

func (d *benchData) move(rng *rand.Rand, p *benchPerson) {
	p.postal = fmt.Sprintf("%03d-%04d", rng.IntN(1000), rng.IntN(10000))
	p.pref, p.city = d.prefs[rng.IntN(len(d.prefs))], d.cities[rng.IntN(len(d.cities))]
	p.street = fmt.Sprintf("%s%d-%d-%d", d.towns[rng.IntN(len(d.towns))], 1+rng.IntN(9), 1+rng.IntN(30), 1+rng.IntN(20))
}

// noisy registers o again as another agency might: one to three of variant
// kanji, another kana form, a long vowel, a kana typo, another spelling of
// the given name, swapped day and month, year only, a move, a new phone.
func (d *benchData) noisy(rng *rand.Rand, o benchPerson, of int) benchPerson {
	p := o
	p.dupOf = of
	for k := 1 + rng.IntN(3); k > 0; k-- {
		switch rng.IntN(9) {
		case 0:
			if v := d.variantOf(rng, p.fam); v != "" {
				p.fam = v
			} else if v := d.variantOf(rng, p.giv); v != "" {
				p.giv = v
			}
		case 1:
			if rng.IntN(2) == 0 {
				p.famKana, p.givKana = halfWidth(p.famKana), halfWidth(p.givKana)
			} else {
				p.famKana, p.givKana = hiragana(p.famKana), hiragana(p.givKana)
			}
		case 2:
			if rs := []rune(p.givKana); len(rs) > 1 { // never a leading ー
				p.givKana = string(rs[:1]) + strings.Replace(strings.Replace(string(rs[1:]), "ウ", "ー", 1), "イ", "ー", 1)
			}
		case 3:
			rs := []rune(p.givKana)
			if len(rs) > 2 {
				rs[len(rs)-1] = []rune("アイウエオカキクケコサシスセソタチツテトナニヌネノ")[rng.IntN(25)]
				p.givKana = string(rs)
			}
		case 4:
			if alts := d.givenByKana[o.givKana]; len(alts) > 1 {
				p.giv = alts[rng.IntN(len(alts))]
			}
		case 5:
			if len(p.birth) == 10 && p.birth[8:10] <= "12" && p.birth[8:10] != p.birth[5:7] {
				p.birth = p.birth[:5] + p.birth[8:10] + "-" + p.birth[5:7]
			}
		case 6:
			p.birth = p.birth[:4]
		case 7:
			d.move(rng, &p)
		case 8:
			p.phone = ""
		}
	}
	return p
}
