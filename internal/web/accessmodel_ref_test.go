package web_test

// The reference model of TestAccessModel: a small, pure statement of who may
// read what, following /work/notes/MODEL.md (the access model of issue 18).
// It knows nothing of HTTP or SQL; it is the specification the real router is
// checked against after every step. Entities are kept in slices and referred
// to by index, so the generator never depends on the server's random ids.

// Data categories of a consent, as a bit set.
type cats uint8

const (
	catBasic cats = 1 << iota
	catHousehold
	catHealth
	catFinance
	catRecords
	catAll = catBasic | catHousehold | catHealth | catFinance | catRecords
)

var catNames = []string{"basic", "household", "health", "finance", "records"}

func (c cats) has(x cats) bool { return c&x == x }

func (c cats) names() []string {
	out := []string{}
	for i, n := range catNames {
		if c&(1<<i) != 0 {
			out = append(out, n)
		}
	}
	return out
}

type refOrg struct {
	key, kind string
	id, name  string
}

type refUser struct {
	key  string
	org  int
	role string
	tok  string
}

// handlesCases: roles that read case content at all (admin/privacy see nothing).
func (u refUser) handlesCases() bool {
	return u.role == "worker" || u.role == "coordinator" || u.role == "viewer"
}

// writes: roles that record anything.
func (u refUser) writes() bool { return u.role == "worker" || u.role == "coordinator" }

type refPerson struct {
	id         string
	n          int // marker number: street 〔n〕, given name
	regOrg     int
	dv         bool
	designated map[int]bool // DV designation (rule 6)
}

type refHousehold struct {
	id      string
	regOrg  int
	members []int // persons
}

const (
	basisLead      = "lead"
	basisConsent   = "consent"
	basisStatutory = "statutory"
)

type refMember struct {
	org   int
	basis string
	until string // statutory: last day of the membership
}

type refCase struct {
	id        string
	focus     int
	household int // -1: none
	lead      int
	team      []refMember
	status    string
	contacts  int
}

type refConsent struct {
	id          string
	person      int
	recipients  []int
	cats        cats
	mtypes      []string
	givenOn     string
	validUntil  string
	withdrawnOn string
}

type refItem struct {
	caseIdx int
	marker  string
}

type refMeeting struct {
	id        string
	mtype     string
	host      int
	attendees []int
	items     []refItem
}

type refReferral struct {
	id       string
	caseIdx  int
	to       int
	accepted bool
}

// model is the whole reference state.
type model struct {
	day        string // today, YYYY-MM-DD
	orgs       []refOrg
	users      []refUser
	persons    []refPerson
	households []refHousehold
	cases      []refCase
	consents   []refConsent
	meetings   []refMeeting
	referrals  []refReferral
	liaisons   []refLiaison // 庁内つなぎ票 (accessmodel_liaison_test.go)
	same       map[int]int  // 名寄せ links: parent of each linked person
}

