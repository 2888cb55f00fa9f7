package genogram

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

const (
	nodeW = 132.0
	nodeH = 76.0 // two lines of the name and three of the kind and persons
)

var strengthLabel = map[string]string{Strong: "強い関係", Normal: "普通の関係", Weak: "弱い関係", Stressful: "ストレス・対立のある関係"}

var directionLabel = map[string]string{ToHousehold: "相手から世帯へ支援", FromHousehold: "世帯から相手へ支援", Both: "双方向の支援"}

// ecoLayout is the ecomap placed on the page.
type ecoLayout struct {
	center pt
	radius float64
	nodes  []pt // centres of the connection boxes
	W, H   float64
	lines  []string // text in the centre circle
	// titleLines is how many of the lines are the title (drawn bold)
	titleLines int
	legend     []pt // the top left of each legend entry
}

func placeEcomap(e Ecomap) *ecoLayout {
	l := &ecoLayout{}
	l.lines = wrapLines(e.Title, 13, 150, 3)
	l.titleLines = len(l.lines)
	members := append([]Person(nil), e.Members...)
	for i, p := range members {
		if (p.ID == e.FocusID || e.FocusID == "" && p.Relationship == "本人") && i > 0 {
			members[0], members[i] = members[i], members[0]
		}
	}
	shown := min(len(members), 5)
	for _, p := range members[:shown] {
		s := p.Name
		if p.Deceased {
			s = "故 " + s
		} else if p.Age != nil {
			s += " " + strconv.Itoa(*p.Age) + "歳"
		}
		l.lines = append(l.lines, s)
	}
	if len(members) > shown {
		l.lines = append(l.lines, fmt.Sprintf("ほか%d人", len(members)-shown))
	}
	l.radius = max(72, float64(len(l.lines))*8+24)
	for l.radius < 400 && !l.linesFit() {
		l.radius += 4
	}
	n := len(e.Connections)
	rx, ry := l.radius+80+nodeW/2, l.radius+60+nodeH/2
	for range 80 {
		l.nodes = l.nodes[:0]
		for i := range n {
			a := -math.Pi/2 + 2*math.Pi*float64(i)/float64(n)
			l.nodes = append(l.nodes, pt{rx * math.Cos(a), ry * math.Sin(a)})
		}
		if !boxesOverlap(l.nodes, l.radius) {
			break
		}
		rx, ry = rx*1.07, ry*1.07
	}
	minX, minY, maxX, maxY := -l.radius, -l.radius, l.radius, l.radius
	for _, p := range l.nodes {
		minX, maxX = min(minX, p.X-nodeW/2), max(maxX, p.X+nodeW/2)
		minY, maxY = min(minY, p.Y-nodeH/2), max(maxY, p.Y+nodeH/2)
	}
	off := pt{margin - minX, margin - minY}
	l.center = off
	for i := range l.nodes {
		l.nodes[i] = pt{l.nodes[i].X + off.X, l.nodes[i].Y + off.Y}
	}
	l.W, l.H = maxX-minX+2*margin, maxY-minY+2*margin
	l.legendAt(len(e.Connections) > 0)
	return l
}

// boxesOverlap reports whether two connection boxes, or a box and the centre
// circle, come closer than 10 units.
func boxesOverlap(ns []pt, r float64) bool {
	for i, a := range ns {
		if math.Abs(a.X) < nodeW/2+r+10 && math.Abs(a.Y) < nodeH/2+r+10 {
			// the box's nearest point to the centre
			nx := math.Max(math.Abs(a.X)-nodeW/2, 0)
			ny := math.Max(math.Abs(a.Y)-nodeH/2, 0)
			if math.Hypot(nx, ny) < r+24 {
				return true
			}
		}
		for _, b := range ns[i+1:] {
			if math.Abs(a.X-b.X) < nodeW+10 && math.Abs(a.Y-b.Y) < nodeH+10 {
				return true
			}
		}
	}
	return false
}

