package web_test

import (
	"fmt"
	"time"
)

// The actions of TestAccessModel. Each picks its user and entities by index
// from the reference model with the world's seeded generator (never from a
// server response), calls the real API, asserts a refusal when the model
// says the request must be refused, and records in the model only what the
// server accepted. Each action (and each request body whose API is not yet
// fixed) is one small function, so a change of the API is a change of one
// function.

type actionFn struct {
	name   string
	weight int
	run    func(w *world) string // returns the description (indices, no ids)
}

var modelActions = []actionFn{
	{"register_person", 10, (*world).actRegisterPerson},
	{"create_household", 5, (*world).actCreateHousehold},
	{"add_member", 8, (*world).actAddMember},
	{"add_relation", 3, (*world).actAddRelation},
	{"create_case", 9, (*world).actCreateCase},
	{"record_consent", 10, (*world).actRecordConsent},
	{"withdraw_consent", 4, (*world).actWithdrawConsent},
	{"add_team", 9, (*world).actAddTeam},
	{"referral", 4, (*world).actReferral},
	{"accept_referral", 4, (*world).actAcceptReferral},
	{"handover", 3, (*world).actHandover},
	{"create_meeting", 3, (*world).actCreateMeeting},
	{"meeting_item", 6, (*world).actMeetingItem},
	{"dv_flag", 3, (*world).actDVFlag},
	{"dv_designate", 2, (*world).actDVDesignate},
	{"contact", 5, (*world).actContact},
	{"status", 4, (*world).actStatus},
	{"break_glass", 2, (*world).actBreakGlass},
	{"time_passes", 2, (*world).actTimePasses},
	// issue 22: 庁内つなぎ票 and a person another agency knows (accessmodel_liaison_test.go)
	{"liaison_send", 3, (*world).actLiaisonSend},
	{"liaison_accept", 3, (*world).actLiaisonAccept},
	{"register_same", 3, (*world).actRegisterSame},
}

// newIdx names the entity a creating request made (the last one when accepted).
func newIdx(prefix string, r resp, n int) string {
	if !ok(r) {
		return prefix + "(refused)"
	}
	return fmt.Sprintf("%s%d", prefix, n-1)
}

// ---- actions ----

func (w *world) actRegisterPerson() string {
	u := w.writer(-1)
	if w.pct(5) {
		u = w.anyUser()
	}
	dv := w.pct(10)
	w.marker++
	n := w.marker
	r := w.call(u, "POST", "/api/v1/persons", personBody(n, dv))
	w.expect(u, r, !w.m.users[u].writes(), "register person")
	if ok(r) {
		p := refPerson{id: id(r), n: n, regOrg: w.m.users[u].org, dv: dv, designated: map[int]bool{}}
		if dv {
			p.designated[p.regOrg] = true
		}
		w.m.persons = append(w.m.persons, p)
		w.touch("person", len(w.m.persons)-1)
	}
	return fmt.Sprintf("%s registers person (dv=%v)", w.uname(u), dv)
}

func (w *world) actCreateHousehold() string {
	u := w.writer(-1)
	r := w.call(u, "POST", "/api/v1/households", map[string]any{"label": "模型世帯", "kind": "二世代"})
	if ok(r) {
		w.m.households = append(w.m.households, refHousehold{id: id(r), regOrg: w.m.users[u].org})
		w.touch("household", len(w.m.households)-1)
	}
	return fmt.Sprintf("%s creates household %s", w.uname(u), newIdx("H", r, len(w.m.households)))
}

func (w *world) actAddMember() string {
	if len(w.m.households) == 0 || len(w.m.persons) == 0 {
		return w.actCreateHousehold()
	}
	hh := w.r.IntN(len(w.m.households))
	u := w.writer(w.m.households[hh].regOrg)
	pi := w.pickWhere(len(w.m.persons), func(i int) bool { return w.m.persons[i].regOrg == w.m.users[u].org })
	if pi < 0 || w.pct(20) { // an attempt that must be refused: someone else's person or household
		pi, u = w.r.IntN(len(w.m.persons)), w.writer(-1)
	}
	r := w.call(u, "POST", "/api/v1/households/"+w.m.households[hh].id+"/members", map[string]any{"person_id": w.m.persons[pi].id, "relationship": "子"})
	w.expect(u, r, w.m.refuseAddMember(u, hh, pi), "add household member")
	if ok(r) {
		w.m.households[hh].members = append(w.m.households[hh].members, pi)
		w.touch("household", hh)
		w.touch("person", pi)
	}
	return fmt.Sprintf("%s adds P%d to H%d", w.uname(u), pi, hh)
}

