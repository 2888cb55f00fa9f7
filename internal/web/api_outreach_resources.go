package web

import (
	"net/http"

	"kasane/internal/casework"
)

// apiCreate decodes a body into v, runs save and answers 201 with v.
func orCreate[T any](s *Server, w http.ResponseWriter, r *http.Request, v *T, save func() error) {
	if err := readJSON(r, v); err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := save(); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, v)
}

// apiGet answers 200 with what load returns.
func orGet[T any](s *Server, w http.ResponseWriter, r *http.Request, load func() (T, error)) {
	v, err := load()
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// apiList answers 200 with the list envelope.
func orList[T any](s *Server, w http.ResponseWriter, r *http.Request, load func() ([]T, error)) {
	v, err := load()
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(v, ""))
}

func (s *Server) apiCreateResource(w http.ResponseWriter, r *http.Request) {
	var res casework.Resource
	orCreate(s, w, r, &res, func() error { return s.db.CreateResource(r.Context(), actor(r), &res) })
}

func (s *Server) apiResources(w http.ResponseWriter, r *http.Request) {
	orList(s, w, r, func() ([]casework.Resource, error) { return s.db.Resources(r.Context(), actor(r)) })
}

func (s *Server) apiResource(w http.ResponseWriter, r *http.Request) {
	orGet(s, w, r, func() (casework.Resource, error) { return s.db.Resource(r.Context(), actor(r), r.PathValue("id")) })
}

func (s *Server) apiAddSession(w http.ResponseWriter, r *http.Request) {
	var x casework.Session
	orCreate(s, w, r, &x, func() error { return s.db.AddSession(r.Context(), actor(r), r.PathValue("id"), &x) })
}

func (s *Server) apiCreateCoordinator(w http.ResponseWriter, r *http.Request) {
	var c casework.Coordinator
	orCreate(s, w, r, &c, func() error { return s.db.CreateCoordinator(r.Context(), actor(r), &c) })
}

func (s *Server) apiCoordinators(w http.ResponseWriter, r *http.Request) {
	orList(s, w, r, func() ([]casework.Coordinator, error) { return s.db.Coordinators(r.Context(), actor(r)) })
}

func (s *Server) apiCreatePlatform(w http.ResponseWriter, r *http.Request) {
	var p casework.Platform
	orCreate(s, w, r, &p, func() error { return s.db.CreatePlatform(r.Context(), actor(r), &p) })
}

func (s *Server) apiPlatforms(w http.ResponseWriter, r *http.Request) {
	orList(s, w, r, func() ([]casework.Platform, error) { return s.db.Platforms(r.Context(), actor(r)) })
}

func (s *Server) apiPlatform(w http.ResponseWriter, r *http.Request) {
	orGet(s, w, r, func() (casework.Platform, error) { return s.db.Platform(r.Context(), actor(r), r.PathValue("id")) })
}

func (s *Server) apiAddPlatformMember(w http.ResponseWriter, r *http.Request) {
	var m casework.PlatformMember
	orCreate(s, w, r, &m, func() error { return s.db.AddPlatformMember(r.Context(), actor(r), r.PathValue("id"), &m) })
}

func (s *Server) apiAddPlatformMeeting(w http.ResponseWriter, r *http.Request) {
	var m casework.PlatformMeeting
	orCreate(s, w, r, &m, func() error { return s.db.AddPlatformMeeting(r.Context(), actor(r), r.PathValue("id"), &m) })
}
