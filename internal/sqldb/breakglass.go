package sqldb

import (
	"context"
	"strings"
	"time"

	"kasane/internal/casework"
)

// BreakGlass opens a person's records to a user outside the team for
// casework.BreakGlassHours, for the protection of life or body. The grant is
// audited as a flagged break_glass event that the privacy officer reviews.
func (db *DB) BreakGlass(ctx context.Context, a casework.Actor, personID, reason string) error {
	reason = strings.TrimSpace(reason)
	if err := casework.CheckBreakGlass(a, reason); err != nil {
		return err
	}
	return db.inTx(ctx, true, "緊急時の閲覧", func(tx *Tx) error {
		var n int
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM persons WHERE municipality_id = ? AND id = ?", a.MunicipalityID, personID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return casework.NotFound("本人")
		}
		until := tx.now.Add(casework.BreakGlassHours * time.Hour)
		if _, err := tx.exec(ctx, "INSERT INTO break_glass (id, municipality_id, person_id, user_id, reason, granted_at, until_at, version, created_at) VALUES (?,?,?,?,?,?,?,1,?)",
			newID(), a.MunicipalityID, personID, a.UserID, reason, ts(tx.now), ts(until), ts(tx.now)); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActBreakGlass, ObjectType: "person", ObjectID: personID, Reason: reason, Flagged: true})
	})
}
