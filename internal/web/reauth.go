package web

import (
	"net/http"
	"time"

	"kasane/internal/auth"
)

// reauthWindow is how long a login or a re-entered password counts as
// recent for sensitive administrator actions (creating users, changing
// roles, resetting passwords and second factors).
const reauthWindow = 10 * time.Minute

// reauthField is the form field of the password entered again.
const reauthField = "reauth_password"

// verifyOwnPassword checks the password of the request's user. Attempts are
// throttled and counted like failed logins, so this is no side door for
// guessing.
func (s *Server) verifyOwnPassword(r *http.Request, p *principal, pw, field, wrongMsg string) error {
	key := auth.HashToken("acct:" + p.User.Email)
	th := auth.DefaultAccountThrottle
	fails, err := s.db.LoginFailures(r.Context(), []string{key}, s.now().Add(-th.Window-th.Lockout))
	if err != nil {
		return err
	}
	if ok, wait := th.Allowed(fails[key], s.now()); !ok {
		return invalid(field, auth.ThrottleMessage(wait))
	}
	hash, err := s.db.PasswordHash(r.Context(), p.Actor)
	if err != nil {
		return err
	}
	if pw == "" {
		return invalid(field, "パスワードを入力してください。")
	}
	if ok, _, verr := auth.VerifyPassword(pw, hash); verr != nil || !ok {
		if err := s.db.RecordLoginFailure(r.Context(), []string{key}, &p.User, s.clientAddr(r)); err != nil {
			return err
		}
		return invalid(field, wrongMsg)
	}
	return nil
}

// needsReauth reports whether the session's user must enter the password
// again before a sensitive action. API tokens never reach the pages that
// ask (auth.go refuses them there) and no administrator action is offered
// on the API.
func (s *Server) needsReauth(r *http.Request) bool {
	p := principalOf(r)
	if p == nil || p.SessionHash == "" {
		return false
	}
	at, err := s.db.SessionAuthenticatedAt(r.Context(), p.SessionHash)
	return err != nil || s.now().Sub(at) > reauthWindow
}

// reauthenticate lets a sensitive action through when the login (or the
// last re-authentication) is recent, or when the form carries the user's
// password again; it then restarts the window. Otherwise it is an EINVALID
// error on the reauth_password field.
func (s *Server) reauthenticate(r *http.Request) error {
	if !s.needsReauth(r) {
		return nil
	}
	p := principalOf(r)
	pw := r.PostForm.Get(reauthField)
	if pw == "" {
		return invalid(reauthField, "この操作の前に、確認のためあなたのパスワードを入力してください。")
	}
	if err := s.verifyOwnPassword(r, p, pw, reauthField, "パスワードが正しくありません。"); err != nil {
		return err
	}
	return s.db.MarkReauthenticated(r.Context(), p.Actor, p.SessionHash)
}

// dropPasswords removes password fields from the submitted form so that a
// re-shown form never carries them back.
func dropPasswords(r *http.Request, fields ...string) {
	for _, f := range append(fields, reauthField, "password", "current_password", "new_password", "new_password_confirm") {
		r.PostForm.Del(f)
	}
}
