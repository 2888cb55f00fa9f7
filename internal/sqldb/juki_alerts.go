package sqldb

import (
	"context"
	"sort"

	"kasane/internal/casework"
	"kasane/internal/juki"
)

// The watches of the 住基 link (issue 23): an open case whose focus person or
// household member the register says moved out (転出) or died (死亡) — the
// record itself, or a record linked to it as the same person (名寄せ) — is
// raised on the lists of the case's lead and team (GET /api/v1/alerts,
// 「わたしの仕事」, the case page), each as far as its scope reads the person
// (`basic` for the focus person, `household` for a member); for a death,
// the plans, referrals and outreach targets still open are named for
// closure. Outreach targets of such persons are raised on their
// organization's list.

// gone is what the register says of a record: status, 異動日, and the
// record the register's change was applied to when it is another one
// linked as the same person.
type gone struct{ status, on, via string }

// goneRecords maps every record of persons who moved out or died to what
// the register says: the records themselves and the records linked to them
// as the same person (one step). Cheap when none: one indexed query.
func (t *Tx) goneRecords(ctx context.Context, muni string) (map[string]gone, error) {
	type row struct{ id, status, on string }
	rs, err := collectCached(ctx, t, func(s scanner) (row, error) {
		var r row
		return r, s.Scan(&r.id, &r.status, &r.on)
	}, "SELECT id, resident_status, resident_status_on FROM persons WHERE municipality_id = ? AND resident_status IN ('転出', '死亡')", muni)
	if err != nil || len(rs) == 0 {
		return nil, err
	}
	out := make(map[string]gone, len(rs))
	ids := make([]string, 0, len(rs))
	for _, r := range rs {
		out[r.id] = gone{status: r.status, on: r.on}
		ids = append(ids, r.id)
	}
	for start := 0; start < len(ids); start += 400 {
		chunk := ids[start:min(start+400, len(ids))]
		args := []any{muni}
		for _, id := range chunk {
			args = append(args, id)
		}
		in := placeholders(len(chunk))
		q := "SELECT person_a, person_b FROM duplicate_decisions WHERE municipality_id = ? AND decision = 'same' AND revoked_at = '' AND "
		links, err := collect(ctx, t, func(s scanner) ([2]string, error) {
			var l [2]string
			return l, s.Scan(&l[0], &l[1])
		}, q+"person_a IN ("+in+") UNION "+q+"person_b IN ("+in+")", append(args, args...)...)
		if err != nil {
			return nil, err
		}
		for _, l := range links {
			for _, pair := range [][2]string{{l[0], l[1]}, {l[1], l[0]}} {
				src, ok := out[pair[0]]
				if _, own := out[pair[1]]; ok && src.via == "" && !own {
					out[pair[1]] = gone{status: src.status, on: src.on, via: pair[0]}
				}
			}
		}
	}
	return out, nil
}

// goneSubjects finds, among cases, those about a gone record (focus or
// household member) and the subject of each (the focus person first).
func (t *Tx) goneSubjects(ctx context.Context, g map[string]gone, cs []casework.Case) (map[string][]juki.Subject, error) {
	out := map[string][]juki.Subject{}
	var households []string
	for _, c := range cs {
		if x, ok := g[c.FocusPersonID]; ok {
			out[c.ID] = append(out[c.ID], juki.Subject{Status: x.status, On: x.on, Linked: x.via != ""})
		}
		if c.HouseholdID != "" {
			households = append(households, c.HouseholdID)
		}
	}
	members := map[string][]string{} // household → gone member ids
	for start := 0; start < len(households); start += 400 {
		chunk := households[start:min(start+400, len(households))]
		args := make([]any, len(chunk))
		for i, h := range chunk {
			args[i] = h
		}
		type row struct{ hh, person string }
		rs, err := collect(ctx, t, func(s scanner) (row, error) {
			var r row
			return r, s.Scan(&r.hh, &r.person)
		}, "SELECT household_id, person_id FROM household_members WHERE household_id IN ("+placeholders(len(chunk))+")", args...)
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			if _, ok := g[r.person]; ok {
				members[r.hh] = append(members[r.hh], r.person)
			}
		}
	}
	for _, c := range cs {
		for _, m := range members[c.HouseholdID] {
			if m == c.FocusPersonID {
				continue
			}
			var name string
			p := casework.Case{FocusPersonID: m}
			if err := t.fillFocusName(ctx, &p); err != nil {
				return nil, err
			}
			name = p.FocusName
			x := g[m]
			out[c.ID] = append(out[c.ID], juki.Subject{Member: true, Name: name, Status: x.status, On: x.on, Linked: x.via != ""})
		}
	}
	return out, nil
}

// residentCaseAlerts are the watches of the cases cs for the actor: only
// cases whose team the actor's organization is on, a focus person's change
// under `basic`, a member's under `household`.
func (t *Tx) residentCaseAlerts(ctx context.Context, a casework.Actor, g map[string]gone, cs []casework.Case) ([]casework.Alert, error) {
	var out []casework.Alert
	if len(g) == 0 || len(cs) == 0 {
		return out, nil
	}
	subjects, err := t.goneSubjects(ctx, g, cs)
	if err != nil {
		return nil, err
	}
	day := casework.Today(t.now)
	for _, c := range cs {
		ss := subjects[c.ID]
		if len(ss) == 0 {
			continue
		}
		f, err := t.caseFactsOnly(ctx, a.MunicipalityID, c)
		if err != nil {
			return nil, err
		}
		if err := t.fillFocusName(ctx, &c); err != nil {
			return nil, err
		}
		for _, s := range ss {
			cat := casework.CatBasic
			if s.Member {
				cat = casework.CatHousehold
			}
			if !casework.CanReadCaseData(a, f, cat, day) {
				continue
			}
			var open juki.OpenItems
			if s.Status == casework.ResidentDeceased && !s.Member {
				if open, err = t.openItems(ctx, a.MunicipalityID, c, g); err != nil {
					return nil, err
				}
			}
			out = append(out, juki.CaseAlert(c, s, open))
		}
	}
	return out, nil
}

