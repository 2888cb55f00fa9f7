package sqldb

import (
	"context"
	"strings"

	"kasane/internal/casework"
)

const planCols = `id, case_id, revision, status, person_wish, long_goal, short_goals, requested_programs, next_review_on,
	agreed_on, agreed_by, decided_on, decided_by, decided_by_user_id, supersedes_id, ended_on, author_id, author_org_id,
	version, created_at, updated_at`

func scanPlan(s scanner) (casework.Plan, error) {
	var p casework.Plan
	var goals, progs, created, updated string
	err := s.Scan(&p.ID, &p.CaseID, &p.Revision, &p.Status, &p.PersonWish, &p.LongGoal, &goals, &progs, &p.NextReviewOn,
		&p.AgreedOn, &p.AgreedBy, &p.DecidedOn, &p.DecidedBy, &p.DecidedByUserID, &p.SupersedesID, &p.EndedOn,
		&p.AuthorID, &p.AuthorOrgID, &p.Version, &created, &updated)
	p.ShortGoals, p.RequestedPrograms = splitLines(goals), splitList(progs)
	p.Created, p.Updated = parseTS(created), parseTS(updated)
	if p.ShortGoals == nil {
		p.ShortGoals = []string{}
	}
	if p.RequestedPrograms == nil {
		p.RequestedPrograms = []string{}
	}
	return p, err
}

const planItemCols = "id, content, organization_id, frequency, from_on, to_on, person_part, meeting_item_id"

func scanPlanItem(s scanner) (casework.PlanItem, error) {
	var it casework.PlanItem
	err := s.Scan(&it.ID, &it.Content, &it.OrganizationID, &it.Frequency, &it.From, &it.To, &it.PersonPart, &it.MeetingItemID)
	return it, err
}

// plan loads a plan with its items and evaluations, without access checks.
func (t *Tx) plan(ctx context.Context, muni, id string) (casework.Plan, error) {
	p, err := scanPlan(t.queryRow(ctx, "SELECT "+planCols+" FROM plans WHERE municipality_id = ? AND id = ?", muni, id))
	if err != nil {
		return p, mapError(err, "プラン")
	}
	if p.Items, err = collect(ctx, t, scanPlanItem, "SELECT "+planItemCols+" FROM plan_items WHERE plan_id = ? ORDER BY seq", id); err != nil {
		return p, err
	}
	if p.Items == nil {
		p.Items = []casework.PlanItem{}
	}
	if p.Evaluations, err = collect(ctx, t, scanEvaluation, "SELECT "+evaluationCols+" FROM plan_evaluations WHERE plan_id = ? ORDER BY evaluated_on DESC, created_at DESC", id); err != nil {
		return p, err
	}
	if p.Evaluations == nil {
		p.Evaluations = []casework.Evaluation{}
	}
	return p, nil
}

// readablePlan loads a plan of a case the actor may read (rule 1); others
// are not found.
func (t *Tx) readablePlan(ctx context.Context, a casework.Actor, id string, write bool) (casework.Plan, casework.Case, casework.CaseFacts, error) {
	p, err := t.plan(ctx, a.MunicipalityID, id)
	if err != nil {
		return p, casework.Case{}, casework.CaseFacts{}, err
	}
	check := t.readableCaseData
	if write {
		check = t.writableCaseData
	}
	c, f, err := check(ctx, a, p.CaseID, casework.CatRecords)
	if casework.ErrorCode(err) == casework.ENOTFOUND {
		return p, c, f, casework.NotFound("プラン")
	}
	if err != nil {
		return p, c, f, err
	}
	if err := t.fillFocusName(ctx, &c); err != nil {
		return p, c, f, err
	}
	p.CaseNumber, p.PersonName = c.Number, c.FocusName
	return p, c, f, nil
}

func (t *Tx) insertPlanItems(ctx context.Context, muni string, p *casework.Plan) error {
	for i := range p.Items {
		it := &p.Items[i]
		it.ID = newID()
		if _, err := t.exec(ctx, `INSERT INTO plan_items (id, municipality_id, plan_id, case_id, seq, content, organization_id, frequency, from_on, to_on,
			person_part, meeting_item_id, version, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,1,?)`,
			it.ID, muni, p.ID, p.CaseID, i+1, it.Content, it.OrganizationID, it.Frequency, it.From, it.To, it.PersonPart, it.MeetingItemID, ts(t.now)); err != nil {
			return err
		}
	}
	return nil
}

// CreatePlan writes a new plan version (draft) for a case. The plan in force
// before it, if any, becomes superseded and stays readable (re-plan).
func (db *DB) CreatePlan(ctx context.Context, a casework.Actor, caseID string, p *casework.Plan) error {
	return db.inTx(ctx, true, "プラン", func(tx *Tx) error {
		c, f, err := tx.writableCaseData(ctx, a, caseID, casework.CatRecords)
		if err != nil {
			return err
		}
		return tx.createPlan(ctx, a, c, f, p)
	})
}

