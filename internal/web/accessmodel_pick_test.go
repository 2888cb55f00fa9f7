package web_test

import (
	"fmt"
	"strings"
	"time"
)

// Helpers of the actions of TestAccessModel: picking users and entities by
// index with the seeded generator, and the request bodies (one function
// each, so an API that is not yet fixed changes in one place).

// ---- picking, by index ----

func (w *world) pct(p int) bool { return w.r.IntN(100) < p }

// writer picks a user who records (worker/coordinator); with org >= 0 one of that org if any.
func (w *world) writer(org int) int {
	var in, all []int
	for i, u := range w.m.users {
		if u.writes() {
			all = append(all, i)
			if u.org == org {
				in = append(in, i)
			}
		}
	}
	if len(in) > 0 {
		return in[w.r.IntN(len(in))]
	}
	return all[w.r.IntN(len(all))]
}

func (w *world) anyUser() int { return w.r.IntN(len(w.m.users)) }

// pickWhere returns a random index < n satisfying ok, or -1.
func (w *world) pickWhere(n int, ok func(int) bool) int {
	var xs []int
	for i := 0; i < n; i++ {
		if ok(i) {
			xs = append(xs, i)
		}
	}
	if len(xs) == 0 {
		return -1
	}
	return xs[w.r.IntN(len(xs))]
}

func (w *world) otherOrg(not int) int {
	for {
		if o := w.r.IntN(len(w.m.orgs)); o != not {
			return o
		}
	}
}

func (w *world) orgSubset(max int) []int {
	n := 1 + w.r.IntN(max)
	perm := w.r.Perm(len(w.m.orgs))
	return append([]int(nil), perm[:n]...)
}

func (w *world) dayPlus(days int) string {
	d, _ := time.Parse("2006-01-02", w.m.day)
	return d.AddDate(0, 0, days).Format("2006-01-02")
}

// ---- request bodies (one function each: the API of some is not yet fixed) ----

var kanjiDigits = []rune("零壱弐参肆伍陸漆捌玖")
var kanaDigits = []rune("あいうえおかきくけこ")

func digits(n int, set []rune) string {
	var b strings.Builder
	for _, c := range fmt.Sprintf("%04d", n) {
		b.WriteRune(set[c-'0'])
	}
	return b.String()
}

func personGiven(n int) string  { return "ゑ" + digits(n, kanjiDigits) }
func personStreet(n int) string { return fmt.Sprintf("模型町〔%04d〕", n) }

func personBody(n int, dv bool) map[string]any {
	return map[string]any{"family_name": "模型", "given_name": personGiven(n), "family_name_kana": "もけい", "given_name_kana": "ゑ" + digits(n, kanaDigits),
		"birth_date": "1980-04-01", "sex": "female", "phone": fmt.Sprintf("090-7%03d-%04d", n%1000, n),
		"address": map[string]any{"postal_code": "123-4567", "prefecture": "架空県", "city": "かさね市", "street": personStreet(n)}, "dv_protected": dv}
}

func caseBody(focusID, householdID, day string) map[string]any {
	b := map[string]any{"focus_person_id": focusID, "received_on": day, "route": "本人", "method": "来所",
		"bunya": []string{"kaigo"}, "problems": []string{"介護"}, "complaint": "模型の相談"}
	if householdID != "" {
		b["household_id"] = householdID
	}
	return b
}

// teamBody: basis "consent" or a statute; a statutory membership carries its end date.
func teamBody(orgID, basis, until string) map[string]any {
	b := map[string]any{"organization_id": orgID, "role": "模型の役割", "basis": basis}
	if until != "" {
		b["to"] = until
	}
	return b
}

func dvDesignationPath(personID string) string {
	return "/api/v1/persons/" + personID + "/dv-designations"
}
