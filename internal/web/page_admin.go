package web

import (
	"net/http"

	"kasane/internal/auth"
	"kasane/internal/casework"
)

type adminData struct {
	Orgs  []casework.Organization
	Users []casework.User
	// OrgName maps organization id → name for the users table.
	OrgName map[string]string
	// NeedReauth asks for the password again before creating a user.
	NeedReauth bool
}

func (s *Server) adminData(r *http.Request, withUsers bool) (*adminData, error) {
	a := actor(r)
	if !casework.CanManageOrganizations(a) {
		return nil, casework.Errorf(casework.EFORBIDDEN, "機関と職員の管理は市区町村管理者だけが行えます。")
	}
	orgs, err := s.db.Organizations(r.Context(), a)
	if err != nil {
		return nil, err
	}
	d := &adminData{Orgs: orgs, OrgName: map[string]string{}, NeedReauth: withUsers && s.needsReauth(r)}
	for _, o := range orgs {
		d.OrgName[o.ID] = o.Name
	}
	if withUsers {
		if d.Users, err = s.db.Users(r.Context(), a); err != nil {
			return nil, err
		}
	}
	return d, nil
}

func (s *Server) orgsPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.adminData(r, false)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "orgs", &Page{Title: "機関の管理", Nav: "admin", Data: d, Flash: orgDone(r)})
}

func (s *Server) orgCreate(w http.ResponseWriter, r *http.Request) {
	d, err := s.adminData(r, false)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, invalid("body", "送信内容を読み取れません。"))
		return
	}
	o, opErr := orgFromForm(r.PostForm)
	err = mergeInvalid(&o, opErr)
	if err == nil {
		err = s.db.CreateOrganization(r.Context(), actor(r), &o)
	}
	if err != nil {
		s.formPage(w, r, "orgs", &Page{Title: "機関の管理", Nav: "admin", Data: d}, err)
		return
	}
	http.Redirect(w, r, "/admin/organizations?done=org", http.StatusSeeOther)
}

func (s *Server) usersPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.adminData(r, true)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "users", &Page{Title: "職員の管理", Nav: "admin", Data: d, Flash: doneMessage(r)})
}

func (s *Server) userCreate(w http.ResponseWriter, r *http.Request) {
	d, err := s.adminData(r, true)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, invalid("body", "送信内容を読み取れません。"))
		return
	}
	f := r.PostForm
	u := casework.User{OrganizationID: f.Get("organization_id"), Email: f.Get("email"), Name: f.Get("name"), Roles: f["roles"]}
	page := &Page{Title: "職員の管理", Nav: "admin", Data: d}
	pw := f.Get("password")
	fail := func(err error) {
		dropPasswords(r)
		d.NeedReauth = s.needsReauth(r)
		s.formPage(w, r, "users", page, err)
	}
	if err := auth.CheckPasswordPolicy(pw, u.Email, u.Name); err != nil {
		if verr := u.Validate(); verr != nil {
			fields := casework.ErrorFields(verr)
			fields["password"] = err.Error()
			fail(verr)
			return
		}
		fail(invalid("password", err.Error()))
		return
	}
	if err := s.reauthenticate(r); err != nil {
		fail(err)
		return
	}
	hash, err := auth.HashPassword(pw)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	if err := s.db.CreateUser(r.Context(), actor(r), &u, hash); err != nil {
		fail(err)
		return
	}
	http.Redirect(w, r, "/admin/users?done=user", http.StatusSeeOther)
}
