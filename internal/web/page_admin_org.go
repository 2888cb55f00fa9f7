package web

import (
	"net/http"
	"net/url"
	"strconv"

	"kasane/internal/casework"
)

// orgFromForm reads the organization form (create and edit). 運営 left
// blank follows the kind (直営 where the municipality can run it, otherwise
// 委託なし); the older contracted=1 still means 委託.
func orgFromForm(f url.Values) (casework.Organization, error) {
	o := casework.Organization{Name: f.Get("name"), Kind: f.Get("kind"), Code: f.Get("code"), Bunya: f["bunya"], Jigyo: f["jigyo"]}
	o.Version, _ = strconv.Atoi(f.Get("version"))
	op := f.Get("operation")
	if op == "" {
		switch {
		case f.Get("contracted") == "1":
			op = "contracted"
		case casework.CanBeDirect(o.Kind):
			op = "direct"
		default:
			op = "independent"
		}
	}
	if !casework.OrgKinds.Has(o.Kind) {
		return o, nil // Validate names the kind
	}
	return o, o.SetOperation(op)
}

// mergeInvalid reports every problem at once: the 運営 problem beside the
// ones Validate finds.
func mergeInvalid(o *casework.Organization, opErr error) error {
	verr := o.Validate()
	if opErr == nil {
		return verr
	}
	if verr == nil {
		return opErr
	}
	v := casework.Invalid{}
	for _, e := range []error{verr, opErr} {
		for k, m := range casework.ErrorFields(e) {
			v.Add(k, m)
		}
	}
	return v.Err()
}

// orgDone is the message after a change on the organization pages.
func orgDone(r *http.Request) string {
	switch r.URL.Query().Get("done") {
	case "org_updated":
		return "機関の登録内容を変更しました。"
	case "org_retired":
		return "機関を廃止しました。これまでの記録には残り、新しい選択肢には出ません。"
	case "org_reinstated":
		return "機関の廃止を取り消しました。"
	}
	return doneMessage(r)
}

func orgForm(o casework.Organization) url.Values {
	return url.Values{"name": {o.Name}, "kind": {o.Kind}, "code": {o.Code}, "bunya": o.Bunya, "jigyo": o.Jigyo,
		"operation": {o.Operation()}, "version": {strconv.Itoa(o.Version)}}
}

type orgEditData struct {
	Org casework.Organization
	// Own: the administrator's own organization (not retired).
	Own bool
}

func (s *Server) orgEditPage(w http.ResponseWriter, r *http.Request) {
	if _, err := s.adminData(r, false); err != nil {
		s.errorPage(w, r, err)
		return
	}
	o, err := s.db.Organization(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "org_edit", &Page{Title: o.Name + " の変更", Nav: "admin", Data: &orgEditData{Org: o, Own: o.ID == actor(r).OrganizationID}, Form: orgForm(o), Flash: doneMessage(r)})
}

func (s *Server) orgUpdate(w http.ResponseWriter, r *http.Request) {
	if _, err := s.adminData(r, false); err != nil {
		s.errorPage(w, r, err)
		return
	}
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	cur, err := s.db.Organization(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	o, opErr := orgFromForm(r.PostForm)
	o.ID = cur.ID
	err = mergeInvalid(&o, opErr)
	if err == nil {
		err = s.db.UpdateOrganization(r.Context(), actor(r), &o)
	}
	if err != nil {
		s.formPage(w, r, "org_edit", &Page{Title: cur.Name + " の変更", Nav: "admin", Data: &orgEditData{Org: cur, Own: cur.ID == actor(r).OrganizationID}}, err)
		return
	}
	http.Redirect(w, r, "/admin/organizations?done=org_updated", http.StatusSeeOther)
}

// orgRetire retires (retire=1) or reinstates (retire=0) an organization.
func (s *Server) orgRetire(w http.ResponseWriter, r *http.Request) {
	if _, err := s.adminData(r, false); err != nil {
		s.errorPage(w, r, err)
		return
	}
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	id := r.PathValue("id")
	retire := r.PostForm.Get("retire") != "0"
	v, _ := strconv.Atoi(r.PostForm.Get("version"))
	if _, err := s.db.RetireOrganization(r.Context(), actor(r), id, retire, v); err != nil {
		cur, cerr := s.db.Organization(r.Context(), actor(r), id)
		if cerr != nil {
			s.errorPage(w, r, cerr)
			return
		}
		code := casework.ErrorCode(err)
		if code != casework.EINVALID && code != casework.ECONFLICT {
			s.errorPage(w, r, err)
			return
		}
		// the edit form above keeps the stored values; the message stands
		// beside the retire button
		s.render(w, r, StatusOf(err), "org_edit", &Page{Title: cur.Name + " の変更", Nav: "admin", Data: &orgEditData{Org: cur, Own: cur.ID == actor(r).OrganizationID}, Form: orgForm(cur),
			Section: "retire", ErrorSummary: casework.ErrorMessage(err)})
		return
	}
	done := "org_retired"
	if !retire {
		done = "org_reinstated"
	}
	http.Redirect(w, r, "/admin/organizations?done="+done, http.StatusSeeOther)
}
