package genogram

import (
	"slices"
	"strconv"
)

// relGen is the generation implied by a 続柄, relative to 本人.
var relGen = map[string]int{"祖父": -2, "祖母": -2, "父": -1, "母": -1, "おじ・おば": -1,
	"本人": 0, "配偶者": 0, "兄弟姉妹": 0, "子": 1, "子の配偶者": 1, "孫": 2}

var partnerRank = map[string]int{"implied": 0, Marriage: 1, Cohabitation: 2, Separation: 3, Divorce: 4}

type partnerEdge struct {
	a, b int
	kind string // 婚姻, 離婚, 別居, 内縁, or "implied" (two parents of a child)
}

type qualityEdge struct {
	a, b    int
	quality string
}

// family is the input resolved to indices, with generations.
type family struct {
	people   []Person
	focus    int
	parents  [][]int         // parents[i]: parents of i
	adopted  map[[2]int]bool // (parent, child)
	partners []partnerEdge
	siblings [][2]int
	quality  []qualityEdge
	gen      []int
	rows     int
}

func year(iso string) string {
	if len(iso) >= 4 {
		return iso[:4]
	}
	return ""
}

func resolve(f Family) *family {
	g := &family{people: f.People, focus: -1, parents: make([][]int, len(f.People)), adopted: map[[2]int]bool{}}
	idx := map[string]int{}
	for i, p := range f.People {
		idx[p.ID] = i
		if p.ID == f.FocusID && f.FocusID != "" {
			g.focus = i
		}
	}
	if g.focus < 0 {
		for i, p := range f.People {
			if p.Relationship == "本人" {
				g.focus = i
				break
			}
		}
	}
	partner := map[[2]int]int{}
	quality := map[[2]int]int{}
	for _, r := range f.Relations {
		a, okA := idx[r.From]
		b, okB := idx[r.To]
		if !okA || !okB || a == b {
			continue
		}
		key := [2]int{min(a, b), max(a, b)}
		switch r.Kind {
		case ParentChild, Adoption:
			p, c := a, b
			ya, yb := year(f.People[a].BirthDate), year(f.People[b].BirthDate)
			ga, okGA := relGen[f.People[a].Relationship]
			gb, okGB := relGen[f.People[b].Relationship]
			if (ya != "" && yb != "" && ya > yb) || ((ya == "" || yb == "" || ya == yb) && okGA && okGB && ga > gb) {
				p, c = b, a
			}
			if !slices.Contains(g.parents[c], p) {
				g.parents[c] = append(g.parents[c], p)
			}
			if r.Kind == Adoption {
				g.adopted[[2]int{p, c}] = true
			}
		case Marriage, Divorce, Separation, Cohabitation:
			if i, ok := partner[key]; ok {
				if partnerRank[r.Kind] > partnerRank[g.partners[i].kind] {
					g.partners[i].kind = r.Kind
				}
			} else {
				partner[key] = len(g.partners)
				g.partners = append(g.partners, partnerEdge{key[0], key[1], r.Kind})
			}
		case Siblings:
			g.siblings = append(g.siblings, key)
		}
		if r.Quality != "" {
			if i, ok := quality[key]; ok {
				g.quality[i].quality = r.Quality
			} else {
				quality[key] = len(g.quality)
				g.quality = append(g.quality, qualityEdge{key[0], key[1], r.Quality})
			}
		}
	}
	g.generations()
	// Two parents of a child with no recorded relation between them still
	// stand together: an implied (dotted) couple.
	for c, ps := range g.parents {
		up := g.parentsAbove(c)
		if len(up) >= 2 && g.couple(up) == nil && g.gen[up[0]] == g.gen[up[1]] {
			key := [2]int{min(up[0], up[1]), max(up[0], up[1])}
			if _, ok := partner[key]; !ok {
				partner[key] = len(g.partners)
				g.partners = append(g.partners, partnerEdge{key[0], key[1], "implied"})
			}
		}
		_ = ps
	}
	return g
}

