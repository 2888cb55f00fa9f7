package web

import (
	"bytes"
	"sort"
	"strings"
)

// ErrItem is one line of a form's error summary.
type ErrItem struct {
	Field, Msg string
}

// ErrorItems lists the field errors in the order the fields appear on the
// page (found by a first rendering, see orderErrors), so the summary reads
// like the form. Fields that are not on the page come last, by name.
func (p *Page) ErrorItems() []ErrItem {
	out := make([]ErrItem, 0, len(p.Errors))
	for k, v := range p.Errors {
		out = append(out, ErrItem{k, v})
	}
	sort.SliceStable(out, func(i, j int) bool {
		pi, iok := p.errorPos[out[i].Field]
		pj, jok := p.errorPos[out[j].Field]
		switch {
		case iok && jok && pi != pj:
			return pi < pj
		case iok != jok:
			return iok
		}
		return out[i].Field < out[j].Field
	})
	return out
}

// SummaryRepeats reports whether the summary's message only repeats one of
// the field messages listed under it (it is then not shown twice).
func (p *Page) SummaryRepeats() bool {
	if strings.HasPrefix(p.ErrorSummary, "入力内容に誤りがあります") {
		return true // the title says it already
	}
	for _, v := range p.Errors {
		if v == p.ErrorSummary {
			return true
		}
	}
	return false
}

// orderErrors finds where each field with an error sits in a rendered page.
func (p *Page) orderErrors(html []byte) {
	p.errorPos = map[string]int{}
	for k := range p.Errors {
		if i := bytes.Index(html, []byte(`id="f-`+k+`"`)); i >= 0 {
			p.errorPos[k] = i
		}
	}
}
