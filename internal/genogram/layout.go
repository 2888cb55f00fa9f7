package genogram

import (
	"math"
	"slices"
)

// Sizes in user units (1 unit = 1px; 680 units = 180mm on paper).
const (
	sym        = 40.0  // symbol size
	colW       = 88.0  // width of one person's column
	rowH       = 132.0 // distance between generations
	gapWithin  = 6.0   // between the families of siblings
	gapBetween = 22.0  // between unrelated groups
	margin     = 16.0
	topSpace   = 44.0 // above the first row, for routed lines
	labelsH    = 48.0 // name, 続柄, roles under a symbol
)

type block struct {
	members []int
	center  float64
	group   *group
}

// partnerGap widens a block of three or more partners between its
// members, so the line to the children of partners who do not stand side
// by side runs down between the symbols, clear of the names.
const partnerGap = 24.0

func (b *block) gap() float64 {
	if len(b.members) > 2 {
		return partnerGap
	}
	return 0
}

func (b *block) width() float64 {
	n := float64(len(b.members))
	return n*colW + max(n-1, 0)*b.gap()
}

type group struct {
	unit     []int // parents the children hang from; nil for a sibship without parents or a lone block
	children []int // the members that are children of unit (or siblings)
	sibship  bool
	blocks   []*block
}

// layout is the genogram placed on the page.
type layout struct {
	f       *family
	rows    [][]*group
	blockOf []*block
	x, y    []float64
	W, H    float64
}

func (l *layout) cy(row int) float64 { return topSpace + sym/2 + float64(row)*rowH }

func place(f *family) *layout {
	n := len(f.people)
	l := &layout{f: f, rows: make([][]*group, f.rows), blockOf: make([]*block, n), x: make([]float64, n), y: make([]float64, n)}
	l.makeBlocks()
	l.makeGroups()
	for r := range l.rows {
		l.pack(r, nil)
	}
	for range 4 {
		for r := 1; r < f.rows; r++ {
			l.down(r)
		}
		for r := f.rows - 2; r >= 0; r-- {
			l.up(r)
		}
	}
	for r := 1; r < f.rows; r++ {
		l.down(r)
	}
	minX, maxX := math.Inf(1), math.Inf(-1)
	for _, gs := range l.rows {
		for _, g := range gs {
			for _, b := range g.blocks {
				minX, maxX = min(minX, b.center-b.width()/2), max(maxX, b.center+b.width()/2)
			}
		}
	}
	if n == 0 {
		minX, maxX = 0, colW
	}
	for _, gs := range l.rows {
		for _, g := range gs {
			for _, b := range g.blocks {
				b.center += margin - minX
			}
		}
	}
	l.sync()
	l.W = maxX - minX + 2*margin
	l.H = l.cy(max(f.rows-1, 0)) + sym/2 + labelsH + margin
	return l
}

// sync computes every person's position from the block centers.
func (l *layout) sync() {
	for r, gs := range l.rows {
		for _, g := range gs {
			for _, b := range g.blocks {
				for j, m := range b.members {
					l.x[m] = b.center - b.width()/2 + colW*(float64(j)+0.5) + b.gap()*float64(j)
					l.y[m] = l.cy(r)
				}
			}
		}
	}
}

// anchor is the x the children of unit u hang from: the parent, the middle
// of a couple side by side, or for partners with others between them the
// gap beside the outer one (see farGap).
func (l *layout) anchor(u []int) float64 {
	if len(u) == 1 {
		return l.x[u[0]]
	}
	if x, ok := l.farGap(u[0], u[1]); ok {
		return x
	}
	return (l.x[u[0]] + l.x[u[1]]) / 2
}

// farGap: for two partners of one block with others between them, the
// middle of the gap between the outer partner (the one with fewer
// partners, e.g. a former spouse) and the member next to it inward.
func (l *layout) farGap(a, b int) (float64, bool) {
	bl := l.blockOf[a]
	if bl == nil || bl != l.blockOf[b] {
		return 0, false
	}
	ja, jb := slices.Index(bl.members, a), slices.Index(bl.members, b)
	if ja > jb {
		a, b, ja, jb = b, a, jb, ja
	}
	if jb-ja < 2 {
		return 0, false
	}
	if l.f.partnerCount(a) <= l.f.partnerCount(b) {
		return (l.x[a] + l.x[bl.members[ja+1]]) / 2, true
	}
	return (l.x[b] + l.x[bl.members[jb-1]]) / 2, true
}

