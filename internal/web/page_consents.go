package web

import (
	"net/http"
	"net/url"
	"strings"

	"kasane/internal/casework"
)

type consentFormData struct {
	Person   casework.Person
	OrgCodes casework.CodeList
}

func (s *Server) consentFormData(r *http.Request, personID string) (*consentFormData, error) {
	p, err := s.db.Person(r.Context(), actor(r), personID)
	if err != nil {
		return nil, err
	}
	orgs, err := s.db.Organizations(r.Context(), actor(r))
	if err != nil {
		return nil, err
	}
	d := &consentFormData{Person: p, OrgCodes: orgPicker(orgs)}
	return d, nil
}

func (s *Server) consentNewPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.consentFormData(r, r.URL.Query().Get("person_id"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	form := url.Values{"given_on": {casework.Today(s.now())}, "given_by": {"本人"}, "method": {"署名"}, "data_categories": {"basic"}}
	s.render(w, r, http.StatusOK, "consent_form", &Page{Title: "同意の記録", Nav: "persons", Data: d, Form: form})
}

func (s *Server) consentCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	f := r.PostForm
	d, err := s.consentFormData(r, f.Get("person_id"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	purposes := f["purposes"]
	if other := strings.TrimSpace(f.Get("purpose_other")); other != "" {
		purposes = append(purposes, other)
	}
	c := casework.Consent{PersonID: d.Person.ID, GivenBy: f.Get("given_by"), GivenOn: f.Get("given_on"), Method: f.Get("method"),
		Recipients: f["recipients"], DataCategories: f["data_categories"], Purposes: purposes, MeetingTypes: f["meeting_types"], ValidUntil: f.Get("valid_until")}
	if err := s.db.RecordConsent(r.Context(), actor(r), &c); err != nil {
		s.formPage(w, r, "consent_form", &Page{Title: "同意の記録", Nav: "persons", Data: d}, err)
		return
	}
	http.Redirect(w, r, "/persons/"+d.Person.ID+"?done=consent", http.StatusSeeOther)
}

func (s *Server) consentWithdraw(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	c, err := s.db.WithdrawConsent(r.Context(), actor(r), r.PathValue("id"), r.PostForm.Get("withdrawn_on"), r.PostForm.Get("reason"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	http.Redirect(w, r, "/persons/"+c.PersonID+"?done=withdrawn", http.StatusSeeOther)
}

type consentPrintData struct {
	Consent casework.Consent
	Person  casework.Person
	OrgName map[string]string
}

// consentPrint is the A4 consent form: it lists exactly the recipients and
// purposes of the record.
func (s *Server) consentPrint(w http.ResponseWriter, r *http.Request) {
	c, err := s.db.Consent(r.Context(), actor(r), r.PathValue("id"), true)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	p, err := s.db.Person(r.Context(), actor(r), c.PersonID)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	names, err := s.orgNames(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "consent_print", &Page{Title: "個人情報の提供に関する同意書", Data: &consentPrintData{Consent: c, Person: p, OrgName: names}})
}
