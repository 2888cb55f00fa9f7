package web

import (
	"net/http"
	"strings"

	"kasane/internal/casework"
)

// outreachHandOver turns a consenting target into a case. A target without
// a person goes through the same duplicate check as registration
// (「この方ではありませんか」): the worker picks a person the organization
// registered itself (rule 0) or confirms a new one. The consent can be
// recorded in the same step.
func (s *Server) outreachHandOver(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	id, f := r.PathValue("id"), r.PostForm
	h := casework.HandOver{ReceivedOn: f.Get("received_on"), Method: f.Get("intake_method"), Bunya: f["bunya"], Problems: f["problems"],
		Complaint: f.Get("complaint"), PersonID: f.Get("person_id")}
	if h.PersonID == "" && (f.Get("family_name") != "" || f.Get("family_name_kana") != "") {
		p := personFromForm(f)
		h.Person = &p
		if f.Get("confirmed_new") != "1" {
			cands, err := s.similarPersons(r, p)
			if err != nil {
				s.errorPage(w, r, err)
				return
			}
			if len(cands) > 0 {
				page, err := s.targetPageData(r, id)
				if err != nil {
					s.errorPage(w, r, err)
					return
				}
				page.Data.(*targetData).Candidates = cands
				page.Form, page.Section = f, "handover"
				s.render(w, r, http.StatusOK, "outreach_target", page)
				return
			}
		}
	}
	if f.Get("record_consent") == "1" {
		purposes := f["consent.purposes"]
		if other := strings.TrimSpace(f.Get("consent.purpose_other")); other != "" {
			purposes = append(purposes, other)
		}
		h.Consent = &casework.Consent{GivenBy: f.Get("consent.given_by"), GivenOn: f.Get("consent.given_on"), Method: f.Get("consent.method"),
			Recipients: f["consent.recipients"], DataCategories: f["consent.data_categories"], Purposes: purposes,
			MeetingTypes: f["consent.meeting_types"], ValidUntil: f.Get("consent.valid_until")}
	}
	_, c, err := s.db.HandOverOutreachTarget(r.Context(), actor(r), id, h)
	if err == nil {
		http.Redirect(w, r, "/cases/"+c.ID+"?done=case", http.StatusSeeOther)
		return
	}
	page, derr := s.targetPageData(r, id)
	if derr != nil {
		s.errorPage(w, r, derr)
		return
	}
	page.Section = "handover"
	if (h.PersonID != "" || f.Get("confirmed_new") == "1") && f.Get("family_name") != "" {
		// the candidates stay on the page with the worker's choice
		page.Data.(*targetData).Candidates, _ = s.similarPersons(r, personFromForm(f))
	}
	s.formPage(w, r, "outreach_target", page, renameFields(err, map[string]string{"method": "intake_method"}))
}