// openItems counts what is still open on the case of a person who died:
// plans (draft, agreed, decided), referrals (pending, accepted) and the
// outreach targets of the person's records not handed over.
func (t *Tx) openItems(ctx context.Context, muni string, c casework.Case, g map[string]gone) (juki.OpenItems, error) {
	var o juki.OpenItems
	if err := t.queryRow(ctx, "SELECT COUNT(*) FROM plans WHERE municipality_id = ? AND case_id = ? AND status IN ('draft', 'agreed', 'decided')", muni, c.ID).Scan(&o.Plans); err != nil {
		return o, err
	}
	if err := t.queryRow(ctx, "SELECT COUNT(*) FROM referrals WHERE municipality_id = ? AND case_id = ? AND status IN ('pending', 'accepted')", muni, c.ID).Scan(&o.Referrals); err != nil {
		return o, err
	}
	ids := []any{muni, c.FocusPersonID}
	if v := g[c.FocusPersonID].via; v != "" {
		ids = append(ids, v)
	}
	err := t.queryRow(ctx, "SELECT COUNT(*) FROM outreach_targets WHERE municipality_id = ? AND stage <> 'handed_over' AND person_id IN ("+placeholders(len(ids)-1)+")", ids...).Scan(&o.Outreach)
	return o, err
}

// residentAlerts are the actor's watches of the 住基 link: its open cases
// (lead or team) about a person who moved out or died, and its outreach
// targets of such persons.
func (t *Tx) residentAlerts(ctx context.Context, a casework.Actor) ([]casework.Alert, error) {
	g, err := t.goneRecords(ctx, a.MunicipalityID)
	if err != nil || len(g) == 0 {
		return nil, err
	}
	ids := make([]string, 0, len(g))
	for id := range g {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	seen := map[string]bool{}
	var cs []casework.Case
	for start := 0; start < len(ids); start += 400 {
		chunk := ids[start:min(start+400, len(ids))]
		args := []any{a.MunicipalityID}
		for _, id := range chunk {
			args = append(args, id)
		}
		in := placeholders(len(chunk))
		// by the person indexes, never a walk over the municipality's cases
		muni := t.dialect.noIndex("municipality_id")
		found, err := collect(ctx, t, scanCase, "SELECT "+caseCols+" FROM cases WHERE "+muni+" = ? AND status <> 'closed' AND focus_person_id IN ("+in+")", args...)
		if err != nil {
			return nil, err
		}
		more, err := collect(ctx, t, scanCase, "SELECT "+caseCols+" FROM cases WHERE "+muni+" = ? AND status <> 'closed' AND household_id IN (SELECT household_id FROM household_members WHERE person_id IN ("+in+"))", args...)
		if err != nil {
			return nil, err
		}
		found = append(found, more...)
		for _, c := range found {
			if !seen[c.ID] {
				seen[c.ID] = true
				cs = append(cs, c)
			}
		}
	}
	sort.Slice(cs, func(i, j int) bool { return cs[i].ReceivedOn < cs[j].ReceivedOn })
	out, err := t.residentCaseAlerts(ctx, a, g, cs)
	if err != nil {
		return nil, err
	}
	// the actor's organization's outreach targets of such persons
	if a.OrganizationID == "" {
		return out, nil
	}
	type target struct{ id, person string }
	for start := 0; start < len(ids); start += 400 {
		chunk := ids[start:min(start+400, len(ids))]
		args := []any{a.MunicipalityID, a.OrganizationID}
		for _, id := range chunk {
			args = append(args, id)
		}
		ts, err := collect(ctx, t, func(s scanner) (target, error) {
			var x target
			return x, s.Scan(&x.id, &x.person)
		}, "SELECT id, person_id FROM outreach_targets WHERE municipality_id = ? AND org_id = ? AND stage <> 'handed_over' AND person_id IN ("+placeholders(len(chunk))+") ORDER BY found_on", args...)
		if err != nil {
			return nil, err
		}
		for _, x := range ts {
			p := casework.Case{FocusPersonID: x.person}
			if err := t.fillFocusName(ctx, &p); err != nil {
				return nil, err
			}
			s := g[x.person]
			out = append(out, juki.OutreachAlert(x.id, juki.Subject{Name: p.FocusName, Status: s.status, On: s.on, Linked: s.via != ""}))
		}
	}
	return out, nil
}

// residentAlertsOfCase are the 住基 watches of one case for the actor (the
// case page); the caller has checked the actor reads the case.
func (t *Tx) residentAlertsOfCase(ctx context.Context, a casework.Actor, c casework.Case) ([]casework.Alert, error) {
	if c.Status == "closed" {
		return nil, nil
	}
	g, err := t.goneRecords(ctx, a.MunicipalityID)
	if err != nil || len(g) == 0 {
		return nil, err
	}
	return t.residentCaseAlerts(ctx, a, g, []casework.Case{c})
}
