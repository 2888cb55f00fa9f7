package sqldb

import (
	"context"

	"kasane/internal/casework"
)

// Plan returns one plan with its items and evaluations. Audited (as a print
// when print is set).
func (db *DB) Plan(ctx context.Context, a casework.Actor, id string, print bool) (casework.Plan, error) {
	var p casework.Plan
	err := db.inRead(ctx, "プラン", func(tx *Tx) error {
		var err error
		if p, _, _, err = tx.readablePlan(ctx, a, id, false); err != nil {
			return err
		}
		act := casework.ActView
		if print {
			act = casework.ActPrint
		}
		return tx.audit(ctx, a, auditRecord{Action: act, ObjectType: "plan", ObjectID: id})
	})
	if err != nil {
		return casework.Plan{}, err
	}
	return p, nil
}

// Plans lists every plan version of a case, newest first. Audited.
func (db *DB) Plans(ctx context.Context, a casework.Actor, caseID string) ([]casework.Plan, error) {
	out := []casework.Plan{}
	err := db.inRead(ctx, "プラン", func(tx *Tx) error {
		if _, _, err := tx.readableCaseData(ctx, a, caseID, casework.CatRecords); err != nil {
			return err
		}
		ids, err := collect(ctx, tx, scanString, "SELECT id FROM plans WHERE case_id = ? ORDER BY revision DESC", caseID)
		if err != nil {
			return err
		}
		for _, id := range ids {
			p, err := tx.plan(ctx, a.MunicipalityID, id)
			if err != nil {
				return err
			}
			out = append(out, p)
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActView, ObjectType: "plans", ObjectID: caseID})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// moveCase changes a case's status inside the caller's transaction when the
// state machine allows it (a no-op otherwise), with its history line.
func (t *Tx) moveCase(ctx context.Context, a casework.Actor, c *casework.Case, to, reason, closure string) error {
	if !casework.CanTransition(c.Status, to) {
		return nil
	}
	from := c.Status
	switch to {
	case "closed":
		c.ClosedOn, c.ClosureReason = casework.Today(t.now), closure
	case "decided":
		if c.DecidedOn == "" {
			c.DecidedOn = casework.Today(t.now)
		}
	}
	if err := t.execOne(ctx, casework.Conflict("ケース"), `UPDATE cases SET status = ?, closed_on = ?, closure_reason = ?, decided_on = ?,
		updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`, to, c.ClosedOn, c.ClosureReason, c.DecidedOn, ts(t.now), c.ID, c.Version); err != nil {
		return err
	}
	c.Status, c.Version = to, c.Version+1
	if _, err := t.exec(ctx, "INSERT INTO case_status_history (id, municipality_id, case_id, from_status, to_status, reason, at, user_id) VALUES (?,?,?,?,?,?,?,?)",
		newID(), a.MunicipalityID, c.ID, from, to, reason, ts(t.now), a.UserID); err != nil {
		return err
	}
	if to == "closed" || to == "suspended" {
		ev := casework.CaseEvent{Kind: casework.EventClosure, On: casework.Today(t.now), ClosureReason: closure}
		if to == "suspended" {
			ev.Kind, ev.ClosureReason = casework.EventSuspension, ""
		}
		if err := t.insertCaseEvent(ctx, a, *c, &ev); err != nil {
			return err
		}
	}
	return t.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "case", ObjectID: c.ID, Reason: from + "→" + to})
}
