package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"kasane/internal/casework"
	"kasane/internal/genogram"
	"kasane/internal/sqldb"
)

func (s *Server) planNewPage(w http.ResponseWriter, r *http.Request) {
	a, id := actor(r), r.PathValue("id")
	d, err := s.planFormData(r, id)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	ps, err := s.db.Plans(r.Context(), a, id)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	form := url.Values{"next_review_on": {d.Proposed}}
	for i := range ps {
		if ps[i].Current() { // a re-plan starts from the plan in force
			d.Replan = &ps[i]
			form = planForm(ps[i])
			form.Set("next_review_on", d.Proposed)
			break
		}
	}
	s.render(w, r, http.StatusOK, "plan_form", &Page{Title: "支援プラン案 " + d.Case.Number, Nav: "cases", Data: d, Form: form})
}

func (s *Server) planCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	id := r.PathValue("id")
	p := planFromForm(r.PostForm)
	if err := s.db.CreatePlan(r.Context(), actor(r), id, &p); err != nil {
		d, derr := s.planFormData(r, id)
		if derr != nil {
			s.errorPage(w, r, derr)
			return
		}
		s.formPage(w, r, "plan_form", &Page{Title: "支援プラン案 " + d.Case.Number, Nav: "cases", Data: d}, err)
		return
	}
	http.Redirect(w, r, "/plans/"+p.ID+"?done=plan", http.StatusSeeOther)
}

func (s *Server) planEditPage(w http.ResponseWriter, r *http.Request) {
	p, err := s.db.Plan(r.Context(), actor(r), r.PathValue("id"), false)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	d, err := s.planFormData(r, p.CaseID)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	d.Plan = &p
	s.render(w, r, http.StatusOK, "plan_form", &Page{Title: "支援プラン案の変更 " + d.Case.Number, Nav: "cases", Data: d, Form: planForm(p)})
}

func (s *Server) planUpdate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	p := planFromForm(r.PostForm)
	p.ID = r.PathValue("id")
	if err := s.db.UpdatePlan(r.Context(), actor(r), &p); err != nil {
		cur, cerr := s.db.Plan(r.Context(), actor(r), p.ID, false)
		if cerr != nil {
			s.errorPage(w, r, cerr)
			return
		}
		d, derr := s.planFormData(r, cur.CaseID)
		if derr != nil {
			s.errorPage(w, r, derr)
			return
		}
		d.Plan = &cur
		s.formPage(w, r, "plan_form", &Page{Title: "支援プラン案の変更 " + d.Case.Number, Nav: "cases", Data: d}, err)
		return
	}
	http.Redirect(w, r, "/plans/"+p.ID+"?done=plan", http.StatusSeeOther)
}

type planPageData struct {
	Plan     casework.Plan
	OrgName  map[string]string
	Goals    []string
	Meetings casework.CodeList
	CanWrite bool
	Today    string
	Proposed string
	Now      time.Time
	// Family holds the genogram and ecomap printed with the plan (when the
	// case has a household the viewer may see).
	Family *planFamily
}

type planFamily struct {
	GenoSVG, EcoSVG template.HTML
	Items           []string
}

func (s *Server) planPageData(r *http.Request, id string, print bool) (*planPageData, error) {
	a := actor(r)
	p, err := s.db.Plan(r.Context(), a, id, print)
	if err != nil {
		return nil, err
	}
	names, err := s.orgNames(r)
	if err != nil {
		return nil, err
	}
	d := &planPageData{Plan: p, OrgName: names, Goals: casework.GoalsOf(p), CanWrite: casework.CanWriteCases(a),
		Today: casework.Today(s.now()), Proposed: casework.ProposeReviewDate(s.now(), 3), Now: s.now()}
	if !print {
		ms, err := s.db.Meetings(r.Context(), a, s.now().AddDate(0, -6, 0), s.now().AddDate(0, 0, 1))
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			d.Meetings = append(d.Meetings, casework.CodeItem{Value: m.ID, Label: datetimeShown(m.ScheduledAt) + " " + m.Title})
		}
	}
	return d, nil
}

