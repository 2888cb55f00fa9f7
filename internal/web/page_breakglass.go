package web

import (
	"net/http"

	"kasane/internal/casework"
)

type breakGlassData struct {
	PersonID string
	Name     string
}

func (s *Server) breakGlassPage(w http.ResponseWriter, r *http.Request) {
	if !casework.CanBreakGlass(actor(r)) {
		s.errorPage(w, r, casework.Errorf(casework.EFORBIDDEN, "緊急時の閲覧は相談支援の職員だけが行えます。"))
		return
	}
	s.render(w, r, http.StatusOK, "breakglass", &Page{Title: "緊急時の閲覧", Nav: "persons", Data: &breakGlassData{PersonID: r.PathValue("id"), Name: r.URL.Query().Get("name")}})
}

// breakGlassSubmit grants emergency access to a person's records with a
// reason; it is flagged for the privacy officer.
func (s *Server) breakGlassSubmit(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	id := r.PathValue("id")
	if err := s.db.BreakGlass(r.Context(), actor(r), id, r.PostForm.Get("reason")); err != nil {
		s.formPage(w, r, "breakglass", &Page{Title: "緊急時の閲覧", Nav: "persons", Data: &breakGlassData{PersonID: id}}, err)
		return
	}
	http.Redirect(w, r, "/persons/"+id, http.StatusSeeOther)
}

func (s *Server) apiBreakGlass(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Reason string `json:"reason"`
	}
	if err := readJSON(r, &body); err != nil {
		s.apiError(w, r, err)
		return
	}
	id := r.PathValue("id")
	if err := s.db.BreakGlass(r.Context(), actor(r), id, body.Reason); err != nil {
		s.apiError(w, r, err)
		return
	}
	p, err := s.db.Person(r.Context(), actor(r), id)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"person": p, "hours": casework.BreakGlassHours})
}
