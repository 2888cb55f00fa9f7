package sqldb

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"kasane/internal/casework"
)

// Settings returns a municipality's settings.
func (db *DB) Settings(ctx context.Context, municipalityID string) (casework.Settings, error) {
	var s casework.Settings
	err := db.inTx(ctx, false, "設定", func(tx *Tx) error { return tx.settings(ctx, municipalityID, &s) })
	return s, err
}

func (t *Tx) settings(ctx context.Context, muni string, s *casework.Settings) error {
	var raw string
	if err := t.queryRow(ctx, "SELECT settings FROM municipalities WHERE id = ?", muni).Scan(&raw); err != nil {
		return err
	}
	return json.Unmarshal([]byte(raw), s)
}

// SaveSettings replaces a municipality's settings (administrators only).
func (db *DB) SaveSettings(ctx context.Context, a casework.Actor, s casework.Settings) error {
	if !casework.CanManageOrganizations(a) {
		return casework.Errorf(casework.EFORBIDDEN, "設定を変更する権限がありません。")
	}
	if err := s.ValidateInquiryContact(); err != nil {
		return err
	}
	b, _ := json.Marshal(s)
	return db.inTx(ctx, true, "設定", func(tx *Tx) error {
		for _, id := range s.ShienKaigiSecretariat {
			if _, err := tx.organization(ctx, a.MunicipalityID, id); err != nil {
				return invalidField("shien_kaigi_secretariat", "支援会議の事務局に指定する機関が見つかりません: "+id)
			}
		}
		if s.InquiryContactOrgID != "" {
			if _, err := tx.organization(ctx, a.MunicipalityID, s.InquiryContactOrgID); err != nil {
				return invalidField("inquiry_contact_organization_id", "問い合わせ先の機関が見つかりません。")
			}
		}
		if _, err := tx.exec(ctx, "UPDATE municipalities SET settings = ?, version = version + 1 WHERE id = ?", string(b), a.MunicipalityID); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "settings", ObjectID: a.MunicipalityID})
	})
}

// Credentials is what login needs to know of an account.
type Credentials struct {
	User         casework.User
	PasswordHash string
	TOTPSecret   string
	TOTPLastStep int64
	Settings     casework.Settings
}

// LoginCredentials looks up an account by e-mail for login.
func (db *DB) LoginCredentials(ctx context.Context, email string) (Credentials, error) {
	var c Credentials
	err := db.inTx(ctx, false, "アカウント", func(tx *Tx) error {
		var err error
		c.User, err = scanUser(tx.queryRow(ctx, "SELECT "+userCols+" FROM users WHERE email = ?", email))
		if err != nil {
			return err
		}
		if err := tx.queryRow(ctx, "SELECT password_hash, totp_secret, totp_last_step FROM users WHERE id = ?", c.User.ID).
			Scan(&c.PasswordHash, &c.TOTPSecret, &c.TOTPLastStep); err != nil {
			return err
		}
		return tx.settings(ctx, c.User.MunicipalityID, &c.Settings)
	})
	return c, err
}

// LoginFailures returns the recent failure times for each throttling key.
func (db *DB) LoginFailures(ctx context.Context, keys []string, since time.Time) (map[string][]time.Time, error) {
	out := map[string][]time.Time{}
	err := db.inTx(ctx, false, "ログイン", func(tx *Tx) error {
		for _, k := range keys {
			rows, err := tx.query(ctx, "SELECT at FROM login_failures WHERE key_hash = ? AND at >= ? ORDER BY at", k, ts(since))
			if err != nil {
				return err
			}
			for rows.Next() {
				var at string
				if err := rows.Scan(&at); err != nil {
					rows.Close()
					return err
				}
				out[k] = append(out[k], parseTS(at))
			}
			rows.Close()
		}
		return nil
	})
	return out, err
}

// RecordLoginFailure counts a failed attempt against each key, and audits it
// when the account is known.
func (db *DB) RecordLoginFailure(ctx context.Context, keys []string, u *casework.User, addr string) error {
	return db.inTx(ctx, true, "ログイン", func(tx *Tx) error {
		for _, k := range keys {
			if _, err := tx.exec(ctx, "INSERT INTO login_failures (id, key_hash, at) VALUES (?,?,?)", newID(), k, ts(tx.now)); err != nil {
				return err
			}
		}
		// keep the table small: failures older than a day no longer matter
		if _, err := tx.exec(ctx, "DELETE FROM login_failures WHERE at < ?", ts(tx.now.Add(-24*time.Hour))); err != nil {
			return err
		}
		if u == nil {
			return nil
		}
		a := ActorFor(*u)
		a.Address = addr
		return tx.audit(ctx, a, auditRecord{Action: casework.ActLoginFail, ObjectType: "user", ObjectID: u.ID})
	})
}

