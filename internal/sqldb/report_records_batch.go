package sqldb

import (
	"context"

	"kasane/internal/casework"
)

// prefetch decides, for the case records among recs, whether the actor may
// read each case's 支援経過記録 (CatRecords), as readableCaseData does one
// case at a time, but with the facts of many cases loaded in batches
// (casesFacts): a month's drill-down of a city checks thousands of cases,
// and three queries per case took seconds (issue 24). Records of meetings
// and community records are left to check.
func (v *recordVisibility) prefetch(ctx context.Context, t *Tx, recs []Record) error {
	v.init()
	var ids []any
	seen := map[string]bool{}
	day := casework.Today(t.now)
	for _, rec := range recs {
		if rec.CaseID == "" || rec.MeetingID != "" || seen[rec.CaseID] {
			continue
		}
		if _, done := v.cases[rec.CaseID]; done {
			continue
		}
		seen[rec.CaseID] = true
		if rec.lead != "" && rec.lead == v.a.OrganizationID {
			// the lead's decision needs no team or consents (casework.LeadFacts)
			f := casework.LeadFacts(rec.lead)
			v.cases[rec.CaseID] = casework.CanReadCase(v.a, f, day) && casework.CanReadCaseData(v.a, f, casework.CatRecords, day)
			continue
		}
		ids = append(ids, rec.CaseID)
	}
	for start := 0; start < len(ids); start += factsBatch {
		chunk := ids[start:min(start+factsBatch, len(ids))]
		cs, err := collect(ctx, t, func(s scanner) (casework.Case, error) {
			var c casework.Case
			return c, s.Scan(&c.ID, &c.LeadOrgID, &c.FocusPersonID)
		}, "SELECT id, lead_org_id, focus_person_id FROM cases WHERE id IN ("+placeholders(len(chunk))+") AND "+t.dialect.noIndex("municipality_id")+" = ?",
			append(append([]any{}, chunk...), v.a.MunicipalityID)...)
		if err != nil {
			return err
		}
		fs, err := t.casesFacts(ctx, v.a.MunicipalityID, cs)
		if err != nil {
			return err
		}
		for _, id := range chunk {
			v.cases[id.(string)] = false // not in the municipality: not found
		}
		for i, c := range cs {
			v.cases[c.ID] = casework.CanReadCase(v.a, fs[i], day) && casework.CanReadCaseData(v.a, fs[i], casework.CatRecords, day)
		}
	}
	return nil
}
