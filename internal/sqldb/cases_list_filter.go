package sqldb

import (
	"context"
	"slices"
	"strings"
	"time"

	"kasane/internal/casework"
)

// CaseSorts are the orders of the case list: the value of `sort`, a leading
// "-" for the reverse order.
var CaseSorts = casework.CodeList{
	{Value: "-received", Label: "受付日の新しい順"}, {Value: "received", Label: "受付日の古い順"},
	{Value: "number", Label: "ケース番号順"}, {Value: "-number", Label: "ケース番号の逆順"},
	{Value: "name", Label: "本人の氏名順"}, {Value: "-name", Label: "本人の氏名の逆順"},
	{Value: "status", Label: "状態（支援の流れ）順"}, {Value: "-status", Label: "状態の逆順"},
	{Value: "last_contact", Label: "最終記録の古い順"}, {Value: "-last_contact", Label: "最終記録の新しい順"},
}

// statusOrder orders the statuses as a case flows (受付 → … → 終結).
func statusOrder() string {
	var b strings.Builder
	b.WriteString("CASE c.status")
	for i, st := range casework.CaseStatuses {
		b.WriteString(" WHEN '" + st.Value + "' THEN " + itoa(i))
	}
	b.WriteString(" ELSE 99 END")
	return b.String()
}

// orderBy is the ORDER BY of the team rows for f.Sort. Every order ends on
// the case (and the team row's id), so that paging by offset is stable and
// the rows of one case (an organization on its team twice) are next to each
// other: teamCases shows a case at its first row only.
func (f CaseFilter) orderBy() string {
	desc := strings.HasPrefix(f.Sort, "-")
	dir := ""
	if desc {
		dir = " DESC"
	}
	var cols []string
	switch strings.TrimPrefix(f.Sort, "-") {
	case "received":
		if desc {
			return newestFirst
		}
		cols = []string{"t.case_received_on", "t.case_created_at"}
	case "number":
		cols = []string{"c.number"}
	case "name":
		cols = []string{"c.focus_family_name", "c.focus_given_name", "c.focus_label"}
	case "status":
		cols = []string{statusOrder(), "t.case_received_on"}
	case "last_contact":
		cols = []string{"c.last_contact_at"}
	default: // newest first, read along the team index (migration 0014)
		return newestFirst
	}
	for i := range cols {
		cols[i] += dir
	}
	return strings.Join(cols, ", ") + ", t.case_id" + dir + ", t.id" + dir
}

// newestFirst is the default order, the team index's (case_team_org_newest:
// received DESC, created DESC, case id), read from the index alone. Two rows
// of one case tie; whichever comes first, both name the same case.
const newestFirst = "t.case_received_on DESC, t.case_created_at DESC, t.case_id"

// unfiltered reports whether f narrows the cases of the actor's
// organization by nothing but their status.
func (f CaseFilter) unfiltered() bool {
	g := f
	g.Status, g.Limit, g.Offset, g.Sort, g.WithCounts, g.WithChoices, g.WithoutTeams = "", 0, 0, "", false, false, false // what to return, not which cases
	return g == CaseFilter{}
}

// setNow fixes the instant StaleDays counts back from.
func (f *CaseFilter) setNow(now time.Time) {
	if f.StaleDays > 0 {
		f.staleBefore = ts(now.Add(-time.Duration(f.StaleDays) * 24 * time.Hour))
	}
}

// whereMore adds the conditions of the list's filters that only read the
// case header (number, status, 分野, dates, lead, the focus name, which
// every reader of the case sees). 課題 is narrowed here only as a first cut;
// keepReadable decides it on what the actor may read.
func (f CaseFilter) whereMore(q string, args []any) (string, []any) {
	if f.Bunya != "" {
		q += " AND (',' || c.bunya || ',') LIKE ?" + likeEscape
		args = append(args, likePattern(","+f.Bunya+","))
	}
	if f.Problem != "" {
		q += " AND c.problems LIKE ?" + likeEscape
		args = append(args, likePattern(f.Problem))
	}
	if f.NotClosed {
		q += " AND c.status <> 'closed'"
	}
	if f.LeadOrgID != "" {
		q += " AND c.lead_org_id = ?"
		args = append(args, f.LeadOrgID)
	}
	if f.ReceivedFrom != "" {
		q += " AND c.received_on >= ?"
		args = append(args, f.ReceivedFrom)
	}
	if f.ReceivedTo != "" {
		q += " AND c.received_on <= ?"
		args = append(args, f.ReceivedTo)
	}
	if f.staleBefore != "" {
		// the same measure as the stale_case alert: since the last record,
		// or since the intake when there is none
		q += " AND ((c.last_contact_at <> '' AND c.last_contact_at < ?) OR (c.last_contact_at = '' AND c.created_at < ?))"
		args = append(args, f.staleBefore, f.staleBefore)
	}
	if k := strings.ToLower(strings.Join(strings.Fields(f.Keyword), "")); k != "" {
		pat := likePattern(k)
		q += " AND (LOWER(c.number) LIKE ?" + likeEscape + " OR LOWER(c.focus_family_name || c.focus_given_name) LIKE ?" + likeEscape + " OR LOWER(c.focus_label) LIKE ?" + likeEscape + ")"
		args = append(args, pat, pat, pat)
	}
	return q, args
}

