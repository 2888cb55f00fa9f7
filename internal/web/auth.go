package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"kasane/internal/auth"
	"kasane/internal/casework"
)

const sessionCookie = "kasane_session"

// principal is who made the request.
type principal struct {
	Actor       casework.Actor
	User        casework.User
	SessionHash string // empty for API tokens
	MFAPending  bool
	Settings    casework.Settings
}

type ctxKey int

const principalKey ctxKey = 1

func principalOf(r *http.Request) *principal {
	p, _ := r.Context().Value(principalKey).(*principal)
	return p
}

// actor returns the acting identity of a request that passed requireUser.
func actor(r *http.Request) casework.Actor { return principalOf(r).Actor }

// identify resolves a bearer token (API routes only: a token on a page is
// refused with 401, so that no page, above all no administrator page, is
// reached without a browser session and its re-authentication) or the
// session cookie; an unusable cookie leaves the request anonymous.
func (s *Server) identify(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var p *principal
		if h := r.Header.Get("Authorization"); h != "" {
			if !isAPI(r) { // pages take a browser session only (and its re-authentication)
				s.apiError(w, r, casework.Errorf(casework.EUNAUTHORIZED, "API トークンは /api/ でのみ使えます。画面はブラウザーでログインしてお使いください。"))
				return
			}
			tok, ok := strings.CutPrefix(h, "Bearer ")
			if !ok {
				s.apiError(w, r, casework.Errorf(casework.EUNAUTHORIZED, "Authorization ヘッダーは Bearer 形式で指定してください。"))
				return
			}
			a, u, err := s.db.ActorByToken(r.Context(), auth.HashToken(strings.TrimSpace(tok)))
			if err != nil {
				s.apiError(w, r, err)
				return
			}
			a.Address = s.clientAddr(r)
			p = &principal{Actor: a, User: u}
		} else if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			h := auth.HashToken(c.Value)
			si, err := s.db.Session(r.Context(), h)
			switch casework.ErrorCode(err) {
			case "":
				si.Actor.Address = s.clientAddr(r)
				si.Actor.SessionID = h
				p = &principal{Actor: si.Actor, User: si.User, SessionHash: h, MFAPending: si.MFAPending, Settings: si.Settings}
			case casework.EUNAUTHORIZED:
				s.clearSessionCookie(w)
			default:
				s.fail(w, r, err)
				return
			}
		}
		if p != nil {
			r = r.WithContext(context.WithValue(r.Context(), principalKey, p))
		}
		next.ServeHTTP(w, r)
	})
}

// requireUser lets only fully logged-in users through: the API answers 401,
// pages redirect to the login page.
func (s *Server) requireUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := principalOf(r)
		if p == nil || p.MFAPending {
			if isAPI(r) {
				s.apiError(w, r, casework.Errorf(casework.EUNAUTHORIZED, "認証が必要です。"))
				return
			}
			if p != nil && p.MFAPending {
				http.Redirect(w, r, "/login/mfa", http.StatusSeeOther)
				return
			}
			dest := "/login"
			if r.Method == http.MethodGet && r.URL.Path != "/" {
				dest += "?next=" + url.QueryEscape(r.URL.RequestURI())
			}
			if r.Method == http.MethodPost {
				dest = s.expiredPost(w, r) // keeps what was typed: form_stash.go
			}
			http.Redirect(w, r, dest, http.StatusSeeOther)
			return
		}
		if s.mustChangeGate(w, r, p) { // temporary password: page_account.go
			return
		}
		if s.liaisonGate(w, r, p.Actor) { // 庁内つなぎ担当: liaison.go
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) setSessionCookie(w http.ResponseWriter, id string) {
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: id, Path: "/", HttpOnly: true,
		Secure: !s.cfg.InsecureCookies, SameSite: http.SameSiteLaxMode,
	})
}

func (s *Server) clearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, MaxAge: -1,
		Secure: !s.cfg.InsecureCookies, SameSite: http.SameSiteLaxMode,
	})
}

// startSession creates a new session id (never reusing one the browser sent)
// and sets the cookie.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u casework.User, mfaPending bool) error {
	id, err := auth.NewSessionID()
	if err != nil {
		return err
	}
	if err := s.db.StartSession(r.Context(), u, auth.HashToken(id), mfaPending, s.clientAddr(r)); err != nil {
		return err
	}
	s.setSessionCookie(w, id)
	return nil
}