func (l *layout) flat(r int) []*block {
	var bs []*block
	for _, g := range l.rows[r] {
		bs = append(bs, g.blocks...)
	}
	return bs
}

func mean(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// down centers each sibling group under its parents.
func (l *layout) down(r int) {
	key := map[*group]float64{}
	want := map[*block]float64{}
	for _, g := range l.rows[r] {
		if g.unit == nil {
			var cs []float64
			for _, b := range g.blocks {
				cs = append(cs, b.center)
				want[b] = b.center
			}
			key[g] = mean(cs)
			continue
		}
		a := l.anchor(g.unit)
		key[g] = a
		pos, at, var_ := map[*block]float64{}, 0.0, []float64{}
		for i, b := range g.blocks {
			if i > 0 {
				at += gapWithin
			}
			pos[b] = at + b.width()/2
			for j, m := range b.members {
				if slices.Contains(g.children, m) {
					var_ = append(var_, at+colW*(float64(j)+0.5))
				}
			}
			at += b.width()
		}
		c := mean(var_)
		for _, b := range g.blocks {
			want[b] = a + pos[b] - c
		}
	}
	slices.SortStableFunc(l.rows[r], func(x, y *group) int { return cmpF(key[x], key[y]) })
	l.pack(r, want)
}

// up centers parents over their children and orders the row by them.
func (l *layout) up(r int) {
	children := map[string]*group{}
	for _, g := range l.rows[r+1] {
		if g.unit != nil {
			children[unitKey(g.unit)] = g
		}
	}
	want := map[*block]float64{}
	key := map[*group]float64{}
	for _, g := range l.rows[r] {
		var ks []float64
		for _, b := range g.blocks {
			var ds []float64
			for _, cg := range children {
				if !slices.Contains(b.members, cg.unit[0]) || !slices.Contains(b.members, cg.unit[len(cg.unit)-1]) {
					continue
				}
				var xs []float64
				for _, c := range cg.children {
					xs = append(xs, l.x[c])
				}
				ds = append(ds, mean(xs)-(l.anchor(cg.unit)-b.center))
			}
			want[b] = b.center
			if len(ds) > 0 {
				slices.Sort(ds)
				want[b] = mean(ds)
			}
			ks = append(ks, want[b])
		}
		key[g] = mean(ks)
	}
	slices.SortStableFunc(l.rows[r], func(x, y *group) int { return cmpF(key[x], key[y]) })
	l.pack(r, want)
}

func cmpF(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// pack places the blocks of row r as near their wanted centers as the
// spacing allows (least squares, by pooling adjacent violators); with no
// wishes it packs them from the left.
func (l *layout) pack(r int, want map[*block]float64) {
	bs := l.flat(r)
	if len(bs) == 0 {
		return
	}
	s := make([]float64, len(bs))
	for i := 1; i < len(bs); i++ {
		gap := gapBetween
		if bs[i].group == bs[i-1].group {
			gap = gapWithin
		}
		s[i] = s[i-1] + (bs[i-1].width()+bs[i].width())/2 + gap
	}
	type pool struct {
		sum float64
		n   int
	}
	var st []pool
	for i, b := range bs {
		t := s[i]
		if want != nil {
			t = want[b] - s[i]
		}
		st = append(st, pool{t, 1})
		for len(st) > 1 && st[len(st)-2].sum/float64(st[len(st)-2].n) > st[len(st)-1].sum/float64(st[len(st)-1].n) {
			top := st[len(st)-1]
			st = st[:len(st)-1]
			st[len(st)-1].sum += top.sum
			st[len(st)-1].n += top.n
		}
	}
	i := 0
	for _, p := range st {
		for range p.n {
			if want != nil {
				bs[i].center = p.sum/float64(p.n) + s[i]
			} else {
				bs[i].center = s[i]
			}
			i++
		}
	}
	l.sync()
}
