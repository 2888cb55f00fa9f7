package web

import (
	"net/http"
	"net/url"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
)

func (s *Server) householdNewPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "household_new", &Page{Title: "世帯の登録", Nav: "persons", Form: r.URL.Query()})
}

// householdCreate registers a household and, when it came from a person's
// page, puts that person in it as 本人.
func (s *Server) householdCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	h := casework.Household{Label: r.PostForm.Get("label"), Kind: r.PostForm.Get("kind")}
	if err := s.db.CreateHousehold(r.Context(), actor(r), &h); err != nil {
		s.formPage(w, r, "household_new", &Page{Title: "世帯の登録", Nav: "persons"}, err)
		return
	}
	if pid := r.PostForm.Get("person_id"); pid != "" {
		m := casework.HouseholdMember{PersonID: pid, Relationship: "本人", Cohabiting: true}
		if err := s.db.AddHouseholdMember(r.Context(), actor(r), h.ID, &m); err != nil {
			s.errorPage(w, r, err)
			return
		}
	}
	http.Redirect(w, r, "/households/"+h.ID+"?done=household", http.StatusSeeOther)
}

type householdData struct {
	Household  casework.Household
	Names      map[string]string
	Candidates []sqldb.PersonHit
	Query      string
	MemberOpts casework.CodeList
}

func (s *Server) householdData(r *http.Request, id string) (*householdData, error) {
	h, err := s.db.Household(r.Context(), actor(r), id)
	if err != nil {
		return nil, err
	}
	d := &householdData{Household: h, Names: map[string]string{}}
	for _, m := range h.Members {
		d.Names[m.PersonID] = m.Name
		d.MemberOpts = append(d.MemberOpts, casework.CodeItem{Value: m.PersonID, Label: m.Name})
	}
	if q := r.URL.Query().Get("q"); q != "" {
		d.Query = q
		hits, err := s.db.SearchPersons(r.Context(), actor(r), q, 20)
		if err != nil && casework.ErrorCode(err) != casework.EINVALID {
			return nil, err
		}
		for _, h := range hits {
			if h.Visible {
				d.Candidates = append(d.Candidates, h)
			}
		}
	}
	return d, nil
}

func (s *Server) householdPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.householdData(r, r.PathValue("id"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "household", &Page{Title: d.Household.Label, Nav: "persons", Data: d, Flash: doneMessage(r), Form: url.Values{"cohabiting": {"1"}}})
}

func (s *Server) householdAction(w http.ResponseWriter, r *http.Request, section, done string, fn func() error) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	id := r.PathValue("id")
	if err := fn(); err != nil {
		d, derr := s.householdData(r, id)
		if derr != nil {
			s.errorPage(w, r, derr)
			return
		}
		s.formPage(w, r, "household", &Page{Title: d.Household.Label, Nav: "persons", Data: d, Section: section}, err)
		return
	}
	http.Redirect(w, r, "/households/"+id+"?done="+done+"#"+savedAnchor(section), http.StatusSeeOther)
}

func (s *Server) householdMemberAdd(w http.ResponseWriter, r *http.Request) {
	s.householdAction(w, r, "member", "member", func() error {
		f := r.PostForm
		m := casework.HouseholdMember{PersonID: f.Get("person_id"), Relationship: f.Get("relationship"), Cohabiting: f.Get("cohabiting") == "1", Roles: f["roles"]}
		return s.db.AddHouseholdMember(r.Context(), actor(r), r.PathValue("id"), &m)
	})
}

func (s *Server) householdRelationAdd(w http.ResponseWriter, r *http.Request) {
	s.householdAction(w, r, "relation", "relation", func() error {
		f := r.PostForm
		rel := casework.PersonRelation{FromPersonID: f.Get("from_person_id"), ToPersonID: f.Get("to_person_id"), Kind: f.Get("kind"), Quality: f.Get("quality")}
		return s.db.AddRelation(r.Context(), actor(r), &rel)
	})
}

type workData struct {
	Alerts    []casework.Alert
	Incoming  []casework.Referral
	Outgoing  []casework.Referral
	Cases     []casework.Case
	OrgName   map[string]string
	AllowCase bool
	PlanItems []casework.PlanWorkItem
	// Unreviewed counts the flagged audit events not yet 確認済み (the
	// privacy officer's home; -1 for other roles).
	Unreviewed int
	// Liaison: the 庁内つなぎ票 sent or received (page_liaison.go).
	Liaison *liaisonHome
}

// workPage is "my work": the watches, referrals waiting on either side and
// the organization's open cases.
func (s *Server) workPage(w http.ResponseWriter, r *http.Request) {
	a := actor(r)
	d := &workData{AllowCase: casework.CanHandleCases(a), Unreviewed: -1}
	if casework.CanReadAudit(a) { // page_audit.go
		var err error
		if d.Unreviewed, err = s.db.UnreviewedFlagged(r.Context(), a); err != nil {
			s.errorPage(w, r, err)
			return
		}
	}
	if d.AllowCase {
		var err error
		if d.Alerts, err = s.db.Alerts(r.Context(), a); err != nil {
			s.errorPage(w, r, err)
			return
		}
		refs, err := s.db.Referrals(r.Context(), a, sqldb.ReferralFilter{Status: "pending"})
		if err != nil {
			s.errorPage(w, r, err)
			return
		}
		for _, ref := range refs {
			if ref.ToOrgID == a.OrganizationID {
				d.Incoming = append(d.Incoming, ref)
			} else {
				d.Outgoing = append(d.Outgoing, ref)
			}
		}
		if d.Cases, err = s.db.Cases(r.Context(), a, sqldb.CaseFilter{Limit: 50, NotClosed: true}); err != nil {
			s.errorPage(w, r, err)
			return
		}
		if d.PlanItems, err = s.db.PlanItemsFor(r.Context(), a); err != nil {
			s.errorPage(w, r, err)
			return
		}
		if d.OrgName, err = s.orgNames(r); err != nil {
			s.errorPage(w, r, err)
			return
		}
	}
	var err error
	if d.Liaison, err = s.liaisonHomeData(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "home", &Page{Title: "わたしの仕事", Nav: "home", Data: d, Flash: doneMessage(r)})
}

func (s *Server) referralAnswer(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	_, err := s.db.AnswerReferral(r.Context(), actor(r), r.PathValue("id"), r.PostForm.Get("action"), r.PostForm.Get("reason"))
	s.referralAnswered(w, r, err) // page_case_glance.go: back to the form that was sent
}
