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
	// Offset is where the list goes on: the Next of the page before (0:
	// from the newest). It counts rows of the team index, not cases shown.
	Offset int
	// the filters of the case list (cases_list_filter.go)
	Bunya        string // 分野 code
	Problem      string // 課題 label: only where the actor reads the case's `records`
	LeadOrgID    string // 主担当機関
	District     string // 地区: part of the address, only where the actor sees it
	ReceivedFrom string // 受付日 from (ISO, inclusive)
	ReceivedTo   string // 受付日 to (ISO, inclusive)
	StaleDays    int    // at least this many days without a 支援経過記録 (0: any)
	Keyword      string // case number or the focus person's name
	Sort         string // one of CaseSorts ("": newest received first)
	NotClosed    bool   // leave out closed cases (the home page's 担当しているケース)
	// WithCounts asks CaseListPage for the count per status of the cases
	// the filters other than Status select.
	WithCounts bool
	// WithChoices asks CaseListPage for the actor's saved views and the
	// staff of the organization (the page's filter choices), read in the
	// same transaction: one connection per page (issue 24).
	WithChoices bool
	// WithoutTeams: the caller shows no team (the case list page), so the
	// cases the organization leads are decided from the lead alone
	// (casework.LeadFacts) and their teams are not loaded. The API's list
	// returns each case's team and leaves this false.
	WithoutTeams bool
	staleBefore  string // the instant StaleDays before now (set in the transaction)
}

// where adds the filter's conditions on the case row c to q and args.
func (f CaseFilter) where(q string, args []any) (string, []any) {
	if f.Status != "" {
		q += " AND c.status = ?"
		args = append(args, f.Status)
	}
	if f.LeadWorkerID != "" {
		q += " AND c.lead_worker_id = ?"
		args = append(args, f.LeadWorkerID)
	}
	return f.whereMore(q, args)
}

// CaseList is one page of the case list.
type CaseList struct {
	Cases []casework.Case
	// Next is the Offset of the next page, -1 when there is none.
	Next int
	// Counts is the number of readable cases per status under the filters
	// other than Status (only with CaseFilter.WithCounts).
	Counts map[string]int
	// Views and Colleagues: only with CaseFilter.WithChoices (CaseViews,
	// Colleagues).
	Views      []CaseView
	Colleagues casework.CodeList
}

// casesScanChunks bounds the team rows one page may read (chunks of the
// page's size) while it looks for cases the actor may read; a page that
// stops there is shorter and offers the next.
const casesScanChunks = 50

// Cases lists the cases the actor may read, newest first. Audited as a search.
func (db *DB) Cases(ctx context.Context, a casework.Actor, f CaseFilter) ([]casework.Case, error) {
	l, err := db.CaseListPage(ctx, a, f)
	return l.Cases, err
}

// CaseListPage is Cases with where the next page begins.
func (db *DB) CaseListPage(ctx context.Context, a casework.Actor, f CaseFilter) (CaseList, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	l := CaseList{Next: -1}
	if err := casework.CheckNotHostOnly(a); err != nil {
		return l, err
	}
	err := db.inRead(ctx, "ケース", func(tx *Tx) error {
		if !casework.CanHandleCases(a) {
			return nil
		}
		day := casework.Today(tx.now)
		f.setNow(tx.now)
		// keep adds the candidates the actor may read until the page is
		// full and says how many it looked at
		keep := func(cands []casework.Case) (int, error) {
			kept, n, err := tx.keepReadable(ctx, a, f, day, cands, f.Limit-len(l.Cases), f.WithoutTeams)
			l.Cases = append(l.Cases, kept...)
			return n, err
		}
		var err error
		if f.PersonID != "" {
			err = tx.personCases(ctx, a, f, keep)
		} else {
			l.Next, err = tx.teamCases(ctx, a, f, func() bool { return len(l.Cases) == f.Limit }, keep)
		}
		if err != nil {
			return err
		}
		if f.WithCounts {
			if l.Counts, err = tx.caseStatusCounts(ctx, a, f, day); err != nil {
				return err
			}
		}
		if f.WithChoices {
			if l.Views, err = tx.caseViews(ctx, a); err != nil {
				return err
			}
			if l.Colleagues, err = tx.colleagues(ctx, a); err != nil {
				return err
			}
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActSearch, ObjectType: "case", ObjectID: ""})
	})
	if err != nil {
		return CaseList{Next: -1}, err
	}
	return l, nil
}

