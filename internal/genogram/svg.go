package genogram

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// pt is a point in user units.
type pt struct{ X, Y float64 }

// canvas writes SVG elements with presentation attributes only (no style
// attributes or elements: the CSP forbids them).
type canvas struct{ b strings.Builder }

func num(f float64) string {
	return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64)
}

func esc(s string) string { return html.EscapeString(s) }

func (c *canvas) raw(format string, args ...any) { fmt.Fprintf(&c.b, format, args...) }

// stroke is how a line is drawn.
type stroke struct {
	Color string
	Width float64
	Dash  string
}

func (s stroke) attrs() string {
	a := fmt.Sprintf(` stroke="%s" stroke-width="%s"`, s.Color, num(s.Width))
	if s.Dash != "" {
		a += ` stroke-dasharray="` + s.Dash + `"`
	}
	return a
}

func (c *canvas) line(a, b pt, s stroke) {
	c.raw(`<line x1="%s" y1="%s" x2="%s" y2="%s"%s/>`+"\n", num(a.X), num(a.Y), num(b.X), num(b.Y), s.attrs())
}

func (c *canvas) polyline(ps []pt, s stroke) {
	if len(ps) == 2 {
		c.line(ps[0], ps[1], s)
		return
	}
	c.raw(`<polyline points="%s" fill="none"%s stroke-linejoin="round"/>`+"\n", points(ps), s.attrs())
}

func (c *canvas) polygon(ps []pt, fill string, s stroke) {
	c.raw(`<polygon points="%s" fill="%s"%s/>`+"\n", points(ps), fill, s.attrs())
}

func points(ps []pt) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = num(p.X) + "," + num(p.Y)
	}
	return strings.Join(parts, " ")
}

// text writes one line of text; anchor is start, middle or end.
func (c *canvas) text(p pt, size float64, anchor, fill, s string, bold bool) {
	w := ""
	if bold {
		w = ` font-weight="bold"`
	}
	c.raw(`<text x="%s" y="%s" font-size="%s" text-anchor="%s" fill="%s"%s>%s</text>`+"\n",
		num(p.X), num(p.Y), num(size), anchor, fill, w, esc(s))
}

// textWidth estimates the width of s: full width for kana and kanji, a
// little over half for ASCII. Labels are cut to fit with it, and the tests
// use it to check that text stays inside the picture.
func textWidth(s string, size float64) float64 {
	w := 0.0
	for _, r := range s {
		if r < 0x80 || (r >= 0xff61 && r <= 0xff9f) {
			w += 0.62 * size
		} else {
			w += size
		}
	}
	return w
}

// fit cuts s to at most width, ending it with "…" when cut.
func fit(s string, size, width float64) string {
	if textWidth(s, size) <= width {
		return s
	}
	rs := []rune(s)
	for n := len(rs) - 1; n > 0; n-- {
		t := string(rs[:n]) + "…"
		if textWidth(t, size) <= width {
			return t
		}
	}
	if utf8.RuneCountInString(s) == 0 {
		return ""
	}
	return "…"
}

// styled draws a path ps in the line style of a relation quality or an
// ecomap strength: plain, dashed, double, zigzag, or with a bar across.
func (c *canvas) styled(ps []pt, style string, color string, width float64) {
	switch style {
	case "double":
		c.polyline(offset(ps, 2.5), stroke{color, width, ""})
		c.polyline(offset(ps, -2.5), stroke{color, width, ""})
	case "triple":
		c.polyline(ps, stroke{color, width, ""})
		c.polyline(offset(ps, 4), stroke{color, width, ""})
		c.polyline(offset(ps, -4), stroke{color, width, ""})
	case "dashed":
		c.polyline(ps, stroke{color, width, "6 4"})
	case "dotted":
		c.polyline(ps, stroke{color, width, "2 3"})
	case "zigzag":
		c.polyline(zigzag(ps, 8, 4), stroke{color, width, ""})
	case "bar":
		c.polyline(ps, stroke{color, width, ""})
		a, b := longest(ps)
		m := pt{(a.X + b.X) / 2, (a.Y + b.Y) / 2}
		n := normal(a, b)
		for _, d := range []float64{-3, 3} {
			t := unit(a, b)
			q := pt{m.X + t.X*d, m.Y + t.Y*d}
			c.line(pt{q.X + n.X*8, q.Y + n.Y*8}, pt{q.X - n.X*8, q.Y - n.Y*8}, stroke{color, width + 0.5, ""})
		}
	default:
		c.polyline(ps, stroke{color, width, ""})
	}
}

