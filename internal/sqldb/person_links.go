package sqldb

import (
	"context"
	"slices"
	"strings"

	"kasane/internal/casework"
)

// Linked records (名寄せ, issue 23): the records decided 「同一人物」 form a
// group (the decisions in force, followed both ways); search and the person
// page show what casework.LinkedView allows of the other records of the
// group.

// maxGroup bounds the records of one linked group followed (a group is a
// handful of records: one per organization that registered the person).
const maxGroup = 32

// linkedGroups maps each of ids to the other records of its linked group
// (none: absent), in id order.
func (t *Tx) linkedGroups(ctx context.Context, muni string, ids []string) (map[string][]string, error) {
	out := map[string][]string{}
	if len(ids) == 0 {
		return out, nil
	}
	adj := map[string][]string{}
	seen := map[string]bool{}
	frontier := slices.Clone(ids)
	for _, id := range ids {
		seen[id] = true
	}
	for len(frontier) > 0 && len(seen) < maxGroup*len(ids) {
		args := []any{muni}
		for _, id := range frontier {
			args = append(args, id)
		}
		in := placeholders(len(frontier))
		// Only decisions of the review (origin ''): a link an organization
		// made by its own request — registering its own record of a person
		// another organization knows, or accepting a 庁内つなぎ票 — only counts
		// the person once and must not tell it who else works with the
		// person (rule 0: no request widens what its maker sees).
		q := "SELECT person_a, person_b FROM duplicate_decisions WHERE municipality_id = ? AND decision = 'same' AND revoked_at = '' AND origin = '' AND person_a IN (" + in + ")"
		links, err := collect(ctx, t, func(s scanner) ([2]string, error) {
			var l [2]string
			return l, s.Scan(&l[0], &l[1])
		}, q+" UNION "+strings.Replace(q, "person_a IN", "person_b IN", 1), append(args, args...)...)
		if err != nil {
			return nil, err
		}
		frontier = frontier[:0]
		for _, l := range links {
			if !slices.Contains(adj[l[0]], l[1]) {
				adj[l[0]] = append(adj[l[0]], l[1])
				adj[l[1]] = append(adj[l[1]], l[0])
			}
			for _, x := range l {
				if !seen[x] {
					seen[x] = true
					frontier = append(frontier, x)
				}
			}
		}
	}
	for _, id := range ids {
		if len(adj[id]) == 0 {
			continue
		}
		group := map[string]bool{id: true}
		stack := []string{id}
		for len(stack) > 0 && len(group) <= maxGroup {
			x := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, y := range adj[x] {
				if !group[y] {
					group[y] = true
					stack = append(stack, y)
				}
			}
		}
		delete(group, id)
		others := make([]string, 0, len(group))
		for y := range group {
			others = append(others, y)
		}
		slices.Sort(others)
		out[id] = others
	}
	return out, nil
}

// groupMember is a record of a linked group with what the rules need.
type groupMember struct {
	p     casework.Person
	f     casework.PersonFacts
	cases []casework.Case // as focus person
	cf    []casework.CaseFacts
}

// loadMembers reads the records ids (of the municipality) with their facts
// and the cases whose focus person they are.
func (t *Tx) loadMembers(ctx context.Context, muni string, ids []string) (map[string]*groupMember, error) {
	out := map[string]*groupMember{}
	if len(ids) == 0 {
		return out, nil
	}
	var refs []personRef
	for start := 0; start < len(ids); start += factsBatch {
		chunk := ids[start:min(start+factsBatch, len(ids))]
		args := []any{muni}
		for _, id := range chunk {
			args = append(args, id)
		}
		ps, err := collect(ctx, t, scanPerson, "SELECT "+personCols+" FROM persons WHERE municipality_id = ? AND id IN ("+placeholders(len(chunk))+")", args...)
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			out[p.ID] = &groupMember{p: p}
			refs = append(refs, refOf(p))
		}
		cs, err := collect(ctx, t, scanCase, "SELECT "+caseCols+" FROM cases WHERE municipality_id = ? AND focus_person_id IN ("+placeholders(len(chunk))+") ORDER BY received_on, number", args...)
		if err != nil {
			return nil, err
		}
		cf, err := t.casesFacts(ctx, muni, cs)
		if err != nil {
			return nil, err
		}
		for i, c := range cs {
			if m := out[c.FocusPersonID]; m != nil {
				m.cases, m.cf = append(m.cases, c), append(m.cf, cf[i])
			}
		}
	}
	facts, err := t.personsFacts(ctx, muni, refs)
	if err != nil {
		return nil, err
	}
	for id, m := range out {
		m.f = facts[id]
	}
	return out, nil
}

// organizations are the organizations working with a record: the one that
// registered it and the leads of its open cases, by name.
func (m *groupMember) organizations(names map[string]string) []string {
	out := []string{names[m.p.RegisteredByOrgID]}
	for _, c := range m.cases {
		if c.Status != "closed" {
			out = appendUnique(out, names[c.LeadOrgID])
		}
	}
	return out
}

// LinkedCase is a case about a linked record: the lead organization, and
// its number and status only when the viewer reads the case.
type LinkedCase struct {
	ID               string `json:"id,omitempty"`
	Number           string `json:"number,omitempty"`
	Status           string `json:"status,omitempty"`
	LeadOrganization string `json:"lead_organization"`
	Readable         bool   `json:"readable"`
}

