package genogram

import (
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

type box struct{ x0, y0, x1, y1 float64 }

func (a box) overlaps(b box) bool { return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1 }

// checkSVG parses the picture and checks that it is well formed, uses no
// style attribute or element, keeps every text inside the viewBox and lets
// no two texts overlap.
func checkSVG(t *testing.T, svg string) {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(svg))
	var vb box
	var texts []box
	var labels []string
	var cur *xml.StartElement
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not XML: %v", err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			attr := map[string]string{}
			for _, a := range e.Attr {
				attr[a.Name.Local] = a.Value
			}
			if e.Name.Local == "style" || attr["style"] != "" {
				t.Fatalf("style in the SVG (the CSP forbids it)")
			}
			switch e.Name.Local {
			case "svg":
				var w, h float64
				fmt.Sscanf(attr["viewBox"], "0 0 %g %g", &w, &h)
				vb = box{0, 0, w, h}
				if dw, _ := strconv.ParseFloat(attr["width"], 64); dw > 1040.01 {
					t.Errorf("width %v wider than the card of a 1366 px screen", dw)
				}
				if attr["role"] != "img" {
					t.Errorf("no role=img")
				}
			case "text":
				e := e
				cur = &e
			}
		case xml.CharData:
			if cur == nil {
				continue
			}
			attr := map[string]string{}
			for _, a := range cur.Attr {
				attr[a.Name.Local] = a.Value
			}
			x, _ := strconv.ParseFloat(attr["x"], 64)
			y, _ := strconv.ParseFloat(attr["y"], 64)
			size, _ := strconv.ParseFloat(attr["font-size"], 64)
			w := textWidth(string(e), size)
			x0 := x
			switch attr["text-anchor"] {
			case "middle":
				x0 = x - w/2
			case "end":
				x0 = x - w
			}
			b := box{x0, y - size*0.88, x0 + w, y + size*0.12}
			if b.x0 < vb.x0 || b.y0 < vb.y0 || b.x1 > vb.x1 || b.y1 > vb.y1 {
				t.Errorf("text %q at %v outside the viewBox %v", string(e), b, vb)
			}
			for i, o := range texts {
				if o.overlaps(b) {
					t.Errorf("texts %q and %q overlap", labels[i], string(e))
				}
			}
			texts, labels = append(texts, b), append(labels, string(e))
			cur = nil
		}
	}
	if vb.x1 == 0 {
		t.Fatal("no viewBox")
	}
}

// randomFamily makes a household of n people over up to 4 generations with
// parents, partners (some divorced or separated), siblings, twins and
// relationship qualities.
func randomFamily(r *rand.Rand, n int) Family {
	f := Family{Title: "生成世帯"}
	gens := make([][]int, 4)
	rels := []string{"祖父", "父", "本人", "子"}
	sexes := []string{Male, Female, Other, Unknown}
	for i := range n {
		g := r.IntN(4)
		if i == 0 {
			g = 2
		}
		year := 1935 + g*25 + r.IntN(15)
		bd := fmt.Sprintf("%d-%02d-%02d", year, 1+r.IntN(12), 1+r.IntN(28))
		if r.IntN(6) == 0 && len(gens[g]) > 0 {
			bd = f.People[gens[g][0]].BirthDate // a twin
		}
		name := strings.Repeat("山", 1+r.IntN(3)) + " " + strings.Repeat("花", 1+r.IntN(6))
		p := Person{ID: "p" + strconv.Itoa(i), Name: name, Sex: sexes[r.IntN(4)], BirthDate: bd, Age: age(2026 - year),
			Relationship: rels[g], Cohabiting: r.IntN(3) > 0, Deceased: r.IntN(8) == 0, Roles: []string{"主たる介護者", "キーパーソン"}[:r.IntN(3)]}
		if r.IntN(5) == 0 {
			p.Relationship = ""
		}
		f.People = append(f.People, p)
		gens[g] = append(gens[g], i)
	}
	id := func(i int) string { return "p" + strconv.Itoa(i) }
	kinds := []string{Marriage, Marriage, Divorce, Separation, Cohabitation}
	quals := []string{"", "", Close, Distant, Hostile, Cutoff}
	for g := range gens {
		for k, i := range gens[g] {
			if k+1 < len(gens[g]) && r.IntN(2) == 0 {
				f.Relations = append(f.Relations, Relation{From: id(i), To: id(gens[g][k+1]), Kind: kinds[r.IntN(len(kinds))], Quality: quals[r.IntN(len(quals))]})
			}
			if g > 0 && len(gens[g-1]) > 0 {
				for range r.IntN(3) {
					kind := ParentChild
					if r.IntN(6) == 0 {
						kind = Adoption
					}
					f.Relations = append(f.Relations, Relation{From: id(gens[g-1][r.IntN(len(gens[g-1]))]), To: id(i), Kind: kind, Quality: quals[r.IntN(len(quals))]})
				}
			}
			if r.IntN(5) == 0 && len(gens[g]) > 1 {
				f.Relations = append(f.Relations, Relation{From: id(i), To: id(gens[g][r.IntN(len(gens[g]))]), Kind: Siblings, Quality: quals[r.IntN(len(quals))]})
			}
		}
	}
	return f
}

