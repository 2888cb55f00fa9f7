package web

import (
	"net/http"
	"net/url"
	"strconv"

	"kasane/internal/casework"
)

// caseEditRoutes change what intake recorded and the lead worker of a case.
var caseEditRoutes = []route{
	{"GET /cases/{id}/edit", false, (*Server).caseEditPage},
	{"POST /cases/{id}/edit", false, (*Server).caseEditSubmit},
	{"PATCH /api/v1/cases/{id}", false, (*Server).apiEditCase},
}

var caseEditDocs = map[string]apiDoc{
	"PATCH /api/v1/cases/{id}": {"ケースの分野・課題・主訴・スクリーニング結果・主担当者を変更する（主担当機関のみ、version 必須、終結後は不可）", "CaseEdit", "Case", false},
}

func caseEditSchemas() map[string]any {
	return map[string]any{
		"CaseEdit": obj(map[string]any{"bunya": arr(enum(casework.Bunya)), "problems": arr(enum(casework.Problems)),
			"primary_problem": enum(casework.Problems), "complaint": str(), "screening": enum(casework.Screenings),
			"lead_worker_id": str(), "version": intS}, "version"),
	}
}

type caseEditData struct {
	Case    casework.Case
	Workers casework.CodeList
	// Current is the stored case after a conflict: someone else saved first.
	Current *casework.Case
}

func (s *Server) caseEditData(r *http.Request) (*caseEditData, error) {
	a := actor(r)
	c, err := s.db.Case(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	ws, err := s.db.LeadWorkerChoices(r.Context(), a, c.ID)
	if err != nil {
		return nil, err
	}
	d := &caseEditData{Case: c}
	for _, u := range ws {
		label := u.Name
		if casework.CheckLeadWorker(u, c.LeadOrgID) != nil {
			label += "（現在の主担当者。利用停止などで主担当を続けられません。別の職員を選んでください）"
		}
		d.Workers = append(d.Workers, casework.CodeItem{Value: u.ID, Label: label})
	}
	return d, nil
}

func caseEditForm(c casework.Case) url.Values {
	return url.Values{"bunya": c.Bunya, "problems": c.Problems, "primary_problem": {c.PrimaryProblem}, "complaint": {c.Complaint},
		"screening": {c.Screening}, "lead_worker_id": {c.LeadWorkerID}, "version": {strconv.Itoa(c.Version)}}
}

func (s *Server) caseEditPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.caseEditData(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "case_edit", &Page{Title: "ケース情報の変更 " + d.Case.Number, Nav: "cases", Data: d, Form: caseEditForm(d.Case)})
}

// caseEditSubmit saves the form; on a conflict it is shown again with what
// the user typed and the other person's saved values beside it.
func (s *Server) caseEditSubmit(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	f := r.PostForm
	bunya, problems := f["bunya"], f["problems"]
	primary, complaint, screening, lead := f.Get("primary_problem"), f.Get("complaint"), f.Get("screening"), f.Get("lead_worker_id")
	v, _ := strconv.Atoi(f.Get("version"))
	e := casework.CaseEdit{Bunya: &bunya, Problems: &problems, PrimaryProblem: &primary, Complaint: &complaint, Screening: &screening, LeadWorkerID: &lead, Version: v}
	c, err := s.db.EditCase(r.Context(), actor(r), r.PathValue("id"), e)
	if err == nil {
		http.Redirect(w, r, "/cases/"+c.ID+"?done=saved", http.StatusSeeOther)
		return
	}
	d, derr := s.caseEditData(r)
	if derr != nil {
		s.errorPage(w, r, derr)
		return
	}
	if casework.ErrorCode(err) == casework.ECONFLICT {
		cur := d.Case
		d.Current = &cur
	}
	s.formPage(w, r, "case_edit", &Page{Title: "ケース情報の変更 " + d.Case.Number, Nav: "cases", Data: d}, err)
}

func (s *Server) apiEditCase(w http.ResponseWriter, r *http.Request) {
	var e casework.CaseEdit
	apiUpdate(s, w, r, &e, &e.Version, func() (casework.Case, error) {
		return s.db.EditCase(r.Context(), actor(r), r.PathValue("id"), e)
	})
}
