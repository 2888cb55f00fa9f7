package web

import (
	"net/http"
	"net/url"
	"strconv"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
)

// ecomapForms is what the tie forms beside the ecomap need.
type ecomapForms struct {
	Ties        []casework.EcomapTie
	MemberOpts  casework.CodeList
	OrgOpts     casework.CodeList
	ResourceOpt casework.CodeList
	CanEdit     bool
}

// TiePage is the page as the edit form of tie t sees it: its own typed
// values and messages after a failed post, else the tie as stored.
func (d *genogramPageData) TiePage(p *Page, t casework.EcomapTie) *Page {
	name := "tie-" + t.ID
	if p.Section == name {
		return p
	}
	q := *p // a copy: For returns p itself when no form was sent
	q.Errors, q.ErrorSummary = nil, ""
	q.Form = url.Values{"person_id": {t.PersonID}, "counterpart_kind": {t.Counterpart}, "organization_id": {t.OrganizationID},
		"resource_id": {t.ResourceID}, "name": {t.Name}, "strength": {t.Strength}, "direction": {t.Direction}, "note": {t.Note},
		"version": {strconv.Itoa(t.Version)}}
	return &q
}

func (s *Server) ecomapFormData(r *http.Request, data sqldb.GenogramData) (ecomapForms, error) {
	a := actor(r)
	f := ecomapForms{Ties: data.Ties, CanEdit: casework.CanWriteCases(a)}
	for i, t := range f.Ties {
		if t.PersonID != "" {
			f.Ties[i].PersonName = data.People[t.PersonID].Name
		}
	}
	for _, m := range data.Household.Members {
		f.MemberOpts = append(f.MemberOpts, casework.CodeItem{Value: m.PersonID, Label: m.Name})
	}
	if !f.CanEdit {
		return f, nil
	}
	orgs, err := s.db.Organizations(r.Context(), a)
	if err != nil {
		return f, err
	}
	for _, o := range orgs {
		f.OrgOpts = append(f.OrgOpts, casework.CodeItem{Value: o.ID, Label: o.Name})
	}
	res, err := s.db.Resources(r.Context(), a)
	if err != nil && casework.ErrorCode(err) != casework.EFORBIDDEN {
		return f, err
	}
	for _, x := range res {
		f.ResourceOpt = append(f.ResourceOpt, casework.CodeItem{Value: x.ID, Label: x.Name})
	}
	return f, nil
}

func ecomapDone(r *http.Request) string {
	return map[string]string{"tie": "エコマップの関係を記録しました。図を描き直しました。", "tie-saved": "エコマップの関係を変更しました。図を描き直しました。",
		"tie-deleted": "エコマップの関係を削除しました。図を描き直しました。"}[r.URL.Query().Get("done")]
}

// ecomapAction runs fn for the form section; on success the page is drawn
// again (redirect), on bad input the form comes back with the typed values.
func (s *Server) ecomapAction(w http.ResponseWriter, r *http.Request, section string, fn func() (string, error), done string) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	household, err := fn()
	if err != nil {
		if household == "" {
			s.errorPage(w, r, err)
			return
		}
		if rerr := s.genogramRender(w, r, household, &Page{Section: section}, err); rerr != nil {
			s.errorPage(w, r, rerr)
		}
		return
	}
	http.Redirect(w, r, "/households/"+household+"/genogram?done="+done+"#h-ecomap", http.StatusSeeOther)
}

func (s *Server) ecomapTieAdd(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	s.ecomapAction(w, r, "tie", func() (string, error) {
		t := tieFromForm(r.PostForm, id)
		return id, s.db.CreateEcomapTie(r.Context(), actor(r), &t)
	}, "tie")
}

// ecomapTieUpdate saves the edit form of a tie. The household comes from
// the form only to draw the page again; storage reads the tie's own.
func (s *Server) ecomapTieUpdate(w http.ResponseWriter, r *http.Request) {
	s.ecomapAction(w, r, "tie-"+r.PathValue("id"), func() (string, error) {
		t := tieFromForm(r.PostForm, "")
		t.ID = r.PathValue("id")
		err := s.db.UpdateEcomapTie(r.Context(), actor(r), &t)
		if err == nil {
			return t.HouseholdID, nil
		}
		return formHousehold(r, err), err
	}, "tie-saved")
}

func (s *Server) ecomapTieDelete(w http.ResponseWriter, r *http.Request) {
	s.ecomapAction(w, r, "tie-"+r.PathValue("id"), func() (string, error) {
		v, _ := strconv.Atoi(r.PostForm.Get("version"))
		h, err := s.db.DeleteEcomapTie(r.Context(), actor(r), r.PathValue("id"), v)
		if err != nil {
			return formHousehold(r, err), err
		}
		return h, nil
	}, "tie-deleted")
}

// formHousehold is where a failed edit is shown again: the household page
// the form came from, for input errors and conflicts only.
func formHousehold(r *http.Request, err error) string {
	switch casework.ErrorCode(err) {
	case casework.EINVALID, casework.ECONFLICT:
		return r.PostForm.Get("household_id")
	}
	return ""
}

// The code lists of the tie forms, for the field templates.
func init() {
	codeLists["tieCounterparts"] = casework.TieCounterparts
	codeLists["tieStrengths"] = casework.TieStrengths
	codeLists["tieDirections"] = casework.TieDirections
}
