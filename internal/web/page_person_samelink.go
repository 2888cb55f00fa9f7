package web

import (
	"net/http"
	"net/url"

	"kasane/internal/casework"
)

// A person another agency already knows (issue 22; casework/samelink.go):
// the registration check and the search offer, beside a record the user's
// organization may not read, 「この相談を自機関の記録として登録する（同一人物
// として名寄せ）」. It registers the organization's own record of what the
// user typed, links it to the known record for counting, and goes on to the
// intake of the organization's own case.

// personCreateSameAs registers p as the same person as the known record;
// on an error the form comes back with what was typed.
func (s *Server) personCreateSameAs(w http.ResponseWriter, r *http.Request, page *Page, p casework.Person, known string) {
	existing, err := s.db.RegisterAsSamePerson(r.Context(), actor(r), &p, known)
	if err != nil {
		s.formPage(w, r, "person_form", page, err)
		return
	}
	done := "linked"
	if existing {
		done = "linked_existing"
	}
	http.Redirect(w, r, "/cases/new?person_id="+url.QueryEscape(p.ID)+"&done="+done, http.StatusSeeOther)
}

// personSameAsBody is POST /api/v1/persons with same_as_person_id; the
// answer carries it and, when the organization had registered the person
// before, existing_record (200 instead of 201, nothing written).
type personSameAsBody struct {
	casework.Person
	SameAs   string `json:"same_as_person_id,omitempty"`
	Existing bool   `json:"existing_record,omitempty"`
}

func (s *Server) apiCreatePersonSameAs(w http.ResponseWriter, r *http.Request, b personSameAsBody) {
	p := b.Person
	p.Identified = true
	existing, err := s.db.RegisterAsSamePerson(r.Context(), actor(r), &p, b.SameAs)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	status := http.StatusCreated
	if existing {
		status = http.StatusOK
	}
	writeJSON(w, status, personSameAsBody{Person: p, SameAs: b.SameAs, Existing: existing})
}
