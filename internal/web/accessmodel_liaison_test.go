package web_test

import (
	"fmt"
	"slices"
	"strings"
)

// Issue 22 in TestAccessModel: a 庁内つなぎ担当 (user "liaison" of the
// municipal section "city") sends つなぎ票 with a new person; a 相談窓口
// accepts one into its own case on its own record; an organization
// registers its own record of a person another one knows, linked by 名寄せ.
// The reference model: the section's record is the section's (rule 1 of the
// model: its registering organization reads it), the receiver's record and
// case are the receiver's, and a 名寄せ link opens nothing — so the model
// changes no rule of reading for them; the liaison user reads nothing
// (handlesCases is false) and is refused with 403 by the router's gate.

// refLiaison is a つなぎ票 of the model.
type refLiaison struct {
	id       string
	person   int // the section's record
	to       int
	answered bool
}

// liaisonReceiverKinds mirrors casework.LiaisonReceiverKinds for the model's orgs.
var liaisonReceiverKinds = []string{"municipal_section", "community_support_center", "disability_consultation",
	"self_reliance_support", "child_family_center", "social_welfare_council", "multi_agency", "child_guidance_center", "health_center"}

// sameRoot is the model's group of records linked by 名寄せ.
func (m *model) sameRoot(p int) int {
	for {
		q, ok := m.same[p]
		if !ok || q == p {
			return p
		}
		p = q
	}
}

func (m *model) link(a, b int) {
	if m.same == nil {
		m.same = map[int]int{}
	}
	if ra, rb := m.sameRoot(a), m.sameRoot(b); ra != rb {
		m.same[rb] = ra
	}
}

// ownInGroup is the oldest record of org in p's group, or -1.
func (m *model) ownInGroup(org, p int) int {
	root := m.sameRoot(p)
	for i, x := range m.persons {
		if x.regOrg == org && m.sameRoot(i) == root {
			return i
		}
	}
	return -1
}

func (w *world) liaisonUser() int {
	return slices.IndexFunc(w.m.users, func(u refUser) bool { return u.role == "liaison" })
}

func (w *world) actLiaisonSend() string {
	u := w.liaisonUser()
	if u < 0 || w.pct(15) {
		u = w.anyUser() // anyone else is refused
	}
	to := w.r.IntN(len(w.m.orgs))
	w.marker++
	n := w.marker
	body := personBody(n, false)
	delete(body, "dv_protected")
	r := w.call(u, "POST", "/api/v1/liaison-referrals", map[string]any{"person": body, "to_organization_id": w.m.orgs[to].id,
		"concern": "模型の気になっていること", "consent": "口頭"})
	user := w.m.users[u]
	refuse := user.role != "liaison" || to == user.org || !slices.Contains(liaisonReceiverKinds, w.m.orgs[to].kind)
	w.expect(u, r, refuse, "send liaison referral")
	if ok(r) {
		pid := fmt.Sprint(r.JSON(w.t)["person_id"])
		w.m.persons = append(w.m.persons, refPerson{id: pid, n: n, regOrg: user.org, designated: map[int]bool{}})
		w.touch("person", len(w.m.persons)-1)
		w.m.liaisons = append(w.m.liaisons, refLiaison{id: id(r), person: len(w.m.persons) - 1, to: to})
	}
	return fmt.Sprintf("%s sends a つなぎ票 of a new person to %s (%s)", w.uname(u), w.m.orgs[to].key, newIdx("L", r, len(w.m.liaisons)))
}