func (w *world) actAddRelation() string {
	if len(w.m.persons) < 2 {
		return w.actRegisterPerson()
	}
	a, b := w.r.IntN(len(w.m.persons)), w.r.IntN(len(w.m.persons))
	u := w.writer(w.m.persons[a].regOrg)
	if w.pct(30) {
		u = w.writer(-1)
	}
	r := w.call(u, "POST", "/api/v1/relations", map[string]any{"from_person_id": w.m.persons[a].id, "to_person_id": w.m.persons[b].id, "kind": "親子"})
	w.expect(u, r, w.m.refuseRelation(u, a, b), "add relation")
	return fmt.Sprintf("%s relates P%d–P%d", w.uname(u), a, b)
}

func (w *world) actCreateCase() string {
	if len(w.m.persons) == 0 {
		return w.actRegisterPerson()
	}
	u := w.writer(-1)
	org := w.m.users[u].org
	focus := w.pickWhere(len(w.m.persons), func(i int) bool { return w.m.persons[i].regOrg == org })
	hh := -1
	if w.pct(50) {
		hh = w.pickWhere(len(w.m.households), func(i int) bool { return w.m.households[i].regOrg == org })
	}
	if focus < 0 || w.pct(25) { // attempts: another org's person (seen by consent or not) or household
		if seen := w.pickWhere(len(w.m.persons), func(i int) bool { return w.m.persons[i].regOrg != org && w.m.canSeePerson(u, i) }); seen >= 0 && w.pct(50) {
			focus = seen // consent laundering: its own case on a person it reads by consent
		} else if w.pct(50) || focus < 0 {
			focus = w.r.IntN(len(w.m.persons))
		}
		if len(w.m.households) > 0 && w.pct(60) {
			hh = w.r.IntN(len(w.m.households))
		}
	}
	hid := ""
	if hh >= 0 {
		hid = w.m.households[hh].id
	}
	r := w.call(u, "POST", "/api/v1/cases", caseBody(w.m.persons[focus].id, hid, w.m.day))
	w.expect(u, r, w.m.refuseCreateCase(u, focus, hh), "create case")
	if ok(r) {
		w.m.cases = append(w.m.cases, refCase{id: id(r), focus: focus, household: hh, lead: org, status: "intake"})
		w.touchCase(len(w.m.cases) - 1)
	}
	return fmt.Sprintf("%s creates case %s focus P%d (of %s) household H%d", w.uname(u), newIdx("C", r, len(w.m.cases)), focus, w.m.orgs[w.m.persons[focus].regOrg].key, hh)
}

func (w *world) actRecordConsent() string {
	if len(w.m.persons) == 0 {
		return w.actRegisterPerson()
	}
	u := w.writer(-1)
	pi := w.pickWhere(len(w.m.persons), func(i int) bool { return w.m.canSeePerson(u, i) })
	if pi < 0 || w.pct(10) {
		pi = w.r.IntN(len(w.m.persons))
	}
	c := refConsent{person: pi, recipients: w.orgSubset(3), cats: cats(1 + w.r.IntN(int(catAll))), givenOn: w.m.day}
	if w.pct(60) {
		c.mtypes = []string{"jusoteki_shien_kaigi"}
	}
	if w.pct(30) {
		c.validUntil = w.dayPlus(3 + w.r.IntN(40))
	}
	var rec []string
	for _, o := range c.recipients {
		rec = append(rec, w.m.orgs[o].id)
	}
	body := map[string]any{"person_id": w.m.persons[pi].id, "given_by": "本人", "given_on": c.givenOn, "method": "署名", "recipients": rec,
		"data_categories": c.cats.names(), "purposes": []string{"支援の検討"}, "meeting_types": append([]string{}, c.mtypes...)}
	if c.validUntil != "" {
		body["valid_until"] = c.validUntil
	}
	r := w.call(u, "POST", "/api/v1/consents", body)
	w.expect(u, r, w.m.refuseSeen(u, pi), "record consent")
	if ok(r) {
		c.id = id(r)
		w.m.consents = append(w.m.consents, c)
		w.touchPerson(pi)
	}
	return fmt.Sprintf("%s records consent %s of P%d to %v cats %v meetings %v until %q", w.uname(u), newIdx("K", r, len(w.m.consents)), pi, w.onames(c.recipients), c.cats.names(), c.mtypes, c.validUntil)
}

