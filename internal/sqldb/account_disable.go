package sqldb

import (
	"context"

	"kasane/internal/casework"
)

// noLeadWorker is the condition on a case row of having no lead worker: none
// recorded, or one whose access has been stopped (a case reopened after its
// lead left, say). The alerts and the dashboard count by it.
const noLeadWorker = "(lead_worker_id = '' OR lead_worker_id IN (SELECT id FROM users WHERE disabled = 1))"

// Handover is what a user leads that must not be lost when their access
// stops, and who may take it over.
type Handover struct {
	OpenCases   int             `json:"open_cases"`   // cases not closed with the user as lead worker
	OpenTargets int             `json:"open_targets"` // outreach targets not yet handed over, with the user as worker
	Successors  []casework.User `json:"successors"`   // active staff of the same organization who may write cases
}

// UserHandover tells the administrator what the user leads and who may
// take it over.
func (db *DB) UserHandover(ctx context.Context, a casework.Actor, userID string) (Handover, error) {
	var h Handover
	err := db.inTx(ctx, false, "職員", func(tx *Tx) error {
		u, err := tx.adminTarget(ctx, a, userID)
		if err != nil {
			return err
		}
		if h.OpenCases, h.OpenTargets, err = tx.ledBy(ctx, u); err != nil {
			return err
		}
		staff, err := collect(ctx, tx, scanUser, "SELECT "+userCols+" FROM users WHERE municipality_id = ? AND organization_id = ? AND disabled = 0 ORDER BY name, id",
			a.MunicipalityID, u.OrganizationID)
		if err != nil {
			return err
		}
		for _, s := range staff {
			if casework.CheckSuccessor(u, s) == nil {
				h.Successors = append(h.Successors, s)
			}
		}
		return nil
	})
	return h, err
}

func (t *Tx) ledBy(ctx context.Context, u casework.User) (cases, targets int, err error) {
	if err = t.queryRow(ctx, "SELECT COUNT(*) FROM cases WHERE municipality_id = ? AND lead_worker_id = ? AND status <> 'closed'", u.MunicipalityID, u.ID).Scan(&cases); err != nil {
		return
	}
	err = t.queryRow(ctx, "SELECT COUNT(*) FROM outreach_targets WHERE municipality_id = ? AND worker_id = ? AND stage <> 'handed_over'", u.MunicipalityID, u.ID).Scan(&targets)
	return
}

// DisableUser stops a user's access (退職・人事異動): every session ends and
// every API token is revoked at once. The open cases and outreach targets the
// user leads go to successorID, another active member of staff of the same
// organization; with no successor they are left without a lead worker, where
// the alerts and the dashboard show them. It returns how many cases and
// targets changed hands. All in one transaction, every change audited.
func (db *DB) DisableUser(ctx context.Context, a casework.Actor, userID string, version int, successorID string) (moved int, err error) {
	err = db.inTx(ctx, true, "職員", func(tx *Tx) error {
		u, err := tx.adminTarget(ctx, a, userID)
		if err != nil {
			return err
		}
		if userID == a.UserID {
			return invalidField("disable", "自分の利用は停止できません。別の管理者に依頼してください。")
		}
		if successorID != "" {
			s, err := tx.adminTarget(ctx, a, successorID)
			if err != nil {
				return invalidField("successor_id", "引き継ぎ先の職員が見つかりません。")
			}
			if err := casework.CheckSuccessor(u, s); err != nil {
				return err
			}
		}
		if err := tx.execOne(ctx, casework.Conflict("職員"),
			"UPDATE users SET disabled = 1, version = version + 1 WHERE id = ? AND version = ? AND disabled = 0", userID, version); err != nil {
			return err
		}
		if err := tx.cutAccess(ctx, userID); err != nil {
			return err
		}
		if moved, err = tx.handOver(ctx, a, u, successorID); err != nil {
			return err
		}
		reason := "利用停止"
		if successorID != "" {
			reason += "（引き継ぎ先 " + successorID + "）"
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "user_disabled", ObjectID: userID, Reason: reason})
	})
	return moved, err
}

// handOver moves the open cases and outreach targets led by u to successor
// ("" leaves them without a lead worker), each change audited.
func (t *Tx) handOver(ctx context.Context, a casework.Actor, u casework.User, successor string) (int, error) {
	moves := []struct{ table, col, open, object string }{
		{"cases", "lead_worker_id", "status <> 'closed'", "case"},
		{"outreach_targets", "worker_id", "stage <> 'handed_over'", "outreach_target"},
	}
	reason := "主担当者の利用停止により主担当者なし"
	if successor != "" {
		reason = "主担当者の利用停止により引き継ぎ"
	}
	n := 0
	for _, m := range moves {
		ids, err := collect(ctx, t, scanString, "SELECT id FROM "+m.table+" WHERE municipality_id = ? AND "+m.col+" = ? AND "+m.open+" ORDER BY id", u.MunicipalityID, u.ID)
		if err != nil {
			return 0, err
		}
		for _, id := range ids {
			if _, err := t.exec(ctx, "UPDATE "+m.table+" SET "+m.col+" = ?, version = version + 1, updated_at = ? WHERE id = ?", successor, ts(t.now), id); err != nil {
				return 0, err
			}
			if err := t.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: m.object, ObjectID: id, Reason: reason}); err != nil {
				return 0, err
			}
		}
		n += len(ids)
	}
	return n, nil
}

// EnableUser lets a stopped user log in again (with the password they had;
// the administrator may issue a temporary one). Cases handed over stay with
// their new lead worker.
func (db *DB) EnableUser(ctx context.Context, a casework.Actor, userID string, version int) error {
	return db.inTx(ctx, true, "職員", func(tx *Tx) error {
		if _, err := tx.adminTarget(ctx, a, userID); err != nil {
			return err
		}
		if err := tx.execOne(ctx, casework.Conflict("職員"),
			"UPDATE users SET disabled = 0, version = version + 1 WHERE id = ? AND version = ? AND disabled = 1", userID, version); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "user_disabled", ObjectID: userID, Reason: "利用再開"})
	})
}
