package genogram

// The lines of the ecomap and their legend under the picture.

const (
	legendW = 160.0 // one entry: a sample line and its label
	legendH = 22.0
)

// legendEntries are the samples: strengths, then the arrow.
var legendEntries = []struct{ strength, direction, label string }{
	{Strong, NoDirection, "強い"},
	{Normal, NoDirection, "普通"},
	{Weak, NoDirection, "弱い"},
	{Stressful, NoDirection, "ストレス・対立"},
	{Normal, FromHousehold, "支援の向き（矢印）"},
}

// tie draws the line from a (at the household) to b (at the counterpart)
// in the style of its strength — strong a thick line, normal a line, weak
// dashed, stressful a red zigzag — with arrow heads in the direction of
// support.
func tie(c *canvas, a, b pt, strength, direction string) {
	u := unit(a, b)
	color, width, style := ink, 1.8, "plain"
	switch strength {
	case Strong:
		width = 4.5
	case Weak:
		style = "dashed"
	case Stressful:
		color, style = "#b3261e", "zigzag"
	}
	head := 11 + width
	la, lb := a, b
	if direction == ToHousehold || direction == Both {
		la = pt{a.X + u.X*head, a.Y + u.Y*head}
	}
	if direction == FromHousehold || direction == Both {
		lb = pt{b.X - u.X*head, b.Y - u.Y*head}
	}
	c.styled([]pt{la, lb}, style, color, width)
	if direction == ToHousehold || direction == Both {
		arrow(c, a, pt{-u.X, -u.Y}, head, color)
	}
	if direction == FromHousehold || direction == Both {
		arrow(c, b, u, head, color)
	}
}

// legendAt places the legend under the map, widening the picture when it
// is narrower than one entry. No legend without connections.
func (l *ecoLayout) legendAt(show bool) {
	if !show {
		return
	}
	if need := legendW + 2*margin; l.W < need {
		dx := (need - l.W) / 2
		l.center.X += dx
		for i := range l.nodes {
			l.nodes[i].X += dx
		}
		l.W = need
	}
	cols := max(1, int((l.W-2*margin)/legendW))
	top := l.H - margin + 14
	for i := range legendEntries {
		r, k := i/cols, i%cols
		l.legend = append(l.legend, pt{margin + float64(k)*legendW, top + float64(r)*legendH})
	}
	rows := (len(legendEntries) + cols - 1) / cols
	l.H = top + float64(rows)*legendH + margin
}

func (l *ecoLayout) drawLegend(c *canvas) {
	if len(l.legend) == 0 {
		return
	}
	c.raw("<g>\n<title>線の見かた</title>\n")
	c.line(pt{margin, l.legend[0].Y - 8}, pt{l.W - margin, l.legend[0].Y - 8}, stroke{"#cccccc", 1, ""})
	for i, e := range legendEntries {
		p := l.legend[i]
		tie(c, pt{p.X, p.Y + 8}, pt{p.X + 40, p.Y + 8}, e.strength, e.direction)
		c.text(pt{p.X + 48, p.Y + 12}, 11, "start", ink, fit(e.label, 11, legendW-54), false)
	}
	c.raw("</g>\n")
}
