package web

import (
	"net/http"

	"kasane/internal/auth"
	"kasane/internal/casework"
)

// accountRoutes are the user's own account and the administrator's actions
// on other accounts.
var accountRoutes = []route{
	{"GET /account/password", false, (*Server).passwordPage},
	{"POST /account/password", false, (*Server).passwordSubmit},
	{"GET /admin/users/{id}", false, (*Server).userPage},
	{"POST /admin/users/{id}/roles", false, (*Server).userRolesSubmit},
	{"POST /admin/users/{id}/password-reset", false, (*Server).userPasswordReset},
	{"POST /admin/users/{id}/mfa-reset", false, (*Server).userMFAReset},
	{"POST /admin/users/{id}/disable", false, (*Server).userDisable},
	{"POST /admin/users/{id}/enable", false, (*Server).userEnable},
	{"POST /admin/users/{id}/tokens/revoke", false, (*Server).userTokenRevoke},
	{"POST /api/v1/me/password", false, (*Server).apiChangePassword},
}

var accountDocs = map[string]apiDoc{
	"POST /api/v1/me/password": {"自分のパスワードを変更する（現在のパスワードが必要。ほかのセッションはすべて終了する）", "PasswordChange", "PasswordChanged", false},
}

func accountSchemas() map[string]any {
	return map[string]any{
		"PasswordChange":  obj(map[string]any{"current_password": str(), "new_password": str()}, "current_password", "new_password"),
		"PasswordChanged": obj(map[string]any{"changed": map[string]any{"type": "boolean"}}, "changed"),
	}
}

// mustChangeGate keeps a user whose password was reset by an administrator
// on the change form: in a browser session nothing else is reachable until
// the password is changed, and an API token answers 403 until then (the
// reset revoked the older tokens: sqldb cutAccess). It reports whether it
// answered the request.
func (s *Server) mustChangeGate(w http.ResponseWriter, r *http.Request, p *principal) bool {
	if !p.User.MustChangePW || r.URL.Path == "/account/password" || r.URL.Path == "/api/v1/me/password" {
		return false
	}
	if isAPI(r) {
		s.apiError(w, r, casework.Errorf(casework.EFORBIDDEN, "仮パスワードのままです。先にパスワードを変更してください。"))
		return true
	}
	http.Redirect(w, r, "/account/password", http.StatusSeeOther)
	return true
}

func (s *Server) passwordPage(w http.ResponseWriter, r *http.Request) {
	p := &Page{Title: "パスワードの変更", Nav: "account"}
	if r.URL.Query().Get("done") == "1" {
		p.Flash = "パスワードを変更しました。ほかの端末のログインはすべて終了しました。"
	}
	s.render(w, r, http.StatusOK, "account_password", p)
}

func (s *Server) passwordSubmit(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, invalid("body", "送信内容を読み取れません。"))
		return
	}
	f := r.PostForm
	err := s.changeOwnPassword(r, f.Get("current_password"), f.Get("new_password"), f.Get("new_password_confirm"), true)
	if err != nil {
		dropPasswords(r)
		s.formPage(w, r, "account_password", &Page{Title: "パスワードの変更", Nav: "account"}, err)
		return
	}
	http.Redirect(w, r, "/account/password?done=1", http.StatusSeeOther)
}

func (s *Server) apiChangePassword(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Current string `json:"current_password"`
		New     string `json:"new_password"`
	}
	if err := readJSON(r, &body); err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.changeOwnPassword(r, body.Current, body.New, "", false); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]bool{"changed": true})
}

// changeOwnPassword checks the current password and the policy, then stores
// the new password; every other session of the user ends (audited in the
// same transaction).
func (s *Server) changeOwnPassword(r *http.Request, current, next, confirm string, withConfirm bool) error {
	p := principalOf(r)
	v := casework.Invalid{}
	if current == "" {
		v.Add("current_password", "現在のパスワードを入力してください。")
	}
	switch err := auth.CheckPasswordPolicy(next, p.User.Email, p.User.Name); {
	case next == "":
		v.Add("new_password", "新しいパスワードを入力してください。")
	case err != nil:
		v.Add("new_password", err.Error()+"。")
	case next == current:
		v.Add("new_password", "現在のパスワードとは異なるパスワードにしてください。")
	}
	if withConfirm && confirm != next {
		v.Add("new_password_confirm", "確認のため入力したパスワードが一致しません。")
	}
	if err := v.Err(); err != nil {
		return err
	}
	if err := s.verifyOwnPassword(r, p, current, "current_password", "現在のパスワードが正しくありません。"); err != nil {
		return err
	}
	hash, err := auth.HashPassword(next)
	if err != nil {
		return err
	}
	return s.db.ChangeOwnPassword(r.Context(), p.Actor, p.SessionHash, hash)
}
