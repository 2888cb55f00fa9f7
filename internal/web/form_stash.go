package web

import (
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"
	"sync"

	"kasane/internal/auth"
	"kasane/internal/sqldb"
)

// Nothing typed is ever lost (issue 21). A page form sent after the session
// ended (idle timeout, logout in another tab, revoked) is kept server-side,
// sealed under the secret key and bound to the user the ended session
// belonged to (sqldb/form_stash.go); the browser is sent to the login page
// with a message and, once logged in (second factor included), back to the
// page that had the form, with the typed values in its fields and a notice
// that they are not saved yet. Nothing is submitted for the user.

const (
	restoreCookie = "kasane_restore" // the random id of a stash
	// prevCookie keeps the id of a session ended by logout for the stash's
	// lifetime: a form sent later from another tab can still be bound to
	// its user. An ended session can never be used again.
	prevCookie = "kasane_prev"
)

const (
	restoredMessage = "ログインが切れる前に入力していた内容を戻しました。まだ保存されていません。内容を確かめて、もう一度「記録する」「保存する」などのボタンで送信してください。"
)

var stashRoutes = []route{
	{"POST /session/extend", false, (*Server).sessionExtend},
}

// sessionExtend keeps an idle session alive while a long form is typed:
// identify has already marked the session as seen (kasane.js calls it).
func (s *Server) sessionExtend(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNoContent)
}

// expiredPost answers a page form sent without a live session: it keeps the
// form for its user when it can and returns where to send the browser.
func (s *Server) expiredPost(w http.ResponseWriter, r *http.Request) string {
	page := s.formOrigin(r)
	dest := "/login?expired=1"
	if page != "" {
		dest += "&next=" + url.QueryEscape(page)
	}
	if page == "" || noStash(r) || !s.db.CanStashForms() {
		return dest
	}
	uid, muni := s.stashOwner(r)
	if uid == "" || r.ParseForm() != nil {
		return dest
	}
	values := stashable(r.PostForm)
	if len(values) == 0 {
		return dest
	}
	token, err := auth.NewSessionID()
	if err != nil {
		return dest
	}
	u, _ := url.Parse(page)
	if err := s.db.SaveFormStash(r.Context(), uid, muni, auth.HashToken(token), u.Path, values); err != nil {
		s.log.Warn("form stash not saved", "error", err.Error()) // never the values
		return dest
	}
	http.SetCookie(w, &http.Cookie{Name: restoreCookie, Value: token, Path: "/", HttpOnly: true, MaxAge: int(sqldb.StashLifetime.Seconds()),
		Secure: !s.cfg.InsecureCookies, SameSite: http.SameSiteLaxMode})
	return dest + "&kept=1"
}

// stashOwner is the user of the session the browser still names (expired
// or revoked), or of the one it logged out of in another tab.
func (s *Server) stashOwner(r *http.Request) (userID, muni string) {
	for _, name := range []string{sessionCookie, prevCookie} {
		c, err := r.Cookie(name)
		if err != nil || c.Value == "" {
			continue
		}
		if uid, m, err := s.db.SessionOwner(r.Context(), auth.HashToken(c.Value)); err == nil {
			return uid, m
		}
	}
	return "", ""
}

// rememberEndedSession keeps the id of the session being logged out of
// (see prevCookie).
func (s *Server) rememberEndedSession(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		http.SetCookie(w, &http.Cookie{Name: prevCookie, Value: c.Value, Path: "/", HttpOnly: true, MaxAge: int(sqldb.StashLifetime.Seconds()),
			Secure: !s.cfg.InsecureCookies, SameSite: http.SameSiteLaxMode})
	}
}

// noStash: forms that carry secrets (login, second factor, passwords,
// security keys) and the session endpoint are never kept.
func noStash(r *http.Request) bool {
	p := r.URL.Path
	for _, pre := range []string{"/login", "/logout", "/account/", "/session/", "/api/"} {
		if strings.HasPrefix(p, pre) {
			return true
		}
	}
	return strings.Contains(p, "password") || strings.Contains(p, "mfa") || strings.Contains(p, "security-key")
}

// stashable drops every field that could hold a secret; a form with a
// password field is not kept at all.
func stashable(f url.Values) url.Values {
	out := url.Values{}
	for k, v := range f {
		l := strings.ToLower(k)
		if strings.Contains(l, "password") {
			return nil
		}
		if strings.Contains(l, "secret") || strings.Contains(l, "token") || strings.Contains(l, "totp") || strings.Contains(l, "otp") {
			continue
		}
		out[k] = v
	}
	return out
}

// formOrigin is the page that had the form: the Referer when it is a page
// of this site, else the posted path or the nearest parent a page serves
// (POST /cases/1/contacts → /cases/1).
func (s *Server) formOrigin(r *http.Request) string {
	if ref := r.Referer(); ref != "" {
		if u, err := url.Parse(ref); err == nil && u.Host == r.Host && localPath(u.RequestURI()) {
			if s.isPage(u.Path) {
				return u.RequestURI()
			}
			if p := s.nearestPage(u.Path); p != "" {
				return p
			}
		}
	}
	return s.nearestPage(r.URL.Path)
}

func (s *Server) nearestPage(p string) string {
	for p != "" && p != "/" && p != "." {
		if s.isPage(p) && localPath(p) {
			return p
		}
		p = path.Dir(p)
	}
	return ""
}

var (
	pageMuxOnce sync.Once
	pageMux     *http.ServeMux
)

// isPage reports whether a GET of p is a page route of kasane.
func (s *Server) isPage(p string) bool {
	pageMuxOnce.Do(func() {
		pageMux = http.NewServeMux()
		for _, rt := range routes {
			m, pat, _ := strings.Cut(rt.pattern, " ")
			if m != http.MethodGet || rt.public || strings.HasPrefix(pat, "/api/") || pat == "/{$}" {
				continue
			}
			pageMux.Handle(rt.pattern, http.NotFoundHandler())
		}
	})
	_, pat := pageMux.Handler(&http.Request{Method: http.MethodGet, URL: &url.URL{Path: p}})
	return pat != ""
}

// restoreForm puts a kept form back into the page about to be shown, once,
// for the user it belongs to (render calls it for every GET page).
func (s *Server) restoreForm(w http.ResponseWriter, r *http.Request, p *Page) {
	if r.Method != http.MethodGet || p.User == nil || p.User.MFAPending || p.User.SessionHash == "" {
		return
	}
	c, err := r.Cookie(restoreCookie)
	if err != nil || c.Value == "" {
		return
	}
	st, err := s.db.TakeFormStash(r.Context(), p.User.User.ID, auth.HashToken(c.Value), r.URL.Path)
	if err != nil {
		return
	}
	http.SetCookie(w, &http.Cookie{Name: restoreCookie, Value: "", Path: "/", HttpOnly: true, MaxAge: -1,
		Secure: !s.cfg.InsecureCookies, SameSite: http.SameSiteLaxMode})
	// every form of the page sees the values (the page does not know which
	// of its forms was sent); fields are named apart on multi-form pages
	p.Form, p.Section, p.Errors, p.ErrorSummary = st.Values, "", nil, ""
	p.Restored = restoredMessage
	for k := range st.Values {
		p.RestoredFields = append(p.RestoredFields, k)
	}
	slices.Sort(p.RestoredFields)
}

// IdleSeconds is the idle timeout of the user's session, for the warning
// in kasane.js (0: no warning).
func (p *Page) IdleSeconds() int {
	if p.User == nil || p.User.MFAPending || p.User.SessionHash == "" {
		return 0
	}
	return int(p.User.Settings.IdleTimeout().Seconds())
}
