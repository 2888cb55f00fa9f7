package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"kasane/internal/auth"
	"kasane/internal/casework"
)

type mfaData struct {
	Enrol         bool
	NoKey         bool          // enrolment needed but the server has no secret key
	QR            template.HTML // inline SVG made on the server
	Secret        string
	RecoveryCodes []string
	Next          string
	// TOTP: the user has an authenticator app; Keys: security keys, with
	// the options of a login ceremony (LoginOptions) or, at enrolment, of
	// a registration (RegisterOptions). KeysUnavailable says why keys
	// cannot be used on this server (no public URL).
	TOTP, Keys                    bool
	LoginOptions, RegisterOptions string
	KeysUnavailable               string
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
func itoa(n int) string              { return strconv.Itoa(n) }

// pending returns the principal of a session waiting for its second factor.
func pending(r *http.Request) *principal {
	p := principalOf(r)
	if p == nil || !p.MFAPending {
		return nil
	}
	return p
}

func (s *Server) mfaPage(w http.ResponseWriter, r *http.Request) {
	p := pending(r)
	if p == nil {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	d, err := s.mfaData(r, p)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	if d.NoKey {
		s.render(w, r, http.StatusServiceUnavailable, "mfa", &Page{Title: "二要素認証を準備できません", Data: d})
		return
	}
	s.render(w, r, http.StatusOK, "mfa", &Page{Title: "二要素認証", Data: d})
}

func (s *Server) mfaData(r *http.Request, p *principal) (*mfaData, error) {
	d := &mfaData{Next: safeNext(r.FormValue("next")), TOTP: p.User.TOTPEnabled}
	if err := s.mfaKeys(r, p, d); err != nil {
		return nil, err
	}
	if p.User.TOTPEnabled || d.Keys {
		return d, nil
	}
	d.Enrol = true
	if s.db.SecretKeyID() == "" {
		d.NoKey = true // the page tells the operator what to do (mfa.html)
		return d, nil
	}
	secret, _, err := s.db.TOTPSecret(r.Context(), p.User.ID)
	if err != nil {
		return nil, err
	}
	if secret == "" {
		secret, _, err = auth.NewTOTPSecret("kasane", p.User.Email)
		if err != nil {
			return nil, err
		}
		if err := s.db.BeginTOTPEnrolment(r.Context(), p.User.ID, secret); err != nil {
			return nil, err
		}
	}
	uri := totpURI(secret, "kasane", p.User.Email)
	svg, err := auth.QRCodeSVG(uri)
	if err != nil {
		return nil, err
	}
	d.QR, d.Secret = template.HTML(svg), secret
	return d, nil
}

func (s *Server) mfaSubmit(w http.ResponseWriter, r *http.Request) {
	p := pending(r)
	if p == nil {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, invalid("body", "送信内容を読み取れません。"))
		return
	}
	code := strings.TrimSpace(r.PostForm.Get("code"))
	d, err := s.mfaData(r, p)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	if d.NoKey {
		s.render(w, r, http.StatusServiceUnavailable, "mfa", &Page{Title: "二要素認証を準備できません", Data: d})
		return
	}
	again := func(msg string) {
		s.render(w, r, http.StatusUnprocessableEntity, "mfa", &Page{Title: "二要素認証", Data: d,
			ErrorSummary: msg, Errors: map[string]string{"code": msg}})
	}
	// the second factor is throttled like the password: 5 wrong codes lock the account for a while
	key := auth.HashToken("acct:" + p.User.Email)
	fails, err := s.db.LoginFailures(r.Context(), []string{key}, s.now().Add(-auth.DefaultAccountThrottle.Window-auth.DefaultAccountThrottle.Lockout))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	if ok, wait := auth.DefaultAccountThrottle.Allowed(fails[key], s.now()); !ok {
		w.Header().Set("Retry-After", retryAfter(wait))
		s.render(w, r, http.StatusTooManyRequests, "mfa", &Page{Title: "二要素認証", Data: d, ErrorSummary: auth.ThrottleMessage(wait)})
		return
	}
	secret, last, err := s.db.TOTPSecret(r.Context(), p.User.ID)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	step, verr := auth.ValidateTOTP(secret, code, s.now(), last)
	switch {
	case verr == nil && d.Enrol:
		plain, err := auth.NewRecoveryCodes(10)
		if err != nil {
			s.errorPage(w, r, err)
			return
		}
		hashes := make([]string, len(plain))
		for i, c := range plain {
			hashes[i] = auth.HashRecoveryCode(c)
		}
		if err := s.db.ConfirmTOTPEnrolment(r.Context(), p.SessionHash, p.User, step, hashes, s.clientAddr(r)); err != nil {
			again(casework.ErrorMessage(err))
			return
		}
		s.render(w, r, http.StatusOK, "mfa", &Page{Title: "二要素認証を登録しました", Data: &mfaData{RecoveryCodes: plain, Next: d.Next}})
		return
	case verr == nil:
		err = s.db.CompleteMFA(r.Context(), p.SessionHash, p.User, step, s.clientAddr(r))
	case verr == auth.ErrTOTPReused:
		again("この確認コードは既に使われています。次のコードが表示されるまでお待ちください。")
		return
	case !d.Enrol && len(code) > 8:
		err = s.db.LoginWithRecoveryCode(r.Context(), p.SessionHash, p.User, auth.HashRecoveryCode(code), s.clientAddr(r))
	default:
		err = casework.Errorf(casework.EUNAUTHORIZED, "確認コードが正しくありません。")
	}
	if err != nil {
		_ = s.db.RecordLoginFailure(r.Context(), []string{key}, &p.User, s.clientAddr(r))
		again(casework.ErrorMessage(err))
		return
	}
	http.Redirect(w, r, d.Next, http.StatusSeeOther)
}

// totpURI is the otpauth:// URI an authenticator app reads from the QR code.
func totpURI(secret, issuer, account string) string {
	v := url.Values{"secret": {secret}, "issuer": {issuer}, "algorithm": {"SHA1"}, "digits": {"6"}, "period": {"30"}}
	return "otpauth://totp/" + url.PathEscape(issuer+":"+account) + "?" + v.Encode()
}