// keepReadable returns, of cands, the cases the actor may read that the
// filters keep, limited to what the actor may see of each (at most room of
// them), and how many candidates it looked at. 課題 is matched on the case
// as limited (no `records`, no 課題: a filter never tells what the actor may
// not read), 地区 on the address only where the actor sees it (rule 6).
//
// light is for passes that need neither the team of each case nor another
// organization's membership (counts, export): the facts of a case the
// actor's organization leads are then its lead alone (casework decides on
// them as ever: the lead reads all of its case), and only the other cases'
// teams and consents are loaded.
func (t *Tx) keepReadable(ctx context.Context, a casework.Actor, f CaseFilter, day string, cands []casework.Case, room int, light ...bool) ([]casework.Case, int, error) {
	var facts []casework.CaseFacts
	var err error
	if len(light) > 0 && light[0] && f.OrganizationID == "" {
		facts = make([]casework.CaseFacts, len(cands))
		var others []casework.Case
		var at []int
		for i, c := range cands {
			if c.LeadOrgID == a.OrganizationID {
				facts[i] = casework.LeadFacts(c.LeadOrgID)
			} else {
				others = append(others, c)
				at = append(at, i)
			}
		}
		if len(others) > 0 {
			of, err := t.casesFacts(ctx, a.MunicipalityID, others)
			if err != nil {
				return nil, 0, err
			}
			for j, i := range at {
				facts[i] = of[j]
			}
		}
	} else if facts, err = t.casesFacts(ctx, a.MunicipalityID, cands); err != nil {
		return nil, 0, err
	}
	var inDistrict map[string]bool
	if f.District != "" {
		if inDistrict, err = t.casesInDistrict(ctx, a, cands, f.District, day); err != nil {
			return nil, 0, err
		}
	}
	var out []casework.Case
	for i, c := range cands {
		if len(out) == room {
			return out, i, nil
		}
		if !casework.CanReadCase(a, facts[i], day) {
			continue
		}
		if f.OrganizationID != "" && !facts[i].OnTeam(f.OrganizationID, day) {
			continue
		}
		c.LimitTo(facts[i].Scope(a.OrganizationID, day))
		if f.Problem != "" && !slices.Contains(c.Problems, f.Problem) {
			continue
		}
		if f.District != "" && !inDistrict[c.ID] {
			continue
		}
		out = append(out, c)
	}
	return out, len(cands), nil
}

// casesInDistrict tells which cases' focus person lives in the district:
// the actual address (the registered one when there is none) contains it,
// and the actor may see that address (casework.CanSeeAddress).
func (t *Tx) casesInDistrict(ctx context.Context, a casework.Actor, cs []casework.Case, district string, day string) (map[string]bool, error) {
	out := map[string]bool{}
	if len(cs) == 0 {
		return out, nil
	}
	ids := map[string]bool{}
	var args []any
	for _, c := range cs {
		if !ids[c.FocusPersonID] {
			ids[c.FocusPersonID] = true
			args = append(args, c.FocusPersonID)
		}
	}
	type addr struct {
		ref   personRef
		place string
	}
	rows, err := collect(ctx, t, func(s scanner) (addr, error) {
		var x addr
		var dv int
		var actCity, actStreet, regCity, regStreet string
		err := s.Scan(&x.ref.ID, &x.ref.RegisteredBy, &dv, &actCity, &actStreet, &regCity, &regStreet)
		x.ref.DV = dv == 1
		x.place = actCity + actStreet
		if strings.TrimSpace(x.place) == "" {
			x.place = regCity + regStreet
		}
		return x, err
	}, "SELECT id, registered_by_org_id, dv_protected, act_city, act_street, reg_city, reg_street FROM persons WHERE municipality_id = ? AND id IN ("+
		placeholders(len(args))+")", append([]any{a.MunicipalityID}, args...)...)
	if err != nil {
		return nil, err
	}
	want := strings.Join(strings.Fields(district), "")
	var refs []personRef
	for _, x := range rows {
		if strings.Contains(strings.Join(strings.Fields(x.place), ""), want) {
			refs = append(refs, x.ref)
		}
	}
	if len(refs) == 0 {
		return out, nil
	}
	facts, err := t.personsFacts(ctx, a.MunicipalityID, refs)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, r := range refs {
		seen[r.ID] = casework.CanSeeAddress(a, facts[r.ID], day)
	}
	for _, c := range cs {
		out[c.ID] = seen[c.FocusPersonID]
	}
	return out, nil
}

