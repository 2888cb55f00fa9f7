package web

import (
	"net/http"
	"time"

	"kasane/internal/sqldb"
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

func (s *Server) apiAudit(w http.ResponseWriter, r *http.Request) {
	f, err := auditFilter(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	evs, err := s.db.AuditEvents(r.Context(), actor(r), f)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(evs, ""))
}

func auditFilter(r *http.Request) (sqldb.AuditFilter, error) {
	q := r.URL.Query()
	f := sqldb.AuditFilter{ObjectID: q.Get("object_id"), ActorID: q.Get("actor_id"), Action: q.Get("action"), Flagged: q.Get("flagged") == "true" || q.Get("flagged") == "1"}
	for _, d := range []struct {
		name string
		dst  *time.Time
		add  int
	}{{"from", &f.From, 0}, {"to", &f.To, 1}} {
		if v := q.Get(d.name); v != "" {
			t, err := time.ParseInLocation("2006-01-02", v, jst)
			if err != nil {
				return f, invalid(d.name, "日付は YYYY-MM-DD で指定してください。")
			}
			*d.dst = t.AddDate(0, 0, d.add)
		}
	}
	return f, nil
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
