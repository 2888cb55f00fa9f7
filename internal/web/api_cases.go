package web

import (
	"net/http"
	"strconv"
	"time"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
)

func (s *Server) apiCreateCase(w http.ResponseWriter, r *http.Request) {
	var c casework.Case
	if err := readJSON(r, &c); err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.db.CreateCase(r.Context(), actor(r), &c); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, c)
}

func (s *Server) apiCases(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f, err := caseFilterFrom(q, actor(r))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	f.Offset, _ = strconv.Atoi(q.Get("cursor"))
	f.Limit, _ = strconv.Atoi(q.Get("limit"))
	l, err := s.db.CaseListPage(r.Context(), actor(r), f)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	next := ""
	if l.Next >= 0 {
		next = strconv.Itoa(l.Next)
	}
	writeJSON(w, http.StatusOK, listOf(l.Cases, next))
}

func (s *Server) apiCase(w http.ResponseWriter, r *http.Request) {
	c, err := s.db.CaseDetail(r.Context(), actor(r), r.PathValue("id")) // with status_history
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, c)
}

func (s *Server) apiTransition(w http.ResponseWriter, r *http.Request) {
	var body sqldb.CaseTransition
	if err := readJSON(r, &body); err != nil {
		s.apiError(w, r, err)
		return
	}
	c, err := s.db.TransitionCaseWith(r.Context(), actor(r), r.PathValue("id"), body)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, c)
}

func (s *Server) apiAddTeam(w http.ResponseWriter, r *http.Request) {
	var body struct {
		OrganizationID string `json:"organization_id"`
		Role           string `json:"role"`
		Basis          string `json:"basis"`
		To             string `json:"to"`
		LawText        string `json:"law_text"`
		From           string `json:"from"` // late entry: a past day (default today)
	}
	if err := readJSON(r, &body); err != nil {
		s.apiError(w, r, err)
		return
	}
	m := casework.TeamMember{OrganizationID: body.OrganizationID, Role: body.Role, To: body.To, LawText: body.LawText, From: body.From}
	if body.Basis != "" && body.Basis != "consent" {
		m.Statute = body.Basis
	}
	if err := s.db.AddTeamMember(r.Context(), actor(r), r.PathValue("id"), &m); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, m)
}

// contactBody is the JSON of a contact: `at` in RFC 3339.
type contactBody struct {
	At          time.Time `json:"at"`
	Method      string    `json:"method"`
	Counterpart string    `json:"counterpart"`
	Content     string    `json:"content"`
	Minutes     int       `json:"minutes"`
	Jigyo       string    `json:"jigyo"`
	Bunya       string    `json:"bunya"`
	Version     int       `json:"version"`
}

func (b contactBody) contact() casework.Contact {
	return casework.Contact{At: b.At, Method: b.Method, Counterpart: b.Counterpart, Content: b.Content, Minutes: b.Minutes, Jigyo: b.Jigyo, Bunya: b.Bunya, Version: b.Version}
}

func (s *Server) apiAddContact(w http.ResponseWriter, r *http.Request) {
	var b contactBody
	if err := readJSON(r, &b); err != nil {
		s.apiError(w, r, err)
		return
	}
	c := b.contact()
	c.CaseID = r.PathValue("id")
	if err := s.db.AddContact(r.Context(), actor(r), &c); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, c)
}

func (s *Server) apiContacts(w http.ResponseWriter, r *http.Request) {
	cs, err := s.db.Contacts(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(cs, ""))
}

func (s *Server) apiUpdateContact(w http.ResponseWriter, r *http.Request) {
	var b contactBody
	apiUpdate(s, w, r, &b, &b.Version, func() (casework.Contact, error) {
		c := b.contact()
		c.ID = r.PathValue("id")
		err := s.db.UpdateContact(r.Context(), actor(r), &c)
		return c, err
	})
}

func (s *Server) apiCreateConsent(w http.ResponseWriter, r *http.Request) {
	var c casework.Consent
	if err := readJSON(r, &c); err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.db.RecordConsent(r.Context(), actor(r), &c); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, c)
}

func (s *Server) apiWithdrawConsent(w http.ResponseWriter, r *http.Request) {
	var body struct {
		WithdrawnOn string `json:"withdrawn_on"`
		Reason      string `json:"reason"`
	}
	if err := readJSON(r, &body); err != nil {
		s.apiError(w, r, err)
		return
	}
	c, err := s.db.WithdrawConsent(r.Context(), actor(r), r.PathValue("id"), body.WithdrawnOn, body.Reason)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, c)
}

func (s *Server) apiCreateReferral(w http.ResponseWriter, r *http.Request) {
	var ref casework.Referral
	if err := readJSON(r, &ref); err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.db.CreateReferral(r.Context(), actor(r), &ref); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, ref)
}

func answerReferral(action string) func(*Server, http.ResponseWriter, *http.Request) {
	return func(s *Server, w http.ResponseWriter, r *http.Request) {
		{
			var body struct {
				Reason string `json:"reason"`
			}
			if r.ContentLength != 0 {
				if err := readJSON(r, &body); err != nil {
					s.apiError(w, r, err)
					return
				}
			}
			ref, err := s.db.AnswerReferral(r.Context(), actor(r), r.PathValue("id"), action, body.Reason)
			if err != nil {
				s.apiError(w, r, err)
				return
			}
			writeJSON(w, http.StatusOK, ref)
		}
	}
}

func (s *Server) apiReferrals(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	rs, err := s.db.Referrals(r.Context(), actor(r), sqldb.ReferralFilter{Status: q.Get("status"), Overdue: q.Get("overdue") == "true"})
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(rs, ""))
}

func (s *Server) apiAlerts(w http.ResponseWriter, r *http.Request) {
	as, err := s.db.Alerts(r.Context(), actor(r))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(as, ""))
}
