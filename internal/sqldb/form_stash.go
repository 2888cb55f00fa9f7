package sqldb

import (
	"context"
	"encoding/json"
	"net/url"
	"time"

	"kasane/internal/casework"
)

// A form stash keeps what a user typed into a page form that arrived after
// their session had ended (idle timeout, logout in another tab, revoked), so
// that after logging in again they find it back in the form (issue 21). The
// values are sealed under the server's secret key and bound to the user:
// another user, or another row, cannot open them. A stash is single use and
// lives StashLifetime.

// StashLifetime is how long a stash can be restored.
const StashLifetime = 2 * time.Hour

// stashOwnerWindow: only a session seen this recently may leave a stash, so
// an old cookie cannot plant form values for its owner days later.
const stashOwnerWindow = 24 * time.Hour

// stashPerUser caps the stashes kept for one user (the newest win).
const stashPerUser = 5

// ErrNoStash is returned when there is nothing to restore.
var errNoStash = casework.Errorf(casework.ENOTFOUND, "戻す入力内容はありません。")

// FormStash is a stash restored for its user.
type FormStash struct {
	Page   string
	Values url.Values
}

func stashPurpose(userID string) string { return "kasane/form-stash/" + userID }

// SessionOwner returns the user a session id hash belonged to, even when the
// session has ended or expired, provided it was fully logged in, its user is
// still active and it was seen within the last day. It reads no personal
// data beyond the user's ids.
func (db *DB) SessionOwner(ctx context.Context, idHash string) (userID, municipalityID string, err error) {
	err = db.inTx(ctx, false, "セッション", func(tx *Tx) error {
		var seen string
		var pending, disabled int
		if err := tx.queryRow(ctx, `SELECT s.user_id, s.municipality_id, s.last_seen_at, s.mfa_pending, u.disabled
			FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ?`, idHash).
			Scan(&userID, &municipalityID, &seen, &pending, &disabled); err != nil {
			return errNoStash
		}
		if pending == 1 || disabled == 1 || tx.now.Sub(parseTS(seen)) > stashOwnerWindow {
			return errNoStash
		}
		return nil
	})
	if err != nil {
		return "", "", err
	}
	return userID, municipalityID, nil
}

// CanStashForms reports whether a secret key is installed to seal stashes.
func (db *DB) CanStashForms() bool { return db.box != nil }

// SaveFormStash seals values for the user and stores them under tokenHash
// (the hash of the random id the browser keeps), dropping expired stashes
// and all but the newest few of this user.
func (db *DB) SaveFormStash(ctx context.Context, userID, municipalityID, tokenHash, page string, values url.Values) error {
	if db.box == nil {
		return noKeyErr()
	}
	raw, err := json.Marshal(values)
	if err != nil {
		return err
	}
	sealed, err := db.box.Seal(string(raw), stashPurpose(userID))
	if err != nil {
		return err
	}
	return db.inTx(ctx, true, "入力内容", func(tx *Tx) error {
		tx.keepsNames = true
		if _, err := tx.exec(ctx, "DELETE FROM form_stashes WHERE expires_at < ? OR used_at <> ''", ts(tx.now)); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "INSERT INTO form_stashes (id, token_hash, municipality_id, user_id, page, sealed, created_at, expires_at) VALUES (?,?,?,?,?,?,?,?)",
			newID(), tokenHash, municipalityID, userID, page, sealed, ts(tx.now), ts(tx.now.Add(StashLifetime))); err != nil {
			return err
		}
		ids, err := collect(ctx, tx, func(s scanner) (string, error) {
			var id string
			return id, s.Scan(&id)
		}, "SELECT id FROM form_stashes WHERE user_id = ? ORDER BY created_at DESC, id", userID)
		if err != nil {
			return err
		}
		for i, id := range ids {
			if i >= stashPerUser {
				if _, err := tx.exec(ctx, "DELETE FROM form_stashes WHERE id = ?", id); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// TakeFormStash returns, once, the stash held under tokenHash when it
// belongs to userID, is meant for page and has not expired; it is marked
// used in the same transaction. Anything else is ENOTFOUND (and the stash,
// if any, stays for its owner).
func (db *DB) TakeFormStash(ctx context.Context, userID, tokenHash, page string) (FormStash, error) {
	var st FormStash
	err := db.inTx(ctx, true, "入力内容", func(tx *Tx) error {
		tx.keepsNames = true
		var id, sealed string
		if err := tx.queryRow(ctx, "SELECT id, page, sealed FROM form_stashes WHERE token_hash = ? AND user_id = ? AND used_at = '' AND expires_at > ?",
			tokenHash, userID, ts(tx.now)).Scan(&id, &st.Page, &sealed); err != nil {
			return errNoStash
		}
		if st.Page != page {
			return errNoStash
		}
		if err := tx.execOne(ctx, errNoStash, "UPDATE form_stashes SET used_at = ? WHERE id = ? AND used_at = ''", ts(tx.now), id); err != nil {
			return err
		}
		if db.box == nil {
			return errNoStash
		}
		plain, err := db.box.Open(sealed, stashPurpose(userID))
		if err != nil { // sealed under a key since rotated away: nothing to restore
			return errNoStash
		}
		return json.Unmarshal([]byte(plain), &st.Values)
	})
	if err != nil {
		return FormStash{}, err
	}
	return st, nil
}

// FormStashPage returns the page a live stash under tokenHash is meant for,
// when it belongs to userID ("" otherwise): where to go after login.
func (db *DB) FormStashPage(ctx context.Context, userID, tokenHash string) string {
	var page string
	_ = db.inTx(ctx, false, "入力内容", func(tx *Tx) error {
		return tx.queryRow(ctx, "SELECT page FROM form_stashes WHERE token_hash = ? AND user_id = ? AND used_at = '' AND expires_at > ?",
			tokenHash, userID, ts(tx.now)).Scan(&page)
	})
	return page
}
