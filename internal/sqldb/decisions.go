package sqldb

import (
	"context"
	"strings"

	"kasane/internal/casework"
)

// 支援決定, 終結 and 中断 as the municipality's decisions, kept as events
// (casework/decision.go; migration 0019, table case_events).

// PlanDecision is the body of POST /api/v1/plans/{id}/decide.
type PlanDecision struct {
	DecidedOn     string `json:"decided_on"`
	MeetingItemID string `json:"meeting_item_id"`
	Result        string `json:"result"`
	DecidedBy     string `json:"decided_by"`
}

// decisionItem loads a meeting item and its meeting for a decision; an item
// of a meeting the actor does not see is not found.
func (t *Tx) decisionItem(ctx context.Context, a casework.Actor, itemID string) (casework.Meeting, casework.MeetingItem, error) {
	missing := invalidField("meeting_item_id", "重層的支援会議の検討事項（meeting_item_id）を指定してください。")
	if itemID == "" {
		return casework.Meeting{}, casework.MeetingItem{}, missing
	}
	items, err := t.meetingItems(ctx, "mi.municipality_id = ? AND mi.id = ?", a.MunicipalityID, itemID)
	if err != nil {
		return casework.Meeting{}, casework.MeetingItem{}, err
	}
	if len(items) == 0 {
		return casework.Meeting{}, casework.MeetingItem{}, invalidField("meeting_item_id", "会議の検討事項が見つかりません。")
	}
	m, err := t.meeting(ctx, a.MunicipalityID, items[0].MeetingID)
	if err != nil {
		return m, items[0], err
	}
	if !casework.CanSeeMeeting(a, m) {
		return m, items[0], invalidField("meeting_item_id", "会議の検討事項が見つかりません。")
	}
	return m, items[0], nil
}

