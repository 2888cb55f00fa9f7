package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"kasane/internal/casework"
)

// planDone is the message after a plan-feature action (?done=…).
func planDone(r *http.Request) string {
	return map[string]string{
		"assessment": "アセスメントを保存しました。", "plan": "プラン案を保存しました。", "agreed": "本人の同意を記録しました。",
		"decided": "支援決定を記録しました。", "evaluated": "評価を記録しました。", "meeting": "会議を登録しました。",
		"item": "検討事項を記録しました。", "minutes": "議事録を保存しました。", "toplan": "決定事項をプランの項目にしました。",
		"status": "会議の状態を記録しました。", "ack": "守秘義務の確認を記録しました。", "attendance": "出欠と退室を記録しました。",
		"confirmed": "議事録を確定しました。", "closed": "ケースの終結（中断）を記録しました。",
	}[r.URL.Query().Get("done")]
}

type casePlansData struct {
	Case        casework.Case
	Assessments []casework.Assessment
	Plans       []casework.Plan
	Items       []casework.MeetingItem
	OrgName     map[string]string
	CanWrite    bool
	Today       string
}

func (s *Server) casePlansPage(w http.ResponseWriter, r *http.Request) {
	a, id := actor(r), r.PathValue("id")
	c, err := s.db.Case(r.Context(), a, id)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	d := &casePlansData{Case: c, CanWrite: casework.CanWriteCases(a), Today: casework.Today(s.now())}
	if d.Assessments, err = s.db.Assessments(r.Context(), a, id); err == nil {
		if d.Plans, err = s.db.Plans(r.Context(), a, id); err == nil {
			if d.Items, err = s.db.CaseMeetingItems(r.Context(), a, id); err == nil {
				d.OrgName, err = s.orgNames(r)
			}
		}
	}
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "plan_case", &Page{Title: "アセスメント・プラン " + c.Number, Nav: "cases", Data: d, Flash: planDone(r)})
}

type assessmentFormData struct {
	Case     casework.Case
	Previous *casework.Assessment
}

func assessmentFromForm(f url.Values) casework.Assessment {
	x := casework.Assessment{AssessedOn: f.Get("assessed_on")}
	for i, p := range x.Sections() {
		*p = f.Get(casework.AssessmentFields[i].Value)
	}
	return x
}

func (s *Server) assessmentNewPage(w http.ResponseWriter, r *http.Request) {
	a, id := actor(r), r.PathValue("id")
	c, err := s.db.Case(r.Context(), a, id)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	xs, err := s.db.Assessments(r.Context(), a, id)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	form := url.Values{"assessed_on": {casework.Today(s.now())}}
	d := &assessmentFormData{Case: c}
	if len(xs) > 0 { // a new revision starts from the latest one
		d.Previous = &xs[0]
		for i, p := range xs[0].Sections() {
			form.Set(casework.AssessmentFields[i].Value, *p)
		}
	}
	s.render(w, r, http.StatusOK, "assessment_form", &Page{Title: "アセスメント " + c.Number, Nav: "cases", Data: d, Form: form})
}

func (s *Server) assessmentCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	a, id := actor(r), r.PathValue("id")
	x := assessmentFromForm(r.PostForm)
	if err := s.db.CreateAssessment(r.Context(), a, id, &x); err != nil {
		c, cerr := s.db.Case(r.Context(), a, id)
		if cerr != nil {
			s.errorPage(w, r, cerr)
			return
		}
		s.formPage(w, r, "assessment_form", &Page{Title: "アセスメント " + c.Number, Nav: "cases", Data: &assessmentFormData{Case: c}}, err)
		return
	}
	http.Redirect(w, r, "/cases/"+id+"/plans?done=assessment", http.StatusSeeOther)
}

type assessmentPrintData struct {
	Assessment casework.Assessment
	Case       casework.Case
	OrgName    map[string]string
	Now        time.Time
}

func (s *Server) assessmentPrint(w http.ResponseWriter, r *http.Request) {
	x, c, err := s.db.Assessment(r.Context(), actor(r), r.PathValue("id"), true)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	names, err := s.orgNames(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "assessment_print", &Page{Title: "アセスメントシート " + c.Number, Data: &assessmentPrintData{Assessment: x, Case: c, OrgName: names, Now: s.now()}})
}

// planRows is how many item lines the plan form offers.
const planRows = 8

func planFromForm(f url.Values) casework.Plan {
	p := casework.Plan{PersonWish: f.Get("person_wish"), LongGoal: f.Get("long_goal"), ShortGoals: strings.Split(f.Get("short_goals"), "\n"),
		RequestedPrograms: f["requested_programs"], NextReviewOn: f.Get("next_review_on")}
	p.Version, _ = strconv.Atoi(f.Get("version"))
	for i := 0; i < planRows; i++ {
		k := "items." + strconv.Itoa(i) + "."
		p.Items = append(p.Items, casework.PlanItem{Content: f.Get(k + "content"), OrganizationID: f.Get(k + "organization_id"),
			Frequency: f.Get(k + "frequency"), From: f.Get(k + "from"), To: f.Get(k + "to"), PersonPart: f.Get(k + "person_part"),
			MeetingItemID: f.Get(k + "meeting_item_id")})
	}
	return p
}

func planForm(p casework.Plan) url.Values {
	v := url.Values{"person_wish": {p.PersonWish}, "long_goal": {p.LongGoal}, "short_goals": {strings.Join(p.ShortGoals, "\n")},
		"requested_programs": p.RequestedPrograms, "next_review_on": {p.NextReviewOn}, "version": {strconv.Itoa(p.Version)}}
	for i, it := range p.Items {
		k := "items." + strconv.Itoa(i) + "."
		v.Set(k+"content", it.Content)
		v.Set(k+"organization_id", it.OrganizationID)
		v.Set(k+"frequency", it.Frequency)
		v.Set(k+"from", it.From)
		v.Set(k+"to", it.To)
		v.Set(k+"person_part", it.PersonPart)
		v.Set(k+"meeting_item_id", it.MeetingItemID)
	}
	return v
}

type planFormData struct {
	Case     casework.Case
	Plan     *casework.Plan // when editing
	Replan   *casework.Plan // the plan a new version replaces
	TeamOrgs casework.CodeList
	Rows     []int
	Proposed string
}

func (s *Server) planFormData(r *http.Request, caseID string) (*planFormData, error) {
	c, err := s.db.Case(r.Context(), actor(r), caseID)
	if err != nil {
		return nil, err
	}
	names, err := s.orgNames(r)
	if err != nil {
		return nil, err
	}
	d := &planFormData{Case: c, Proposed: casework.ProposeReviewDate(s.now(), 3)}
	day := casework.Today(s.now())
	seen := map[string]bool{}
	for _, m := range c.Team {
		if (m.To == "" || m.To >= day) && !seen[m.OrganizationID] {
			seen[m.OrganizationID] = true
			d.TeamOrgs = append(d.TeamOrgs, casework.CodeItem{Value: m.OrganizationID, Label: names[m.OrganizationID]})
		}
	}
	for i := 0; i < planRows; i++ {
		d.Rows = append(d.Rows, i)
	}
	return d, nil
}