func unit(a, b pt) pt {
	dx, dy := b.X-a.X, b.Y-a.Y
	l := math.Hypot(dx, dy)
	if l == 0 {
		return pt{1, 0}
	}
	return pt{dx / l, dy / l}
}

func normal(a, b pt) pt { u := unit(a, b); return pt{-u.Y, u.X} }

func longest(ps []pt) (pt, pt) {
	bi, bl := 0, -1.0
	for i := 0; i+1 < len(ps); i++ {
		if l := math.Hypot(ps[i+1].X-ps[i].X, ps[i+1].Y-ps[i].Y); l > bl {
			bi, bl = i, l
		}
	}
	return ps[bi], ps[bi+1]
}

// offset moves a polyline sideways by d (mitred at the corners).
func offset(ps []pt, d float64) []pt {
	out := make([]pt, len(ps))
	for i := range ps {
		var n pt
		switch {
		case i == 0:
			n = normal(ps[0], ps[1])
		case i == len(ps)-1:
			n = normal(ps[i-1], ps[i])
		default:
			n1, n2 := normal(ps[i-1], ps[i]), normal(ps[i], ps[i+1])
			k := 1 + n1.X*n2.X + n1.Y*n2.Y
			if k < 0.2 {
				k = 0.2
			}
			n = pt{(n1.X + n2.X) / k, (n1.Y + n2.Y) / k}
		}
		out[i] = pt{ps[i].X + n.X*d, ps[i].Y + n.Y*d}
	}
	return out
}

// zigzag turns each segment of ps into teeth of the given wavelength and
// amplitude, keeping the end points.
func zigzag(ps []pt, wave, amp float64) []pt {
	out := []pt{ps[0]}
	for i := 0; i+1 < len(ps); i++ {
		a, b := ps[i], ps[i+1]
		l := math.Hypot(b.X-a.X, b.Y-a.Y)
		u, n := unit(a, b), normal(a, b)
		k := int(l / (wave / 2))
		if k < 2 {
			out = append(out, b)
			continue
		}
		step := l / float64(k)
		for j := 1; j < k; j++ {
			s := amp
			if j%2 == 0 {
				s = -amp
			}
			d := step * float64(j)
			out = append(out, pt{a.X + u.X*d + n.X*s, a.Y + u.Y*d + n.Y*s})
		}
		out = append(out, b)
	}
	return out
}

// displayScale is how many CSS pixels one unit of the drawing takes.
const displayScale = 1.5

// header opens the svg element with its accessible name and description.
func (c *canvas) header(prefix string, w, h, maxW float64, title, desc string) {
	// drawn half as large again as its user units (names of 12 units show
	// at 18 px), but never wider than maxW; the viewBox lets the page scale it
	dw, dh := w*displayScale, h*displayScale
	if maxW > 0 && dw > maxW {
		dw, dh = maxW, h*maxW/w
	}
	c.raw(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %s %s" width="%s" height="%s" role="img" aria-labelledby="%s-title %s-desc" font-family="sans-serif">`+"\n",
		num(w), num(h), num(dw), num(dh), prefix, prefix)
	c.raw(`<title id="%s-title">%s</title>`+"\n", prefix, esc(title))
	c.raw(`<desc id="%s-desc">%s</desc>`+"\n", prefix, esc(desc))
	c.raw(`<rect x="0" y="0" width="%s" height="%s" fill="#ffffff"/>`+"\n", num(w), num(h))
}
