package genogram

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// textItems is the text alternative: each person, then each relation.
func textItems(in Family, f *family) []string {
	var out []string
	name := func(i int) string { return f.people[i].Name }
	for i, p := range in.People {
		parts := []string{}
		if p.Relationship != "" {
			parts = append(parts, p.Relationship)
		}
		parts = append(parts, sexLabel[p.Sex])
		if p.Age != nil {
			parts = append(parts, strconv.Itoa(*p.Age)+"歳")
		}
		switch {
		case p.Deceased:
			parts = append(parts, "死亡")
		case p.Outside:
			parts = append(parts, "世帯外")
		case p.Cohabiting:
			parts = append(parts, "同居")
		default:
			parts = append(parts, "別居")
		}
		parts = append(parts, p.Roles...)
		if i == f.focus {
			parts = append(parts, "中心の方")
		}
		out = append(out, p.Name+"（"+strings.Join(parts, "・")+"）")
	}
	idx := map[string]int{}
	for i, p := range in.People {
		idx[p.ID] = i
	}
	for _, r := range in.Relations {
		a, okA := idx[r.From]
		b, okB := idx[r.To]
		if !okA || !okB || a == b {
			continue
		}
		q := ""
		if r.Quality != "" {
			q = "（関係: " + r.Quality + "）"
		}
		switch r.Kind {
		case ParentChild, Adoption:
			if slices.Contains(f.parents[a], b) {
				a, b = b, a
			}
			role := "親"
			if r.Kind == Adoption {
				role = "養親"
			}
			out = append(out, fmt.Sprintf("%s は %s の%s%s", name(a), name(b), role, q))
		default:
			out = append(out, fmt.Sprintf("%s と %s: %s%s", name(a), name(b), r.Kind, q))
		}
	}
	for a := range f.people {
		for b := a + 1; b < len(f.people); b++ {
			if f.twins(a, b) && len(f.parents[a]) > 0 && slices.Equal(f.unit(a), f.unit(b)) {
				out = append(out, fmt.Sprintf("%s と %s: 双子", name(a), name(b)))
			}
		}
	}
	var together []string
	for _, p := range in.People {
		if p.Cohabiting && !p.Outside && !p.Deceased {
			together = append(together, p.Name)
		}
	}
	if len(together) > 1 {
		out = append(out, "同居: "+strings.Join(together, "、"))
	}
	return out
}