// generations assigns rows: along the relations from the focus person
// first, then from anyone whose 続柄 places them, then the rest in 本人's row.
func (g *family) generations() {
	n := len(g.people)
	g.gen = make([]int, n)
	set := make([]bool, n)
	type edge struct{ to, d int }
	adj := make([][]edge, n)
	for c, ps := range g.parents {
		for _, p := range ps {
			adj[p] = append(adj[p], edge{c, 1})
			adj[c] = append(adj[c], edge{p, -1})
		}
	}
	for _, e := range g.partners {
		adj[e.a] = append(adj[e.a], edge{e.b, 0})
		adj[e.b] = append(adj[e.b], edge{e.a, 0})
	}
	for _, e := range g.siblings {
		adj[e[0]] = append(adj[e[0]], edge{e[1], 0})
		adj[e[1]] = append(adj[e[1]], edge{e[0], 0})
	}
	spread := func(s, gen int) {
		g.gen[s], set[s] = gen, true
		queue := []int{s}
		for len(queue) > 0 {
			i := queue[0]
			queue = queue[1:]
			for _, e := range adj[i] {
				if !set[e.to] {
					g.gen[e.to], set[e.to] = g.gen[i]+e.d, true
					queue = append(queue, e.to)
				}
			}
		}
	}
	if g.focus >= 0 {
		spread(g.focus, relGen[g.people[g.focus].Relationship])
	}
	for i, p := range g.people {
		if gv, ok := relGen[p.Relationship]; ok && !set[i] {
			spread(i, gv)
		}
	}
	for i := range g.people {
		if !set[i] {
			spread(i, 0)
		}
	}
	lo, hi := 0, 0
	for i, v := range g.gen {
		if i == 0 || v < lo {
			lo = v
		}
		if i == 0 || v > hi {
			hi = v
		}
	}
	for i := range g.gen {
		g.gen[i] -= lo
	}
	g.rows = hi - lo + 1
	if n == 0 {
		g.rows = 0
	}
}

// parentsAbove are the parents of c in the row right above it.
func (g *family) parentsAbove(c int) []int {
	var out []int
	for _, p := range g.parents[c] {
		if g.gen[p] == g.gen[c]-1 {
			out = append(out, p)
		}
	}
	return out
}

// couple returns the partner edge between two of ps, if any.
func (g *family) couple(ps []int) *partnerEdge {
	for i := range g.partners {
		e := &g.partners[i]
		if slices.Contains(ps, e.a) && slices.Contains(ps, e.b) {
			return e
		}
	}
	return nil
}

// unit is the parent unit a child hangs from: one parent, or a couple.
func (g *family) unit(c int) []int {
	up := g.parentsAbove(c)
	switch {
	case len(up) == 0:
		return nil
	case len(up) == 1:
		return up
	}
	if e := g.couple(up); e != nil {
		return []int{e.a, e.b}
	}
	return []int{up[0]}
}

func unitKey(u []int) string {
	if len(u) == 0 {
		return ""
	}
	s := strconv.Itoa(min(u[0], u[len(u)-1]))
	if len(u) > 1 {
		s += "-" + strconv.Itoa(max(u[0], u[1]))
	}
	return s
}

// older reports whether a comes before b in birth order (unknown dates last,
// then the order given).
func (g *family) older(a, b int) bool {
	da, db := g.people[a].BirthDate, g.people[b].BirthDate
	switch {
	case da != "" && db != "" && da != db:
		return da < db
	case da != "" && db == "":
		return true
	case da == "" && db != "":
		return false
	}
	return a < b
}

// twins reports whether a and b share a full birth date.
func (g *family) twins(a, b int) bool {
	da := g.people[a].BirthDate
	return len(da) == 10 && da == g.people[b].BirthDate
}

// partnerCount is how many partners i has.
func (g *family) partnerCount(i int) int {
	n := 0
	for _, e := range g.partners {
		if e.a == i || e.b == i {
			n++
		}
	}
	return n
}