// LinkedRecord is another record of the person's linked group as the
// viewer is shown it (casework.LinkedView): the record itself when the
// viewer may see it; else 「他機関の記録（閲覧権限なし）」 with the
// organizations to contact, or under DV等支援措置 the municipality's
// contact point only.
type LinkedRecord struct {
	Visible       bool                     `json:"visible"`
	PersonID      string                   `json:"person_id,omitempty"`
	DisplayName   string                   `json:"display_name,omitempty"`
	Kana          string                   `json:"kana,omitempty"`
	BirthShown    string                   `json:"birth_date_display,omitempty"`
	RegisteredBy  string                   `json:"registered_by,omitempty"`
	Organizations []string                 `json:"organizations,omitempty"`
	Cases         []LinkedCase             `json:"cases,omitempty"`
	Inquiry       *casework.InquiryContact `json:"inquiry_contact,omitempty"`
}

// PersonLinks lists the other records of the linked group of person id (a
// person the actor may see), as the actor is shown them. Audited as a view.
func (db *DB) PersonLinks(ctx context.Context, a casework.Actor, id string) ([]LinkedRecord, error) {
	out := []LinkedRecord{}
	err := db.inRead(ctx, "本人", func(tx *Tx) error {
		if _, err := tx.visiblePerson(ctx, a, id); err != nil {
			return err
		}
		if err := tx.audit(ctx, a, auditRecord{Action: casework.ActView, ObjectType: "person_links", ObjectID: id}); err != nil {
			return err
		}
		groups, err := tx.linkedGroups(ctx, a.MunicipalityID, []string{id})
		if err != nil || len(groups[id]) == 0 {
			return err
		}
		ms, err := tx.loadMembers(ctx, a.MunicipalityID, groups[id])
		if err != nil {
			return err
		}
		names, err := tx.orgNames(ctx, a.MunicipalityID)
		if err != nil {
			return err
		}
		day := casework.Today(tx.now)
		var contact *casework.InquiryContact
		for _, oid := range groups[id] {
			m := ms[oid]
			if m == nil {
				continue
			}
			// the actor sees the record id: it sees the group
			switch casework.LinkedView(a, m.f, true, day) {
			case casework.LinkedRecord:
				m.p.Decorate(tx.now)
				lr := LinkedRecord{Visible: true, PersonID: m.p.ID, DisplayName: m.p.DisplayName(), Kana: m.p.DisplayKana(), BirthShown: m.p.BirthDisplay,
					RegisteredBy: names[m.p.RegisteredByOrgID], Organizations: m.organizations(names)}
				for i, c := range m.cases {
					lc := LinkedCase{LeadOrganization: names[c.LeadOrgID]}
					if casework.CanReadCase(a, m.cf[i], day) {
						lc.ID, lc.Number, lc.Status, lc.Readable = c.ID, c.Number, c.Status, true
					} else if c.Status == "closed" {
						continue
					}
					lr.Cases = append(lr.Cases, lc)
				}
				out = append(out, lr)
			case casework.LinkedContacts:
				out = append(out, LinkedRecord{RegisteredBy: names[m.p.RegisteredByOrgID], Organizations: m.organizations(names)})
			case casework.LinkedInquiryOnly:
				if contact == nil {
					if contact, err = tx.inquiryContact(ctx, a.MunicipalityID); err != nil {
						return err
					}
				}
				out = append(out, LinkedRecord{Inquiry: contact})
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// searchLink is what search does with a hit of a linked group: skip it
// (a record of its group is listed already), or list it as rep (the record
// of the group the searcher sees, when the hit itself is not one it sees),
// with the other records of the group.
type searchLink struct {
	skip   bool
	rep    *groupMember
	others []*groupMember
}

// searchLinks finds the linked groups of the hits ps (in rank order): one
// entry per group, shown as a record of it the searcher may see if there is
// one (rule 4: a searcher working with the person finds it whichever record
// the name matched).
func (t *Tx) searchLinks(ctx context.Context, a casework.Actor, ps []casework.Person, factsOf map[string]casework.PersonFacts) (map[string]searchLink, error) {
	out := map[string]searchLink{}
	ids := make([]string, 0, len(ps))
	for _, p := range ps {
		if p.Identified {
			ids = append(ids, p.ID)
		}
	}
	groups, err := t.linkedGroups(ctx, a.MunicipalityID, ids)
	if err != nil || len(groups) == 0 {
		return out, err
	}
	var need []string
	for id, others := range groups {
		need = append(append(need, id), others...)
	}
	slices.Sort(need)
	ms, err := t.loadMembers(ctx, a.MunicipalityID, slices.Compact(need))
	if err != nil {
		return nil, err
	}
	day := casework.Today(t.now)
	listed := map[string]bool{}
	for _, p := range ps {
		others, ok := groups[p.ID]
		if !ok {
			continue
		}
		if listed[p.ID] {
			out[p.ID] = searchLink{skip: true}
			continue
		}
		self := ms[p.ID]
		if self == nil { // gone meanwhile
			self = &groupMember{p: p, f: factsOf[p.ID]}
		}
		members := []*groupMember{self}
		for _, id := range others {
			if m := ms[id]; m != nil {
				members = append(members, m)
			}
			listed[id] = true
		}
		l := searchLink{}
		rep := self
		if !casework.CanSeePerson(a, self.f, day) {
			for _, m := range members[1:] {
				if casework.CanSeePerson(a, m.f, day) {
					rep, l.rep = m, m
					break
				}
			}
		}
		for _, m := range members {
			if m != rep {
				l.others = append(l.others, m)
			}
		}
		out[p.ID] = l
	}
	return out, nil
}
