package web

import (
	"net/http"
	"strconv"

	"kasane/internal/auth"
	"kasane/internal/casework"
	"kasane/internal/sqldb"
)

// userAdminData is one member of staff as the administrator manages them.
type userAdminData struct {
	User       casework.User
	OrgName    string
	Handover   sqldb.Handover
	Tokens     []sqldb.APIToken
	Keys       []sqldb.SecurityKey // security keys (second factor)
	NeedReauth bool
	Self       bool
	// TempPassword is shown once, right after a reset; it is never stored
	// in plain text nor put in a URL.
	TempPassword string
}

func (s *Server) userAdmin(r *http.Request) (*userAdminData, error) {
	a := actor(r)
	u, err := s.db.ManagedUser(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	d := &userAdminData{User: u, NeedReauth: s.needsReauth(r), Self: u.ID == a.UserID}
	if o, err := s.db.Organization(r.Context(), a, u.OrganizationID); err == nil {
		d.OrgName = o.Name
	}
	if d.Handover, err = s.db.UserHandover(r.Context(), a, u.ID); err != nil {
		return nil, err
	}
	if d.Tokens, err = s.db.UserTokens(r.Context(), a, u.ID); err != nil {
		return nil, err
	}
	if d.Keys, err = s.db.SecurityKeys(r.Context(), u.ID); err != nil {
		return nil, err
	}
	return d, nil
}

func (s *Server) userPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.userAdmin(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	flash := map[string]string{"roles": "役割を変更しました。", "mfa": "二要素認証を解除しました。次のログインで登録し直します。",
		"disable": "利用を停止しました。この職員のログインとAPIトークンはすべて無効になりました。", "enable": "利用を再開しました。", "token": "APIトークンを失効させました。このトークンでの接続はできなくなりました。"}[r.URL.Query().Get("done")]
	if n, _ := strconv.Atoi(r.URL.Query().Get("moved")); n > 0 && r.URL.Query().Get("done") == "disable" {
		flash += "担当していたケース・アウトリーチ対象者 " + strconv.Itoa(n) + " 件の担当を変更しました。"
	}
	s.render(w, r, http.StatusOK, "user", &Page{Title: "職員: " + d.User.Name, Nav: "admin", Data: d, Flash: flash,
		Form: map[string][]string{"roles": d.User.Roles}})
}

// userAction runs one sensitive administrator action on the user of the
// path: form parsed, re-authentication checked, then act. Errors re-show the
// user page with the message beside the fields of the form that was sent.
func (s *Server) userAction(w http.ResponseWriter, r *http.Request, section string, act func(d *userAdminData, version int) error) (*userAdminData, bool) {
	d, err := s.userAdmin(r)
	if err != nil {
		s.errorPage(w, r, err)
		return nil, false
	}
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, invalid("body", "送信内容を読み取れません。"))
		return nil, false
	}
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	err = s.reauthenticate(r)
	if err == nil {
		err = act(d, version)
	}
	if err != nil {
		dropPasswords(r)
		d.NeedReauth = s.needsReauth(r)
		s.formPage(w, r, "user", &Page{Title: "職員: " + d.User.Name, Nav: "admin", Data: d, Section: section}, err)
		return nil, false
	}
	return d, true
}

func (s *Server) userRolesSubmit(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.userAction(w, r, "roles", func(d *userAdminData, version int) error {
		return s.db.ChangeRoles(r.Context(), actor(r), d.User.ID, version, r.PostForm["roles"])
	}); ok {
		http.Redirect(w, r, "/admin/users/"+r.PathValue("id")+"?done=roles", http.StatusSeeOther)
	}
}

func (s *Server) userPasswordReset(w http.ResponseWriter, r *http.Request) {
	var temp string
	d, ok := s.userAction(w, r, "password", func(d *userAdminData, version int) error {
		var err error
		if temp, err = auth.NewTemporaryPassword(); err != nil {
			return err
		}
		hash, err := auth.HashPassword(temp)
		if err != nil {
			return err
		}
		return s.db.ResetPassword(r.Context(), actor(r), d.User.ID, version, hash)
	})
	if !ok {
		return
	}
	// shown once on this response; a reload does not show it again
	if u, err := s.db.ManagedUser(r.Context(), actor(r), d.User.ID); err == nil {
		d.User = u
	}
	d.TempPassword, d.NeedReauth = temp, false
	s.render(w, r, http.StatusOK, "user", &Page{Title: "職員: " + d.User.Name, Nav: "admin", Data: d,
		Flash: "仮パスワードを発行しました。本人に安全な方法で伝えてください。次のログインで変更が求められます。",
		Form:  map[string][]string{"roles": d.User.Roles}})
}

func (s *Server) userMFAReset(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.userAction(w, r, "mfa", func(d *userAdminData, version int) error {
		return s.db.ResetMFA(r.Context(), actor(r), d.User.ID, version)
	}); ok {
		http.Redirect(w, r, "/admin/users/"+r.PathValue("id")+"?done=mfa", http.StatusSeeOther)
	}
}

func (s *Server) userDisable(w http.ResponseWriter, r *http.Request) {
	moved := 0
	if _, ok := s.userAction(w, r, "disable", func(d *userAdminData, version int) error {
		var err error
		moved, err = s.db.DisableUser(r.Context(), actor(r), d.User.ID, version, r.PostForm.Get("successor_id"))
		return err
	}); ok {
		http.Redirect(w, r, "/admin/users/"+r.PathValue("id")+"?done=disable&moved="+strconv.Itoa(moved), http.StatusSeeOther)
	}
}

func (s *Server) userEnable(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.userAction(w, r, "disable", func(d *userAdminData, version int) error {
		return s.db.EnableUser(r.Context(), actor(r), d.User.ID, version)
	}); ok {
		http.Redirect(w, r, "/admin/users/"+r.PathValue("id")+"?done=enable", http.StatusSeeOther)
	}
}

func (s *Server) userTokenRevoke(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.userAction(w, r, "tokens", func(d *userAdminData, _ int) error {
		return s.db.RevokeToken(r.Context(), actor(r), d.User.ID, r.PostForm.Get("token_id"))
	}); ok {
		http.Redirect(w, r, "/admin/users/"+r.PathValue("id")+"?done=token", http.StatusSeeOther)
	}
}
