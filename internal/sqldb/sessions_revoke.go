package sqldb

import (
	"context"
	"time"

	"kasane/internal/casework"
)

// endUserSessions ends every live session of a user except the one whose
// hash is keep ("" ends them all). It returns how many it ended.
func (t *Tx) endUserSessions(ctx context.Context, userID, keep string) (int64, error) {
	res, err := t.exec(ctx, "UPDATE sessions SET ended_at = ? WHERE user_id = ? AND id_hash <> ? AND ended_at = ''", ts(t.now), userID, keep)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// cutAccess ends every session of a user and revokes every API token of
// theirs: the one rule for a password reset, a second-factor reset and a
// disable (account.go, account_disable.go), so that no credential made
// before them keeps working or skips the must-change-password gate.
func (t *Tx) cutAccess(ctx context.Context, userID string) error {
	if _, err := t.endUserSessions(ctx, userID, ""); err != nil {
		return err
	}
	_, err := t.exec(ctx, "UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at = ''", ts(t.now), userID)
	return err
}

// SessionAuthenticatedAt is when the session's user last proved their
// password: the login, or a later re-authentication.
func (db *DB) SessionAuthenticatedAt(ctx context.Context, idHash string) (time.Time, error) {
	var created, reauth string
	err := db.inTx(ctx, false, "セッション", func(tx *Tx) error {
		return tx.queryRow(ctx, "SELECT created_at, reauth_at FROM sessions WHERE id_hash = ? AND ended_at = ''", idHash).Scan(&created, &reauth)
	})
	if err != nil {
		return time.Time{}, casework.Errorf(casework.EUNAUTHORIZED, "ログインの有効期限が切れました。もう一度ログインしてください。")
	}
	at := parseTS(created)
	if reauth != "" && parseTS(reauth).After(at) {
		at = parseTS(reauth)
	}
	return at, nil
}

// MarkReauthenticated records that the session's user entered the password
// again (before a sensitive action), and audits it.
func (db *DB) MarkReauthenticated(ctx context.Context, a casework.Actor, idHash string) error {
	return db.inTx(ctx, true, "セッション", func(tx *Tx) error {
		if err := tx.execOne(ctx, casework.Errorf(casework.EUNAUTHORIZED, "ログインの有効期限が切れました。もう一度ログインしてください。"),
			"UPDATE sessions SET reauth_at = ? WHERE id_hash = ? AND user_id = ? AND ended_at = ''", ts(tx.now), idHash, a.UserID); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActLogin, ObjectType: "user", ObjectID: a.UserID, Reason: "再認証"})
	})
}
