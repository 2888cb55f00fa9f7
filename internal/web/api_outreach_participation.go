package web

import (
	"net/http"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
)

func (s *Server) apiNeedsProfile(w http.ResponseWriter, r *http.Request) {
	orGet(s, w, r, func() (casework.NeedsProfile, error) {
		return s.db.NeedsProfile(r.Context(), actor(r), r.PathValue("id"))
	})
}

func (s *Server) apiSaveNeedsProfile(w http.ResponseWriter, r *http.Request) {
	var p casework.NeedsProfile
	if err := readJSON(r, &p); err != nil {
		s.apiError(w, r, err)
		return
	}
	p.PersonID = r.PathValue("id")
	if err := s.db.SaveNeedsProfile(r.Context(), actor(r), &p); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}

func (s *Server) apiMatchSuggestions(w http.ResponseWriter, r *http.Request) {
	orList(s, w, r, func() ([]casework.Suggestion, error) {
		return s.db.MatchSuggestions(r.Context(), actor(r), r.PathValue("id"))
	})
}

func (s *Server) apiCreateMatch(w http.ResponseWriter, r *http.Request) {
	var m casework.Match
	orCreate(s, w, r, &m, func() error { return s.db.CreateMatch(r.Context(), actor(r), &m) })
}

func (s *Server) apiMatches(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	orList(s, w, r, func() ([]casework.Match, error) {
		return s.db.Matches(r.Context(), actor(r), sqldb.MatchFilter{PersonID: q.Get("person_id"), ResourceID: q.Get("resource_id")})
	})
}

func (s *Server) apiMatch(w http.ResponseWriter, r *http.Request) {
	orGet(s, w, r, func() (casework.Match, error) { return s.db.Match(r.Context(), actor(r), r.PathValue("id")) })
}

type matchMoveBody struct {
	To      string `json:"to"`
	Reason  string `json:"reason"`
	On      string `json:"on"` // the day it happened; default today
	Version int    `json:"version"`
}

func (s *Server) apiMoveMatch(w http.ResponseWriter, r *http.Request) {
	var b matchMoveBody
	if err := readJSON(r, &b); err != nil {
		s.apiError(w, r, err)
		return
	}
	orGet(s, w, r, func() (casework.Match, error) {
		return s.db.MoveMatch(r.Context(), actor(r), r.PathValue("id"), b.To, b.Reason, b.On, b.Version)
	})
}

type matchLogBody struct {
	Kind   string `json:"kind"`
	At     string `json:"at"`
	Method string `json:"method"`
	Note   string `json:"note"`
}

func (s *Server) apiAddMatchLog(w http.ResponseWriter, r *http.Request) {
	var b matchLogBody
	if err := readJSON(r, &b); err != nil {
		s.apiError(w, r, err)
		return
	}
	at, err := orParseAt("at", b.At)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	l := casework.MatchLog{Kind: b.Kind, At: at, Method: b.Method, Note: b.Note}
	if err := s.db.AddMatchLog(r.Context(), actor(r), r.PathValue("id"), &l); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, l)
}