func (w *world) actWithdrawConsent() string {
	ki := w.pickWhere(len(w.m.consents), func(i int) bool { return w.m.consents[i].withdrawnOn == "" })
	if ki < 0 {
		return w.actRecordConsent()
	}
	pi := w.m.consents[ki].person
	u := w.writer(w.m.persons[pi].regOrg)
	r := w.call(u, "POST", "/api/v1/consents/"+w.m.consents[ki].id+"/withdraw", map[string]any{"reason": "本人の申し出"})
	w.expect(u, r, w.m.refuseSeen(u, pi), "withdraw consent")
	if ok(r) {
		w.m.consents[ki].withdrawnOn = w.m.day
		w.touchPerson(pi)
	}
	return fmt.Sprintf("%s withdraws consent K%d of P%d", w.uname(u), ki, pi)
}

func (w *world) actAddTeam() string {
	if len(w.m.cases) == 0 {
		return w.actCreateCase()
	}
	ci := w.r.IntN(len(w.m.cases))
	c := w.m.cases[ci]
	u := w.writer(c.lead)
	if w.pct(15) {
		u = w.writer(-1) // a non-lead adding someone (or itself)
	}
	org := w.otherOrg(c.lead)
	basis, until := "consent", ""
	switch x := w.r.IntN(100); {
	case x < 12:
		basis = "art106_6"
	case x < 27:
		basis, until = "elder_abuse", w.dayPlus(5+w.r.IntN(40))
	}
	r := w.call(u, "POST", "/api/v1/cases/"+c.id+"/team", teamBody(w.m.orgs[org].id, basis, until))
	w.expect(u, r, w.m.refuseTeam(u, ci, org, basis), "add team member")
	if ok(r) {
		mb := refMember{org: org, basis: basisConsent}
		if basis != "consent" {
			mb = refMember{org: org, basis: basisStatutory, until: until}
		}
		w.m.cases[ci].team = append(w.m.cases[ci].team, mb)
		w.touchCase(ci)
	}
	return fmt.Sprintf("%s adds %s to C%d (basis %s until %q)", w.uname(u), w.m.orgs[org].key, ci, basis, until)
}

func (w *world) actReferral() string {
	if len(w.m.cases) == 0 {
		return w.actCreateCase()
	}
	ci := w.r.IntN(len(w.m.cases))
	c := w.m.cases[ci]
	u := w.writer(c.lead)
	to := w.otherOrg(c.lead)
	r := w.call(u, "POST", "/api/v1/referrals", map[string]any{"case_id": c.id, "to_organization_id": w.m.orgs[to].id, "reason": "模型のつなぎ"})
	w.expect(u, r, w.m.refuseReferral(u, ci, to), "referral")
	if ok(r) {
		w.m.referrals = append(w.m.referrals, refReferral{id: id(r), caseIdx: ci, to: to})
	}
	return fmt.Sprintf("%s refers C%d to %s (%s)", w.uname(u), ci, w.m.orgs[to].key, newIdx("R", r, len(w.m.referrals)))
}

func (w *world) actAcceptReferral() string {
	ri := w.pickWhere(len(w.m.referrals), func(i int) bool { return !w.m.referrals[i].accepted })
	if ri < 0 {
		return w.actReferral()
	}
	rf := w.m.referrals[ri]
	u := w.writer(rf.to)
	r := w.call(u, "POST", "/api/v1/referrals/"+rf.id+"/accept", nil)
	// the receiver joins under a consent naming it; one already on the team
	// (e.g. by a statutory basis) accepts without joining again
	refuse := w.m.users[u].org != rf.to || (!w.m.consentListsOrg(w.m.cases[rf.caseIdx].focus, rf.to) && w.m.scope(rf.to, rf.caseIdx) == 0)
	w.expect(u, r, refuse, "accept referral")
	if ok(r) {
		w.m.referrals[ri].accepted = true
		if w.m.scope(rf.to, rf.caseIdx) == 0 {
			w.m.cases[rf.caseIdx].team = append(w.m.cases[rf.caseIdx].team, refMember{org: rf.to, basis: basisConsent})
		}
		w.touchCase(rf.caseIdx)
	}
	return fmt.Sprintf("%s accepts R%d (C%d)", w.uname(u), ri, rf.caseIdx)
}

