package genogram

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

var sexLabel = map[string]string{Male: "男性", Female: "女性", Other: "その他", Unknown: "性別不明", "": "性別不明"}

// qualityStyle is how a relationship quality is drawn: 親密 double, 疎遠
// dashed, 敵対 zigzag, 遮断 a line with a bar across.
var qualityStyle = map[string]struct{ style, color string }{
	Close: {"double", "#1e7b34"}, Distant: {"dashed", "#6b6b6b"}, Hostile: {"zigzag", "#b3261e"}, Cutoff: {"bar", "#333333"},
}

const ink = "#222222"

// Genogram draws the family and lists the same facts as text.
func Genogram(in Family, o Options) Picture {
	if o.IDPrefix == "" {
		o.IDPrefix = "genogram"
	}
	if o.MaxWidth == 0 {
		o.MaxWidth = defaultMaxWidth
	}
	f := resolve(in)
	l := place(f)
	d := &drawing{l: l, f: f, o: o, level: map[int]int{}, overY: map[[2]int]float64{}}
	pic := Picture{Title: strings.TrimSpace(in.Title + " ジェノグラム"), Items: textItems(in, f)}
	cohab := 0
	for _, p := range in.People {
		if p.Cohabiting && !p.Outside {
			cohab++
		}
	}
	pic.Desc = fmt.Sprintf("%d人・%d世代の家族図。同居%d人。", len(in.People), f.rows, cohab)
	if f.focus >= 0 {
		pic.Desc += "中心の方: " + in.People[f.focus].Name + "。"
	}
	pic.Desc += "同じ内容を図の横に一覧で示します。"
	d.c.header(o.IDPrefix, l.W, l.H, o.MaxWidth, pic.Title, pic.Desc)
	d.enclosure()
	d.partners()
	d.children()
	d.qualities()
	for i := range f.people {
		d.person(i)
	}
	d.c.raw("</svg>\n")
	pic.SVG = d.c.b.String()
	return pic
}

type drawing struct {
	c     canvas
	l     *layout
	f     *family
	o     Options
	level map[int]int // routed lines above each row so far
	// overY is the height of the line over the row between partners with
	// others between them; their children hang from it.
	overY map[[2]int]float64
}

func (d *drawing) p(i int) pt { return pt{d.l.x[i], d.l.y[i]} }

// adjacent reports whether nobody stands between a and b in their row.
func (d *drawing) adjacent(a, b int) bool {
	lo, hi := min(d.l.x[a], d.l.x[b]), max(d.l.x[a], d.l.x[b])
	for i := range d.f.people {
		if i != a && i != b && d.f.gen[i] == d.f.gen[a] && d.l.x[i] > lo && d.l.x[i] < hi {
			return false
		}
	}
	return true
}

// route is the path between a and b: straight between neighbours of a
// row (at height dy from the centres), over the row for others, and
// between the symbol edges across rows.
func (d *drawing) route(a, b int, dy float64) []pt {
	pa, pb := d.p(a), d.p(b)
	if d.f.gen[a] == d.f.gen[b] {
		if pa.X > pb.X {
			pa, pb = pb, pa
		}
		if d.adjacent(a, b) {
			return []pt{{pa.X + sym/2 + 3, pa.Y + dy}, {pb.X - sym/2 - 3, pb.Y + dy}}
		}
		r := d.f.gen[a]
		k := d.level[r] % 4
		d.level[r]++
		y := pa.Y - sym/2 - 8 - 5*float64(k)
		return []pt{{pa.X, pa.Y - sym/2 - 2}, {pa.X, y}, {pb.X, y}, {pb.X, pb.Y - sym/2 - 2}}
	}
	// Across rows: from under the upper person's labels to the top of the
	// lower symbol, beside the lines to the children.
	if pa.Y > pb.Y {
		pa, pb = pb, pa
	}
	ox := 14.0
	lo := -10.0
	if pb.X < pa.X-1 {
		ox, lo = -14, 10
	} else if pb.X < pa.X+1 {
		lo = 14
	}
	return []pt{{pa.X + ox, pa.Y + sym/2 + labelsH - 4}, {pb.X + lo, pb.Y - sym/2 - 3}}
}

func (d *drawing) partners() {
	for _, e := range d.f.partners {
		ps := d.route(e.a, e.b, 0)
		if len(ps) == 4 {
			d.overY[[2]int{min(e.a, e.b), max(e.a, e.b)}] = ps[1].Y
		}
		s := stroke{ink, 1.8, ""}
		switch e.kind {
		case Cohabitation:
			s.Dash = "7 4"
		case "implied":
			s = stroke{"#777777", 1.2, "2 3"}
		}
		d.c.polyline(ps, s)
		a, b := longest(ps)
		m := pt{(a.X + b.X) / 2, (a.Y + b.Y) / 2}
		u := unit(a, b)
		var at []float64
		switch e.kind {
		case Divorce:
			at = []float64{-12, -6}
		case Separation:
			at = []float64{-9}
		}
		for _, t := range at {
			q := pt{m.X + u.X*t, m.Y + u.Y*t}
			d.c.line(pt{q.X - 4, q.Y + 7}, pt{q.X + 4, q.Y - 7}, stroke{ink, 1.8, ""})
		}
	}
}

