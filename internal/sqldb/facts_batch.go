package sqldb

import (
	"context"

	"kasane/internal/casework"
)

// factsBatch is how many cases one round of the batched loader covers
// (bounded so the IN lists stay well under every driver's parameter limit).
const factsBatch = 250

// casesFacts loads the facts of rule 1–3 for many cases of one municipality
// at once: one query per kind of fact for all of them, instead of three per
// case. out[i] belongs to cs[i]; the cases' teams are filled too.
func (t *Tx) casesFacts(ctx context.Context, muni string, cs []casework.Case) ([]casework.CaseFacts, error) {
	out := make([]casework.CaseFacts, len(cs))
	for start := 0; start < len(cs); start += factsBatch {
		end := min(start+factsBatch, len(cs))
		if err := t.casesFactsChunk(ctx, muni, cs[start:end], out[start:end]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (t *Tx) casesFactsChunk(ctx context.Context, muni string, cs []casework.Case, out []casework.CaseFacts) error {
	caseIDs := make([]any, 0, len(cs))
	var personIDs []any
	seenPerson := map[string]bool{}
	for _, c := range cs {
		caseIDs = append(caseIDs, c.ID)
		if !seenPerson[c.FocusPersonID] {
			seenPerson[c.FocusPersonID] = true
			personIDs = append(personIDs, c.FocusPersonID)
		}
	}
	type teamRow struct {
		caseID string
		m      casework.TeamMember
	}
	teams, err := collectCached(ctx, t, func(s scanner) (teamRow, error) {
		var r teamRow
		var err error
		r.m, err = scanTeam(prefixScanner{s, &r.caseID})
		return r, err
	}, "SELECT case_id, "+teamCols+" FROM case_team WHERE case_id IN ("+placeholders(len(caseIDs))+") ORDER BY from_on, created_at", caseIDs...)
	if err != nil {
		return err
	}
	byCase := map[string][]casework.TeamMember{}
	for _, r := range teams {
		byCase[r.caseID] = append(byCase[r.caseID], r.m)
	}
	consents, err := collectCached(ctx, t, scanConsent, "SELECT "+consentCols+" FROM consents WHERE "+t.dialect.noIndex("municipality_id")+" = ? AND person_id IN ("+
		placeholders(len(personIDs))+") ORDER BY given_on DESC, created_at DESC", append([]any{muni}, personIDs...)...)
	if err != nil {
		return err
	}
	consentsOf := map[string][]casework.Consent{}
	for _, c := range consents {
		consentsOf[c.PersonID] = append(consentsOf[c.PersonID], c)
	}
	for i := range cs {
		c := &cs[i]
		out[i] = casework.CaseFacts{LeadOrgID: c.LeadOrgID, Team: byCase[c.ID], Consents: consentsOf[c.FocusPersonID]}
		c.Team = out[i].Team
	}
	return nil
}

// personRef is what personsFacts needs of a person row.
type personRef struct {
	ID, RegisteredBy string
	DV               bool
}

func refOf(p casework.Person) personRef {
	return personRef{ID: p.ID, RegisteredBy: p.RegisteredByOrgID, DV: p.DVProtected}
}

// personsFacts loads the facts of rules 0, 4 and 6 for many persons at once
// (a page of search hits, a household): one query finds the cases about all
// of them (as focus person, as household member), one round of casesFacts
// loads their facts, one query their own consents and one their DV
// designations, instead of several queries per person.
func (t *Tx) personsFacts(ctx context.Context, muni string, refs []personRef) (map[string]casework.PersonFacts, error) {
	out := make(map[string]casework.PersonFacts, len(refs))
	if len(refs) == 0 {
		return out, nil
	}
	type about struct {
		person string
		c      casework.Case
	}
	var rows []about
	ownOf := map[string][]casework.Consent{}
	designated := map[string][]string{}
	for start := 0; start < len(refs); start += factsBatch {
		chunk := refs[start:min(start+factsBatch, len(refs))]
		ids := make([]any, 0, len(chunk))
		for _, r := range chunk {
			ids = append(ids, r.ID)
		}
		args := append(append([]any{}, ids...), muni)
		args = append(args, args...)
		// what the facts need of a case: its id, 本人 and lead (casesFacts);
		// not the whole row (a search page reads the cases of 50 persons)
		scan := func(s scanner) (about, error) {
			var r about
			return r, s.Scan(&r.person, &r.c.ID, &r.c.FocusPersonID, &r.c.LeadOrgID)
		}
		// one statement: a person's page or search hit pays one parse
		found, err := collectCached(ctx, t, scan, "SELECT focus_person_id, id, focus_person_id, lead_org_id FROM cases WHERE focus_person_id IN ("+
			placeholders(len(chunk))+") AND "+t.dialect.noIndex("municipality_id")+" = ? UNION ALL SELECT m.person_id, c.id, c.focus_person_id, c.lead_org_id"+
			` FROM household_members m CROSS JOIN cases c WHERE c.household_id = m.household_id AND m.person_id IN (`+placeholders(len(chunk))+") AND "+
			t.dialect.noIndex("c.municipality_id")+" = ?", args...)
		if err != nil {
			return nil, err
		}
		rows = append(rows, found...)
		own, err := collectCached(ctx, t, scanConsent, "SELECT "+consentCols+" FROM consents WHERE "+t.dialect.noIndex("municipality_id")+" = ? AND person_id IN ("+
			placeholders(len(chunk))+") ORDER BY given_on DESC, created_at DESC", append([]any{muni}, ids...)...)
		if err != nil {
			return nil, err
		}
		for _, c := range own {
			ownOf[c.PersonID] = append(ownOf[c.PersonID], c)
		}
		type des struct{ person, org string }
		ds, err := collectCached(ctx, t, func(s scanner) (des, error) {
			var d des
			return d, s.Scan(&d.person, &d.org)
		}, "SELECT person_id, organization_id FROM dv_designations WHERE person_id IN ("+placeholders(len(chunk))+")", ids...)
		if err != nil {
			return nil, err
		}
		for _, d := range ds {
			designated[d.person] = append(designated[d.person], d.org)
		}
	}
	// each case once per person (as focus person and member counts once, as
	// focus), each case's facts loaded once
	var cases []casework.Case
	index := map[string]int{}
	seen := map[[2]string]bool{}
	var pairs []about
	for _, r := range rows {
		k := [2]string{r.person, r.c.ID}
		if seen[k] {
			continue
		}
		seen[k] = true
		if _, ok := index[r.c.ID]; !ok {
			index[r.c.ID] = len(cases)
			cases = append(cases, r.c)
		}
		pairs = append(pairs, r)
	}
	facts, err := t.casesFacts(ctx, muni, cases)
	if err != nil {
		return nil, err
	}
	for _, r := range refs {
		out[r.ID] = casework.PersonFacts{RegisteredBy: r.RegisteredBy, DVProtected: r.DV, Designated: designated[r.ID], Own: ownOf[r.ID]}
	}
	for _, p := range pairs {
		f := out[p.person]
		if p.c.FocusPersonID == p.person {
			f.Focus = append(f.Focus, facts[index[p.c.ID]])
		} else {
			f.Member = append(f.Member, facts[index[p.c.ID]])
		}
		out[p.person] = f
	}
	return out, nil
}
