package web

import (
	"net/http"

	"kasane/internal/auth"
	"kasane/internal/casework"
	"kasane/internal/sqldb"
)

// securityKeyRoutes are the user's own security keys (WebAuthn) and the
// second-factor step that uses them. The ceremonies are ordinary form
// posts: the page carries the options, webauthn.js asks the key and puts
// its answer in a hidden field before the form is sent.
var securityKeyRoutes = []route{
	{"GET /account/security-keys", false, (*Server).securityKeysPage},
	{"POST /account/security-keys", false, (*Server).securityKeyRegister},
	{"POST /account/security-keys/{id}/revoke", false, (*Server).securityKeyRevoke},
	{"POST /login/mfa/security-key", true, (*Server).mfaSecurityKeySubmit},
	{"POST /login/mfa/security-key/register", true, (*Server).mfaSecurityKeyRegister},
}

type securityKeysData struct {
	Keys          []sqldb.SecurityKey
	Options       string // creation options (JSON) for webauthn.js; empty: keys unavailable here
	Unavailable   string // why security keys cannot be registered on this server
	NeedReauth    bool
	Max           int
	RecoveryCodes []string // shown once after the first second factor
}

func (s *Server) securityKeysData(r *http.Request) (*securityKeysData, error) {
	p := principalOf(r)
	keys, err := s.db.SecurityKeys(r.Context(), p.User.ID)
	if err != nil {
		return nil, err
	}
	d := &securityKeysData{Keys: keys, NeedReauth: s.needsReauth(r), Max: sqldb.MaxSecurityKeys}
	if p.SessionHash == "" || len(keys) >= sqldb.MaxSecurityKeys {
		return d, nil
	}
	d.Options, err = s.beginKeyRegistration(r, p, keys)
	if casework.ErrorCode(err) == casework.EUNAVAILABLE {
		d.Unavailable, err = casework.ErrorMessage(err), nil
	}
	return d, err
}

func (s *Server) securityKeysPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.securityKeysData(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	flash := map[string]string{"added": "セキュリティキーを登録しました。次のログインから使えます。", "revoked": "セキュリティキーを削除しました。"}[r.URL.Query().Get("done")]
	s.render(w, r, http.StatusOK, "account_keys", &Page{Title: "セキュリティキー", Nav: "account", Data: d, Flash: flash})
}

func (s *Server) securityKeyRegister(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, invalid("body", "送信内容を読み取れません。"))
		return
	}
	p := principalOf(r)
	again := func(err error) {
		dropPasswords(r)
		r.PostForm.Del("credential")
		d, derr := s.securityKeysData(r)
		if derr != nil {
			s.errorPage(w, r, derr)
			return
		}
		s.formPage(w, r, "account_keys", &Page{Title: "セキュリティキー", Nav: "account", Data: d, Section: "register"}, err)
	}
	if p.SessionHash == "" {
		s.errorPage(w, r, casework.Errorf(casework.EFORBIDDEN, "セキュリティキーはブラウザーでログインして登録してください。"))
		return
	}
	name, err := sqldb.CheckSecurityKeyName(r.PostForm.Get("key_name"))
	if err == nil {
		err = s.reauthenticate(r)
	}
	if err != nil {
		again(err)
		return
	}
	keys, err := s.db.SecurityKeys(r.Context(), p.User.ID)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	k, err := s.finishKeyRegistration(r, p, keys, r.PostForm.Get("credential"), name)
	if err != nil {
		again(err)
		return
	}
	codes, hashes, err := newRecoveryCodes()
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	issued, err := s.db.AddSecurityKey(r.Context(), p.User, k, hashes, "", s.clientAddr(r))
	if err != nil {
		again(err)
		return
	}
	if !issued {
		http.Redirect(w, r, "/account/security-keys?done=added", http.StatusSeeOther)
		return
	}
	d, err := s.securityKeysData(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	d.RecoveryCodes = codes
	s.render(w, r, http.StatusOK, "account_keys", &Page{Title: "セキュリティキー", Nav: "account", Data: d,
		Flash: "セキュリティキーを登録しました。次のログインから使えます。"})
}

func (s *Server) securityKeyRevoke(w http.ResponseWriter, r *http.Request) {
	p := principalOf(r)
	if p.SessionHash == "" {
		s.errorPage(w, r, casework.Errorf(casework.EFORBIDDEN, "セキュリティキーはブラウザーでログインして削除してください。"))
		return
	}
	if err := s.db.RevokeSecurityKey(r.Context(), p.Actor, r.PathValue("id")); err != nil {
		s.errorPage(w, r, err)
		return
	}
	http.Redirect(w, r, "/account/security-keys?done=revoked", http.StatusSeeOther)
}

// newRecoveryCodes makes the 10 recovery codes of a first second factor
// and their hashes.
func newRecoveryCodes() (plain, hashes []string, err error) {
	plain, err = auth.NewRecoveryCodes(10)
	if err != nil {
		return nil, nil, err
	}
	hashes = make([]string, len(plain))
	for i, c := range plain {
		hashes[i] = auth.HashRecoveryCode(c)
	}
	return plain, hashes, nil
}