// teamCases hands keep the cases the actor's organization is on the team
// of (the lead is always on the team, basis lead), newest first from the
// team row f.Offset on, a chunk of limit rows at a time with the focus
// name, until full() or casesScanChunks chunks were read, and returns the
// offset of the first team row not looked at (-1: none left). The team rows carry the case's received_on and created_at
// (migration 0014), so the list reads the first entries of one index and
// each case row by its id in the same statement. keep applies the access
// rules to each.
func (t *Tx) teamCases(ctx context.Context, a casework.Actor, f CaseFilter, full func() bool, keep func([]casework.Case) (int, error)) (next int, err error) {
	q := "SELECT " + prefixCols("c.", caseCols) + ", " + prefixCols("c.", focusNameCols) + ` FROM case_team t CROSS JOIN cases c
		WHERE c.id = t.case_id AND t.organization_id = ? AND t.municipality_id = ? AND c.municipality_id = ?`
	args := []any{a.OrganizationID, a.MunicipalityID, a.MunicipalityID}
	q, args = f.where(q, args)
	q += " ORDER BY " + f.orderBy() + " LIMIT ? OFFSET ?"
	seen := map[string]bool{}
	off := max(f.Offset, 0)
	// a later page also reads the row before it: an organization on a
	// case's team twice has two rows of the case, next to each other in
	// every order (orderBy), and the case is shown at its first row only,
	// even when the previous page ended on it
	before := off > 0
	for range casesScanChunks {
		from, size := off, f.Limit
		if before {
			from, size = off-1, f.Limit+1
		}
		rows, err := collectCached(ctx, t, scanListedCase, q, append(args, size, from)...)
		if err != nil {
			return -1, err
		}
		if before && len(rows) > 0 {
			seen[rows[0].ID] = true
			rows = rows[1:]
		}
		before = false
		var cands []casework.Case
		var at []int // the position in rows of each candidate
		for i, c := range rows {
			if !seen[c.ID] { // an organization may be on a team more than once: its first row
				seen[c.ID] = true
				cands = append(cands, c)
				at = append(at, i)
			}
		}
		n, err := keep(cands)
		if err != nil {
			return -1, err
		}
		if n < len(cands) { // the page is full: the next begins at the first candidate not looked at
			return off + at[n], nil
		}
		off += len(rows)
		if len(rows) < f.Limit {
			return -1, nil
		}
		if full() {
			return off, nil
		}
	}
	return off, nil
}

// personCases hands keep a person's cases the actor's organization is on the
// team of, newest first (a person's cases are few: found through the person).
func (t *Tx) personCases(ctx context.Context, a casework.Actor, f CaseFilter, keep func([]casework.Case) (int, error)) error {
	q := `SELECT c.id FROM cases c WHERE c.municipality_id = ? AND c.focus_person_id = ? AND c.id IN
		(SELECT case_id FROM case_team WHERE organization_id = ? AND municipality_id = ?)`
	args := []any{a.MunicipalityID, f.PersonID, a.OrganizationID, a.MunicipalityID}
	q, args = f.where(q, args)
	ids, err := collect(ctx, t, scanString, q+fmt.Sprintf(" ORDER BY c.received_on DESC, c.created_at DESC LIMIT %d OFFSET %d", 2*f.Limit, max(f.Offset, 0)), args...)
	if err != nil || len(ids) == 0 {
		return err
	}
	cs, err := t.casesByID(ctx, a.MunicipalityID, ids)
	if err != nil {
		return err
	}
	_, err = keep(cs)
	return err
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
