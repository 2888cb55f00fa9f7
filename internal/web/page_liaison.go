package web

import (
	"net/http"
	"net/url"
	"slices"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
)

// The pages of the 庁内つなぎ票 (casework/liaison.go): on 「わたしの仕事」 a
// liaison finds its one form and the list of the つなぎ票 its section sent
// (nothing else: it reads no case); the 相談窓口 finds the つなぎ票 it
// received, and answers each on its own page.

// liaisonHome is the つなぎ票 part of 「わたしの仕事」.
type liaisonHome struct {
	Sender   bool              // the user sends (liaison)
	Orgs     casework.CodeList // つなぐ先: organizations that take consultations
	Sent     []casework.LiaisonReferral
	Incoming []casework.LiaisonReferral // received and waiting for an answer
}

// liaisonHomeData is nil for a user who neither sends nor receives.
func (s *Server) liaisonHomeData(r *http.Request) (*liaisonHome, error) {
	a := actor(r)
	if !casework.IsLiaison(a) && !casework.CanHandleCases(a) {
		return nil, nil
	}
	rs, err := s.db.LiaisonReferrals(r.Context(), a)
	if err != nil {
		return nil, err
	}
	d := &liaisonHome{Sender: casework.IsLiaison(a)}
	for _, x := range rs {
		switch {
		case x.FromOrgID == a.OrganizationID && d.Sender:
			d.Sent = append(d.Sent, x)
		case x.ToOrgID == a.OrganizationID && x.Status == "pending":
			d.Incoming = append(d.Incoming, x)
		}
	}
	if d.Sender {
		if d.Orgs, err = s.liaisonReceivers(r); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// liaisonReceivers is the picker of つなぐ先.
func (s *Server) liaisonReceivers(r *http.Request) (casework.CodeList, error) {
	orgs, err := s.db.Organizations(r.Context(), actor(r))
	if err != nil {
		return nil, err
	}
	var take []casework.Organization
	for _, o := range orgs {
		if slices.Contains(casework.LiaisonReceiverKinds, o.Kind) {
			take = append(take, o)
		}
	}
	return orgPicker(take, actor(r).OrganizationID), nil
}

// liaisonSend sends the form of 「わたしの仕事」; on an error the form comes
// back on a page of its own with every message beside its field and what
// was typed kept.
func (s *Server) liaisonSend(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	f := r.PostForm
	p := personFromForm(f)
	p.Identified = true
	ref := casework.LiaisonReferral{Person: &casework.Person{Identified: true, FamilyName: p.FamilyName, GivenName: p.GivenName, FamilyKana: p.FamilyKana,
		GivenKana: p.GivenKana, BirthDate: p.BirthDate, Sex: p.Sex, Address: p.Address, Phone: p.Phone},
		ToOrgID: f.Get("to_organization_id"), Concern: f.Get("concern"), Consent: f.Get("consent")}
	if err := s.db.SendLiaisonReferral(r.Context(), actor(r), &ref); err != nil {
		d, derr := s.liaisonHomeData(r)
		if derr != nil || d == nil {
			s.errorPage(w, r, err)
			return
		}
		s.formPage(w, r, "liaison", &Page{Title: "庁内つなぎ票", Nav: "home", Data: &workData{Liaison: d, Unreviewed: -1}}, err)
		return
	}
	http.Redirect(w, r, "/?done=liaison#h-liaison-sent", http.StatusSeeOther)
}

// liaisonPageData is one つなぎ票 with what its reader may do.
type liaisonPageData struct {
	Ref        casework.LiaisonReferral
	CanAnswer  bool              // a writer of the receiving organization, pending
	Receiver   bool              // the reader's organization received it
	Candidates []sqldb.PersonHit // the receiver's own records that may be this person
}

func (s *Server) liaisonPageData(r *http.Request, id string) (*liaisonPageData, error) {
	a := actor(r)
	ref, err := s.db.LiaisonReferral(r.Context(), a, id)
	if err != nil {
		return nil, err
	}
	d := &liaisonPageData{Ref: ref, Receiver: ref.ToOrgID == a.OrganizationID}
	d.CanAnswer = casework.CheckAnswerLiaison(a, ref) == nil
	if d.CanAnswer && ref.Person != nil {
		hits, err := s.similarPersons(r, *ref.Person)
		if err != nil {
			return nil, err
		}
		for _, h := range hits {
			if h.Own {
				d.Candidates = append(d.Candidates, h)
			}
		}
	}
	return d, nil
}

func (s *Server) liaisonPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.liaisonPageData(r, r.PathValue("id"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "liaison_referral", &Page{Title: "庁内つなぎ票", Nav: "home", Data: d, Flash: doneMessage(r), Form: liaisonAcceptForm(d.Ref, casework.Today(s.now()))})
}

// liaisonAcceptForm fills the acceptance form from the つなぎ票: the person
// as the section typed it, the concern as 主訴, today as 受付日.
func liaisonAcceptForm(ref casework.LiaisonReferral, today string) url.Values {
	v := url.Values{}
	set := func(k, x string) {
		if x != "" {
			v.Set(k, x)
		}
	}
	if p := ref.Person; p != nil {
		set("family_name", p.FamilyName)
		set("given_name", p.GivenName)
		set("family_name_kana", p.FamilyKana)
		set("given_name_kana", p.GivenKana)
		set("birth_date", p.BirthDate)
		set("sex", p.Sex)
		set("address.postal_code", p.Address.PostalCode)
		set("address.prefecture", p.Address.Prefecture)
		set("address.city", p.Address.City)
		set("address.street", p.Address.Street)
		set("phone", p.Phone)
	}
	set("complaint", ref.Concern)
	set("received_on", today)
	set("urgency", "通常")
	return v
}

func (s *Server) liaisonAccept(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	f := r.PostForm
	in := sqldb.LiaisonAccept{PersonID: f.Get("person_id"), Case: casework.Case{ReceivedOn: f.Get("received_on"), Method: f.Get("method"),
		Bunya: f["bunya"], Problems: f["problems"], PrimaryProblem: f.Get("primary_problem"), Complaint: f.Get("complaint"),
		Screening: f.Get("screening"), CaseIntake: intakeFromForm(f)}}
	if in.PersonID == "" {
		p := personFromForm(f)
		in.Person = &casework.Person{FamilyName: p.FamilyName, GivenName: p.GivenName, FamilyKana: p.FamilyKana, GivenKana: p.GivenKana,
			BirthDate: p.BirthDate, Sex: p.Sex, Address: p.Address, Phone: p.Phone}
	}
	id := r.PathValue("id")
	_, c, err := s.db.AcceptLiaisonReferral(r.Context(), actor(r), id, in)
	if err != nil {
		s.liaisonFormError(w, r, id, "accept", err)
		return
	}
	http.Redirect(w, r, "/cases/"+url.PathEscape(c.ID)+"?done=liaison_accepted", http.StatusSeeOther)
}

func (s *Server) liaisonDecline(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	id := r.PathValue("id")
	if _, err := s.db.DeclineLiaisonReferral(r.Context(), actor(r), id, r.PostForm.Get("reason")); err != nil {
		s.liaisonFormError(w, r, id, "decline", err)
		return
	}
	http.Redirect(w, r, "/?done=liaison_declined", http.StatusSeeOther)
}

// liaisonFormError shows the つなぎ票 again with the message beside the
// field of the form that was sent and what was typed kept.
func (s *Server) liaisonFormError(w http.ResponseWriter, r *http.Request, id, section string, err error) {
	d, derr := s.liaisonPageData(r, id)
	if derr != nil {
		s.errorPage(w, r, err)
		return
	}
	s.formPage(w, r, "liaison_referral", &Page{Title: "庁内つなぎ票", Nav: "home", Data: d, Section: section}, err)
}
