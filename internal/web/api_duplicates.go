package web

import (
	"net/http"

	"kasane/internal/sqldb"
)

func (s *Server) apiPersonDuplicates(w http.ResponseWriter, r *http.Request) {
	hits, err := s.db.PersonDuplicates(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(hits, ""))
}

func (s *Server) apiDecideDuplicate(w http.ResponseWriter, r *http.Request) {
	var d sqldb.DuplicateDecision
	if err := readJSON(r, &d); err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.db.DecideDuplicate(r.Context(), actor(r), &d); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, d)
}

func (s *Server) apiRevokeDuplicateDecision(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Version int `json:"version"`
	}
	apiUpdate(s, w, r, &body, &body.Version, func() (sqldb.DuplicateDecision, error) {
		return s.db.RevokeDuplicateDecision(r.Context(), actor(r), r.PathValue("id"), body.Version)
	})
}
