package sqldb

import (
	"context"
	"slices"
	"strings"

	"kasane/internal/casework"
)

// contactCandidates are the contacts behind a figure of 支援経過記録 (a
// month's or the year's, under the figure's 事業 and 分野) that the actor may
// read: the first limit+1 of them in the order of the drill-down (time, id),
// every one already decided, and the number of the others that are
// readable too (beyond), counted without reading them.
//
// A month of a city's contacts is tens of thousands (issue 24): reading each
// with its case took half a second. Two kinds of cases hold the candidates:
//   - the cases the organization leads: one decision stands for all of them
//     (casework.LeadFacts), and their contacts are one range of the index
//     contacts_lead, on the lead copied onto each contact (migration 0044);
//     they are counted from that index alone;
//   - the cases on whose team the organization is and which another leads:
//     their contacts are counted per case and each case decided with its
//     full facts (recordVisibility.prefetch); those of the readable cases
//     counted.
//
// No other contact is readable (rule 1: a case is read by its lead and its
// team only), so the count is exact. The caller checks the records it shows
// again, one by one.
func (t *Tx) contactCandidates(ctx context.Context, a casework.Actor, vis *recordVisibility, filter map[string]string, from, to string, limit int) (beyond int, recs []Record, err error) {
	cond, condArgs := "", []any{}
	for _, k := range []string{"jigyo", "bunya"} {
		if filter[k] != "" {
			cond += " AND " + k + " = ?"
			condArgs = append(condArgs, filter[k])
		}
	}
	type row struct {
		rec Record
		at  string
	}
	scan := func(s scanner) (row, error) {
		r := row{rec: Record{Kind: "contact", light: true}}
		return r, s.Scan(&r.rec.ID, &r.rec.CaseID, &r.rec.lead, &r.at)
	}
	want := limit + 1
	var rows []row
	visible := 0
	day := casework.Today(t.now)

	lead := casework.LeadFacts(a.OrganizationID)
	if casework.CanReadCase(a, lead, day) && casework.CanReadCaseData(a, lead, casework.CatRecords, day) {
		where := " FROM contacts WHERE municipality_id = ? AND lead_org_id = ? AND at >= ? AND at < ?" + cond
		args := append([]any{a.MunicipalityID, a.OrganizationID, from, to}, condArgs...)
		var n int
		if err := t.queryRow(ctx, "SELECT COUNT(*)"+where, args...).Scan(&n); err != nil {
			return 0, nil, err
		}
		if n > 0 {
			led, err := collect(ctx, t, scan, "SELECT id, case_id, lead_org_id, at"+where+" ORDER BY at, id LIMIT "+itoa(want), args...)
			if err != nil {
				return 0, nil, err
			}
			visible += n
			rows = append(rows, led...)
		}
	}

	team, err := collect(ctx, t, func(s scanner) (string, error) {
		var id string
		return id, s.Scan(&id)
	}, "SELECT DISTINCT case_id FROM case_team WHERE organization_id = ? AND municipality_id = ? AND case_lead_org_id <> ?",
		a.OrganizationID, a.MunicipalityID, a.OrganizationID)
	if err != nil {
		return 0, nil, err
	}
	for start := 0; start < len(team); start += factsBatch {
		chunk := make([]any, 0, factsBatch)
		for _, id := range team[start:min(start+factsBatch, len(team))] {
			chunk = append(chunk, id)
		}
		// contacts of these cases in the period, per case; the lead copy on
		// the contact keeps them apart from the range above
		in := " FROM contacts WHERE case_id IN (" + placeholders(len(chunk)) + ") AND at >= ? AND at < ?" + cond +
			" AND " + t.dialect.noIndex("municipality_id") + " = ? AND lead_org_id <> ?"
		args := append(append(append(append([]any{}, chunk...), from, to), condArgs...), a.MunicipalityID, a.OrganizationID)
		type count struct {
			rec Record
			n   int
		}
		counts, err := collect(ctx, t, func(s scanner) (count, error) {
			var c count
			return c, s.Scan(&c.rec.CaseID, &c.rec.lead, &c.n)
		}, "SELECT case_id, lead_org_id, COUNT(*)"+in+" GROUP BY case_id, lead_org_id", args...)
		if err != nil {
			return 0, nil, err
		}
		if len(counts) == 0 {
			continue
		}
		cases := make([]Record, len(counts))
		for i, c := range counts {
			cases[i] = c.rec
		}
		if err := vis.prefetch(ctx, t, cases); err != nil {
			return 0, nil, err
		}
		var readable []any
		for _, c := range counts {
			if vis.cases[c.rec.CaseID] {
				visible += c.n
				readable = append(readable, c.rec.CaseID)
			}
		}
		if len(readable) == 0 {
			continue
		}
		more, err := collect(ctx, t, scan, "SELECT id, case_id, lead_org_id, at FROM contacts WHERE case_id IN ("+placeholders(len(readable))+") AND at >= ? AND at < ?"+cond+
			" AND "+t.dialect.noIndex("municipality_id")+" = ? AND lead_org_id <> ? ORDER BY at, id LIMIT "+itoa(want),
			append(append(append(readable, from, to), condArgs...), a.MunicipalityID, a.OrganizationID)...)
		if err != nil {
			return 0, nil, err
		}
		rows = append(rows, more...)
	}

	slices.SortFunc(rows, func(x, y row) int {
		if c := strings.Compare(x.at, y.at); c != 0 {
			return c
		}
		return strings.Compare(x.rec.ID, y.rec.ID)
	})
	rows = rows[:min(len(rows), want)]
	recs = make([]Record, len(rows))
	for i, r := range rows {
		recs[i] = r.rec
	}
	return visible - len(recs), recs, nil
}
