package sqldb

import (
	"context"

	"kasane/internal/casework"
)

// TransitionCase moves a case to another status (TransitionCaseWith
// without a meeting item or date).
func (db *DB) TransitionCase(ctx context.Context, a casework.Actor, id, to, reason string) (casework.Case, error) {
	return db.TransitionCaseWith(ctx, a, id, CaseTransition{To: to, Reason: reason})
}

// CaseTransition is the body of POST /api/v1/cases/{id}/transitions.
type CaseTransition struct {
	To     string `json:"to"`
	Reason string `json:"reason"`
	// MeetingItemID: the held 重層的支援会議 item (agenda closure or
	// suspension) a decision_maker closes or suspends a 多機関協働 case on.
	MeetingItemID string `json:"meeting_item_id"`
	// On is the day of a closure or suspension (default today; it may be the
	// meeting's day).
	On     string `json:"on"`
	caseID string
}

// TransitionCaseWith moves a case to another status if the machine allows
// it and the actor may change it: the lead organization or the municipal
// section (casework.CanChangeCaseStatus); 支援決定 only through a plan; the
// closure and suspension of a 多機関協働 case only by the municipality's
// decision_maker on a held 重層的支援会議 item (casework.CheckManualTransition,
// CheckMeetingDecision). Each change is kept in case_status_history with
// who, when and why, and a closure or suspension also as an event.
func (db *DB) TransitionCaseWith(ctx context.Context, a casework.Actor, id string, tr CaseTransition) (casework.Case, error) {
	var c casework.Case
	to, reason := tr.To, tr.Reason
	err := db.inTx(ctx, true, "ケース", func(tx *Tx) error {
		var err error
		var ev casework.CaseEvent
		if c, ev, err = tx.checkTransition(ctx, a, id, &tr); err != nil {
			return err
		}
		reason = tr.Reason
		from := c.Status
		c.Status = to
		closedOn, closure, decided := c.ClosedOn, c.ClosureReason, c.DecidedOn
		switch to {
		case "closed":
			closedOn, closure = ev.On, reason
		case "decided":
			if decided == "" {
				decided = casework.Today(tx.now)
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
		if ev.Kind != "" {
			if to == "closed" {
				ev.ClosureReason = reason
			}
			if err := tx.insertCaseEvent(ctx, a, c, &ev); err != nil {
				return err
			}
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