func (w *world) actLiaisonAccept() string {
	li := w.pickWhere(len(w.m.liaisons), func(i int) bool { return !w.m.liaisons[i].answered })
	if li < 0 {
		return w.actLiaisonSend()
	}
	l := w.m.liaisons[li]
	u := w.writer(l.to)
	if w.pct(15) {
		u = w.anyUser()
	}
	w.marker++
	n := w.marker
	body := personBody(n, false)
	delete(body, "dv_protected")
	r := w.call(u, "POST", "/api/v1/liaison-referrals/"+l.id+"/accept", map[string]any{"person": body, "method": "電話", "bunya": []string{"konkyu"}})
	user := w.m.users[u]
	w.expect(u, r, user.org != l.to || !user.writes(), "accept liaison referral")
	if !ok(r) {
		return fmt.Sprintf("%s accepts L%d (refused)", w.uname(u), li)
	}
	w.m.liaisons[li].answered = true
	focus := w.m.ownInGroup(l.to, l.person)
	got := fmt.Sprint(r.JSON(w.t)["receiver_person_id"])
	if focus < 0 {
		w.m.persons = append(w.m.persons, refPerson{id: got, n: n, regOrg: l.to, designated: map[int]bool{}})
		focus = len(w.m.persons) - 1
	} else if got != w.m.persons[focus].id && !w.noChecks {
		w.mismatch("action accept liaison referral", u, fmt.Sprintf("L%d", li), "the record of P"+fmt.Sprint(focus), got)
	}
	w.m.link(focus, l.person)
	w.m.cases = append(w.m.cases, refCase{id: fmt.Sprint(r.JSON(w.t)["case_id"]), focus: focus, household: -1, lead: l.to, status: "intake"})
	w.touchCase(len(w.m.cases) - 1)
	w.touch("person", l.person)
	return fmt.Sprintf("%s accepts L%d into C%d on P%d", w.uname(u), li, len(w.m.cases)-1, focus)
}

// actRegisterSame registers the user's organization's own record of a
// person another organization knows (same reading, its own name marker).
func (w *world) actRegisterSame() string {
	if len(w.m.persons) == 0 {
		return w.actRegisterPerson()
	}
	u := w.writer(-1)
	org := w.m.users[u].org
	k := w.pickWhere(len(w.m.persons), func(i int) bool { return w.m.persons[i].regOrg != org })
	if k < 0 || w.pct(10) {
		k = w.r.IntN(len(w.m.persons)) // maybe its own: refused
	}
	w.marker++
	n := w.marker
	body := personBody(n, false)
	body["given_name_kana"] = "ゑ" + digits(w.m.persons[k].n, kanaDigits) // the hit's reading
	body["same_as_person_id"] = w.m.persons[k].id
	r := w.call(u, "POST", "/api/v1/persons", body)
	w.expect(u, r, w.m.persons[k].regOrg == org, "register same person")
	if !ok(r) {
		return fmt.Sprintf("%s registers as P%d (refused)", w.uname(u), k)
	}
	if own := w.m.ownInGroup(org, k); own >= 0 {
		if (r.StatusCode != 200 || id(r) != w.m.persons[own].id) && !w.noChecks {
			w.mismatch("action register same person", u, fmt.Sprintf("as P%d", k), fmt.Sprintf("200 with P%d", own), fmt.Sprintf("%d %.80s", r.StatusCode, r.Body))
		}
		return fmt.Sprintf("%s registers as P%d: its P%d again", w.uname(u), k, own)
	}
	w.m.persons = append(w.m.persons, refPerson{id: id(r), n: n, regOrg: org, designated: map[int]bool{}})
	w.m.link(len(w.m.persons)-1, k)
	w.touch("person", len(w.m.persons)-1)
	w.touch("person", k)
	return fmt.Sprintf("%s registers P%d as the same as P%d", w.uname(u), len(w.m.persons)-1, k)
}

// refusedStatus is what a read the model refuses answers: 404 (never
// reveal existence), 403 for a liaison-only user at the router's gate.
func (w *world) refusedStatus(u int) int {
	if w.m.users[u].role == "liaison" {
		return 403
	}
	return 404
}

// checkLiaisonSearch: the liaison's search answers hits only.
func (w *world) checkLiaisonSearch(u, pi int) {
	r := w.call(u, "GET", "/api/v1/persons?limit=100&q=模型"+personGiven(w.m.persons[pi].n), nil)
	if r.StatusCode != 200 {
		w.mismatch("GET /api/v1/persons?q= (liaison)", u, fmt.Sprintf("P%d", pi), "200", fmt.Sprint(r.StatusCode))
		return
	}
	if strings.Contains(r.Body, `"visible":true`) || strings.Contains(r.Body, "模型町〔") {
		w.mismatch("GET /api/v1/persons?q= (liaison)", u, fmt.Sprintf("P%d", pi), "hits only", "a visible hit")
	}
}
