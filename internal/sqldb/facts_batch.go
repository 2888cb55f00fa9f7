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
	type grant struct{ personID, userID string }
	grants, err := collectCached(ctx, t, func(s scanner) (grant, error) {
		var g grant
		return g, s.Scan(&g.personID, &g.userID)
	}, "SELECT person_id, user_id FROM break_glass WHERE person_id IN ("+placeholders(len(personIDs))+") AND until_at > ?",
		append(personIDs, ts(t.now))...)
	if err != nil {
		return err
	}
	emergency := map[string][]string{}
	for _, g := range grants {
		emergency[g.personID] = append(emergency[g.personID], g.userID)
	}
	for i := range cs {
		c := &cs[i]
		out[i] = casework.CaseFacts{LeadOrgID: c.LeadOrgID, Team: byCase[c.ID], Consents: consentsOf[c.FocusPersonID], Emergency: emergency[c.FocusPersonID]}
		c.Team = out[i].Team
	}
	return nil
}

// personsCaseFacts is personCaseFacts for many persons at once (a page of
// search hits, a household): one query finds the cases about all of them
// (as focus person, as household member) and one round of casesFacts loads
// their facts, instead of four queries per person.
func (t *Tx) personsCaseFacts(ctx context.Context, muni string, personIDs []string) (map[string][]casework.CaseFacts, error) {
	out := make(map[string][]casework.CaseFacts, len(personIDs))
	type about struct {
		person string
		c      casework.Case
	}
	var rows []about
	for start := 0; start < len(personIDs); start += factsBatch {
		chunk := personIDs[start:min(start+factsBatch, len(personIDs))]
		args := make([]any, 0, 2*len(chunk)+2)
		for _, id := range chunk {
			args = append(args, id)
		}
		args = append(args, muni)
		args = append(args, args...)
		scan := func(s scanner) (about, error) {
			var r about
			var err error
			r.c, err = scanCase(prefixScanner{s, &r.person})
			return r, err
		}
		// one statement: a person's page or search hit pays one parse
		found, err := collectCached(ctx, t, scan, "SELECT focus_person_id, "+caseCols+" FROM cases WHERE focus_person_id IN ("+
			placeholders(len(chunk))+") AND "+t.dialect.noIndex("municipality_id")+" = ? UNION ALL SELECT m.person_id, "+prefixCols("c.", caseCols)+
			` FROM household_members m CROSS JOIN cases c WHERE c.household_id = m.household_id AND m.person_id IN (`+placeholders(len(chunk))+") AND "+
			t.dialect.noIndex("c.municipality_id")+" = ?", args...)
		if err != nil {
			return nil, err
		}
		rows = append(rows, found...)
	}
	// each case once per person (as focus person and member counts once),
	// each case's facts loaded once
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
	if len(cases) == 0 {
		return out, nil
	}
	facts, err := t.casesFacts(ctx, muni, cases)
	if err != nil {
		return nil, err
	}
	for _, p := range pairs {
		out[p.person] = append(out[p.person], facts[index[p.c.ID]])
	}
	return out, nil
}
