package web

import (
	"net/http"
)

type meResponse struct {
	ID             string   `json:"id"`
	Email          string   `json:"email"`
	Name           string   `json:"name"`
	OrganizationID string   `json:"organization_id"`
	Roles          []string `json:"roles"`
	Version        int      `json:"version"`
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) {
	u := principalOf(r).User
	writeJSON(w, http.StatusOK, meResponse{ID: u.ID, Email: u.Email, Name: u.Name, OrganizationID: u.OrganizationID, Roles: u.Roles, Version: u.Version})
}

func (s *Server) apiOrganizations(w http.ResponseWriter, r *http.Request) {
	orgs, err := s.db.Organizations(r.Context(), actor(r))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(orgs, ""))
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	if err := s.db.Health(r.Context()); err != nil {
		s.apiError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	out := "ok\n"
	// on PostgreSQL, which node of the formation is the primary (ha.go)
	primary, err := s.db.Primary(r.Context())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if primary != "" {
		out += "primary: " + primary + "\n"
	}
	for _, l := range s.healthWarnings() { // proxywarn.go
		out += l + "\n"
	}
	_, _ = w.Write([]byte(out))
}