func (w *world) actCreateMeeting() string {
	u := w.writer(-1)
	host := w.m.users[u].org
	att := []int{host}
	for _, o := range w.orgSubset(3) {
		if o != host {
			att = append(att, o)
		}
	}
	var body []map[string]any
	for _, o := range att {
		body = append(body, map[string]any{"organization_id": w.m.orgs[o].id, "member_or_guest": "member"})
	}
	// the meeting takes place today and its host records it held: only a
	// held meeting shares (issue 19)
	at := w.dayPlus(0) + "T00:30:00+09:00"
	r := w.call(u, "POST", "/api/v1/meetings", map[string]any{"type": "jusoteki_shien_kaigi", "scheduled_at": at, "host_organization_id": w.m.orgs[host].id, "attendees": body})
	if ok(r) {
		if h := w.call(u, "POST", "/api/v1/meetings/"+id(r)+"/status", map[string]any{"status": "held", "version": 1}); !ok(h) {
			w.t.Fatalf("hold meeting: %d %s", h.StatusCode, h.Body)
		}
		w.m.meetings = append(w.m.meetings, refMeeting{id: id(r), mtype: "jusoteki_shien_kaigi", host: host, attendees: att})
		w.touch("meeting", len(w.m.meetings)-1)
	}
	return fmt.Sprintf("%s creates meeting %s with %v", w.uname(u), newIdx("M", r, len(w.m.meetings)), w.onames(att))
}

func (w *world) actMeetingItem() string {
	if len(w.m.meetings) == 0 || len(w.m.cases) == 0 {
		return w.actCreateMeeting()
	}
	mi := w.r.IntN(len(w.m.meetings))
	mt := w.m.meetings[mi]
	att := append([]int{mt.host}, mt.attendees...)
	u := w.writer(att[w.r.IntN(len(att))])
	ci := w.pickWhere(len(w.m.cases), func(i int) bool { return w.m.caseScope(u, i) != 0 })
	if ci < 0 || w.pct(15) {
		ci = w.r.IntN(len(w.m.cases))
	}
	w.marker++
	it := refItem{caseIdx: ci, marker: fmt.Sprintf("決定〔I%04d〕", w.marker)}
	r := w.call(u, "POST", "/api/v1/meetings/"+mt.id+"/items", map[string]any{"case_id": w.m.cases[ci].id, "agenda": "info_share",
		"situation": "模型の状況", "decisions": it.marker})
	w.expect(u, r, w.m.refuseItem(u, mi, ci), "meeting item")
	if ok(r) {
		w.m.meetings[mi].items = append(w.m.meetings[mi].items, it)
		w.touch("meeting", mi)
	}
	return fmt.Sprintf("%s puts C%d on M%d", w.uname(u), ci, mi)
}

// actDVFlag sets dv_protected through PATCH /api/v1/persons/{id}; setting it
// designates the setting org.
func (w *world) actDVFlag() string {
	if len(w.m.persons) == 0 {
		return w.actRegisterPerson()
	}
	pi := w.r.IntN(len(w.m.persons))
	u := w.writer(w.m.persons[pi].regOrg)
	if w.pct(40) {
		u = w.writer(-1)
	}
	g := w.call(u, "GET", "/api/v1/persons/"+w.m.persons[pi].id, nil)
	version := 0
	if ok(g) {
		version = int(g.JSON(w.t)["version"].(float64))
	}
	r := w.call(u, "PATCH", "/api/v1/persons/"+w.m.persons[pi].id, map[string]any{"dv_protected": true, "version": version})
	w.expect(u, r, w.m.refuseSeen(u, pi), "set DV flag")
	if ok(r) && !w.m.persons[pi].dv {
		w.m.persons[pi].dv = true
		// the setter and the registering organization (the holder keeps its
		// own record's address); earlier designations stay as history
		if w.m.persons[pi].designated == nil {
			w.m.persons[pi].designated = map[int]bool{}
		}
		w.m.persons[pi].designated[w.m.users[u].org] = true
		w.m.persons[pi].designated[w.m.persons[pi].regOrg] = true
		w.touchPerson(pi)
	}
	return fmt.Sprintf("%s sets DV on P%d", w.uname(u), pi)
}