// hasSecurityKey reports whether a user has registered a key; on a
// database error it answers true, so the second factor is asked rather
// than skipped.
func (s *Server) hasSecurityKey(r *http.Request, userID string) bool {
	keys, err := s.db.SecurityKeys(r.Context(), userID)
	return err != nil || len(keys) > 0
}

// secondFactorThrottled answers 429 on the second-factor page when the
// account has failed too often (wrong codes and failed keys count alike).
func (s *Server) secondFactorThrottled(w http.ResponseWriter, r *http.Request, p *principal, d *mfaData) bool {
	key := auth.HashToken("acct:" + p.User.Email)
	fails, err := s.db.LoginFailures(r.Context(), []string{key}, s.now().Add(-auth.DefaultAccountThrottle.Window-auth.DefaultAccountThrottle.Lockout))
	if err != nil {
		s.errorPage(w, r, err)
		return true
	}
	if ok, wait := auth.DefaultAccountThrottle.Allowed(fails[key], s.now()); !ok {
		w.Header().Set("Retry-After", retryAfter(wait))
		s.render(w, r, http.StatusTooManyRequests, "mfa", &Page{Title: "二要素認証", Data: d, ErrorSummary: auth.ThrottleMessage(wait)})
		return true
	}
	return false
}

// mfaSecurityKeySubmit is the second-factor step answered with a key.
func (s *Server) mfaSecurityKeySubmit(w http.ResponseWriter, r *http.Request) {
	p := pending(r)
	if p == nil {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, invalid("body", "送信内容を読み取れません。"))
		return
	}
	next := safeNext(r.PostForm.Get("next"))
	keys, err := s.db.SecurityKeys(r.Context(), p.User.ID)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	answer := r.PostForm.Get("credential")
	again := func(err error) {
		d, derr := s.mfaData(r, p)
		if derr != nil {
			s.errorPage(w, r, derr)
			return
		}
		s.formPage(w, r, "mfa", &Page{Title: "二要素認証", Data: d}, err)
	}
	if s.secondFactorThrottled(w, r, p, &mfaData{Next: next}) {
		return
	}
	k, err := s.finishKeyLogin(r, p, keys, answer)
	if err == nil {
		err = s.db.LoginWithSecurityKey(r.Context(), p.SessionHash, p.User, k.ID, k.SignCount, k.Flags, s.clientAddr(r))
	}
	if err != nil {
		if answer != "" {
			key := auth.HashToken("acct:" + p.User.Email)
			_ = s.db.RecordLoginFailure(r.Context(), []string{key}, &p.User, s.clientAddr(r))
		}
		if casework.ErrorCode(err) == casework.EUNAUTHORIZED {
			err = invalid("credential", casework.ErrorMessage(err))
		}
		again(err)
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// mfaSecurityKeyRegister enrols a key at the second-factor step of a user
// who has no second factor yet (the alternative to the authenticator app
// for offices without smartphones); it completes the login and shows the
// recovery codes once.
func (s *Server) mfaSecurityKeyRegister(w http.ResponseWriter, r *http.Request) {
	p := pending(r)
	if p == nil {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, invalid("body", "送信内容を読み取れません。"))
		return
	}
	next := safeNext(r.PostForm.Get("next"))
	again := func(err error) {
		r.PostForm.Del("credential")
		d, derr := s.mfaData(r, p)
		if derr != nil {
			s.errorPage(w, r, derr)
			return
		}
		s.formPage(w, r, "mfa", &Page{Title: "二要素認証", Data: d}, err)
	}
	keys, err := s.db.SecurityKeys(r.Context(), p.User.ID)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	if p.User.TOTPEnabled || len(keys) > 0 {
		again(casework.Errorf(casework.ECONFLICT, "二要素認証は既に登録されています。登録済みの方法で確認してください。"))
		return
	}
	name, err := sqldb.CheckSecurityKeyName(r.PostForm.Get("key_name"))
	if err != nil {
		again(err)
		return
	}
	k, err := s.finishKeyRegistration(r, p, keys, r.PostForm.Get("credential"), name)
	if err != nil {
		again(err)
		return
	}
	codes, hashes, err := newRecoveryCodes()
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	issued, err := s.db.AddSecurityKey(r.Context(), p.User, k, hashes, p.SessionHash, s.clientAddr(r))
	if err != nil {
		again(err)
		return
	}
	if !issued { // recovery codes left from before: keep them
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "mfa", &Page{Title: "セキュリティキーを登録しました", Data: &mfaData{RecoveryCodes: codes, Next: next}})
}

// mfaKeys fills the security key part of the second-factor step: a login
// ceremony when the user has keys, a registration when the user has no
// second factor yet.
func (s *Server) mfaKeys(r *http.Request, p *principal, d *mfaData) error {
	keys, err := s.db.SecurityKeys(r.Context(), p.User.ID)
	if err != nil {
		return err
	}
	d.Keys = len(keys) > 0
	switch {
	case d.Keys:
		d.LoginOptions, err = s.beginKeyLogin(r, p, keys)
	case !p.User.TOTPEnabled:
		d.RegisterOptions, err = s.beginKeyRegistration(r, p, keys)
	}
	if casework.ErrorCode(err) == casework.EUNAVAILABLE {
		d.KeysUnavailable, err = casework.ErrorMessage(err), nil
	}
	return err
}
