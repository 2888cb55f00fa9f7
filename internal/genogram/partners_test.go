package genogram

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
)

// A woman with three partners in turn — two divorces and the present
// marriage — and children of each.
var multiPartner = Family{Title: "木村さん世帯", People: []Person{
	{ID: "kei", Name: "木村 恵", Sex: Female, BirthDate: "1980-01-01", Age: age(46), Relationship: "本人", Cohabiting: true},
	{ID: "a", Name: "佐々木 亮", Sex: Male, BirthDate: "1977-02-02", Age: age(49), Outside: true},
	{ID: "b", Name: "石井 学", Sex: Male, BirthDate: "1978-03-03", Age: age(48), Outside: true},
	{ID: "c", Name: "木村 純", Sex: Male, BirthDate: "1979-04-04", Age: age(47), Relationship: "配偶者", Cohabiting: true},
	{ID: "ka", Name: "佐々木 葵", Sex: Female, BirthDate: "2002-05-05", Age: age(24), Relationship: "子"},
	{ID: "kb", Name: "石井 蓮", Sex: Male, BirthDate: "2009-06-06", Age: age(17), Relationship: "子", Cohabiting: true},
	{ID: "kc", Name: "木村 陽", Sex: Male, BirthDate: "2018-07-07", Age: age(8), Relationship: "子", Cohabiting: true},
	{ID: "kc2", Name: "木村 結", Sex: Female, BirthDate: "2020-08-08", Age: age(6), Relationship: "子", Cohabiting: true},
}, Relations: []Relation{
	{From: "kei", To: "a", Kind: Divorce},
	{From: "kei", To: "b", Kind: Divorce, Quality: Hostile},
	{From: "kei", To: "c", Kind: Marriage},
	{From: "kei", To: "ka", Kind: ParentChild}, {From: "a", To: "ka", Kind: ParentChild},
	{From: "kei", To: "kb", Kind: ParentChild}, {From: "b", To: "kb", Kind: ParentChild},
	{From: "kei", To: "kc", Kind: ParentChild}, {From: "c", To: "kc", Kind: ParentChild},
	{From: "kei", To: "kc2", Kind: ParentChild}, {From: "c", To: "kc2", Kind: ParentChild},
}}

func TestThreePartnersGolden(t *testing.T) {
	pic := Genogram(multiPartner, Options{})
	checkSVG(t, pic.SVG)
	golden(t, "multi_partner", pic.SVG)
	l := place(resolve(multiPartner))
	x := map[string]float64{}
	for i, p := range l.f.people {
		x[p.ID] = l.x[i]
	}
	if !(x["a"] < x["b"] && x["b"] < x["kei"] && x["kei"] < x["c"]) {
		t.Errorf("partners not in the order of the relations around her: %v", x)
	}
	all := strings.Join(pic.Items, "\n")
	for _, want := range []string{"木村 恵 と 佐々木 亮: 離婚", "木村 恵 と 石井 学: 離婚", "木村 恵 と 木村 純: 婚姻"} {
		if !strings.Contains(all, want) {
			t.Errorf("text alternative lacks %q:\n%s", want, all)
		}
	}
}

// manyPartners: a person with n partners (kinds cycling through divorce,
// separation, marriage, cohabitation), each with 0–2 children, and a
// parent generation above.
func manyPartners(n int, kinds []string) Family {
	f := Family{Title: "再婚世帯", People: []Person{
		{ID: "hub", Name: "中心 人物", Sex: Male, BirthDate: "1970-01-01", Age: age(56), Relationship: "本人", Cohabiting: true},
		{ID: "gm", Name: "中心 母", Sex: Female, BirthDate: "1945-01-01", Age: age(81), Relationship: "母"},
	}, Relations: []Relation{{From: "gm", To: "hub", Kind: ParentChild}}}
	for i := range n {
		pid := "p" + strconv.Itoa(i)
		f.People = append(f.People, Person{ID: pid, Name: "相手 " + strings.Repeat("子", i+1), Sex: Female, BirthDate: fmt.Sprintf("197%d-01-01", i), Age: age(50 - i), Outside: true})
		f.Relations = append(f.Relations, Relation{From: "hub", To: pid, Kind: kinds[i%len(kinds)]})
		for k := range i % 3 {
			cid := pid + "c" + strconv.Itoa(k)
			f.People = append(f.People, Person{ID: cid, Name: "子 " + cid, Sex: Male, BirthDate: fmt.Sprintf("20%02d-01-01", i*4+k), Age: age(20 - i*4 - k), Relationship: "子"})
			f.Relations = append(f.Relations, Relation{From: "hub", To: cid, Kind: ParentChild}, Relation{From: pid, To: cid, Kind: ParentChild})
		}
	}
	return f
}

// TestManyPartnersStayReadable: with 3 to 6 partners of one person, no
// symbols overlap, texts stay apart, and the line to each couple's
// children starts away from every symbol of the parents' row (it never
// seems to come from someone standing between the two parents).
func TestManyPartnersStayReadable(t *testing.T) {
	kindSets := [][]string{
		{Divorce, Divorce, Marriage},
		{Marriage}, // widowed and remarried: all on one side at first
		{Divorce},  // divorced every time, no present partner
		{Separation, Cohabitation, Divorce, Marriage},
	}
	for n := 3; n <= 6; n++ {
		for ki, kinds := range kindSets {
			name := fmt.Sprintf("n%d_k%d", n, ki)
			f := manyPartners(n, kinds)
			l := place(resolve(f))
			d := &drawing{l: l, f: l.f, level: map[int]int{}, overY: map[[2]int]float64{}}
			d.partners()
			for i := range f.People {
				for j := i + 1; j < len(f.People); j++ {
					if math.Abs(l.x[i]-l.x[j]) < sym+10 && math.Abs(l.y[i]-l.y[j]) < sym+labelsH {
						t.Errorf("%s: %s and %s overlap", name, f.People[i].ID, f.People[j].ID)
					}
				}
			}
			for c := range f.People {
				u := l.f.unit(c)
				if len(u) != 2 {
					continue
				}
				from := d.dropFrom(u)
				for i := range f.People {
					if l.f.gen[i] == l.f.gen[u[0]] && math.Abs(from.X-l.x[i]) < sym/2+8 {
						t.Errorf("%s: the children of %s and %s hang from %s's symbol", name, f.People[u[0]].ID, f.People[u[1]].ID, f.People[i].ID)
					}
				}
			}
			pic := Genogram(f, Options{})
			t.Run(name, func(t *testing.T) { checkSVG(t, pic.SVG) })
			if l.f.rows > 4 {
				t.Errorf("%s: %d rows", name, l.f.rows)
			}
		}
	}
}
