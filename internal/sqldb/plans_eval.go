package sqldb

import (
	"context"
	"encoding/json"
	"time"

	"kasane/internal/casework"
)

const evaluationCols = "id, plan_id, case_id, evaluated_on, goals, summary, next_step, closure_reason, meeting_id, next_review_on, author_id, author_org_id, version, created_at"

func scanEvaluation(s scanner) (casework.Evaluation, error) {
	var e casework.Evaluation
	var goals, created string
	err := s.Scan(&e.ID, &e.PlanID, &e.CaseID, &e.EvaluatedOn, &goals, &e.Summary, &e.NextStep, &e.ClosureReason, &e.MeetingID,
		&e.NextReviewOn, &e.AuthorID, &e.AuthorOrgID, &e.Version, &created)
	e.Created = parseTS(created)
	if err == nil && goals != "" {
		err = json.Unmarshal([]byte(goals), &e.Goals)
	}
	return e, err
}

// EvaluatePlan records the evaluation of a plan and what follows: 継続 sets
// the next review date (case → monitoring), 再プラン moves the case back to
// planning, 終結 and 中断 end the plan and close or suspend the case, with
// the meeting that decided it when given.
func (db *DB) EvaluatePlan(ctx context.Context, a casework.Actor, planID string, e *casework.Evaluation) error {
	return db.inTx(ctx, true, "評価", func(tx *Tx) error {
		p, c, _, err := tx.readablePlan(ctx, a, planID, true)
		if err != nil {
			return err
		}
		if err := e.Validate(p, tx.now); err != nil {
			return err
		}
		if e.MeetingID != "" {
			m, err := tx.meeting(ctx, a.MunicipalityID, e.MeetingID)
			if err != nil || !casework.CanSeeMeeting(a, m) {
				return &casework.Error{Code: casework.EINVALID, Message: "会議が見つかりません。", Fields: map[string]string{"meeting_id": "決定した会議が見つかりません。"}}
			}
		}
		goals, err := json.Marshal(e.Goals)
		if err != nil {
			return err
		}
		e.ID, e.PlanID, e.CaseID, e.AuthorID, e.AuthorOrgID, e.Version, e.Created = newID(), p.ID, p.CaseID, a.UserID, a.OrganizationID, 1, tx.now
		if _, err := tx.exec(ctx, `INSERT INTO plan_evaluations (id, municipality_id, plan_id, case_id, evaluated_on, goals, summary, next_step, closure_reason,
			meeting_id, next_review_on, author_id, author_org_id, version, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,1,?)`,
			e.ID, a.MunicipalityID, p.ID, p.CaseID, e.EvaluatedOn, string(goals), e.Summary, e.NextStep, e.ClosureReason, e.MeetingID,
			e.NextReviewOn, a.UserID, a.OrganizationID, ts(tx.now)); err != nil {
			return err
		}
		planStatus, caseStatus := casework.EvaluationEffect(e.NextStep)
		switch {
		case planStatus != "":
			err = tx.execOne(ctx, casework.Conflict("プラン"), "UPDATE plans SET status = ?, ended_on = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?",
				planStatus, e.EvaluatedOn, ts(tx.now), p.ID, p.Version)
		case e.NextStep == "continue":
			err = tx.execOne(ctx, casework.Conflict("プラン"), "UPDATE plans SET next_review_on = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?",
				e.NextReviewOn, ts(tx.now), p.ID, p.Version)
		}
		if err != nil {
			return err
		}
		reason := "評価: " + casework.NextSteps.Label(e.NextStep)
		if e.MeetingID != "" {
			reason += "（会議 " + e.MeetingID + " で決定）"
		}
		if caseStatus == "closed" || caseStatus == "suspended" {
			// a 多機関協働 case is closed or suspended by the municipality on a
			// held 重層的支援会議 item (TransitionCaseWith); the plan ends here
			takikan, err := tx.isTakikanCase(ctx, c)
			if err != nil {
				return err
			}
			if takikan {
				caseStatus = ""
			}
		}
		if caseStatus != "" && c.Status != caseStatus {
			if err := tx.moveCase(ctx, a, &c, caseStatus, reason, e.ClosureReason); err != nil {
				return err
			}
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActCreate, ObjectType: "plan_evaluation", ObjectID: e.ID, Reason: e.NextStep})
	})
}

// Evaluation returns one evaluation with its plan (for the A4 sheet). Audited
// as a print.
func (db *DB) Evaluation(ctx context.Context, a casework.Actor, id string) (casework.Evaluation, casework.Plan, error) {
	var e casework.Evaluation
	var p casework.Plan
	err := db.inRead(ctx, "評価", func(tx *Tx) error {
		var err error
		if e, err = scanEvaluation(tx.queryRow(ctx, "SELECT "+evaluationCols+" FROM plan_evaluations WHERE municipality_id = ? AND id = ?", a.MunicipalityID, id)); err != nil {
			return mapError(err, "評価")
		}
		if p, _, _, err = tx.readablePlan(ctx, a, e.PlanID, false); casework.ErrorCode(err) == casework.ENOTFOUND {
			return casework.NotFound("評価")
		} else if err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActPrint, ObjectType: "plan_evaluation", ObjectID: id})
	})
	return e, p, err
}