// caseListChunk is how many team rows a full pass (counts, export) reads at
// a time.
const caseListChunk = 500

// allTeamCases hands each readable case under f (every page, in f's order)
// to each until it returns false.
func (t *Tx) allTeamCases(ctx context.Context, a casework.Actor, f CaseFilter, day string, each func(casework.Case) bool) error {
	f.Limit, f.Offset = caseListChunk, 0
	stop := false
	keep := func(cands []casework.Case) (int, error) {
		kept, n, err := t.keepReadable(ctx, a, f, day, cands, len(cands), true)
		for _, c := range kept {
			if !stop && !each(c) {
				stop = true
			}
		}
		return n, err
	}
	for {
		next, err := t.teamCases(ctx, a, f, func() bool { return stop }, keep)
		if err != nil || next < 0 || stop {
			return err
		}
		f.Offset = next
	}
}

// caseStatusCounts counts the readable cases per status under f without
// its Status: one query reads the few columns the filters and the rules
// need of every team row of the actor's organization, then keepReadable
// decides each case as the list does.
func (t *Tx) caseStatusCounts(ctx context.Context, a casework.Actor, f CaseFilter, day string) (map[string]int, error) {
	f.Status = ""
	out := map[string]int{}
	q := `SELECT c.id, c.status, c.problems, c.lead_org_id, c.focus_person_id FROM case_team t CROSS JOIN cases c
		WHERE c.id = t.case_id AND t.organization_id = ? AND t.municipality_id = ? AND c.municipality_id = ?`
	args := []any{a.OrganizationID, a.MunicipalityID, a.MunicipalityID}
	if f.unfiltered() {
		// The cases the actor's organization leads (and is on the team of)
		// are counted by the database in step with every write (migration
		// 0043): with no filter, keepReadable would decide each of them on
		// the same facts (the lead alone, see light), so one decision
		// stands for all of them. Only the other cases go through
		// keepReadable one by one, found by the copy of their lead on the
		// team rows (migration 0042).
		if casework.CanReadCase(a, casework.LeadFacts(a.OrganizationID), day) {
			type count struct {
				status string
				n      int
			}
			led, err := collectCached(ctx, t, func(s scanner) (count, error) {
				var c count
				err := s.Scan(&c.status, &c.n)
				return c, err
			}, "SELECT status, n FROM case_lead_counts WHERE municipality_id = ? AND organization_id = ?", a.MunicipalityID, a.OrganizationID)
			if err != nil {
				return nil, err
			}
			for _, c := range led {
				if c.n != 0 {
					out[c.status] += c.n
				}
			}
		}
		if t.dialect == SQLite {
			// two ranges of the index on the copy of the lead (SQLite
			// reads every team row of the organization for one OR);
			// no filter to add to either
			base := args
			q = q + " AND t.case_lead_org_id < ? UNION ALL " + q + " AND t.case_lead_org_id > ?"
			args = append(append(append(append([]any{}, base...), a.OrganizationID), base...), a.OrganizationID)
		} else {
			// one statement: PostgreSQL's generic plan of the two ranges
			// is a parallel one, and starting its workers took 40 ms
			q += " AND (t.case_lead_org_id < ? OR t.case_lead_org_id > ?)"
			args = append(args, a.OrganizationID, a.OrganizationID)
		}
	} else {
		q, args = f.where(q, args)
	}
	rows, err := collect(ctx, t, func(s scanner) (casework.Case, error) {
		var c casework.Case
		var problems string
		err := s.Scan(&c.ID, &c.Status, &problems, &c.LeadOrgID, &c.FocusPersonID)
		c.Problems = splitLines(problems)
		return c, err
	}, q, args...)
	if err != nil {
		return nil, err
	}
	seen := make(map[string]bool, len(rows))
	cands := rows[:0]
	for _, c := range rows {
		if !seen[c.ID] {
			seen[c.ID] = true
			cands = append(cands, c)
		}
	}
	for start := 0; start < len(cands); start += caseListChunk {
		kept, _, err := t.keepReadable(ctx, a, f, day, cands[start:min(start+caseListChunk, len(cands))], caseListChunk, true)
		if err != nil {
			return nil, err
		}
		for _, c := range kept {
			out[c.Status]++
		}
	}
	return out, nil
}
