package sqldb

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"kasane/internal/casework"
)

const caseCols = `id, number, focus_person_id, household_id, received_on, route, method, bunya, problems, primary_problem,
	complaint, screening, status, lead_org_id, lead_worker_id, decided_on, closed_on, closure_reason, last_contact_at,
	version, created_at, updated_at`

func scanCase(s scanner) (casework.Case, error) {
	var c casework.Case
	var bunya, problems, last, created, updated string
	err := s.Scan(&c.ID, &c.Number, &c.FocusPersonID, &c.HouseholdID, &c.ReceivedOn, &c.Route, &c.Method, &bunya, &problems,
		&c.PrimaryProblem, &c.Complaint, &c.Screening, &c.Status, &c.LeadOrgID, &c.LeadWorkerID, &c.DecidedOn, &c.ClosedOn,
		&c.ClosureReason, &last, &c.Version, &created, &updated)
	c.Bunya, c.Problems, c.Created, c.Updated = splitList(bunya), splitLines(problems), parseTS(created), parseTS(updated)
	if last != "" {
		t := parseTS(last)
		c.LastContactAt = &t
	}
	return c, err
}

// CreateCase records an intake (相談受付). The lead organization is the
// actor's; the actor becomes the lead worker.
func (db *DB) CreateCase(ctx context.Context, a casework.Actor, c *casework.Case) error {
	if !casework.CanWriteCases(a) {
		return casework.Errorf(casework.EFORBIDDEN, "相談を受け付ける権限がありません。")
	}
	return db.inTx(ctx, true, "ケース", func(tx *Tx) error {
		if err := c.ValidateIntake(tx.now); err != nil {
			return err
		}
		if _, err := tx.visiblePerson(ctx, a, c.FocusPersonID); err != nil {
			return &casework.Error{Code: casework.EINVALID, Message: "相談者（本人）が見つかりません。", Fields: map[string]string{"focus_person_id": "相談者（本人）が見つかりません。"}}
		}
		if c.HouseholdID != "" {
			if _, err := tx.household(ctx, a.MunicipalityID, c.HouseholdID); err != nil {
				return &casework.Error{Code: casework.EINVALID, Message: "世帯が見つかりません。", Fields: map[string]string{"household_id": "世帯が見つかりません。"}}
			}
		}
		var n int
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM cases WHERE municipality_id = ? AND received_on >= ? AND received_on < ?",
			a.MunicipalityID, c.ReceivedOn[:4]+"-01-01", c.ReceivedOn[:4]+"-99").Scan(&n); err != nil {
			return err
		}
		c.ID, c.MunicipalityID, c.Status, c.LeadOrgID, c.LeadWorkerID = newID(), a.MunicipalityID, "intake", a.OrganizationID, a.UserID
		c.Number = fmt.Sprintf("%s-%05d", c.ReceivedOn[:4], n+1)
		c.Version, c.Created, c.Updated = 1, tx.now, tx.now
		if _, err := tx.exec(ctx, `INSERT INTO cases (id, municipality_id, number, focus_person_id, household_id, received_on, route, method,
			bunya, problems, primary_problem, complaint, screening, status, lead_org_id, lead_worker_id, version, created_at, updated_at)
			VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,?,?)`,
			c.ID, c.MunicipalityID, c.Number, c.FocusPersonID, c.HouseholdID, c.ReceivedOn, c.Route, c.Method,
			joinList(c.Bunya), joinLines(c.Problems), c.PrimaryProblem, c.Complaint, c.Screening, c.Status, c.LeadOrgID, c.LeadWorkerID,
			ts(tx.now), ts(tx.now)); err != nil {
			return err
		}
		lead := casework.TeamMember{ID: newID(), OrganizationID: a.OrganizationID, Role: "主担当（受付機関）", Basis: casework.BasisLead, From: c.ReceivedOn, Version: 1}
		if err := tx.insertTeam(ctx, a.MunicipalityID, c.ID, lead); err != nil {
			return err
		}
		c.Team = []casework.TeamMember{lead}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActCreate, ObjectType: "case", ObjectID: c.ID})
	})
}

func (t *Tx) insertTeam(ctx context.Context, muni, caseID string, m casework.TeamMember) error {
	_, err := t.exec(ctx, `INSERT INTO case_team (id, municipality_id, case_id, organization_id, role, basis, statute, consent_id, from_on, to_on, version, created_at)
		VALUES (?,?,?,?,?,?,?,?,?,?,1,?)`, m.ID, muni, caseID, m.OrganizationID, m.Role, m.Basis, m.Statute, m.ConsentID, m.From, m.To, ts(t.now))
	return err
}

// Case returns a case the actor may read, with its team. Audited.
func (db *DB) Case(ctx context.Context, a casework.Actor, id string) (casework.Case, error) {
	var c casework.Case
	err := db.inRead(ctx, "ケース", func(tx *Tx) error {
		var err error
		if c, _, err = tx.readableCase(ctx, a, id); err != nil {
			return err
		}
		if err := tx.fillFocusName(ctx, &c); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActView, ObjectType: "case", ObjectID: id})
	})
	if err != nil {
		return casework.Case{}, err
	}
	return c, nil
}

func (t *Tx) fillFocusName(ctx context.Context, c *casework.Case) error {
	var fam, giv, label string
	var ident int
	if err := t.queryRow(ctx, "SELECT family_name, given_name, label, identified FROM persons WHERE id = ?", c.FocusPersonID).Scan(&fam, &giv, &label, &ident); err != nil {
		return err
	}
	p := casework.Person{FamilyName: fam, GivenName: giv, Label: label, Identified: ident == 1}
	c.FocusName = p.DisplayName()
	return nil
}

