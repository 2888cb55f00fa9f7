package sqldb

import (
	"context"
	"fmt"
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
	// only what an intake records; the rest (status, dates of decision and
	// closure, version, …) is the server's, so that c ends as stored
	in := c.CaseIntake
	in.ReceivedByUserID, in.ReceivedByName = "", ""
	*c = casework.Case{CaseIntake: in, FocusPersonID: c.FocusPersonID, HouseholdID: c.HouseholdID, ReceivedOn: c.ReceivedOn, Route: c.Route, Method: c.Method,
		Bunya: c.Bunya, Problems: c.Problems, PrimaryProblem: c.PrimaryProblem, Complaint: c.Complaint, Screening: c.Screening}
	return db.inTx(ctx, true, "ケース", func(tx *Tx) error { return tx.createCase(ctx, a, c) })
}

// createCase is CreateCase inside a transaction (also used by the
// acceptance of a 庁内つなぎ票, liaison.go).
func (tx *Tx) createCase(ctx context.Context, a casework.Actor, c *casework.Case) error {
	{ // the body of CreateCase's transaction before it moved here
		if err := c.ValidateIntake(tx.now); err != nil {
			return err
		}
		p, err := tx.visiblePerson(ctx, a, c.FocusPersonID)
		if err != nil {
			// a record of another organization (the rule 4 hit) is not
			// named as such: the message says the guided way on
			msg := "相談者（本人）が見つかりません。他機関が把握している方は、本人の登録で「この相談を自機関の記録として登録する（同一人物として名寄せ）」を選び、自機関の記録で受け付けてください（API: POST /api/v1/persons の same_as_person_id）。"
			return &casework.Error{Code: casework.EINVALID, Message: "相談者（本人）が見つかりません。", Fields: map[string]string{"focus_person_id": msg}}
		}
		// rule 0: a new case makes its organization the lead of a case about
		// the person and the household; only its own records may be linked
		if err := casework.CheckOwnRecord(a, p.RegisteredByOrgID, "focus_person_id", "相談者（本人）"); err != nil {
			return err
		}
		if c.HouseholdID != "" {
			h, err := tx.visibleHousehold(ctx, a, c.HouseholdID)
			if err != nil {
				return &casework.Error{Code: casework.EINVALID, Message: "世帯が見つかりません。", Fields: map[string]string{"household_id": "世帯が見つかりません。"}}
			}
			if err := casework.CheckOwnRecord(a, h.RegisteredByOrgID, "household_id", "世帯"); err != nil {
				return err
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
			bunya, problems, primary_problem, complaint, screening, status, lead_org_id, lead_worker_id, intake_org_id, version, created_at, updated_at)
			VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,?,?)`,
			c.ID, c.MunicipalityID, c.Number, c.FocusPersonID, c.HouseholdID, c.ReceivedOn, c.Route, c.Method,
			joinList(c.Bunya), joinLines(c.Problems), c.PrimaryProblem, c.Complaint, c.Screening, c.Status, c.LeadOrgID, c.LeadWorkerID, c.LeadOrgID,
			ts(tx.now), ts(tx.now)); err != nil {
			return err
		}
		if err := tx.insertIntake(ctx, a, c); err != nil {
			return err
		}
		lead := casework.TeamMember{ID: newID(), OrganizationID: a.OrganizationID, Role: "主担当（受付機関）", Basis: casework.BasisLead, From: c.ReceivedOn, Version: 1, EnteredOn: casework.Today(tx.now)}
		if err := tx.insertTeam(ctx, a.MunicipalityID, c.ID, lead); err != nil {
			return err
		}
		c.Team = []casework.TeamMember{lead}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActCreate, ObjectType: "case", ObjectID: c.ID})
	}
}

func (t *Tx) insertTeam(ctx context.Context, muni, caseID string, m casework.TeamMember) error {
	_, err := t.exec(ctx, `INSERT INTO case_team (id, municipality_id, case_id, organization_id, role, basis, statute, consent_id, from_on, to_on,
		confirmed_by, law_text, approved_by, approved_at, version, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,?)`,
		m.ID, muni, caseID, m.OrganizationID, m.Role, m.Basis, m.Statute, m.ConsentID, m.From, m.To, m.ConfirmedBy, m.LawText, m.ApprovedBy, m.ApprovedAt, ts(t.now))
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

// prefixCols qualifies a comma-separated column list with a table alias.
func prefixCols(prefix, cols string) string {
	parts := strings.Split(cols, ",")
	for i, p := range parts {
		parts[i] = prefix + strings.TrimSpace(p)
	}
	return strings.Join(parts, ", ")
}
