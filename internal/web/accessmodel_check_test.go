package web_test

import (
	"fmt"
	"net/url"
	"strings"
)

// The read surfaces of TestAccessModel. Each compares one response of the
// real router for one user with the reference model; a difference is a
// mismatch (see world.mismatch). One function per surface, so a surface whose
// target API changes is adjusted in one place.

func status(want bool) int {
	if want {
		return 200
	}
	return 404
}

// sameStatus reports a mismatch when the status is not the expected 200/404.
func (w *world) sameStatus(surface string, u int, what string, want bool, got int) bool {
	code := status(want)
	if !want {
		code = w.refusedStatus(u)
	}
	if got != code {
		w.mismatch(surface, u, what, fmt.Sprint(code), fmt.Sprint(got))
		return false
	}
	return want
}

// ---- core API surfaces, checked for every touched entity and by sample ----

func (w *world) checkPersonAPI(u, pi int) {
	p := w.m.persons[pi]
	r := w.call(u, "GET", "/api/v1/persons/"+p.id, nil)
	what := fmt.Sprintf("P%d", pi)
	if !w.sameStatus("GET /api/v1/persons/{id}", u, what, w.m.canSeePerson(u, pi), r.StatusCode) {
		return
	}
	w.checkAddress("GET /api/v1/persons/{id} address", u, what, pi, r.Body)
}

func (w *world) checkAddress(surface string, u int, what string, pi int, body string) {
	want, got := w.m.canSeeAddress(u, pi), strings.Contains(body, personStreet(w.m.persons[pi].n))
	if want != got {
		w.mismatch(surface, u, what, shown(want), shown(got))
	}
}

func shown(b bool) string {
	if b {
		return "shown"
	}
	return "hidden"
}

func (w *world) checkHouseholdAPI(u, hi int) {
	r := w.call(u, "GET", "/api/v1/households/"+w.m.households[hi].id, nil)
	w.sameStatus("GET /api/v1/households/{id}", u, fmt.Sprintf("H%d", hi), w.m.canSeeHousehold(u, hi), r.StatusCode)
}

func (w *world) checkCaseAPI(u, ci int) {
	r := w.call(u, "GET", "/api/v1/cases/"+w.m.cases[ci].id, nil)
	w.sameStatus("GET /api/v1/cases/{id}", u, fmt.Sprintf("C%d", ci), w.m.canReadCase(u, ci), r.StatusCode)
}

func (w *world) checkContactsAPI(u, ci int) {
	r := w.call(u, "GET", "/api/v1/cases/"+w.m.cases[ci].id+"/contacts", nil)
	want := w.m.contactsStatus(u, ci)
	if want == 404 {
		want = w.refusedStatus(u)
	}
	if r.StatusCode != want {
		w.mismatch("GET /api/v1/cases/{id}/contacts", u, fmt.Sprintf("C%d", ci), fmt.Sprint(want), fmt.Sprint(r.StatusCode))
	}
}

func (w *world) checkMeetingAPI(u, mi int) {
	r := w.call(u, "GET", "/api/v1/meetings/"+w.m.meetings[mi].id, nil)
	w.checkMeetingBody("GET /api/v1/meetings/{id}", u, mi, r)
}

func (w *world) checkMeetingBody(surface string, u, mi int, r resp) {
	what := fmt.Sprintf("M%d", mi)
	if !w.sameStatus(surface, u, what, w.m.canSeeMeeting(u, mi), r.StatusCode) {
		return
	}
	for _, it := range w.m.meetings[mi].items {
		want, got := w.m.itemVisible(u, mi, it), strings.Contains(r.Body, it.marker)
		if want != got {
			w.mismatch(surface+" item", u, fmt.Sprintf("%s item of C%d", what, it.caseIdx), shown(want), shown(got))
		}
	}
}

// ---- richer surfaces, sampled less often ----