// insertCaseEvent records a decision event about case c.
func (t *Tx) insertCaseEvent(ctx context.Context, a casework.Actor, c casework.Case, ev *casework.CaseEvent) error {
	ev.ID, ev.CaseID, ev.UserID, ev.OrganizationID, ev.At = newID(), c.ID, a.UserID, a.OrganizationID, t.now
	_, err := t.exec(ctx, `INSERT INTO case_events (id, municipality_id, case_id, kind, result, event_on, plan_id, plan_revision, meeting_id,
		meeting_item_id, closure_reason, bunya, user_id, organization_id, at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		ev.ID, a.MunicipalityID, c.ID, ev.Kind, ev.Result, ev.On, ev.PlanID, ev.PlanRevision, ev.MeetingID, ev.MeetingItemID,
		ev.ClosureReason, joinList(c.Bunya), a.UserID, a.OrganizationID, ts(t.now))
	return err
}

// caseEvents lists the decision events of a case, oldest first.
func (t *Tx) caseEvents(ctx context.Context, caseID string) ([]casework.CaseEvent, error) {
	out, err := collect(ctx, t, func(s scanner) (casework.CaseEvent, error) {
		var e casework.CaseEvent
		var at string
		err := s.Scan(&e.ID, &e.CaseID, &e.Kind, &e.Result, &e.On, &e.PlanID, &e.PlanRevision, &e.MeetingID, &e.MeetingItemID,
			&e.ClosureReason, &e.UserID, &e.OrganizationID, &at)
		e.At = parseTS(at)
		return e, err
	}, `SELECT id, case_id, kind, result, event_on, plan_id, plan_revision, meeting_id, meeting_item_id, closure_reason, user_id,
		organization_id, at FROM case_events WHERE case_id = ? ORDER BY at, id`, caseID)
	if out == nil {
		out = []casework.CaseEvent{}
	}
	return out, err
}

// isTakikanCase: the lead organization is multi_agency, or support was
// recorded under the 事業 takikan (casework.IsTakikanCase).
func (t *Tx) isTakikanCase(ctx context.Context, c casework.Case) (bool, error) {
	var kind string
	if err := t.queryRow(ctx, "SELECT kind FROM organizations WHERE id = ?", c.LeadOrgID).Scan(&kind); err != nil {
		return false, mapError(err, "機関")
	}
	var n int
	if err := t.queryRow(ctx, "SELECT COUNT(*) FROM contacts WHERE case_id = ? AND (',' || jigyo || ',') LIKE '%,takikan,%'", c.ID).Scan(&n); err != nil {
		return false, err
	}
	return casework.IsTakikanCase(kind, n > 0), nil
}

// DecidePlan records the municipality's decision on a plan revision
// (支援決定): a decision_maker of a municipal_section, on an item of a held
// 重層的支援会議 about the plan's case (agenda plan_review), with the
// meeting's result. 承認 and 修正 decide the plan (the case planning →
// decided); 差戻し decides nothing. Each is kept as an event. A decision
// maker who does not read the case's records gets the plan's header only.
func (db *DB) DecidePlan(ctx context.Context, a casework.Actor, id string, d PlanDecision) (casework.Plan, error) {
	var p casework.Plan
	err := db.inTx(ctx, true, "プラン", func(tx *Tx) error {
		var err error
		if p, err = tx.plan(ctx, a.MunicipalityID, id); err != nil {
			return err
		}
		c, f, err := tx.caseFacts(ctx, a.MunicipalityID, p.CaseID)
		if err != nil {
			return mapError(err, "プラン")
		}
		day := casework.Today(tx.now)
		readable := casework.CanReadCaseData(a, f, casework.CatRecords, day)
		m, it, itemErr := tx.decisionItem(ctx, a, d.MeetingItemID)
		if !readable && (itemErr != nil || it.CaseID != c.ID || !a.Has(casework.RoleDecisionMaker)) {
			return casework.NotFound("プラン")
		}
		kind, err := tx.actorOrgKind(ctx, a)
		if err != nil {
			return err
		}
		if !a.Has(casework.RoleDecisionMaker) || kind != "municipal_section" {
			return casework.CheckMeetingDecision(a, kind, casework.EventDecision, m, it, c.ID, p.ID, "")
		}
		if itemErr != nil {
			return itemErr
		}
		if !casework.DecisionResults.Has(d.Result) {
			return invalidField("result", "会議の結果を「承認」「修正」「差戻し」から選んでください。")
		}
		if err := casework.CheckPlanStep(p.Status, "decide"); err != nil {
			return err
		}
		on, err := casework.ValidateDay("decided_on", "支援決定日", d.DecidedOn, tx.now)
		if err != nil {
			return err
		}
		if on < p.AgreedOn {
			return invalidField("decided_on", "支援決定日は本人の同意日（"+p.AgreedOn+"）以後にしてください。")
		}
		if err := casework.CheckMeetingDecision(a, kind, casework.EventDecision, m, it, c.ID, p.ID, on); err != nil {
			return err
		}
		ev := casework.CaseEvent{Kind: casework.EventDecision, Result: d.Result, On: on, PlanID: p.ID, PlanRevision: p.Revision,
			MeetingID: m.ID, MeetingItemID: it.ID}
		if err := tx.insertCaseEvent(ctx, a, c, &ev); err != nil {
			return err
		}
		if casework.DecisionDecides(d.Result) {
			if err := tx.decidePlan(ctx, a, &p, c, on, d.DecidedBy, d.Result); err != nil {
				return err
			}
		}
		if !readable {
			p = casework.Plan{ID: p.ID, CaseID: p.CaseID, Revision: p.Revision, Status: p.Status, DecidedOn: p.DecidedOn, DecidedBy: p.DecidedBy,
				Version: p.Version, Created: p.Created, Updated: p.Updated}
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "plan", ObjectID: id, Reason: "decide " + d.Result + " " + it.ID})
	})
	return p, err
}

// decidePlan marks plan p decided on day on and the case decided.
func (t *Tx) decidePlan(ctx context.Context, a casework.Actor, p *casework.Plan, c casework.Case, on, decidedBy, result string) error {
	if p.DecidedBy = strings.TrimSpace(decidedBy); p.DecidedBy == "" {
		if err := t.queryRow(ctx, "SELECT name FROM users WHERE id = ?", a.UserID).Scan(&p.DecidedBy); err != nil {
			return mapError(err, "職員")
		}
	}
	if len([]rune(p.DecidedBy)) > 100 {
		return invalidField("decided_by", "決定者は100文字以内で入力してください。")
	}
	if err := t.execOne(ctx, casework.Conflict("プラン"), `UPDATE plans SET status = 'decided', decided_on = ?, decided_by = ?, decided_by_user_id = ?,
		updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`, on, p.DecidedBy, a.UserID, ts(t.now), p.ID, p.Version); err != nil {
		return err
	}
	p.Status, p.DecidedOn, p.DecidedByUserID, p.Version, p.Updated = "decided", on, a.UserID, p.Version+1, t.now
	c.DecidedOn = on
	if c.Status == "planning" {
		return t.moveCase(ctx, a, &c, "decided", "支援決定（プラン第"+itoa(p.Revision)+"版・"+result+"）", "")
	}
	return t.execOne(ctx, casework.Conflict("ケース"), "UPDATE cases SET decided_on = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?",
		c.DecidedOn, ts(t.now), c.ID, c.Version)
}

// DecideOnItem is DecidePlan from the meeting page: the plan is the one the
// item names, else the case's newest agreed plan.
func (db *DB) DecideOnItem(ctx context.Context, a casework.Actor, itemID string, d PlanDecision) (casework.Plan, error) {
	var planID string
	err := db.inRead(ctx, "プラン", func(tx *Tx) error {
		_, it, err := tx.decisionItem(ctx, a, itemID)
		if err != nil {
			return err
		}
		if planID = it.PlanID; planID != "" {
			return nil
		}
		ids, err := collect(ctx, tx, scanString, "SELECT id FROM plans WHERE case_id = ? AND status = 'agreed' ORDER BY revision DESC", it.CaseID)
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			return invalidField("meeting_item_id", "このケースには本人の同意を得たプランがありません。")
		}
		planID = ids[0]
		return nil
	})
	if err != nil {
		return casework.Plan{}, err
	}
	d.MeetingItemID = itemID
	return db.DecidePlan(ctx, a, planID, d)
}

// CloseOnItem closes or suspends (by the item's agenda) the case of a held
// 重層的支援会議 item, as the municipality's decision.
func (db *DB) CloseOnItem(ctx context.Context, a casework.Actor, itemID, on, reason string) (casework.Case, error) {
	var tr CaseTransition
	err := db.inRead(ctx, "ケース", func(tx *Tx) error {
		_, it, err := tx.decisionItem(ctx, a, itemID)
		if err != nil {
			return err
		}
		to := map[string]string{"closure": "closed", "suspension": "suspended"}[it.Agenda]
		if to == "" {
			return invalidField("meeting_item_id", "議題が「終結の検討」「中断の検討」の検討事項を選んでください。")
		}
		tr = CaseTransition{To: to, Reason: reason, MeetingItemID: itemID, On: on, caseID: it.CaseID}
		return nil
	})
	if err != nil {
		return casework.Case{}, err
	}
	return db.TransitionCaseWith(ctx, a, tr.caseID, tr)
}

// CaseEvents lists the decisions, closures and suspensions of a case the
// actor reads (GET /api/v1/cases/{id}/events). Audited.
func (db *DB) CaseEvents(ctx context.Context, a casework.Actor, caseID string) ([]casework.CaseEvent, error) {
	var out []casework.CaseEvent
	err := db.inRead(ctx, "ケース", func(tx *Tx) error {
		if _, _, err := tx.readableCase(ctx, a, caseID); err != nil {
			return err
		}
		var err error
		if out, err = tx.caseEvents(ctx, caseID); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActView, ObjectType: "case_events", ObjectID: caseID})
	})
	return out, err
}
