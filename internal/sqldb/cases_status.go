package sqldb

import (
	"context"

	"kasane/internal/casework"
)

// TransitionCase moves a case to another status if the machine allows it
// and the actor may change it (casework.CanChangeCaseStatus: the lead
// organization or the municipal section). Each change is kept in
// case_status_history with who, when and why (CaseStatusHistory).
func (db *DB) TransitionCase(ctx context.Context, a casework.Actor, id, to, reason string) (casework.Case, error) {
	var c casework.Case
	err := db.inTx(ctx, true, "ケース", func(tx *Tx) error {
		var err error
		if c, _, err = tx.writableCase(ctx, a, id); err != nil {
			return err
		}
		kind, err := tx.actorOrgKind(ctx, a)
		if err != nil {
			return err
		}
		if err := casework.CanChangeCaseStatus(a, kind, c); err != nil {
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

// caseStatusHistory is every status change of a case, oldest first, with the
// name of the user who made it and of their organization.
func (t *Tx) caseStatusHistory(ctx context.Context, muni, caseID string) ([]casework.StatusChange, error) {
	out, err := collectCached(ctx, t, func(s scanner) (casework.StatusChange, error) {
		var h casework.StatusChange
		var at string
		err := s.Scan(&h.From, &h.To, &h.Reason, &at, &h.UserID, &h.UserName, &h.OrganizationName)
		h.At = parseTS(at)
		return h, err
	}, `SELECT h.from_status, h.to_status, h.reason, h.at, h.user_id, COALESCE(u.name, ''), COALESCE(o.name, '')
		FROM case_status_history h LEFT JOIN users u ON u.id = h.user_id LEFT JOIN organizations o ON o.id = u.organization_id
		WHERE h.municipality_id = ? AND h.case_id = ? ORDER BY h.at, h.id`, muni, caseID)
	if out == nil {
		out = []casework.StatusChange{}
	}
	return out, err
}

// CaseDetail is a case with its status history (GET /api/v1/cases/{id}).
type CaseDetail struct {
	casework.Case
	StatusHistory []casework.StatusChange `json:"status_history"`
}

// CaseDetail is Case with the status history, in one audited read.
func (db *DB) CaseDetail(ctx context.Context, a casework.Actor, id string) (CaseDetail, error) {
	var d CaseDetail
	err := db.inRead(ctx, "ケース", func(tx *Tx) error {
		var err error
		if d.Case, _, err = tx.readableCase(ctx, a, id); err != nil {
			return err
		}
		if err := tx.fillFocusName(ctx, &d.Case); err != nil {
			return err
		}
		if d.StatusHistory, err = tx.caseStatusHistory(ctx, a.MunicipalityID, id); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActView, ObjectType: "case", ObjectID: id})
	})
	if err != nil {
		return CaseDetail{}, err
	}
	return d, nil
}

// actorOrgKind is the kind of the actor's organization ("" for none).
func (t *Tx) actorOrgKind(ctx context.Context, a casework.Actor) (string, error) {
	if a.OrganizationID == "" {
		return "", nil
	}
	kinds, err := collectCached(ctx, t, scanString, "SELECT kind FROM organizations WHERE municipality_id = ? AND id = ?", a.MunicipalityID, a.OrganizationID)
	if err != nil || len(kinds) == 0 {
		return "", err
	}
	return kinds[0], nil
}
