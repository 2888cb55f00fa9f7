package sqldb

import (
	"context"

	"kasane/internal/casework"
)

// EditCase changes what intake recorded and the lead worker of a case
// (rules: casework.CanEditCase, casework.CheckLeadWorker). A save based on
// an older version is a conflict; nothing is overwritten. Audited, with the
// fields that changed as the reason.
func (db *DB) EditCase(ctx context.Context, a casework.Actor, id string, e casework.CaseEdit) (casework.Case, error) {
	var c casework.Case
	err := db.inTx(ctx, true, "ケース", func(tx *Tx) error {
		var err error
		if c, _, err = tx.writableCase(ctx, a, id); err != nil {
			return err
		}
		if err := casework.CanEditCase(a, c); err != nil {
			return err
		}
		if e.Version != c.Version {
			return casework.Conflict("ケース")
		}
		before := c
		if err := c.Apply(e, tx.now); err != nil {
			return err
		}
		if c.LeadWorkerID != before.LeadWorkerID && c.LeadWorkerID != "" {
			u, err := scanUser(tx.queryRow(ctx, "SELECT "+userCols+" FROM users WHERE municipality_id = ? AND id = ?", a.MunicipalityID, c.LeadWorkerID))
			if err != nil {
				return invalidField("lead_worker_id", "主担当者が見つかりません。")
			}
			if err := casework.CheckLeadWorker(u, c.LeadOrgID); err != nil {
				return err
			}
		}
		if err := tx.execOne(ctx, casework.Conflict("ケース"), `UPDATE cases SET bunya = ?, problems = ?, primary_problem = ?, complaint = ?,
			screening = ?, lead_worker_id = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			joinList(c.Bunya), joinLines(c.Problems), c.PrimaryProblem, c.Complaint, c.Screening, c.LeadWorkerID, ts(tx.now), id, c.Version); err != nil {
			return err
		}
		c.Version, c.Updated = c.Version+1, tx.now
		return tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "case", ObjectID: id, Reason: "変更: " + changedCaseFields(before, c)})
	})
	return c, err
}

// changedCaseFields names the fields an edit changed (never their values:
// the audit reason holds no case content).
func changedCaseFields(a, b casework.Case) string {
	out := ""
	add := func(changed bool, name string) {
		if changed {
			if out != "" {
				out += ","
			}
			out += name
		}
	}
	add(joinList(a.Bunya) != joinList(b.Bunya), "bunya")
	add(joinLines(a.Problems) != joinLines(b.Problems), "problems")
	add(a.PrimaryProblem != b.PrimaryProblem, "primary_problem")
	add(a.Complaint != b.Complaint, "complaint")
	add(a.Screening != b.Screening, "screening")
	add(a.LeadWorkerID != b.LeadWorkerID, "lead_worker_id")
	if out == "" {
		return "なし"
	}
	return out
}

// LeadWorkerChoices lists who may be the lead worker of a case: the active
// staff of its lead organization who may write cases, and the current lead
// worker even when they no longer may (stopped, or without a writing role),
// so that a form keeps them until someone chooses another. For the lead
// organization's own staff.
func (db *DB) LeadWorkerChoices(ctx context.Context, a casework.Actor, caseID string) ([]casework.User, error) {
	var out []casework.User
	err := db.inTx(ctx, false, "ケース", func(tx *Tx) error {
		c, _, err := tx.writableCase(ctx, a, caseID)
		if err != nil {
			return err
		}
		if err := casework.CanEditCase(a, c); err != nil {
			return err
		}
		staff, err := collect(ctx, tx, scanUser, "SELECT "+userCols+" FROM users WHERE municipality_id = ? AND (organization_id = ? OR id = ?) ORDER BY name, id",
			a.MunicipalityID, c.LeadOrgID, c.LeadWorkerID)
		if err != nil {
			return err
		}
		for _, u := range staff {
			if u.ID == c.LeadWorkerID || casework.CheckLeadWorker(u, c.LeadOrgID) == nil {
				out = append(out, u)
			}
		}
		return nil
	})
	return out, err
}