func (w *world) actDVDesignate() string {
	pi := w.pickWhere(len(w.m.persons), func(i int) bool { return w.m.persons[i].dv })
	if pi < 0 {
		return w.actDVFlag()
	}
	u := w.writer(w.m.persons[pi].regOrg)
	org := w.r.IntN(len(w.m.orgs))
	r := w.call(u, "POST", dvDesignationPath(w.m.persons[pi].id), map[string]any{"organization_id": w.m.orgs[org].id, "reason": "模型の指定"})
	w.expect(u, r, w.m.refuseSeen(u, pi) || !w.m.persons[pi].designated[w.m.users[u].org], "DV designation")
	if ok(r) {
		w.m.persons[pi].designated[org] = true
		w.touchPerson(pi)
	}
	return fmt.Sprintf("%s designates %s for P%d", w.uname(u), w.m.orgs[org].key, pi)
}

func (w *world) actContact() string {
	if len(w.m.cases) == 0 {
		return w.actCreateCase()
	}
	ci := w.r.IntN(len(w.m.cases))
	u := w.writer(-1)
	if w.pct(60) {
		u = w.writer(w.m.cases[ci].lead)
	}
	at := w.e.clock.Now().Add(-time.Hour).Format(time.RFC3339)
	r := w.call(u, "POST", "/api/v1/cases/"+w.m.cases[ci].id+"/contacts", map[string]any{"at": at, "method": "電話", "content": "模型の記録", "minutes": 10})
	w.expect(u, r, w.m.refuseContact(u, ci), "add contact")
	if ok(r) {
		w.m.cases[ci].contacts++
	}
	return fmt.Sprintf("%s records a contact on C%d", w.uname(u), ci)
}

var modelNextStatus = map[string][]string{"intake": {"assessment", "suspended"}, "assessment": {"planning", "closed", "suspended"},
	"planning": {"decided", "suspended"}, "decided": {"active"}, "active": {"monitoring", "suspended"}, "monitoring": {"active", "closed"},
	"suspended": {"assessment"}, "closed": {"assessment"}}

func (w *world) actStatus() string {
	if len(w.m.cases) == 0 {
		return w.actCreateCase()
	}
	ci := w.r.IntN(len(w.m.cases))
	u := w.writer(-1)
	if w.pct(50) {
		u = w.writer(w.m.cases[ci].lead)
	}
	next := modelNextStatus[w.m.cases[ci].status]
	to := next[w.r.IntN(len(next))]
	r := w.call(u, "POST", "/api/v1/cases/"+w.m.cases[ci].id+"/transitions", map[string]any{"to": to, "reason": "resolved"})
	w.expect(u, r, w.m.refuseStatus(u, ci), "status change")
	if ok(r) {
		w.m.cases[ci].status = to
	}
	return fmt.Sprintf("%s moves C%d to %s", w.uname(u), ci, to)
}

// actBreakGlass: break-glass opens only the emergency view, never the record.
func (w *world) actBreakGlass() string {
	if len(w.m.persons) == 0 {
		return w.actRegisterPerson()
	}
	u := w.writer(-1)
	pi := w.r.IntN(len(w.m.persons))
	w.call(u, "POST", "/api/v1/persons/"+w.m.persons[pi].id+"/break-glass", map[string]any{"reason": "生命の危険があり緊急連絡先を確認する必要があるため"})
	w.touchPerson(pi)
	return fmt.Sprintf("%s breaks glass on P%d", w.uname(u), pi)
}

func (w *world) actTimePasses() string {
	days := 1 + w.r.IntN(7)
	w.e.clock.Add(time.Duration(days) * 24 * time.Hour)
	w.m.day = w.today()
	w.relogin()
	w.touchAll()
	return fmt.Sprintf("%d days pass (today %s)", days, w.m.day)
}