// PlanItemsFor lists the plan lines the actor's organization is responsible
// for, in plans agreed or decided, of cases the actor may read.
func (db *DB) PlanItemsFor(ctx context.Context, a casework.Actor) ([]casework.PlanWorkItem, error) {
	out := []casework.PlanWorkItem{}
	err := db.inRead(ctx, "プラン", func(tx *Tx) error {
		if !casework.CanHandleCases(a) {
			return nil
		}
		rows, err := collect(ctx, tx, func(s scanner) (casework.PlanWorkItem, error) {
			var w casework.PlanWorkItem
			err := s.Scan(&w.ID, &w.Content, &w.OrganizationID, &w.Frequency, &w.From, &w.To, &w.PersonPart, &w.MeetingItemID,
				&w.PlanID, &w.CaseID, &w.PlanStatus, &w.Revision, &w.NextReviewOn)
			return w, err
		}, `SELECT i.id, i.content, i.organization_id, i.frequency, i.from_on, i.to_on, i.person_part, i.meeting_item_id,
			p.id, p.case_id, p.status, p.revision, p.next_review_on FROM plan_items i JOIN plans p ON p.id = i.plan_id
			WHERE i.municipality_id = ? AND i.organization_id = ? AND p.status IN ('agreed', 'decided')
			ORDER BY p.next_review_on, i.seq LIMIT 500`, a.MunicipalityID, a.OrganizationID)
		if err != nil {
			return err
		}
		day := casework.Today(tx.now)
		readable := map[string]*casework.Case{}
		for _, w := range rows {
			c, seen := readable[w.CaseID]
			if !seen {
				cs, f, err := tx.caseFacts(ctx, a.MunicipalityID, w.CaseID)
				if err != nil {
					return err
				}
				if casework.CanReadCaseData(a, f, casework.CatRecords, day) {
					if err := tx.fillFocusName(ctx, &cs); err != nil {
						return err
					}
					c = &cs
				}
				readable[w.CaseID] = c
			}
			if c == nil {
				continue
			}
			w.CaseNumber, w.PersonName = c.Number, c.FocusName
			out = append(out, w)
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActSearch, ObjectType: "plan_items"})
	})
	return out, err
}

// planAlerts are the watches of plans past their review date: plans agreed or
// decided of cases the actor's organization leads or has a plan line in,
// that the actor may read.
func (t *Tx) planAlerts(ctx context.Context, a casework.Actor, s casework.Settings) ([]casework.Alert, error) {
	out := []casework.Alert{}
	if !casework.CanHandleCases(a) {
		return out, nil
	}
	_ = s // no setting yet: a plan is overdue the day after its review date
	day := casework.Today(t.now)
	ps, err := collect(ctx, t, scanPlan, "SELECT "+planCols+` FROM plans WHERE municipality_id = ? AND status IN ('agreed', 'decided')
		AND next_review_on <> '' AND next_review_on < ? AND (case_id IN (SELECT id FROM cases WHERE municipality_id = ? AND lead_org_id = ?)
		OR id IN (SELECT plan_id FROM plan_items WHERE municipality_id = ? AND organization_id = ?)) ORDER BY next_review_on`,
		a.MunicipalityID, day, a.MunicipalityID, a.OrganizationID, a.MunicipalityID, a.OrganizationID)
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		c, f, err := t.caseFacts(ctx, a.MunicipalityID, p.CaseID)
		if err != nil {
			return nil, err
		}
		if !casework.CanReadCaseData(a, f, casework.CatRecords, day) {
			continue
		}
		due, _ := time.ParseInLocation("2006-01-02", p.NextReviewOn, casework.JST)
		days := int(t.now.Sub(due) / (24 * time.Hour))
		if err := t.fillFocusName(ctx, &c); err != nil {
			return nil, err
		}
		out = append(out, casework.Alert{Kind: "review_due", CaseID: p.CaseID, Ref: p.ID, Since: p.NextReviewOn, Days: days, CaseNumber: c.Number, PersonName: c.FocusName,
			Message: "プランの見直し期限超過: ケース " + c.Number + "（第" + itoa(p.Revision) + "版、見直し予定日 " + warekiDay(p.NextReviewOn) + "）"})
	}
	return out, nil
}

// PlanAlerts returns the plan review watches of the actor (see planAlerts).
func (db *DB) PlanAlerts(ctx context.Context, a casework.Actor) ([]casework.Alert, error) {
	var out []casework.Alert
	err := db.inTx(ctx, false, "見守り", func(tx *Tx) error {
		var s casework.Settings
		if err := tx.settings(ctx, a.MunicipalityID, &s); err != nil {
			return err
		}
		var err error
		out, err = tx.planAlerts(ctx, a, s)
		return err
	})
	return out, err
}
