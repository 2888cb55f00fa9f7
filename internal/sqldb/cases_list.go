package sqldb

import (
	"context"
	"fmt"
	"sort"

	"kasane/internal/casework"
)

// focusNameCols are the focus person's name fields copied onto the case row
// (migration 0016, kept right by triggers).
const focusNameCols = "focus_family_name, focus_given_name, focus_label, focus_identified"

// focusName holds focusNameCols; the display rule is casework's.
type focusName struct {
	family, given, label string
	identified           int
}

func (n *focusName) dest() []any { return []any{&n.family, &n.given, &n.label, &n.identified} }

func (n *focusName) display() string {
	p := casework.Person{FamilyName: n.family, GivenName: n.given, Label: n.label, Identified: n.identified == 1}
	return p.DisplayName()
}

// scanListedCase scans caseCols followed by focusNameCols.
func scanListedCase(s scanner) (casework.Case, error) {
	var n focusName
	c, err := scanCase(suffixScanner{s, n.dest()})
	c.FocusName = n.display()
	return c, err
}

// suffixScanner appends more destinations to every Scan.
type suffixScanner struct {
	s    scanner
	more []any
}

func (p suffixScanner) Scan(dest ...any) error { return p.s.Scan(append(dest, p.more...)...) }

// CaseFilter narrows a case list.
type CaseFilter struct {
	Status         string
	OrganizationID string // cases whose team includes this organization
	PersonID       string
	LeadWorkerID   string // only the cases this member of staff leads
	Limit          int
	Offset         int // the newest Offset cases of the list are skipped (paging)
}

// Cases lists the cases the actor may read, newest first. Audited as a search.
func (db *DB) Cases(ctx context.Context, a casework.Actor, f CaseFilter) ([]casework.Case, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	var out []casework.Case
	err := db.inRead(ctx, "ケース", func(tx *Tx) error {
		if !casework.CanHandleCases(a) {
			return nil
		}
		day := casework.Today(tx.now)
		keep := func(cands []casework.Case) error {
			facts, err := tx.casesFacts(ctx, a.MunicipalityID, cands)
			if err != nil {
				return err
			}
			for i, c := range cands {
				if len(out) == f.Limit {
					break
				}
				if !casework.CanReadCase(a, facts[i], day) {
					continue
				}
				if f.OrganizationID != "" && !facts[i].OnTeam(f.OrganizationID, day) {
					continue
				}
				out = append(out, c)
			}
			return nil
		}
		var err error
		if f.PersonID != "" {
			err = tx.personCases(ctx, a, f, keep)
		} else {
			err = tx.teamCases(ctx, a, f, func() bool { return len(out) == f.Limit }, keep)
		}
		if err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActSearch, ObjectType: "case", ObjectID: ""})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// teamCases hands keep the newest cases the actor's organization is on the
// team of (the lead is always on the team, basis lead), newest first, a page
// of limit at a time with the focus name, until full() or 2×limit cases
// (3×limit team rows: an organization may be on a team more than once)
// were handed. The team rows carry the case's received_on and created_at
// (migration 0014), so the list reads the first entries of one index and
// each case row by its id in the same statement. keep applies the access
// rules to each.
func (t *Tx) teamCases(ctx context.Context, a casework.Actor, f CaseFilter, full func() bool, keep func([]casework.Case) error) error {
	q := "SELECT " + prefixCols("c.", caseCols) + ", " + prefixCols("c.", focusNameCols) + ` FROM case_team t CROSS JOIN cases c
		WHERE c.id = t.case_id AND t.organization_id = ? AND t.municipality_id = ? AND c.municipality_id = ?`
	args := []any{a.OrganizationID, a.MunicipalityID, a.MunicipalityID}
	if f.Status != "" {
		q += " AND c.status = ?"
		args = append(args, f.Status)
	}
	if f.LeadWorkerID != "" {
		q += " AND c.lead_worker_id = ?"
		args = append(args, f.LeadWorkerID)
	}
	q += " ORDER BY t.case_received_on DESC, t.case_created_at DESC LIMIT ? OFFSET ?"
	seen := map[string]bool{}
	for page := 0; page < 3 && len(seen) < 2*f.Limit && !full(); page++ {
		rows, err := collectCached(ctx, t, scanListedCase, q, append(args, f.Limit, max(f.Offset, 0)+page*f.Limit)...)
		if err != nil {
			return err
		}
		cands := rows[:0]
		for _, c := range rows {
			if !seen[c.ID] && len(seen) < 2*f.Limit {
				seen[c.ID] = true
				cands = append(cands, c)
			}
		}
		if len(cands) > 0 {
			if err := keep(cands); err != nil {
				return err
			}
		}
		if len(rows) < f.Limit {
			break
		}
	}
	return nil
}

// personCases hands keep a person's cases the actor's organization is on the
// team of, newest first (a person's cases are few: found through the person).
func (t *Tx) personCases(ctx context.Context, a casework.Actor, f CaseFilter, keep func([]casework.Case) error) error {
	q := `SELECT c.id FROM cases c WHERE c.municipality_id = ? AND c.focus_person_id = ? AND c.id IN
		(SELECT case_id FROM case_team WHERE organization_id = ? AND municipality_id = ?)`
	args := []any{a.MunicipalityID, f.PersonID, a.OrganizationID, a.MunicipalityID}
	if f.Status != "" {
		q += " AND c.status = ?"
		args = append(args, f.Status)
	}
	if f.LeadWorkerID != "" {
		q += " AND c.lead_worker_id = ?"
		args = append(args, f.LeadWorkerID)
	}
	ids, err := collect(ctx, t, scanString, q+fmt.Sprintf(" ORDER BY c.received_on DESC, c.created_at DESC LIMIT %d OFFSET %d", 2*f.Limit, max(f.Offset, 0)), args...)
	if err != nil || len(ids) == 0 {
		return err
	}
	cs, err := t.casesByID(ctx, a.MunicipalityID, ids)
	if err != nil {
		return err
	}
	return keep(cs)
}

// casesByID loads cases of one municipality, with the focus name, in the
// order of ids.
func (t *Tx) casesByID(ctx context.Context, muni string, ids []string) ([]casework.Case, error) {
	args := make([]any, 0, len(ids)+1)
	args = append(args, muni)
	for _, id := range ids {
		args = append(args, id)
	}
	cs, err := collect(ctx, t, scanListedCase, "SELECT "+caseCols+", "+focusNameCols+" FROM cases WHERE "+t.dialect.noIndex("municipality_id")+" = ? AND id IN ("+placeholders(len(ids))+")", args...)
	if err != nil {
		return nil, err
	}
	pos := make(map[string]int, len(ids))
	for i, id := range ids {
		pos[id] = i
	}
	sort.Slice(cs, func(i, j int) bool { return pos[cs[i].ID] < pos[cs[j].ID] })
	return cs, nil
}