// dropFrom is where the line to the children of unit u starts.
func (d *drawing) dropFrom(u []int) pt {
	if len(u) == 2 && d.adjacent(u[0], u[1]) {
		return pt{d.l.anchor(u), d.l.y[u[0]]}
	}
	if len(u) == 2 {
		if y, ok := d.overY[[2]int{min(u[0], u[1]), max(u[0], u[1])}]; ok {
			if x, ok := d.l.farGap(u[0], u[1]); ok {
				return pt{x, y}
			}
		}
	}
	return pt{d.l.anchor(u), d.l.y[u[0]] + sym/2 + labelsH - 2}
}

func (d *drawing) children() {
	f, l := d.f, d.l
	for r, gs := range l.rows {
		for _, g := range gs {
			if len(g.children) == 0 || (g.unit == nil && len(g.children) < 2) {
				continue
			}
			kids := slices.Clone(g.children)
			slices.SortFunc(kids, func(a, b int) int { return cmpF(l.x[a], l.x[b]) })
			barY := l.cy(r) - sym/2 - 20
			// Twins hang from one point.
			from := make([]float64, len(kids))
			for i := 0; i < len(kids); {
				j := i + 1
				for j < len(kids) && f.twins(kids[i], kids[j]) {
					j++
				}
				x := (l.x[kids[i]] + l.x[kids[j-1]]) / 2
				for k := i; k < j; k++ {
					from[k] = x
				}
				i = j
			}
			lo, hi := from[0], from[len(from)-1]
			if g.unit != nil {
				a := d.dropFrom(g.unit)
				lo, hi = min(lo, a.X), max(hi, a.X)
				d.c.line(a, pt{a.X, barY}, stroke{ink, 1.5, ""})
			}
			if hi > lo {
				d.c.line(pt{lo, barY}, pt{hi, barY}, stroke{ink, 1.5, ""})
			}
			for i, c := range kids {
				s := stroke{ink, 1.5, ""}
				for _, p := range g.unit {
					if f.adopted[[2]int{p, c}] {
						s.Dash = "5 3"
					}
				}
				d.c.line(pt{from[i], barY}, pt{l.x[c], l.y[c] - sym/2 - 1}, s)
			}
		}
	}
	// Parents who are not the unit a child hangs from: a dotted line.
	for c, ps := range f.parents {
		u := f.unit(c)
		for _, p := range ps {
			if slices.Contains(u, p) {
				continue
			}
			st := stroke{"#777777", 1.2, "2 3"}
			if f.adopted[[2]int{p, c}] {
				st.Dash = "5 3"
			}
			d.c.polyline(d.route(p, c, 0), st)
		}
	}
}

func (d *drawing) qualities() {
	for _, e := range d.f.quality {
		qs, ok := qualityStyle[e.quality]
		if !ok {
			continue
		}
		d.c.styled(d.route(e.a, e.b, -12), qs.style, qs.color, 1.5)
	}
}

func (d *drawing) person(i int) {
	p, c := d.f.people[i], d.p(i)
	cross := p.Deceased && d.o.Deceased != DeceasedFilled
	fill, textFill := "#ffffff", ink
	if p.Deceased && !cross {
		fill, textFill = "#555555", "#ffffff"
	}
	d.c.raw("<g>\n<title>%s</title>\n", esc(p.Name))
	shape := func(grow float64, fill string, w float64) {
		h := sym/2 + grow
		s := stroke{ink, w, ""}
		switch p.Sex {
		case Male:
			d.c.raw(`<rect x="%s" y="%s" width="%s" height="%s" fill="%s"%s/>`+"\n", num(c.X-h), num(c.Y-h), num(2*h), num(2*h), fill, s.attrs())
		case Female:
			d.c.raw(`<circle cx="%s" cy="%s" r="%s" fill="%s"%s/>`+"\n", num(c.X), num(c.Y), num(h), fill, s.attrs())
		default:
			h += 3
			d.c.polygon([]pt{{c.X, c.Y - h}, {c.X + h, c.Y}, {c.X, c.Y + h}, {c.X - h, c.Y}}, fill, s)
		}
	}
	if i == d.f.focus {
		shape(4, "#ffffff", 1.6)
	}
	shape(0, fill, 1.8)
	if cross {
		r := sym/2 + 2
		d.c.line(pt{c.X - r, c.Y - r}, pt{c.X + r, c.Y + r}, stroke{ink, 1.6, ""})
		d.c.line(pt{c.X + r, c.Y - r}, pt{c.X - r, c.Y + r}, stroke{ink, 1.6, ""})
	}
	if p.Age != nil && !cross {
		d.c.text(pt{c.X, c.Y + 5}, 13, "middle", textFill, strconv.Itoa(*p.Age), false)
	}
	w := colW - 8
	d.c.text(pt{c.X, c.Y + sym/2 + 15}, 12, "middle", ink, fit(p.Name, 12, w), i == d.f.focus)
	second := p.Relationship
	if p.Outside {
		second += "（世帯外）"
	}
	if cross && p.Age != nil {
		second += " " + strconv.Itoa(*p.Age) + "歳没"
	}
	if second = strings.TrimSpace(second); second != "" {
		d.c.text(pt{c.X, c.Y + sym/2 + 29}, 10, "middle", "#444444", fit(second, 10, w), false)
	}
	if len(p.Roles) > 0 {
		d.c.text(pt{c.X, c.Y + sym/2 + 42}, 10, "middle", "#8a1c1c", fit(strings.Join(p.Roles, "・"), 10, w), false)
	}
	d.c.raw("</g>\n")
}