// StartSession stores a new session (by the hash of its id). With mfaPending
// the session only allows the second-factor step.
func (db *DB) StartSession(ctx context.Context, u casework.User, idHash string, mfaPending bool, addr string) error {
	return db.inTx(ctx, true, "セッション", func(tx *Tx) error {
		if _, err := tx.exec(ctx, "INSERT INTO sessions (id_hash, municipality_id, user_id, created_at, last_seen_at, mfa_pending) VALUES (?,?,?,?,?,?)",
			idHash, u.MunicipalityID, u.ID, ts(tx.now), ts(tx.now), boolInt(mfaPending)); err != nil {
			return err
		}
		if mfaPending {
			return nil
		}
		a := ActorFor(u)
		a.Address = addr
		return tx.audit(ctx, a, auditRecord{Action: casework.ActLogin, ObjectType: "user", ObjectID: u.ID})
	})
}

// SessionInfo is a live session.
type SessionInfo struct {
	Actor      casework.Actor
	User       casework.User
	MFAPending bool
	Settings   casework.Settings
}

// Session resolves a session id hash, enforcing the idle and absolute
// timeouts at the transaction's now, and marks it as seen. The look-up is a
// read transaction; only ending an expired session takes a write
// transaction, so requests do not queue behind the single writer just to be
// identified. Moving last_seen (at most every 30 s) is queued and written
// with the other sessions' in one transaction a second (sessions_touch.go).
func (db *DB) Session(ctx context.Context, idHash string) (SessionInfo, error) {
	var si SessionInfo
	unauth := casework.Errorf(casework.EUNAUTHORIZED, "ログインの有効期限が切れました。もう一度ログインしてください。")
	var expired, touch bool
	var now time.Time
	queued, isQueued := db.touches.seen(idHash) // before the transaction: see sessions_touch.go
	err := db.inTx(sessionPool(ctx), false, "セッション", func(tx *Tx) error {
		// one statement for the session, its user and the municipality's
		// settings: every request begins here, and on PostgreSQL each
		// statement is a round trip (issue 24)
		var created, seen, ended, settings string
		var pending int
		var err error
		si.User, err = scanUser(suffixScanner{tx.queryRow(ctx, "SELECT u."+strings.ReplaceAll(userCols, ", ", ", u.")+
			", s.created_at, s.last_seen_at, s.mfa_pending, s.ended_at, m.settings FROM sessions s JOIN users u ON u.id = s.user_id"+
			" JOIN municipalities m ON m.id = u.municipality_id WHERE s.id_hash = ?", idHash), []any{&created, &seen, &pending, &ended, &settings}})
		if err != nil || ended != "" || si.User.Disabled {
			return unauth
		}
		if err := json.Unmarshal([]byte(settings), &si.Settings); err != nil {
			return err
		}
		last := parseTS(seen)
		if isQueued && queued.After(last) { // seen by this process, not yet written
			last = queued
		}
		if ok, _ := casework.SessionState(parseTS(created), last, tx.now, si.Settings); !ok {
			expired = true
			return nil
		}
		touch, now = tx.now.Sub(last) > 30*time.Second, tx.now
		si.Actor, si.MFAPending = ActorFor(si.User), pending == 1
		return nil
	})
	if err != nil {
		return SessionInfo{}, err
	}
	if expired {
		err := db.inTx(ctx, true, "セッション", func(tx *Tx) error {
			_, err := tx.exec(ctx, "UPDATE sessions SET ended_at = ? WHERE id_hash = ? AND ended_at = ''", ts(tx.now), idHash)
			return err
		})
		if err != nil {
			return SessionInfo{}, err
		}
		return SessionInfo{}, unauth
	}
	if touch {
		db.touch(idHash, now) // written with the others of this second
	}
	return si, nil
}

// CompleteMFA marks a pending session as fully logged in, recording the
// accepted TOTP step so it can never be used again (the update only succeeds
// when the step is newer than the last one).
func (db *DB) CompleteMFA(ctx context.Context, idHash string, u casework.User, step int64, addr string) error {
	return db.inTx(ctx, true, "セッション", func(tx *Tx) error {
		if err := tx.execOne(ctx, casework.Errorf(casework.EUNAUTHORIZED, "この確認コードは既に使われています。次のコードをお待ちください。"),
			"UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?", step, u.ID, step); err != nil {
			return err
		}
		a := ActorFor(u)
		a.Address = addr
		return tx.completeLogin(ctx, idHash, a)
	})
}

// EndSession ends a session (logout); it cannot be used again.
func (db *DB) EndSession(ctx context.Context, a casework.Actor, idHash string) error {
	return db.inTx(ctx, true, "セッション", func(tx *Tx) error {
		if _, err := tx.exec(ctx, "UPDATE sessions SET ended_at = ? WHERE id_hash = ? AND ended_at = ''", ts(tx.now), idHash); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActLogout, ObjectType: "user", ObjectID: a.UserID})
	})
}
