package web

import (
	"net/http"
	"strconv"

	"kasane/internal/casework"
)

func (s *Server) apiCreatePerson(w http.ResponseWriter, r *http.Request) {
	var b personSameAsBody
	if err := readJSON(r, &b); err != nil {
		s.apiError(w, r, err)
		return
	}
	if b.SameAs != "" { // a person another agency knows (page_person_samelink.go)
		s.apiCreatePersonSameAs(w, r, b)
		return
	}
	p := b.Person
	p.Identified = p.Label == "" || p.FamilyName != ""
	if err := s.db.CreatePerson(r.Context(), actor(r), &p); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, p)
}

func (s *Server) apiSearchPersons(w http.ResponseWriter, r *http.Request) {
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	hits, err := s.db.SearchPersons(r.Context(), actor(r), r.URL.Query().Get("q"), limit)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(hits, ""))
}

func (s *Server) apiPerson(w http.ResponseWriter, r *http.Request) {
	p, err := s.db.Person(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}

// apiUpdatePerson applies a partial update: fields not sent keep their value.
func (s *Server) apiUpdatePerson(w http.ResponseWriter, r *http.Request) {
	cur, err := s.db.Person(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	p := cur
	p.Version = 0
	apiUpdate(s, w, r, &p, &p.Version, func() (casework.Person, error) {
		p.ID = cur.ID
		err := s.db.UpdatePerson(r.Context(), actor(r), &p)
		return p, err
	})
}

func (s *Server) apiCreateHousehold(w http.ResponseWriter, r *http.Request) {
	var h casework.Household
	if err := readJSON(r, &h); err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.db.CreateHousehold(r.Context(), actor(r), &h); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, h)
}

func (s *Server) apiAddMember(w http.ResponseWriter, r *http.Request) {
	var m casework.HouseholdMember
	m.Cohabiting = true
	if err := readJSON(r, &m); err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.db.AddHouseholdMember(r.Context(), actor(r), r.PathValue("id"), &m); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, m)
}

func (s *Server) apiHousehold(w http.ResponseWriter, r *http.Request) {
	h, err := s.db.Household(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, h)
}

func (s *Server) apiAddRelation(w http.ResponseWriter, r *http.Request) {
	var rel casework.PersonRelation
	if err := readJSON(r, &rel); err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.db.AddRelation(r.Context(), actor(r), &rel); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, rel)
}