func has(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func hasS(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// effective: given, not past its end, not withdrawn.
func (m *model) effective(c refConsent) bool {
	if m.day < c.givenOn {
		return false
	}
	if c.validUntil != "" && m.day > c.validUntil {
		return false
	}
	return c.withdrawnOn == "" || m.day < c.withdrawnOn
}

// consentCats is the union of the categories of person's effective consents
// that list org.
func (m *model) consentCats(person, org int) cats {
	var out cats
	for _, c := range m.consents {
		if c.person == person && m.effective(c) && has(c.recipients, org) {
			out |= c.cats
		}
	}
	return out
}

// consentListsOrg: an effective consent of person lists org.
func (m *model) consentListsOrg(person, org int) bool {
	for _, c := range m.consents {
		if c.person == person && m.effective(c) && has(c.recipients, org) {
			return true
		}
	}
	return false
}

// consentCoversMeeting: an effective consent of person lists org AND the
// meeting type. Empty meeting_types covers no meeting.
func (m *model) consentCoversMeeting(person, org int, mtype string) bool {
	for _, c := range m.consents {
		if c.person == person && m.effective(c) && has(c.recipients, org) && hasS(c.mtypes, mtype) {
			return true
		}
	}
	return false
}

// consentCoversMeetingRecords: as consentCoversMeeting, and the consent gives
// `records` (a meeting item is consultation content).
func (m *model) consentCoversMeetingRecords(person, org int, mtype string) bool {
	for _, c := range m.consents {
		if c.person == person && m.effective(c) && has(c.recipients, org) && hasS(c.mtypes, mtype) && c.cats.has(catRecords) {
			return true
		}
	}
	return false
}

// scope of org on case ci: lead and active statutory members every category;
// a consent member the union of the focus person's effective consents that
// list it (none: off the team). 0 means not on the team.
func (m *model) scope(org, ci int) cats {
	c := m.cases[ci]
	if org == c.lead {
		return catAll
	}
	var out cats
	for _, tm := range c.team {
		if tm.org != org {
			continue
		}
		switch tm.basis {
		case basisStatutory:
			if tm.until == "" || m.day <= tm.until {
				out |= catAll
			}
		case basisConsent:
			out |= m.consentCats(c.focus, org)
		}
	}
	return out
}

func (m *model) isStatutory(org, ci int) bool {
	for _, tm := range m.cases[ci].team {
		if tm.org == org && tm.basis == basisStatutory && (tm.until == "" || m.day <= tm.until) {
			return true
		}
	}
	return false
}

// canSeePerson: rules 1–3 of MODEL.md. Break-glass opens no record.
func (m *model) canSeePerson(u, pi int) bool {
	user := m.users[u]
	if !user.handlesCases() {
		return false
	}
	org, p := user.org, m.persons[pi]
	if org == p.regOrg { // rule 1
		return true
	}
	for ci, c := range m.cases {
		sc := m.scope(org, ci)
		if sc == 0 {
			continue
		}
		if c.focus == pi && sc.has(catBasic) { // rule 2
			return true
		}
		if c.focus != pi && c.household >= 0 && has(m.households[c.household].members, pi) { // rule 3
			if org == c.lead || m.isStatutory(org, ci) || sc.has(catHousehold) || m.consentListsOrg(pi, org) {
				return true
			}
		}
	}
	return false
}

// canSeeAddress: rule 6, the address shows only to designated organizations
// that can see the person; never derived from being lead of a case.
func (m *model) canSeeAddress(u, pi int) bool {
	p := m.persons[pi]
	return m.canSeePerson(u, pi) && (!p.dv || p.designated[m.users[u].org])
}

// canSeeHousehold: its registering org, and orgs that may read a case of that
// household with `household` scope. Seeing one member does not open it.
func (m *model) canSeeHousehold(u, hi int) bool {
	user := m.users[u]
	if !user.handlesCases() {
		return false
	}
	if m.households[hi].regOrg == user.org {
		return true
	}
	for ci, c := range m.cases {
		if c.household == hi && m.scope(user.org, ci).has(catHousehold) {
			return true
		}
	}
	return false
}

// caseScope is what user reads of case ci (0: nothing; the case is 404).
func (m *model) caseScope(u, ci int) cats {
	user := m.users[u]
	if !user.handlesCases() {
		return 0
	}
	return m.scope(user.org, ci)
}

// canReadCase: on the team with any category; the case then shows its
// header (and `data_scope`), its content as the scope allows.
func (m *model) canReadCase(u, ci int) bool     { return m.caseScope(u, ci) != 0 }
func (m *model) canReadContacts(u, ci int) bool { return m.caseScope(u, ci).has(catRecords) }

// contactsStatus: 200 with `records`, 403 on the team without it (the
// member knows the case; it is told the consent does not cover the record),
// 404 off the team.
func (m *model) contactsStatus(u, ci int) int {
	switch {
	case m.canReadContacts(u, ci):
		return 200
	case m.canReadCase(u, ci):
		return 403
	}
	return 404
}

func (m *model) canSeeMeeting(u, mi int) bool {
	user := m.users[u]
	mt := m.meetings[mi]
	return user.handlesCases() && (user.org == mt.host || has(mt.attendees, user.org))
}

// itemVisible: a meeting item is readable by an attendee org only while an
// effective consent of the case's focus person lists that org and the
// meeting type, or the org reads the case's records as a team member.
func (m *model) itemVisible(u, mi int, it refItem) bool {
	if !m.canSeeMeeting(u, mi) {
		return false
	}
	org, c := m.users[u].org, m.cases[it.caseIdx]
	return m.caseScope(u, it.caseIdx).has(catRecords) || m.consentCoversMeetingRecords(c.focus, org, m.meetings[mi].mtype)
}

// knownByAllowed lists the organizations a search hit of person pi may name
// to user: none outside the team; inside, the registering org and the teams
// of the cases about the person the user reads.
func (m *model) knownByAllowed(u, pi int) map[int]bool {
	out := map[int]bool{}
	if !m.canSeePerson(u, pi) {
		return out
	}
	out[m.persons[pi].regOrg] = true
	for ci, c := range m.cases {
		about := c.focus == pi || (c.household >= 0 && has(m.households[c.household].members, pi))
		if !about || m.caseScope(u, ci) == 0 {
			continue
		}
		out[c.lead] = true
		for _, tm := range c.team {
			if m.scope(tm.org, ci) != 0 {
				out[tm.org] = true
			}
		}
	}
	return out
}

// ---- what the model says must be refused (no self-granting) ----

// refuseCreateCase: the focus person and the household must be the caller's
// org's own records.
func (m *model) refuseCreateCase(u, focus, hh int) bool {
	user := m.users[u]
	if !user.writes() || m.persons[focus].regOrg != user.org {
		return true
	}
	return hh >= 0 && m.households[hh].regOrg != user.org
}

// refuseAddMember: household and person both registered by the caller's org.
func (m *model) refuseAddMember(u, hh, pi int) bool {
	user := m.users[u]
	return !user.writes() || m.households[hh].regOrg != user.org || m.persons[pi].regOrg != user.org || has(m.households[hh].members, pi)
}

// refuseRelation: both persons the caller's org's own, or the caller is the
// lead of a case whose household holds both.
func (m *model) refuseRelation(u, a, b int) bool {
	user := m.users[u]
	if !user.writes() || a == b {
		return true
	}
	if m.persons[a].regOrg == user.org && m.persons[b].regOrg == user.org {
		return false
	}
	for _, c := range m.cases {
		if c.lead == user.org && c.household >= 0 && has(m.households[c.household].members, a) && has(m.households[c.household].members, b) {
			return false
		}
	}
	return true
}

// refuseTeam: only the lead adds members; a consent member needs an effective
// consent of the focus person naming it; art106_6 is never a team basis.
func (m *model) refuseTeam(u, ci, org int, basis string) bool {
	user, c := m.users[u], m.cases[ci]
	switch {
	case !user.writes() || user.org != c.lead || org == c.lead:
		return true
	case basis == "art106_6":
		return true
	case basis == "consent":
		return !m.consentListsOrg(c.focus, org)
	}
	return false
}

// refuseContact: writing contacts needs `records` scope.
func (m *model) refuseContact(u, ci int) bool {
	return !m.users[u].writes() || !m.caseScope(u, ci).has(catRecords)
}

// refuseStatus: only the lead org, or a municipal_section org user.
func (m *model) refuseStatus(u, ci int) bool {
	user := m.users[u]
	return !user.writes() || (user.org != m.cases[ci].lead && m.orgs[user.org].kind != "municipal_section")
}

// refuseItem: the writer works on the case, and at a 重層的支援会議 every
// attending org other than the lead is covered by an effective consent that
// lists it and the meeting type.
func (m *model) refuseItem(u, mi, ci int) bool {
	if !m.users[u].writes() || !m.canSeeMeeting(u, mi) || !m.caseScope(u, ci).has(catRecords) {
		return true
	}
	mt, c := m.meetings[mi], m.cases[ci]
	for _, org := range append([]int{mt.host}, mt.attendees...) {
		if org != c.lead && !m.consentCoversMeeting(c.focus, org, mt.mtype) {
			return true
		}
	}
	return false
}

// refuseReferral: the consent must name the receiver.
func (m *model) refuseReferral(u, ci, to int) bool {
	user, c := m.users[u], m.cases[ci]
	return !user.writes() || m.caseScope(u, ci) == 0 || to == user.org || !m.consentListsOrg(c.focus, to)
}

// refuseSeen: anything about a person the caller cannot see is refused
// (consent, withdrawal, DV flag).
func (m *model) refuseSeen(u, pi int) bool {
	return !m.users[u].writes() || !m.canSeePerson(u, pi)
}