func (t *Tx) createPlan(ctx context.Context, a casework.Actor, c casework.Case, f casework.CaseFacts, p *casework.Plan) error {
	if err := p.Validate(t.now); err != nil {
		return err
	}
	names, err := t.orgNames(ctx, a.MunicipalityID)
	if err != nil {
		return err
	}
	if err := casework.CheckPlanItems(f, p.Items, names, casework.Today(t.now)); err != nil {
		return err
	}
	prev, err := collect(ctx, t, scanPlan, "SELECT "+planCols+" FROM plans WHERE case_id = ? ORDER BY revision DESC", c.ID)
	if err != nil {
		return err
	}
	p.Revision, p.SupersedesID = 1, ""
	if len(prev) > 0 {
		p.Revision = prev[0].Revision + 1
	}
	for _, old := range prev {
		if !old.Current() {
			continue
		}
		if p.SupersedesID == "" {
			p.SupersedesID = old.ID
		}
		if _, err := t.exec(ctx, "UPDATE plans SET status = 'superseded', updated_at = ?, version = version + 1 WHERE id = ?", ts(t.now), old.ID); err != nil {
			return err
		}
	}
	p.ID, p.CaseID, p.Status, p.AuthorID, p.AuthorOrgID = newID(), c.ID, "draft", a.UserID, a.OrganizationID
	p.AgreedOn, p.AgreedBy, p.DecidedOn, p.DecidedBy, p.DecidedByUserID, p.EndedOn = "", "", "", "", "", ""
	p.Version, p.Created, p.Updated, p.CaseNumber = 1, t.now, t.now, c.Number
	if p.Evaluations == nil {
		p.Evaluations = []casework.Evaluation{}
	}
	if _, err := t.exec(ctx, `INSERT INTO plans (id, municipality_id, case_id, revision, status, person_wish, long_goal, short_goals, requested_programs,
		next_review_on, supersedes_id, author_id, author_org_id, version, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,1,?,?)`,
		p.ID, a.MunicipalityID, c.ID, p.Revision, p.Status, p.PersonWish, p.LongGoal, joinLines(p.ShortGoals), joinList(p.RequestedPrograms),
		p.NextReviewOn, p.SupersedesID, a.UserID, a.OrganizationID, ts(t.now), ts(t.now)); err != nil {
		return err
	}
	if err := t.insertPlanItems(ctx, a.MunicipalityID, p); err != nil {
		return err
	}
	if c.Status == "assessment" {
		if err := t.moveCase(ctx, a, &c, "planning", "プラン作成", ""); err != nil {
			return err
		}
	}
	return t.audit(ctx, a, auditRecord{Action: casework.ActCreate, ObjectType: "plan", ObjectID: p.ID})
}

// UpdatePlan changes a draft plan; a stale version is a conflict.
func (db *DB) UpdatePlan(ctx context.Context, a casework.Actor, p *casework.Plan) error {
	return db.inTx(ctx, true, "プラン", func(tx *Tx) error {
		cur, _, f, err := tx.readablePlan(ctx, a, p.ID, true)
		if err != nil {
			return err
		}
		if cur.Version != p.Version {
			return casework.Conflict("プラン")
		}
		if err := casework.CheckPlanStep(cur.Status, "edit"); err != nil {
			return err
		}
		if err := p.Validate(tx.now); err != nil {
			return err
		}
		names, err := tx.orgNames(ctx, a.MunicipalityID)
		if err != nil {
			return err
		}
		if err := casework.CheckPlanItems(f, p.Items, names, casework.Today(tx.now)); err != nil {
			return err
		}
		if err := tx.execOne(ctx, casework.Conflict("プラン"), `UPDATE plans SET person_wish = ?, long_goal = ?, short_goals = ?, requested_programs = ?,
			next_review_on = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			p.PersonWish, p.LongGoal, joinLines(p.ShortGoals), joinList(p.RequestedPrograms), p.NextReviewOn, ts(tx.now), p.ID, p.Version); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "DELETE FROM plan_items WHERE plan_id = ?", p.ID); err != nil {
			return err
		}
		p.CaseID = cur.CaseID
		if err := tx.insertPlanItems(ctx, a.MunicipalityID, p); err != nil {
			return err
		}
		if err := tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "plan", ObjectID: p.ID}); err != nil {
			return err
		}
		*p, err = tx.plan(ctx, a.MunicipalityID, p.ID)
		p.CaseNumber, p.PersonName = cur.CaseNumber, cur.PersonName
		return err
	})
}

// AgreePlan records the person's agreement to a draft plan.
func (db *DB) AgreePlan(ctx context.Context, a casework.Actor, id, agreedOn, agreedBy string) (casework.Plan, error) {
	var p casework.Plan
	err := db.inTx(ctx, true, "プラン", func(tx *Tx) error {
		var err error
		if p, _, _, err = tx.readablePlan(ctx, a, id, true); err != nil {
			return err
		}
		if err := casework.CheckPlanStep(p.Status, "agree"); err != nil {
			return err
		}
		if agreedOn == "" {
			agreedOn = casework.Today(tx.now)
		}
		if p.AgreedOn, err = casework.ValidateDay("agreed_on", "同意日", agreedOn, tx.now); err != nil {
			return err
		}
		if p.AgreedBy = strings.TrimSpace(agreedBy); p.AgreedBy == "" {
			p.AgreedBy = "本人"
		}
		if !casework.ConsentGivenBy.Has(p.AgreedBy) {
			return &casework.Error{Code: casework.EINVALID, Message: "同意者を一覧から選んでください。", Fields: map[string]string{"agreed_by": "同意者を一覧から選んでください（本人・代理人・後見人・親権者）。"}}
		}
		if err := tx.execOne(ctx, casework.Conflict("プラン"), `UPDATE plans SET status = 'agreed', agreed_on = ?, agreed_by = ?, updated_at = ?,
			version = version + 1 WHERE id = ? AND version = ?`, p.AgreedOn, p.AgreedBy, ts(tx.now), id, p.Version); err != nil {
			return err
		}
		p.Status, p.Version, p.Updated = "agreed", p.Version+1, tx.now
		return tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "plan", ObjectID: id, Reason: "agree"})
	})
	return p, err
}
