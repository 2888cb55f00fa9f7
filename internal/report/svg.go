package report

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"
)

// Charts are drawn on the server as SVG: role="img" with a <title> and a
// <desc>, colours as presentation attributes (the content security policy
// forbids style attributes), and the same numbers in a table beside them.

// Palette is the series colours, distinguishable and dark enough for white
// text contrast on the legend swatches.
var Palette = []string{"#1A4D8F", "#B45309", "#15803D", "#7E22CE", "#4B5563", "#B91C1C"}

const textColor = "#1A1A1A"

func esc(s string) string { return template.HTMLEscapeString(s) }

func svgOpen(b *strings.Builder, id, title, desc string, w, h int) {
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="100%%" role="img" aria-labelledby="%s-title %s-desc" focusable="false">`, w, h, esc(id), esc(id))
	fmt.Fprintf(b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, esc(id), esc(title), esc(id), esc(desc))
}

// BarChart draws horizontal bars, one per item, with the value beside each.
func BarChart(id, title, unit string, items []Count) template.HTML {
	const w, labelW, barW, rowH = 640, 220, 340, 30
	h := 16 + rowH*max(len(items), 1)
	var maxV int64 = 1
	var parts []string
	for _, it := range items {
		maxV = max(maxV, it.Value)
		parts = append(parts, it.Label+" "+strconv.FormatInt(it.Value, 10)+unit)
	}
	var b strings.Builder
	svgOpen(&b, id, title, strings.Join(parts, "、"), w, h)
	for i, it := range items {
		y := 8 + i*rowH
		bw := int(it.Value * barW / maxV)
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" font-size="14" fill="%s">%s</text>`, labelW-8, y+19, textColor, esc(it.Label))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="%s"><title>%s</title></rect>`, labelW, y+4, bw, rowH-10, Palette[0], esc(it.Label+" "+strconv.FormatInt(it.Value, 10)+unit))
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="14" fill="%s">%s</text>`, labelW+bw+6, y+19, textColor, esc(strconv.FormatInt(it.Value, 10)+unit))
	}
	if len(items) == 0 {
		fmt.Fprintf(&b, `<text x="8" y="28" font-size="14" fill="%s">データがありません</text>`, textColor)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// MonthChart draws one stacked bar per month with a segment per row and a
// legend below.
func MonthChart(id, title, unit string, months []string, rows []Row) template.HTML {
	const w, h, left, top, plotH, plotW = 640, 300, 52, 16, 200, 572
	totals := make([]int64, len(months))
	for _, r := range rows {
		for i := range months {
			if i < len(r.Months) {
				totals[i] += r.Months[i]
			}
		}
	}
	maxV := int64(1)
	var parts []string
	for i, m := range months {
		maxV = max(maxV, totals[i])
		parts = append(parts, monthLabel(m)+" "+strconv.FormatInt(totals[i], 10)+unit)
	}
	maxV = niceCeil(maxV)
	var b strings.Builder
	svgOpen(&b, id, title, "月別の合計: "+strings.Join(parts, "、")+"。分野別の内訳は横の表にあります。", w, h)
	for _, f := range []int64{0, maxV / 2, maxV} {
		y := top + plotH - int(f*plotH/maxV)
		fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#B0B0B0" stroke-width="1"/>`, left, y, left+plotW, y)
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" font-size="12" fill="%s">%d</text>`, left-6, y+4, textColor, f)
	}
	slot := plotW / max(len(months), 1)
	for i, m := range months {
		x := left + i*slot + slot/5
		y := top + plotH
		for k, r := range rows {
			if i >= len(r.Months) || r.Months[i] == 0 {
				continue
			}
			hgt := int(r.Months[i] * plotH / maxV)
			y -= hgt
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="%s"><title>%s</title></rect>`, x, y, slot*3/5, hgt, Palette[k%len(Palette)],
				esc(monthLabel(m)+" "+r.Label+" "+strconv.FormatInt(r.Months[i], 10)+unit))
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" font-size="12" fill="%s">%s</text>`, x+slot*3/10, top+plotH+16, textColor, esc(monthLabel(m)))
	}
	for k, r := range rows {
		x := left + (k%4)*140
		y := top + plotH + 34 + (k/4)*20
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="12" height="12" fill="%s"/>`, x, y, Palette[k%len(Palette)])
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" fill="%s">%s</text>`, x+16, y+11, textColor, esc(r.Label))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func monthLabel(m string) string {
	if len(m) < 7 {
		return m
	}
	n, _ := strconv.Atoi(m[5:7])
	return strconv.Itoa(n) + "月"
}

// niceCeil rounds up to 1, 2 or 5 times a power of ten.
func niceCeil(v int64) int64 {
	p := int64(1)
	for p*10 <= v {
		p *= 10
	}
	for _, f := range []int64{1, 2, 5, 10} {
		if f*p >= v {
			return f * p
		}
	}
	return 10 * p
}
