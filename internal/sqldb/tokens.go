package sqldb

import (
	"context"
	"time"

	"kasane/internal/casework"
)

// APIToken is an API token as its administrator sees it: never the token,
// only when it was made and whether it was revoked.
type APIToken struct {
	ID      string     `json:"id"`
	Created time.Time  `json:"created_at"`
	Revoked *time.Time `json:"revoked_at,omitempty"`
}

// UserTokens lists the API tokens of a user, newest first (administrators).
func (db *DB) UserTokens(ctx context.Context, a casework.Actor, userID string) ([]APIToken, error) {
	var out []APIToken
	err := db.inTx(ctx, false, "APIトークン", func(tx *Tx) error {
		if _, err := tx.adminTarget(ctx, a, userID); err != nil {
			return err
		}
		var err error
		out, err = collect(ctx, tx, func(s scanner) (APIToken, error) {
			var t APIToken
			var created, revoked string
			err := s.Scan(&t.ID, &created, &revoked)
			t.Created = parseTS(created)
			if revoked != "" {
				r := parseTS(revoked)
				t.Revoked = &r
			}
			return t, err
		}, "SELECT id, created_at, revoked_at FROM api_tokens WHERE municipality_id = ? AND user_id = ? ORDER BY created_at DESC, id", a.MunicipalityID, userID)
		return err
	})
	return out, err
}

// RevokeToken revokes one API token of a user (a leaked token, a retired
// integration); it stops working at once. Audited.
func (db *DB) RevokeToken(ctx context.Context, a casework.Actor, userID, tokenID string) error {
	return db.inTx(ctx, true, "APIトークン", func(tx *Tx) error {
		if _, err := tx.adminTarget(ctx, a, userID); err != nil {
			return err
		}
		if err := tx.execOne(ctx, casework.NotFound("APIトークン"),
			"UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND municipality_id = ? AND revoked_at = ''", ts(tx.now), tokenID, userID, a.MunicipalityID); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "api_token", ObjectID: tokenID, Reason: "失効"})
	})
}
