package sqldb

import (
	"context"

	"kasane/internal/casework"
)

// DuplicateDecision records that two person records are the same person
// (名寄せ: linked) or not the same. It is revoked, never deleted; recording
// and revoking are audited.
type DuplicateDecision struct {
	ID          string `json:"id"`
	PersonA     string `json:"person_a"`
	PersonB     string `json:"person_b"`
	Decision    string `json:"decision"` // same, different
	Note        string `json:"note,omitempty"`
	DecidedBy   string `json:"decided_by"`
	DecidedOrg  string `json:"decided_by_organization_id"`
	RevokedAt   string `json:"revoked_at,omitempty"`
	RevokedBy   string `json:"revoked_by,omitempty"`
	Version     int    `json:"version"`
	CreatedAtTS string `json:"created_at"`
}

// DuplicateDecisions are the decisions on a candidate pair.
var DuplicateDecisions = casework.CodeList{
	{Value: "same", Label: "同一人物（名寄せ）"},
	{Value: "different", Label: "別人"},
}

const decisionCols = "id, person_a, person_b, decision, note, decided_by, decided_by_org_id, revoked_at, revoked_by, version, created_at"

func scanDecision(s scanner) (DuplicateDecision, error) {
	var d DuplicateDecision
	err := s.Scan(&d.ID, &d.PersonA, &d.PersonB, &d.Decision, &d.Note, &d.DecidedBy, &d.DecidedOrg, &d.RevokedAt, &d.RevokedBy, &d.Version, &d.CreatedAtTS)
	return d, err
}

// decisionsOf maps the other person of each live decision on id to the decision.
func (t *Tx) decisionsOf(ctx context.Context, muni, id string) (map[string]string, error) {
	out := map[string]string{}
	if id == "" {
		return out, nil
	}
	ds, err := collect(ctx, t, scanDecision, "SELECT "+decisionCols+" FROM duplicate_decisions WHERE municipality_id = ? AND (person_a = ? OR person_b = ?) AND revoked_at = '' ORDER BY created_at", muni, id, id)
	for _, d := range ds {
		other := d.PersonB
		if other == id {
			other = d.PersonA
		}
		out[other] = d.Decision
	}
	return out, err
}

// DecideDuplicate records a decision on two persons the actor may both see
// in full. A newer decision on the pair revokes the older one.
func (db *DB) DecideDuplicate(ctx context.Context, a casework.Actor, d *DuplicateDecision) error {
	if !casework.CanReviewDuplicates(a) {
		return casework.Errorf(casework.EFORBIDDEN, "重複の判定を記録する権限がありません。")
	}
	v := casework.Invalid{}
	if !DuplicateDecisions.Has(d.Decision) {
		v.Add("decision", "判定は「同一人物」か「別人」を選んでください。")
	}
	if d.PersonA == "" || d.PersonB == "" || d.PersonA == d.PersonB {
		v.Add("person_b", "別々の2人を指定してください。")
	}
	if err := v.Err(); err != nil {
		return err
	}
	if d.PersonA > d.PersonB {
		d.PersonA, d.PersonB = d.PersonB, d.PersonA
	}
	return db.inTx(ctx, true, "重複の判定", func(tx *Tx) error {
		if err := tx.mayDecide(ctx, a, d.PersonA, d.PersonB, d.Decision == "same"); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "UPDATE duplicate_decisions SET revoked_at = ?, revoked_by = ?, version = version + 1 WHERE municipality_id = ? AND person_a = ? AND person_b = ? AND revoked_at = ''",
			ts(tx.now), a.UserID, a.MunicipalityID, d.PersonA, d.PersonB); err != nil {
			return err
		}
		d.ID, d.DecidedBy, d.DecidedOrg, d.Version, d.CreatedAtTS, d.RevokedAt, d.RevokedBy = newID(), a.UserID, a.OrganizationID, 1, ts(tx.now), "", ""
		if _, err := tx.exec(ctx, "INSERT INTO duplicate_decisions ("+decisionCols+", municipality_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
			d.ID, d.PersonA, d.PersonB, d.Decision, d.Note, d.DecidedBy, d.DecidedOrg, "", "", 1, d.CreatedAtTS, a.MunicipalityID); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActCreate, ObjectType: "duplicate_decision", ObjectID: d.ID, Reason: d.Decision + " " + d.PersonA + " " + d.PersonB})
	})
}

// RevokeDuplicateDecision undoes a decision (the record stays, marked revoked).
func (db *DB) RevokeDuplicateDecision(ctx context.Context, a casework.Actor, id string, version int) (DuplicateDecision, error) {
	var d DuplicateDecision
	if !casework.CanReviewDuplicates(a) {
		return d, casework.Errorf(casework.EFORBIDDEN, "重複の判定を取り消す権限がありません。")
	}
	err := db.inTx(ctx, true, "重複の判定", func(tx *Tx) error {
		var err error
		d, err = scanDecision(tx.queryRow(ctx, "SELECT "+decisionCols+" FROM duplicate_decisions WHERE municipality_id = ? AND id = ?", a.MunicipalityID, id))
		if err != nil {
			return mapError(err, "重複の判定")
		}
		if err := tx.mayDecide(ctx, a, d.PersonA, d.PersonB, false); err != nil { // revoking narrows: rule 0 holds
			return casework.NotFound("重複の判定")
		}
		if d.RevokedAt != "" {
			return casework.Conflict("重複の判定")
		}
		if err := tx.execOne(ctx, casework.Conflict("重複の判定"), "UPDATE duplicate_decisions SET revoked_at = ?, revoked_by = ?, version = version + 1 WHERE id = ? AND version = ?",
			ts(tx.now), a.UserID, id, version); err != nil {
			return err
		}
		d.RevokedAt, d.RevokedBy, d.Version = ts(tx.now), a.UserID, d.Version+1
		return tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "duplicate_decision", ObjectID: id, Reason: "revoke"})
	})
	return d, err
}

// mayDecide checks that the actor may decide on the pair x, y
// (casework.CanReviewDuplicates): staff see both records in full; the
// municipality's roles decide on any two records of the municipality, and a
// link ("same") must not widen what their own organization knows
// (casework.CheckLinkWidens).
func (t *Tx) mayDecide(ctx context.Context, a casework.Actor, x, y string, link bool) error {
	if !casework.DecidesForMunicipality(a) {
		for _, id := range []string{x, y} {
			if _, err := t.visiblePerson(ctx, a, id); err != nil {
				return err
			}
		}
		return nil
	}
	ms, err := t.loadMembers(ctx, a.MunicipalityID, []string{x, y})
	if err != nil {
		return err
	}
	if ms[x] == nil || ms[y] == nil {
		return casework.NotFound("本人")
	}
	if !link {
		return nil
	}
	groups, err := t.linkedGroups(ctx, a.MunicipalityID, []string{x, y})
	if err != nil {
		return err
	}
	var need []string
	for _, id := range []string{x, y} {
		need = append(need, groups[id]...)
	}
	others, err := t.loadMembers(ctx, a.MunicipalityID, need)
	if err != nil {
		return err
	}
	side := func(id string) []casework.PersonFacts {
		out := []casework.PersonFacts{ms[id].f}
		for _, o := range groups[id] {
			if m := others[o]; m != nil {
				out = append(out, m.f)
			}
		}
		return out
	}
	return casework.CheckLinkWidens(a, side(x), side(y), casework.Today(t.now))
}
