package genogram

import (
	"math"
	"slices"
)

type run struct {
	row            int
	x0, x1, y0, y1 float64
}

// enclosure draws a dashed line around the people living together: a box
// around each run of them in a row, joined by corridors through the space
// between the rows (never across a person). The shapes are stroked first
// and filled white after, so only the outline of their union remains.
func (d *drawing) enclosure() {
	f, l := d.f, d.l
	var runs []run
	n := 0
	for r, gs := range l.rows {
		var row []int
		for _, g := range gs {
			for _, b := range g.blocks {
				row = append(row, b.members...)
			}
		}
		var cur *run
		for _, i := range row {
			p := f.people[i]
			if !p.Cohabiting || p.Outside {
				cur = nil
				continue
			}
			n++
			if cur == nil {
				runs = append(runs, run{row: r, x0: l.x[i] - colW/2 + 3, y0: l.cy(r) - sym/2 - 8, y1: l.cy(r) + sym/2 + labelsH - 2})
				cur = &runs[len(runs)-1]
			}
			cur.x1 = l.x[i] + colW/2 - 3
		}
	}
	if n < 2 {
		return
	}
	var shapes [][]pt
	for i, u := range runs {
		shapes = append(shapes, []pt{{u.x0, u.y0}, {u.x1, u.y0}, {u.x1, u.y1}, {u.x0, u.y1}})
		if i == 0 {
			continue
		}
		// Join to the nearest run of the closest row above (or the run to
		// the left in the same row).
		best, bestD := -1, math.Inf(1)
		for j, v := range runs[:i] {
			dd := float64(u.row-v.row)*10000 + gapX(u, v)
			if dd < bestD {
				best, bestD = j, dd
			}
		}
		shapes = append(shapes, d.corridor(runs[best], u))
	}
	st := stroke{"#3d6aa8", 2.8, "9 5"}
	for _, s := range shapes {
		d.c.polygon(s, "none", st)
	}
	for _, s := range shapes {
		d.c.raw(`<polygon points="%s" fill="#ffffff"/>`+"\n", points(s))
	}
}

func gapX(a, b run) float64 {
	switch {
	case a.x1 < b.x0:
		return b.x0 - a.x1
	case b.x1 < a.x0:
		return a.x0 - b.x1
	}
	return 0
}

const corridorW = 20.0

// corridor is a band from run a (above or to the left) to run b.
func (d *drawing) corridor(a, b run) []pt {
	l := d.l
	clamp := func(x float64, r run) float64 { return math.Min(math.Max(x, r.x0+corridorW), r.x1-corridorW) }
	var ps []pt
	if a.row == b.row {
		xa, xb := a.x1-corridorW, b.x0+corridorW
		y := a.y0 - 14
		ps = []pt{{xa, a.y0 + 8}, {xa, y}, {xb, y}, {xb, b.y0 + 8}}
	} else {
		target := (math.Max(a.x0, b.x0) + math.Min(a.x1, b.x1)) / 2
		xa, xb := clamp(target, a), clamp(target, b)
		ps = []pt{{xa, a.y1 - 8}, {xa, a.y1 + 6}}
		for r := a.row + 1; r < b.row; r++ {
			x := d.freeX(r, (xa+xb)/2)
			top, bottom := l.cy(r)-sym/2-12, l.cy(r)+sym/2+labelsH+4
			ps = append(ps, pt{x, top - 6}, pt{x, bottom + 6})
		}
		ps = append(ps, pt{xb, b.y0 - 6}, pt{xb, b.y0 + 8})
	}
	left, right := offset(ps, corridorW/2), offset(ps, -corridorW/2)
	slices.Reverse(right)
	return append(left, right...)
}

// freeX is the x nearest to want where a corridor can pass row r without
// touching anyone.
func (d *drawing) freeX(r int, want float64) float64 {
	var xs []float64
	for i := range d.f.people {
		if d.f.gen[i] == r {
			xs = append(xs, d.l.x[i])
		}
	}
	if len(xs) == 0 {
		return want
	}
	slices.Sort(xs)
	half := colW/2 + corridorW/2 + 2
	cands := []float64{xs[0] - half, xs[len(xs)-1] + half}
	for i := 0; i+1 < len(xs); i++ {
		if xs[i+1]-xs[i] >= 2*half {
			cands = append(cands, (xs[i]+xs[i+1])/2)
		}
	}
	best := cands[0]
	for _, c := range cands {
		if math.Abs(c-want) < math.Abs(best-want) {
			best = c
		}
	}
	return best
}