func (s *Server) planPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.planPageData(r, r.PathValue("id"), false)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	form := url.Values{"agreed_on": {d.Today}, "agreed_by": {"本人"}, "decided_on": {d.Today}, "evaluated_on": {d.Today}, "next_review_on": {d.Proposed}}
	for i, g := range d.Goals {
		form.Set("goals."+strconv.Itoa(i)+".goal", g)
	}
	s.render(w, r, http.StatusOK, "plan", &Page{Title: "支援プラン " + d.Plan.CaseNumber, Nav: "cases", Data: d, Form: form, Flash: planDone(r)})
}

// planAction runs one change from a form on the plan page; on error the page
// is shown again with the messages beside that form.
func (s *Server) planAction(w http.ResponseWriter, r *http.Request, form, done string, fn func(a casework.Actor, id string) error) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	id := r.PathValue("id")
	if err := fn(actor(r), id); err != nil {
		d, derr := s.planPageData(r, id, false)
		if derr != nil {
			s.errorPage(w, r, derr)
			return
		}
		s.formPage(w, r, "plan", &Page{Title: "支援プラン " + d.Plan.CaseNumber, Nav: "cases", Data: d, Section: form}, err)
		return
	}
	http.Redirect(w, r, "/plans/"+id+"?done="+done, http.StatusSeeOther)
}

func (s *Server) planAgree(w http.ResponseWriter, r *http.Request) {
	s.planAction(w, r, "agree", "agreed", func(a casework.Actor, id string) error {
		_, err := s.db.AgreePlan(r.Context(), a, id, r.PostForm.Get("agreed_on"), r.PostForm.Get("agreed_by"))
		return err
	})
}

func (s *Server) planDecide(w http.ResponseWriter, r *http.Request) {
	s.planAction(w, r, "decide", "decided", func(a casework.Actor, id string) error {
		f := r.PostForm
		_, err := s.db.DecidePlan(r.Context(), a, id, sqldb.PlanDecision{DecidedOn: f.Get("decided_on"), DecidedBy: f.Get("decided_by"),
			MeetingItemID: f.Get("meeting_item_id"), Result: f.Get("result")})
		return err
	})
}

func (s *Server) planEvaluate(w http.ResponseWriter, r *http.Request) {
	s.planAction(w, r, "evaluate", "evaluated", func(a casework.Actor, id string) error {
		f := r.PostForm
		e := casework.Evaluation{EvaluatedOn: f.Get("evaluated_on"), Summary: f.Get("summary"), NextStep: f.Get("next_step"),
			ClosureReason: f.Get("closure_reason"), MeetingID: f.Get("meeting_id"), NextReviewOn: f.Get("next_review_on")}
		for i := 0; f.Has("goals." + strconv.Itoa(i) + ".goal"); i++ {
			k := "goals." + strconv.Itoa(i) + "."
			e.Goals = append(e.Goals, casework.GoalEvaluation{Goal: f.Get(k + "goal"), Result: f.Get(k + "result"), Comment: f.Get(k + "comment")})
		}
		return s.db.EvaluatePlan(r.Context(), a, id, &e)
	})
}

func (s *Server) planPrint(w http.ResponseWriter, r *http.Request) {
	d, err := s.planPageData(r, r.PathValue("id"), true)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	if c, err := s.db.Case(r.Context(), actor(r), d.Plan.CaseID); err == nil && c.HouseholdID != "" {
		if data, err := s.db.GenogramData(r.Context(), actor(r), c.HouseholdID); err == nil {
			fam, eco := genogramInput(data, c.FocusPersonID)
			g := genogram.Genogram(fam, genogram.Options{Deceased: genogramDeceasedMark})
			e := genogram.DrawEcomap(eco, genogram.Options{})
			// the SVG is built by package genogram with every text escaped
			d.Family = &planFamily{GenoSVG: template.HTML(g.SVG), EcoSVG: template.HTML(e.SVG), Items: append(g.Items, e.Items...)}
		}
	}
	s.render(w, r, http.StatusOK, "plan_print", &Page{Title: "支援プラン " + d.Plan.CaseNumber, Data: d})
}

type evaluationPrintData struct {
	Evaluation casework.Evaluation
	Plan       casework.Plan
	OrgName    map[string]string
	Now        time.Time
}

func (s *Server) evaluationPrint(w http.ResponseWriter, r *http.Request) {
	e, p, err := s.db.Evaluation(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	names, err := s.orgNames(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "plan_eval_print", &Page{Title: "評価シート " + p.CaseNumber, Data: &evaluationPrintData{Evaluation: e, Plan: p, OrgName: names, Now: s.now()}})
}
