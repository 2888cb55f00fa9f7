package web

import (
	"net/http"

	"kasane/internal/casework"
)

func (s *Server) servicesPage(w http.ResponseWriter, r *http.Request) {
	svcs, err := s.db.Services(r.Context(), actor(r), r.URL.Query().Get("q"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "services", &Page{Title: "制度・資源の一覧", Nav: "persons", Data: svcs, Flash: doneMessage(r), Form: r.URL.Query()})
}

func (s *Server) serviceCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	f := r.PostForm
	svc := casework.Service{Name: f.Get("name"), Category: f.Get("category"), Bunya: f["bunya"], Description: f.Get("description"), Contact: f.Get("contact")}
	if err := s.db.CreateService(r.Context(), actor(r), &svc); err != nil {
		svcs, _ := s.db.Services(r.Context(), actor(r), "")
		s.formPage(w, r, "services", &Page{Title: "制度・資源の一覧", Nav: "persons", Data: svcs}, err)
		return
	}
	http.Redirect(w, r, "/services?done=saved", http.StatusSeeOther)
}

func (s *Server) caseInfoCreate(w http.ResponseWriter, r *http.Request) {
	s.caseAction(w, r, "info", "info", func(a casework.Actor, id string) error {
		p := casework.InfoProvision{CaseID: id, ServiceID: r.PostForm.Get("service_id"), ProvidedOn: r.PostForm.Get("provided_on"), Note: r.PostForm.Get("note")}
		return s.db.RecordProvision(r.Context(), a, &p)
	})
}

func (s *Server) apiServices(w http.ResponseWriter, r *http.Request) {
	svcs, err := s.db.Services(r.Context(), actor(r), r.URL.Query().Get("q"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(svcs, ""))
}

func (s *Server) apiCreateService(w http.ResponseWriter, r *http.Request) {
	var svc casework.Service
	if err := readJSON(r, &svc); err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.db.CreateService(r.Context(), actor(r), &svc); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, svc)
}

func (s *Server) apiCreateProvision(w http.ResponseWriter, r *http.Request) {
	var p casework.InfoProvision
	if err := readJSON(r, &p); err != nil {
		s.apiError(w, r, err)
		return
	}
	p.CaseID = r.PathValue("id")
	if err := s.db.RecordProvision(r.Context(), actor(r), &p); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, p)
}

func (s *Server) apiProvisions(w http.ResponseWriter, r *http.Request) {
	ps, err := s.db.Provisions(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(ps, ""))
}
