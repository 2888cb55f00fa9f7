package web

import (
	"net/http"
	"strings"
	"time"

	"kasane/internal/auth"
	"kasane/internal/casework"
)

// badLogin is the one message for every failed login: it never says whether
// the account exists.
const badLogin = "メールアドレスまたはパスワードが正しくありません。"

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	if p := principalOf(r); p != nil && !p.MFAPending {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "login", &Page{Title: "ログイン", Form: r.URL.Query()})
}

func (s *Server) loginSubmit(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, invalid("body", "送信内容を読み取れません。"))
		return
	}
	email := strings.ToLower(strings.TrimSpace(r.PostForm.Get("email")))
	pw := r.PostForm.Get("password")
	page := &Page{Title: "ログイン"}
	fail := func(status int, msg string) {
		r.PostForm.Del("password")
		page.Form, page.ErrorSummary = r.PostForm, msg
		s.render(w, r, status, "login", page)
	}
	if email == "" || pw == "" {
		fail(http.StatusUnprocessableEntity, "メールアドレスとパスワードを入力してください。")
		return
	}
	now := s.now()
	g, err := s.loginGate(r, email, now) // login_throttle.go
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	if no, wait := g.refused(now); no {
		w.Header().Set("Retry-After", retryAfter(wait))
		fail(http.StatusTooManyRequests, auth.ThrottleMessage(wait))
		return
	}
	failed := func(u *casework.User) {
		if err := s.db.RecordLoginFailure(r.Context(), g.failureKeys(u != nil, now), u, s.clientAddr(r)); err != nil {
			s.errorPage(w, r, err)
			return
		}
		if no, wait := g.failsRefused(now); no {
			w.Header().Set("Retry-After", retryAfter(wait))
			fail(http.StatusTooManyRequests, auth.ThrottleMessage(wait))
			return
		}
		fail(http.StatusUnauthorized, badLogin)
	}
	cred, err := s.db.LoginCredentials(r.Context(), email)
	if err != nil && casework.ErrorCode(err) != casework.ENOTFOUND {
		s.errorPage(w, r, err)
		return
	}
	if err != nil || cred.PasswordHash == "" || cred.User.Disabled {
		auth.DummyVerify(pw)
		var u *casework.User
		if err == nil {
			u = &cred.User
		}
		failed(u)
		return
	}
	ok, _, verr := auth.VerifyPassword(pw, cred.PasswordHash)
	if verr != nil || !ok {
		failed(&cred.User)
		return
	}
	mfa := cred.User.TOTPEnabled || s.hasSecurityKey(r, cred.User.ID) || cred.Settings.MFARequired() // the demo municipality turns it off by its own setting (demo.Seed)
	if err := s.startSession(w, r, cred.User, mfa); err != nil {
		s.errorPage(w, r, err)
		return
	}
	if mfa {
		http.Redirect(w, r, "/login/mfa?next="+urlQueryEscape(safeNext(r.PostForm.Get("next"))), http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, safeNext(r.PostForm.Get("next")), http.StatusSeeOther)
}

func retryAfter(d time.Duration) string {
	secs := int(d.Seconds()) + 1
	return itoa(secs)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if p := principalOf(r); p != nil && p.SessionHash != "" {
		if err := s.db.EndSession(r.Context(), p.Actor, p.SessionHash); err != nil {
			s.errorPage(w, r, err)
			return
		}
	}
	s.clearSessionCookie(w)
	s.rememberEndedSession(w, r) // a form sent later from another tab is kept: form_stash.go
	http.Redirect(w, r, "/login?logged_out=1", http.StatusSeeOther)
}