func TestLayoutStaysReadable(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 8050))
	for n := 1; n <= 20; n++ {
		for k := range 15 {
			f := randomFamily(r, n)
			name := fmt.Sprintf("n%d_%d", n, k)
			l := place(resolve(f))
			if l.f.rows > 4 {
				t.Errorf("%s: %d rows", name, l.f.rows)
			}
			for i := range f.People {
				for j := i + 1; j < len(f.People); j++ {
					if math.Abs(l.x[i]-l.x[j]) < sym+10 && math.Abs(l.y[i]-l.y[j]) < sym+labelsH {
						t.Errorf("%s: %s and %s overlap at %v,%v / %v,%v", name, f.People[i].ID, f.People[j].ID, l.x[i], l.y[i], l.x[j], l.y[j])
					}
				}
				if l.x[i]-colW/2 < 0 || l.x[i]+colW/2 > l.W || l.y[i]-sym/2 < 0 || l.y[i]+sym/2+labelsH > l.H {
					t.Errorf("%s: %s outside the picture", name, f.People[i].ID)
				}
			}
			pic := Genogram(f, Options{Deceased: []string{DeceasedCross, DeceasedFilled}[k%2]})
			t.Run(name, func(t *testing.T) { checkSVG(t, pic.SVG) })
			if len(pic.Items) < n {
				t.Errorf("%s: text alternative has %d items for %d people", name, len(pic.Items), n)
			}
		}
	}
}

func TestEcomapStaysReadable(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 1))
	strengths := []string{Strong, Normal, Weak, Stressful}
	dirs := []string{ToHousehold, FromHousehold, Both, NoDirection}
	for n := 0; n <= 15; n++ {
		e := Ecomap{Title: "生成世帯", Members: randomFamily(r, 1+r.IntN(20)).People}
		for i := range n {
			e.Connections = append(e.Connections, Connection{Name: strings.Repeat("支援機関", 1+r.IntN(4)) + strconv.Itoa(i), Kind: "支援チーム",
				Persons: []string{"山田 花子", "山田 一郎"}[:r.IntN(3)], Strength: strengths[r.IntN(4)], Direction: dirs[r.IntN(4)]})
		}
		l := placeEcomap(e)
		if boxesOverlap(relative(l), l.radius) {
			t.Errorf("%d connections: boxes overlap", n)
		}
		pic := DrawEcomap(e, Options{})
		t.Run(strconv.Itoa(n), func(t *testing.T) { checkSVG(t, pic.SVG) })
		if len(pic.Items) != n {
			t.Errorf("%d connections listed as %d", n, len(pic.Items))
		}
	}
}

func relative(l *ecoLayout) []pt {
	var out []pt
	for _, p := range l.nodes {
		out = append(out, pt{p.X - l.center.X, p.Y - l.center.Y})
	}
	return out
}
