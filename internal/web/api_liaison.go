package web

import (
	"net/http"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
)

// liaisonSendBody is what a section sends: nothing else is taken from the
// request (status, dates and the sender are the server's).
type liaisonSendBody struct {
	Person   *casework.Person `json:"person"`
	PersonID string           `json:"person_id"`
	ToOrgID  string           `json:"to_organization_id"`
	Concern  string           `json:"concern"`
	Consent  string           `json:"consent"`
}

func (b liaisonSendBody) referral() casework.LiaisonReferral {
	r := casework.LiaisonReferral{PersonID: b.PersonID, ToOrgID: b.ToOrgID, Concern: b.Concern, Consent: b.Consent}
	if b.Person != nil && b.PersonID == "" {
		p := *b.Person
		// the basic fields only (casework.CheckLiaisonPerson); the rest of a
		// person's fields is never taken from a つなぎ票
		r.Person = &casework.Person{Identified: true, FamilyName: p.FamilyName, GivenName: p.GivenName, FamilyKana: p.FamilyKana,
			GivenKana: p.GivenKana, BirthDate: p.BirthDate, Sex: p.Sex, Address: p.Address, Phone: p.Phone, DVProtected: p.DVProtected}
	}
	return r
}

func (s *Server) apiSendLiaison(w http.ResponseWriter, r *http.Request) {
	var b liaisonSendBody
	if err := readJSON(r, &b); err != nil {
		s.apiError(w, r, err)
		return
	}
	ref := b.referral()
	if err := s.db.SendLiaisonReferral(r.Context(), actor(r), &ref); err != nil {
		s.apiError(w, r, renameFields(err, liaisonPersonFields))
		return
	}
	writeJSON(w, http.StatusCreated, ref)
}

func (s *Server) apiLiaisonReferrals(w http.ResponseWriter, r *http.Request) {
	rs, err := s.db.LiaisonReferrals(r.Context(), actor(r))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(rs, ""))
}

func (s *Server) apiLiaisonReferral(w http.ResponseWriter, r *http.Request) {
	ref, err := s.db.LiaisonReferral(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, ref)
}

// liaisonAcceptBody: the record and the intake (the fields of POST
// /api/v1/cases but the person, the route and the 紹介元機関).
type liaisonAcceptBody struct {
	casework.Case
	PersonID string           `json:"person_id"`
	Person   *casework.Person `json:"person"`
}

func (s *Server) apiAcceptLiaison(w http.ResponseWriter, r *http.Request) {
	var b liaisonAcceptBody
	if err := readJSON(r, &b); err != nil {
		s.apiError(w, r, err)
		return
	}
	in := sqldb.LiaisonAccept{PersonID: b.PersonID, Case: b.Case}
	if b.Person != nil {
		p := *b.Person
		in.Person = &casework.Person{FamilyName: p.FamilyName, GivenName: p.GivenName, FamilyKana: p.FamilyKana, GivenKana: p.GivenKana,
			BirthDate: p.BirthDate, Sex: p.Sex, Address: p.Address, Phone: p.Phone}
	}
	ref, _, err := s.db.AcceptLiaisonReferral(r.Context(), actor(r), r.PathValue("id"), in)
	if err != nil {
		if b.Person != nil {
			err = renameFields(err, liaisonPersonFields)
		}
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, ref)
}

func (s *Server) apiDeclineLiaison(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Reason string `json:"reason"`
	}
	if r.ContentLength != 0 {
		if err := readJSON(r, &body); err != nil {
			s.apiError(w, r, err)
			return
		}
	}
	ref, err := s.db.DeclineLiaisonReferral(r.Context(), actor(r), r.PathValue("id"), body.Reason)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, ref)
}

// liaisonPersonFields name the person's fields of a つなぎ票 in the JSON
// body (person.family_name), so that each message names its field.
var liaisonPersonFields = func() map[string]string {
	out := map[string]string{}
	for _, f := range []string{"family_name", "given_name", "family_name_kana", "given_name_kana", "birth_date", "sex",
		"address.postal_code", "address.prefecture", "address.city", "address.street", "phone", "dv_protected"} {
		out[f] = "person." + f
	}
	return out
}()