// DrawEcomap draws the household in the centre and the organizations and
// resources around it.
func DrawEcomap(e Ecomap, o Options) Picture {
	if o.IDPrefix == "" {
		o.IDPrefix = "ecomap"
	}
	if o.MaxWidth == 0 {
		o.MaxWidth = defaultMaxWidth
	}
	l := placeEcomap(e)
	pic := Picture{Title: strings.TrimSpace(e.Title + " エコマップ")}
	pic.Desc = fmt.Sprintf("世帯を中心に、関わっている機関・資源・人%d件との関係を示します。線の太さと形が関係の強さ、矢印が支援の向きです。同じ内容を図の横に一覧で示します。", len(e.Connections))
	var c canvas
	c.header(o.IDPrefix, l.W, l.H, o.MaxWidth, pic.Title, pic.Desc)
	for i, cn := range e.Connections {
		n := l.nodes[i]
		u := unit(l.center, n)
		a := pt{l.center.X + u.X*(l.radius+2), l.center.Y + u.Y*(l.radius+2)}
		tie(&c, a, boxEdge(n, pt{-u.X, -u.Y}), cn.Strength, cn.Direction)
	}
	c.raw(`<circle cx="%s" cy="%s" r="%s" fill="#ffffff" stroke="%s" stroke-width="2.2"/>`+"\n", num(l.center.X), num(l.center.Y), num(l.radius), ink)
	for i, s := range l.lines {
		size, bold := l.lineSize(i)
		y := l.lineY(i)
		half := math.Sqrt(math.Max(l.radius*l.radius-(y-l.center.Y)*(y-l.center.Y), 0))
		c.text(pt{l.center.X, y}, size, "middle", ink, fit(s, size, 2*half-16), bold)
	}
	for i, cn := range e.Connections {
		n := l.nodes[i]
		tip := cn.Name
		if cn.Note != "" {
			tip += "（" + cn.Note + "）"
		}
		c.raw("<g>\n<title>%s</title>\n", esc(tip))
		c.raw(`<rect x="%s" y="%s" width="%s" height="%s" rx="8" fill="#ffffff" stroke="%s" stroke-width="1.5"/>`+"\n",
			num(n.X-nodeW/2), num(n.Y-nodeH/2), num(nodeW), num(nodeH), ink)
		sub := cn.Kind
		if len(cn.Persons) > 0 {
			sub = strings.TrimSpace(sub + " " + strings.Join(cn.Persons, "・"))
		}
		// long names and kinds go on more lines (all of it is in the title)
		names := wrapLines(cn.Name, 12, nodeW-12, 2)
		var subs []string
		if sub != "" {
			subs = wrapLines(sub, 10, nodeW-12, 3)
		}
		y := n.Y - float64(14*len(names)+12*len(subs))/2 + 11
		for _, ln := range names {
			c.text(pt{n.X, y}, 12, "middle", ink, ln, true)
			y += 14
		}
		for _, ln := range subs {
			c.text(pt{n.X, y}, 10, "middle", "#444444", ln, false)
			y += 12
		}
		c.raw("</g>\n")
		item := cn.Name
		if cn.Kind != "" {
			item += "（" + cn.Kind + "）"
		}
		parts := []string{strengthLabel[cn.Strength]}
		if parts[0] == "" {
			parts[0] = strengthLabel[Normal]
		}
		if d := directionLabel[cn.Direction]; d != "" {
			parts = append(parts, d)
		}
		if len(cn.Persons) > 0 {
			parts = append(parts, "対象: "+strings.Join(cn.Persons, "、"))
		} else {
			parts = append(parts, "対象: 世帯全体")
		}
		if cn.Note != "" {
			parts = append(parts, "メモ: "+cn.Note)
		}
		pic.Items = append(pic.Items, item+": "+strings.Join(parts, "・"))
	}
	if len(e.Omitted) > 0 {
		pic.Items = append(pic.Items, "図に載せきれない相手（支援経過の記録から）: "+strings.Join(e.Omitted, "、"))
	}
	l.drawLegend(&c)
	c.raw("</svg>\n")
	pic.SVG = c.b.String()
	return pic
}

// boxEdge is where a ray from the box centre n in direction u leaves the box.
func boxEdge(n, u pt) pt {
	tx, ty := math.Inf(1), math.Inf(1)
	if u.X != 0 {
		tx = (nodeW/2 + 2) / math.Abs(u.X)
	}
	if u.Y != 0 {
		ty = (nodeH/2 + 2) / math.Abs(u.Y)
	}
	t := math.Min(tx, ty)
	return pt{n.X + u.X*t, n.Y + u.Y*t}
}

// arrow draws a head with its tip at p pointing along u.
func arrow(c *canvas, p, u pt, size float64, color string) {
	n := pt{-u.Y, u.X}
	back := pt{p.X - u.X*size, p.Y - u.Y*size}
	w := size * 0.45
	c.polygon([]pt{p, {back.X + n.X*w, back.Y + n.Y*w}, {back.X - n.X*w, back.Y - n.Y*w}}, color, stroke{color, 1, ""})
}

// wrapLines splits s into at most max lines of the width, preferring a
// break at a space; what does not fit on the last line ends in "…".
func wrapLines(s string, size, width float64, max int) []string {
	var out []string
	rs := []rune(strings.TrimSpace(s))
	for len(rs) > 0 {
		if len(out) == max-1 || textWidth(string(rs), size) <= width {
			return append(out, fit(string(rs), size, width))
		}
		cut := 0
		for n := 1; n <= len(rs); n++ {
			if textWidth(string(rs[:n]), size) > width {
				break
			}
			cut = n
		}
		if cut == 0 {
			return append(out, fit(string(rs), size, width))
		}
		for n := cut; n > cut/2; n-- { // a space near the end of the line
			if rs[n] == ' ' || rs[n] == '　' || rs[n-1] == '・' || rs[n-1] == '、' {
				cut = n
				break
			}
		}
		if rest := len(rs) - cut; rest <= 2 && cut > 4 && len(out) == max-2 {
			cut -= 2 // no last line of one or two characters (「援）」)
		}
		out = append(out, strings.TrimSpace(string(rs[:cut])))
		rs = []rune(strings.TrimSpace(string(rs[cut:])))
	}
	return out
}

// lineSize is the font size of line i of the centre circle: the title 13
// and bold, the members 12.
func (l *ecoLayout) lineSize(i int) (float64, bool) {
	if i < l.titleLines {
		return 13, true
	}
	return 12, false
}

// lineY is the baseline of line i of the centre circle.
func (l *ecoLayout) lineY(i int) float64 {
	return l.center.Y - float64(len(l.lines)-1)*8 + 4 + float64(i)*16
}

// linesFit reports whether every line of the centre circle fits inside it
// at its height (with the circle centred at 0 while placing).
func (l *ecoLayout) linesFit() bool {
	for i, s := range l.lines {
		size, _ := l.lineSize(i)
		dy := -float64(len(l.lines)-1)*8 + 4 + float64(i)*16
		dy = math.Abs(dy) + size*0.8
		if dy >= l.radius || textWidth(s, size) > 2*math.Sqrt(l.radius*l.radius-dy*dy)-16 {
			return false
		}
	}
	return true
}
