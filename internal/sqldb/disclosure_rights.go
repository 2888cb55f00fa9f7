package sqldb

import (
	"context"
	"strings"

	"kasane/internal/casework"
)

// 訂正請求 (個人情報保護法第90条) and 利用停止請求 (第98条) recorded against the
// person with their outcome (第93条・第101条). The privacy officer records
// and decides them; staff who read the person or the case see a decided
// 利用停止 as a warning (UseSuspensions, and CasePage.Suspensions on the case page).

const rightsCols = `id, person_id, kind, request_number, received_on, requester_name, requester_relation, content, decision, decided_on,
	reason, recorded_by, decided_by, version, created_at, updated_at`

func scanRights(s scanner) (casework.RightsRequest, error) {
	var r casework.RightsRequest
	var created, updated string
	err := s.Scan(&r.ID, &r.PersonID, &r.Kind, &r.Number, &r.ReceivedOn, &r.RequesterName, &r.RequesterRelation, &r.Content,
		&r.Decision, &r.DecidedOn, &r.Reason, &r.RecordedBy, &r.DecidedBy, &r.Version, &created, &updated)
	r.Created, r.Updated = parseTS(created), parseTS(updated)
	r.DecisionLabel = casework.RightsDecisionLabel(r.Kind, r.Decision)
	return r, err
}

// rightsRequests loads the requests of persons, newest first.
func (t *Tx) rightsRequests(ctx context.Context, muni string, persons []string) ([]casework.RightsRequest, error) {
	if len(persons) == 0 {
		return nil, nil
	}
	args := []any{muni}
	for _, p := range persons {
		args = append(args, p)
	}
	return collect(ctx, t, scanRights, "SELECT "+rightsCols+" FROM rights_requests WHERE municipality_id = ? AND person_id IN ("+
		placeholders(len(persons))+") ORDER BY received_on DESC, created_at DESC", args...)
}

// CreateRightsRequest records a 訂正請求 or 利用停止請求, with its decision
// when one is given already.
func (db *DB) CreateRightsRequest(ctx context.Context, a casework.Actor, r *casework.RightsRequest) error {
	if !casework.CanHandleDisclosure(a) {
		return forbidDisclosure()
	}
	return db.inTx(ctx, true, "請求", func(tx *Tx) error {
		if err := r.Validate(tx.now); err != nil {
			return err
		}
		dead, err := tx.subjectDeceasedOn(ctx, a.MunicipalityID, r.PersonID)
		if err != nil {
			return err
		}
		if err := casework.CheckLivingSubject(dead, r.ReceivedOn); err != nil {
			return err
		}
		decidedBy := ""
		if r.Decision != "" {
			decidedBy = a.UserID
		}
		r.ID = newID()
		if _, err := tx.exec(ctx, `INSERT INTO rights_requests (id, municipality_id, person_id, kind, request_number, received_on, requester_name,
			requester_relation, content, decision, decided_on, reason, recorded_by, decided_by, version, created_at, updated_at)
			VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,?,?)`,
			r.ID, a.MunicipalityID, r.PersonID, r.Kind, r.Number, r.ReceivedOn, r.RequesterName, r.RequesterRelation, r.Content,
			r.Decision, r.DecidedOn, strings.TrimSpace(r.Reason), a.UserID, decidedBy, ts(tx.now), ts(tx.now)); err != nil {
			return err
		}
		got, err := scanRights(tx.queryRow(ctx, "SELECT "+rightsCols+" FROM rights_requests WHERE id = ?", r.ID))
		if err != nil {
			return err
		}
		*r = got
		return tx.audit(ctx, a, auditRecord{Action: casework.ActCreate, ObjectType: "rights_request", ObjectID: r.ID,
			Reason: casework.RightsKinds.Label(r.Kind) + " " + r.DecisionLabel})
	})
}

// DecideRightsRequest records the decision on a request (a later decision
// replaces an earlier one, e.g. after 審査請求); a stale version is a
// conflict.
func (db *DB) DecideRightsRequest(ctx context.Context, a casework.Actor, id, decision, decidedOn, reason string, version int) (casework.RightsRequest, error) {
	var r casework.RightsRequest
	if !casework.CanHandleDisclosure(a) {
		return r, forbidDisclosure()
	}
	err := db.inTx(ctx, true, "請求", func(tx *Tx) error {
		cur, err := scanRights(tx.queryRow(ctx, "SELECT "+rightsCols+" FROM rights_requests WHERE municipality_id = ? AND id = ?", a.MunicipalityID, id))
		if err != nil {
			return mapError(err, "請求")
		}
		day, err := cur.CheckDecision(decision, decidedOn, reason, tx.now)
		if err != nil {
			return err
		}
		if err := tx.execOne(ctx, casework.Conflict("請求"), `UPDATE rights_requests SET decision = ?, decided_on = ?, reason = ?, decided_by = ?,
			version = version + 1, updated_at = ? WHERE municipality_id = ? AND id = ? AND version = ?`,
			decision, day, strings.TrimSpace(reason), a.UserID, ts(tx.now), a.MunicipalityID, id, version); err != nil {
			return err
		}
		if r, err = scanRights(tx.queryRow(ctx, "SELECT "+rightsCols+" FROM rights_requests WHERE id = ?", id)); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "rights_request", ObjectID: id,
			Reason: casework.RightsKinds.Label(r.Kind) + " " + r.DecisionLabel})
	})
	return r, err
}

// RightsRequests lists a person's 訂正・利用停止請求 (privacy officer only).
// Audited.
func (db *DB) RightsRequests(ctx context.Context, a casework.Actor, personID string) ([]casework.RightsRequest, error) {
	if !casework.CanHandleDisclosure(a) {
		return nil, forbidDisclosure()
	}
	var out []casework.RightsRequest
	err := db.inRead(ctx, "請求", func(tx *Tx) error {
		if err := tx.subjectExists(ctx, a.MunicipalityID, personID); err != nil {
			return err
		}
		var err error
		if out, err = tx.rightsRequests(ctx, a.MunicipalityID, []string{personID}); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActView, ObjectType: "rights_requests", ObjectID: personID})
	})
	if out == nil {
		out = []casework.RightsRequest{}
	}
	return out, err
}

// UseSuspensions are the decided 利用停止 of a person the actor sees (rule
// 4), including those recorded on records linked as the same person, for
// the warning on the person's page. Nothing found is no read of personal
// data; anything found is audited as a view before it is returned.
func (db *DB) UseSuspensions(ctx context.Context, a casework.Actor, personID string) ([]casework.RightsRequest, error) {
	var out []casework.RightsRequest
	err := db.inRead(ctx, "本人", func(tx *Tx) error {
		if _, err := tx.visiblePerson(ctx, a, personID); err != nil {
			return err
		}
		var err error
		out, err = tx.useSuspensions(ctx, a, personID)
		return err
	})
	return out, err
}

func (t *Tx) useSuspensions(ctx context.Context, a casework.Actor, personID string) ([]casework.RightsRequest, error) {
	group, err := t.disclosureGroup(ctx, a.MunicipalityID, personID)
	if err != nil {
		return nil, err
	}
	all, err := t.rightsRequests(ctx, a.MunicipalityID, group)
	if err != nil {
		return nil, err
	}
	var out []casework.RightsRequest
	for _, r := range all {
		if r.Suspends() {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, t.audit(ctx, a, auditRecord{Action: casework.ActView, ObjectType: "use_suspension", ObjectID: personID})
}