// CaseFilter narrows a case list.
type CaseFilter struct {
	Status         string
	OrganizationID string // cases whose team includes this organization
	PersonID       string
	Limit          int
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
		ids, err := tx.caseCandidates(ctx, a, f)
		if err != nil || len(ids) == 0 {
			return err
		}
		// most candidates are readable: load the first limit of them, and
		// the rest only if some were not
		day := casework.Today(tx.now)
		for start := 0; start < len(ids) && len(out) < f.Limit; start += f.Limit {
			cands, err := tx.casesByID(ctx, a.MunicipalityID, ids[start:min(start+f.Limit, len(ids))])
			if err != nil {
				return err
			}
			facts, err := tx.casesFacts(ctx, a.MunicipalityID, cands)
			if err != nil {
				return err
			}
			for i, c := range cands {
				if !casework.CanReadCase(a, facts[i], day) {
					continue
				}
				if f.OrganizationID != "" && !facts[i].OnTeam(f.OrganizationID, day) {
					continue
				}
				out = append(out, c)
				if len(out) == f.Limit {
					break
				}
			}
		}
		if err := tx.fillFocusNames(ctx, out); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActSearch, ObjectType: "case", ObjectID: ""})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// caseCandidates are the ids of the newest 2×limit cases the actor's
// organization is on the team of (the lead is always on the team, basis
// lead), newest first. The team rows carry the case's received_on and
// created_at (migration 0014), so the list reads the first entries of one
// index instead of sorting every case of the organization. The caller still
// applies the access rules to each.
func (t *Tx) caseCandidates(ctx context.Context, a casework.Actor, f CaseFilter) ([]string, error) {
	n := f.Limit * 2
	if f.PersonID != "" {
		// a person's cases are few: find them through the person
		q := `SELECT c.id FROM cases c WHERE c.municipality_id = ? AND c.focus_person_id = ? AND c.id IN
			(SELECT case_id FROM case_team WHERE organization_id = ? AND municipality_id = ?)`
		args := []any{a.MunicipalityID, f.PersonID, a.OrganizationID, a.MunicipalityID}
		if f.Status != "" {
			q += " AND c.status = ?"
			args = append(args, f.Status)
		}
		return collect(ctx, t, scanString, q+fmt.Sprintf(" ORDER BY c.received_on DESC, c.created_at DESC LIMIT %d", n), args...)
	}
	q := "SELECT t.case_id FROM case_team t WHERE t.organization_id = ? AND t.municipality_id = ?"
	args := []any{a.OrganizationID, a.MunicipalityID}
	if f.Status != "" {
		q = `SELECT t.case_id FROM case_team t JOIN cases c ON c.id = t.case_id
			WHERE t.organization_id = ? AND t.municipality_id = ? AND c.status = ?`
		args = append(args, f.Status)
	}
	// an organization may be on a case's team more than once (joined, left,
	// joined again): read a few more rows and keep each case once
	rows, err := collect(ctx, t, scanString, q+fmt.Sprintf(" ORDER BY t.case_received_on DESC, t.case_created_at DESC LIMIT %d", n+n/2), args...)
	if err != nil {
		return nil, err
	}
	seen := make(map[string]bool, len(rows))
	ids := rows[:0]
	for _, id := range rows {
		if !seen[id] && len(ids) < n {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// casesByID loads cases of one municipality in the order of ids.
func (t *Tx) casesByID(ctx context.Context, muni string, ids []string) ([]casework.Case, error) {
	args := make([]any, 0, len(ids)+1)
	args = append(args, muni)
	for _, id := range ids {
		args = append(args, id)
	}
	cs, err := collect(ctx, t, scanCase, "SELECT "+caseCols+" FROM cases WHERE "+t.dialect.noIndex("municipality_id")+" = ? AND id IN ("+placeholders(len(ids))+")", args...)
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

// TransitionCase moves a case to another status if the machine allows it.
func (db *DB) TransitionCase(ctx context.Context, a casework.Actor, id, to, reason string) (casework.Case, error) {
	var c casework.Case
	err := db.inTx(ctx, true, "ケース", func(tx *Tx) error {
		var err error
		if c, _, err = tx.writableCase(ctx, a, id); err != nil {
			return err
		}
		if err := c.CheckTransition(to, reason); err != nil {
			return err
		}
		from := c.Status
		day := casework.Today(tx.now)
		c.Status = to
		closedOn, closure, decided := c.ClosedOn, c.ClosureReason, c.DecidedOn
		switch to {
		case "closed":
			closedOn, closure = day, reason
		case "decided":
			if decided == "" {
				decided = day
			}
		case "assessment":
			closedOn, closure = "", ""
		}
		if err := tx.execOne(ctx, casework.Conflict("ケース"), `UPDATE cases SET status = ?, closed_on = ?, closure_reason = ?, decided_on = ?,
			updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`, to, closedOn, closure, decided, ts(tx.now), id, c.Version); err != nil {
			return err
		}
		c.ClosedOn, c.ClosureReason, c.DecidedOn, c.Version, c.Updated = closedOn, closure, decided, c.Version+1, tx.now
		if _, err := tx.exec(ctx, "INSERT INTO case_status_history (id, municipality_id, case_id, from_status, to_status, reason, at, user_id) VALUES (?,?,?,?,?,?,?,?)",
			newID(), a.MunicipalityID, id, from, to, reason, ts(tx.now), a.UserID); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "case", ObjectID: id, Reason: from + "→" + to})
	})
	return c, err
}

// prefixCols qualifies a comma-separated column list with a table alias.
func prefixCols(prefix, cols string) string {
	parts := strings.Split(cols, ",")
	for i, p := range parts {
		parts[i] = prefix + strings.TrimSpace(p)
	}
	return strings.Join(parts, ", ")
}
