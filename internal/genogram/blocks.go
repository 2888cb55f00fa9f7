package genogram

import (
	"slices"
	"strconv"
)

// makeBlocks joins partners of one row into blocks: a couple (man on the
// left), or a person with former partners on one side and the present one
// on the other.
func (l *layout) makeBlocks() {
	f := l.f
	n := len(f.people)
	adj := make([][]partnerEdge, n)
	for _, e := range f.partners {
		if f.gen[e.a] == f.gen[e.b] {
			adj[e.a] = append(adj[e.a], e)
			adj[e.b] = append(adj[e.b], e)
		}
	}
	done := make([]bool, n)
	for i := range n {
		if done[i] {
			continue
		}
		comp := []int{i}
		done[i] = true
		for k := 0; k < len(comp); k++ {
			for _, e := range adj[comp[k]] {
				o := e.a + e.b - comp[k]
				if !done[o] {
					done[o] = true
					comp = append(comp, o)
				}
			}
		}
		b := &block{members: l.orderBlock(comp, adj)}
		for _, m := range b.members {
			l.blockOf[m] = b
		}
	}
}

func (l *layout) orderBlock(comp []int, adj [][]partnerEdge) []int {
	f := l.f
	if len(comp) == 1 {
		return comp
	}
	if len(comp) == 2 {
		a, b := comp[0], comp[1]
		if f.people[b].Sex == Male && f.people[a].Sex != Male || f.people[a].Sex == Female && f.people[b].Sex != Female {
			a, b = b, a
		}
		return []int{a, b}
	}
	hub := comp[0]
	for _, c := range comp {
		if len(adj[c]) > len(adj[hub]) {
			hub = c
		}
	}
	// The hub's partners in the order recorded: former ones (divorce,
	// separation) on one side, the earliest farthest out; the others on
	// the other side, the earliest nearest. When every partner falls on one
	// side, the earliest or the latest crosses over, so that the order from
	// left to right stays the order of the relations.
	var left, right []int
	placed := map[int]bool{hub: true}
	leftSide := map[int]bool{}
	for _, e := range adj[hub] {
		o := e.a + e.b - hub
		if placed[o] {
			continue
		}
		placed[o] = true
		if e.kind == Divorce || e.kind == Separation {
			left = append(left, o)
		} else {
			right = append(right, o)
		}
	}
	switch {
	case len(left) == 0 && len(right) >= 2:
		left, right = right[:1], right[1:]
	case len(right) == 0 && len(left) >= 2:
		left, right = left[:len(left)-1], left[len(left)-1:]
	}
	order := slices.Concat(left, []int{hub}, right)
	for _, o := range left {
		leftSide[o] = true
	}
	queue := slices.Concat(left, right)
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		es := slices.Clone(adj[c])
		slices.SortStableFunc(es, func(x, y partnerEdge) int { return partnerRank[y.kind] - partnerRank[x.kind] })
		for _, e := range es {
			o := e.a + e.b - c
			if placed[o] {
				continue
			}
			placed[o] = true
			left := leftSide[c]
			leftSide[o] = left
			if left {
				order = append([]int{o}, order...)
			} else {
				order = append(order, o)
			}
			queue = append(queue, o)
		}
	}
	return order
}

// makeGroups puts siblings (children of one parent unit, or recorded 兄弟)
// together in birth order, and orders each row by first appearance.
func (l *layout) makeGroups() {
	f := l.f
	n := len(f.people)
	key := make([]string, n)
	units := map[string][]int{}
	for c := range n {
		if u := f.unit(c); u != nil {
			key[c] = unitKey(u)
			units[key[c]] = u
		}
	}
	// Recorded siblings without parents in the picture share a bar.
	for changed := true; changed; {
		changed = false
		for _, e := range f.siblings {
			a, b := e[0], e[1]
			if f.gen[a] != f.gen[b] {
				continue
			}
			switch {
			case key[a] == "" && key[b] == "":
				key[a], key[b] = "s:"+strconv.Itoa(a), "s:"+strconv.Itoa(a)
				changed = true
			case key[a] == "" && key[b] != "":
				key[a], changed = key[b], true
			case key[b] == "" && key[a] != "":
				key[b], changed = key[a], true
			case key[a] != key[b] && key[a][0] == 's' && key[b][0] == 's':
				old := key[b]
				for i := range key {
					if key[i] == old {
						key[i] = key[a]
					}
				}
				changed = true
			}
		}
	}
	groups := map[string]*group{}
	seen := map[*block]bool{}
	for i := range n {
		b := l.blockOf[i]
		if seen[b] {
			continue
		}
		seen[b] = true
		k := "b:" + strconv.Itoa(i)
		for _, m := range b.members {
			if key[m] != "" {
				k = key[m]
				break
			}
		}
		g := groups[k]
		if g == nil {
			g = &group{unit: units[k], sibship: k[0] == 's'}
			groups[k] = g
			row := f.gen[i]
			l.rows[row] = append(l.rows[row], g)
		}
		g.blocks = append(g.blocks, b)
		b.group = g
		for _, m := range b.members {
			if key[m] == k && key[m][0] != 'b' {
				g.children = append(g.children, m)
			}
		}
	}
	for _, gs := range l.rows {
		for _, g := range gs {
			first := func(b *block) int {
				for _, m := range b.members {
					if slices.Contains(g.children, m) {
						return m
					}
				}
				return b.members[0]
			}
			slices.SortStableFunc(g.blocks, func(x, y *block) int {
				a, b := first(x), first(y)
				if f.older(a, b) {
					return -1
				}
				if f.older(b, a) {
					return 1
				}
				return 0
			})
		}
	}
}
