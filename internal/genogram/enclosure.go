package genogram

import (
	"math"
	"slices"
)

type run struct {
	row            int
	x0, x1, y0, y1 float64
}

// enclosure draws one dashed outline around the people living together: a
// box around each run of them in a row, joined to the others by straight
// bands through the space between the rows (vertical and horizontal only,
// never across a person). The shapes are stroked first and filled white
// after, so only the outline of their union remains; the family lines are
// drawn over it.
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
		shapes = append(shapes, rect(u.x0, u.y0, u.x1, u.y1))
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
		shapes = append(shapes, d.corridor(runs[best], u)...)
	}
	st := stroke{"#3d6aa8", 2.8, "9 5"}
	for _, s := range shapes {
		d.c.polygon(s, "none", st)
	}
	for _, s := range shapes {
		d.c.raw(`<polygon points="%s" fill="#ffffff"/>`+"\n", points(s))
	}
}

// rect is the rectangle between two corners.
func rect(x0, y0, x1, y1 float64) []pt {
	return []pt{{min(x0, x1), min(y0, y1)}, {max(x0, x1), min(y0, y1)}, {max(x0, x1), max(y0, y1)}, {min(x0, x1), max(y0, y1)}}
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

// corridor is the bands from run a (above or to the left) to run b, as
// rectangles: straight down where the runs overlap, else down from a into
// the space above b's row, across, and down into b. No band is slanted, so
// it never cuts across the lines from parents to children.
func (d *drawing) corridor(a, b run) [][]pt {
	l := d.l
	const w = corridorW / 2
	clamp := func(x float64, r run) float64 { return math.Min(math.Max(x, r.x0+corridorW), r.x1-corridorW) }
	if a.row == b.row {
		xa, xb := a.x1-corridorW, b.x0+corridorW
		y := a.y0 - 14
		return [][]pt{rect(xa-w, a.y0+8, xa+w, y-w), rect(xa-w, y-w, xb+w, y+w), rect(xb-w, y-w, xb+w, b.y0+8)}
	}
	target := (math.Max(a.x0, b.x0) + math.Min(a.x1, b.x1)) / 2
	xa, xb := clamp(target, a), clamp(target, b)
	// the rows between: pass each through a free column, straight down
	var out [][]pt
	x, y := xa, a.y1-8
	for r := a.row + 1; r < b.row; r++ {
		nx := d.freeX(r, (xa+xb)/2)
		top, bottom := l.cy(r)-sym/2-12, l.cy(r)+sym/2+labelsH+4
		mid := top - 10
		out = append(out, rect(x-w, y, x+w, mid+w), rect(x-w, mid-w, nx+w, mid+w))
		x, y = nx, mid-w
		out = append(out, rect(x-w, y, x+w, bottom+6))
		y = bottom + 6 - w
	}
	if math.Abs(x-xb) < 0.5 {
		return append(out, rect(x-w, y, x+w, b.y0+8))
	}
	// across just below the row above (under the names, above the bar
	// the children hang from), then straight down into b
	mid := y + 8 + w
	return append(out, rect(x-w, y, x+w, mid+w), rect(x-w, mid-w, xb+w, mid+w), rect(xb-w, mid-w, xb+w, b.y0+8))
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
