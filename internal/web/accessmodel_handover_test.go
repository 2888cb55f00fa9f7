package web_test

import "fmt"

// actHandover is the hand-over of the lead (issue 22) as an action of
// TestAccessModel: the lead sends a referral with transfer_lead and the
// receiver answers at once. The reference model moves the lead: the
// receiver must be named by an effective consent or be an active statutory
// member; the previous lead stays under its consent membership or joins as
// 元主担当 when an effective consent names it, except a 多機関協働事業者,
// which leaves the team altogether.
func (w *world) actHandover() string {
	if len(w.m.cases) == 0 {
		return w.actCreateCase()
	}
	ci := w.r.IntN(len(w.m.cases))
	c := w.m.cases[ci]
	u := w.writer(c.lead)
	to := w.otherOrg(c.lead)
	r := w.call(u, "POST", "/api/v1/referrals", map[string]any{"case_id": c.id, "to_organization_id": w.m.orgs[to].id, "reason": "模型の引継ぎ", "transfer_lead": true})
	w.expect(u, r, w.m.refuseReferral(u, ci, to) || w.m.users[u].org != c.lead, "hand-over referral")
	if !ok(r) {
		return fmt.Sprintf("%s hands C%d to %s (refused)", w.uname(u), ci, w.m.orgs[to].key)
	}
	ua := w.writer(to)
	a := w.call(ua, "POST", "/api/v1/referrals/"+id(r)+"/accept", nil)
	refuse := w.m.users[ua].org != to || (!w.m.consentListsOrg(c.focus, to) && !w.m.isStatutory(to, ci))
	w.expect(ua, a, refuse, "accept hand-over")
	if ok(a) {
		prev := c.lead
		cs := &w.m.cases[ci]
		cs.lead = to
		if w.m.orgs[prev].kind == "multi_agency" {
			var team []refMember
			for _, tm := range cs.team {
				if tm.org != prev {
					team = append(team, tm)
				}
			}
			cs.team = team
		} else if !w.m.hasConsentMember(ci, prev) && w.m.consentListsOrg(cs.focus, prev) {
			cs.team = append(cs.team, refMember{org: prev, basis: basisConsent})
		}
		w.touchCase(ci)
	}
	return fmt.Sprintf("%s hands C%d to %s, %s answers", w.uname(u), ci, w.m.orgs[to].key, w.uname(ua))
}

func (m *model) hasConsentMember(ci, org int) bool {
	for _, tm := range m.cases[ci].team {
		if tm.org == org && tm.basis == basisConsent {
			return true
		}
	}
	return false
}
