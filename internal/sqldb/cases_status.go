package sqldb

import (
	"context"

	"kasane/internal/casework"
)

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