// checkSearch: outside the team a hit names no service; `visible` follows the model.
func (w *world) checkSearch(u, pi int) {
	if w.m.users[u].role == "liaison" && !w.skip["search"] {
		w.checkLiaisonSearch(u, pi)
		return
	}
	if !w.m.users[u].handlesCases() || w.skip["search"] {
		return
	}
	r := w.call(u, "GET", "/api/v1/persons?limit=100&q="+url.QueryEscape("模型"+personGiven(w.m.persons[pi].n)), nil)
	if !w.m.users[u].writes() { // search is for roles that take consultations (rule 4)
		if r.StatusCode != 403 {
			w.mismatch("GET /api/v1/persons?q=", u, fmt.Sprintf("P%d", pi), "403", fmt.Sprint(r.StatusCode))
		}
		return
	}
	if r.StatusCode != 200 {
		w.mismatch("GET /api/v1/persons?q=", u, fmt.Sprintf("P%d", pi), "200", fmt.Sprint(r.StatusCode))
		return
	}
	items, _ := r.JSON(w.t)["items"].([]any)
	if w.m.canSeePerson(u, pi) && !strings.Contains(r.Body, `"id":"`+w.m.persons[pi].id+`"`) {
		// issue 22: a 名寄せ link never hides a record the searcher reads
		w.mismatch("GET /api/v1/persons?q= found", u, fmt.Sprintf("P%d", pi), "found", "missing")
	}
	for _, x := range items {
		h, _ := x.(map[string]any)
		hp, found := w.personIdx[fmt.Sprint(h["id"])]
		if !found {
			continue
		}
		what := fmt.Sprintf("hit P%d", hp)
		if vis, _ := h["visible"].(bool); vis != w.m.canSeePerson(u, hp) {
			w.mismatch("GET /api/v1/persons?q= visible", u, what, fmt.Sprint(!vis), fmt.Sprint(vis))
		}
		allowed := w.m.knownByAllowed(u, hp)
		known, _ := h["known_by"].([]any)
		for _, k := range known {
			if o, isOrg := w.orgByName[fmt.Sprint(k)]; isOrg && !allowed[o] {
				w.mismatch("GET /api/v1/persons?q= known_by", u, what, fmt.Sprintf("only %v", w.onames(keys(allowed))), fmt.Sprintf("names %s", w.m.orgs[o].key))
			}
		}
	}
}

func keys(m map[int]bool) []int {
	var out []int
	for i := range len(m) + 16 {
		if m[i] {
			out = append(out, i)
		}
	}
	return out
}

func (w *world) checkPersonPage(u, pi int) {
	r := w.page(u, "/persons/"+w.m.persons[pi].id)
	what := fmt.Sprintf("P%d", pi)
	if w.sameStatus("page /persons/{id}", u, what, w.m.canSeePerson(u, pi), r.StatusCode) {
		w.checkAddress("page /persons/{id} address", u, what, pi, r.Body)
	}
}

func (w *world) checkCasePage(u, ci int) {
	r := w.page(u, "/cases/"+w.m.cases[ci].id)
	w.sameStatus("page /cases/{id}", u, fmt.Sprintf("C%d", ci), w.m.canReadCase(u, ci), r.StatusCode)
}

func (w *world) checkHouseholdPage(u, hi int) {
	r := w.page(u, "/households/"+w.m.households[hi].id)
	w.sameStatus("page /households/{id}", u, fmt.Sprintf("H%d", hi), w.m.canSeeHousehold(u, hi), r.StatusCode)
}

// checkGenogram: the genogram/ecomap page (inline SVG) follows the household.
func (w *world) checkGenogram(u, hi int) {
	r := w.page(u, "/households/"+w.m.households[hi].id+"/genogram")
	w.sameStatus("page /households/{id}/genogram", u, fmt.Sprintf("H%d", hi), w.m.canSeeHousehold(u, hi), r.StatusCode)
}

func (w *world) checkMeetingPage(u, mi int) {
	w.checkMeetingBody("page /meetings/{id}", u, mi, w.page(u, "/meetings/"+w.m.meetings[mi].id))
}

func (w *world) checkMeetingPrint(u, mi int) {
	w.checkMeetingBody("page /meetings/{id}/print", u, mi, w.page(u, "/meetings/"+w.m.meetings[mi].id+"/print"))
}

// checkExport: the persons CSV lists exactly the persons the user may see,
// with addresses only where the model shows them.
func (w *world) checkExport(u int) {
	if w.m.users[u].role == "liaison" {
		if r := w.call(u, "GET", "/api/v1/exports/persons?format=csv", nil); r.StatusCode != 403 {
			w.mismatch("GET /api/v1/exports/persons", u, "csv", "403", fmt.Sprint(r.StatusCode))
		}
		return
	}
	if !w.m.users[u].handlesCases() {
		return
	}
	r := w.call(u, "GET", "/api/v1/exports/persons?format=csv", nil)
	if r.StatusCode != 200 {
		w.mismatch("GET /api/v1/exports/persons", u, "csv", "200", fmt.Sprint(r.StatusCode))
		return
	}
	for pi, p := range w.m.persons {
		what := fmt.Sprintf("P%d", pi)
		want, got := w.m.canSeePerson(u, pi), strings.Contains(r.Body, personGiven(p.n))
		if want != got {
			w.mismatch("GET /api/v1/exports/persons row", u, what, shown(want), shown(got))
			continue
		}
		if got {
			w.checkAddress("GET /api/v1/exports/persons address", u, what, pi, r.Body)
		}
	}
}

// ---- scheduling the checks ----

// checkEntity runs every core API surface of one entity for one user.
func (w *world) checkEntity(kind string, i, u int) {
	switch kind {
	case "person":
		w.checkPersonAPI(u, i)
	case "household":
		w.checkHouseholdAPI(u, i)
	case "case":
		w.checkCaseAPI(u, i)
		w.checkContactsAPI(u, i)
	case "meeting":
		w.checkMeetingAPI(u, i)
	}
}

func (w *world) count(kind string) int {
	return map[string]int{"person": len(w.m.persons), "household": len(w.m.households), "case": len(w.m.cases), "meeting": len(w.m.meetings)}[kind]
}

var entityKinds = []string{"person", "household", "case", "meeting"}

// checkStep: up to maxTouched of the entities the step touched, for every
// user; a few random (user, entity) pairs; now and then one richer surface;
// on a full sweep every entity for every user and every richer surface.
func (w *world) checkStep(full bool) {
	type ref struct {
		kind string
		i    int
	}
	var touched []ref
	for _, kind := range entityKinds {
		for i := 0; i < w.count(kind); i++ {
			if full || w.touched[kind][i] {
				touched = append(touched, ref{kind, i})
			}
		}
	}
	if !full && len(touched) > w.maxTouched {
		w.cr.Shuffle(len(touched), func(i, j int) { touched[i], touched[j] = touched[j], touched[i] })
		touched = touched[:w.maxTouched]
	}
	for _, x := range touched {
		for u := range w.m.users {
			w.checkEntity(x.kind, x.i, u)
		}
	}
	for range w.samples {
		kind := entityKinds[w.cr.IntN(len(entityKinds))]
		if n := w.count(kind); n > 0 {
			w.checkEntity(kind, w.cr.IntN(n), w.cr.IntN(len(w.m.users)))
		}
	}
	if full || w.step%w.richEvery == 0 {
		w.checkRich(full)
	}
}

// checkRich picks one richer surface (or, on a full sweep, each of them once per user).
func (w *world) checkRich(full bool) {
	type rich struct {
		kind string
		fn   func(u, i int)
	}
	surfaces := []rich{{"person", w.checkSearch}, {"person", w.checkPersonPage}, {"case", w.checkCasePage}, {"household", w.checkHouseholdPage},
		{"household", w.checkGenogram}, {"meeting", w.checkMeetingPage}, {"meeting", w.checkMeetingPrint}, {"", func(u, _ int) { w.checkExport(u) }}}
	run := func(s rich, u int) {
		if s.kind == "" {
			s.fn(u, 0)
		} else if n := w.count(s.kind); n > 0 {
			s.fn(u, w.cr.IntN(n))
		}
	}
	if full {
		for _, s := range surfaces {
			for u := range w.m.users {
				run(s, u)
			}
		}
		return
	}
	run(surfaces[w.cr.IntN(len(surfaces))], w.cr.IntN(len(w.m.users)))
}
