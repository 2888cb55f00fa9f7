package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"kasane/internal/casework"
)

// caseRows writes the rows of the case list, every value escaped here with
// template.HTMLEscapeString (the case id in the link path-escaped first):
// html/template's reflective calls, two per printed value, cost about
// 0.7 ms per 100-row list, most of the page's rendering.
func caseRows(cs []casework.Case, orgName map[string]string) template.HTML {
	var b strings.Builder
	b.Grow(len(cs) * 400)
	days := map[string]string{} // the newest cases share few dates
	esc := template.HTMLEscapeString
	for _, c := range cs {
		day, ok := days[c.ReceivedOn]
		if !ok {
			day = dayShown(c.ReceivedOn)
			days[c.ReceivedOn] = day
		}
		b.WriteString("<tr>\n    <td><a href=\"/cases/")
		b.WriteString(esc(url.PathEscape(c.ID)))
		b.WriteString("\">")
		b.WriteString(esc(c.Number))
		b.WriteString("</a></td><td>")
		b.WriteString(esc(c.FocusName))
		b.WriteString("</td><td>")
		b.WriteString(esc(day))
		b.WriteString("</td>\n    <td>")
		b.WriteString(esc(casework.CaseStatuses.Label(c.Status)))
		b.WriteString("</td><td>")
		b.WriteString(esc(orgName[c.LeadOrgID]))
		b.WriteString("</td><td>")
		if c.LastContactAt != nil {
			b.WriteString(esc(dayShown(c.LastContactAt.In(jst).Format("2006-01-02"))))
		} else {
			b.WriteString(`<span class="muted">なし</span>`)
		}
		b.WriteString("</td>\n  </tr>")
	}
	return template.HTML(b.String())
}

type intakeData struct {
	Person casework.Person
	// Orgs are the 紹介元機関 to choose from.
	Orgs casework.CodeList
}

func (s *Server) intakeData(r *http.Request, p casework.Person) *intakeData {
	d := &intakeData{Person: p}
	if orgs, err := s.db.Organizations(r.Context(), actor(r)); err == nil {
		d.Orgs = orgPicker(orgs, actor(r).OrganizationID)
	}
	return d
}

func (s *Server) caseNewPage(w http.ResponseWriter, r *http.Request) {
	p, err := s.db.Person(r.Context(), actor(r), r.URL.Query().Get("person_id"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	now := s.now().In(jst)
	form := url.Values{"received_on": {casework.Today(s.now())}, "received_time": {now.Format("15:04")}, "urgency": {"通常"}}
	s.render(w, r, http.StatusOK, "case_new", &Page{Title: "相談受付", Nav: "cases", Data: s.intakeData(r, p), Form: form, Flash: doneMessage(r)})
}

func (s *Server) caseCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	f := r.PostForm
	p, err := s.db.Person(r.Context(), actor(r), f.Get("focus_person_id"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	c := casework.Case{FocusPersonID: p.ID, ReceivedOn: f.Get("received_on"), Route: f.Get("route"), Method: f.Get("method"),
		Bunya: f["bunya"], Problems: f["problems"], PrimaryProblem: f.Get("primary_problem"), Complaint: f.Get("complaint"), Screening: f.Get("screening"),
		CaseIntake: intakeFromForm(f)}
	if err := s.db.CreateCase(r.Context(), actor(r), &c); err != nil {
		s.formPage(w, r, "case_new", &Page{Title: "相談受付", Nav: "cases", Data: s.intakeData(r, p)}, err)
		return
	}
	http.Redirect(w, r, "/cases/"+c.ID+"?done=case", http.StatusSeeOther)
}

type caseData struct {
	Case       casework.Case
	Person     casework.Person
	Contacts   []casework.Contact
	Referrals  []casework.Referral
	Provided   []casework.InfoProvision
	Services   casework.CodeList
	Orgs       []casework.Organization
	LeadWorker string
	OrgName    map[string]string
	OrgCodes   casework.CodeList
	// IsLead: the viewer's organization leads the case (it alone adds to the
	// team and hands the case on); Records: its scope has `records`;
	// ScopeLabels names a consent member's categories.
	IsLead      bool
	Records     bool
	ScopeLabels []string
	Next        casework.CodeList
	Today       string
	CanWrite    bool
	Now         time.Time
	// History is every status change (who, when, why), oldest first.
	History []statusRow
	// CanChangeStatus: the status form is offered (lead or municipal section).
	CanChangeStatus bool
	// Glance is the summary header and the tabs beyond the case's own
	// record (page_case_glance.go).
	Glance caseGlance
	// Suspensions: decided 利用停止 of the focus person (issue 23), shown as a warning.
	Suspensions []casework.RightsRequest
}

// caseData loads everything the case page shows in one audited read.
func (s *Server) caseData(r *http.Request, id string) (*caseData, error) {
	a := actor(r)
	cp, err := s.db.CasePage(r.Context(), a, id)
	if err != nil {
		return nil, err
	}
	c := cp.Case
	d := &caseData{Case: c, Person: cp.Person, Contacts: cp.Contacts, Provided: cp.Provided, Referrals: cp.Referrals, Orgs: cp.Orgs, LeadWorker: cp.LeadWorker,
		Today: casework.Today(s.now()), CanWrite: casework.CanWriteCases(a), Now: s.now(),
		IsLead: c.LeadOrgID == a.OrganizationID, Records: c.DataScope.Has(casework.CatRecords),
		History: statusRows(cp.StatusHistory), CanChangeStatus: cp.CanChangeStatus}
	if !d.IsLead && len(c.DataScope) < len(casework.ScopeAll) {
		d.ScopeLabels = casework.ScopeLabels(c.DataScope)
		if d.ScopeLabels == nil {
			d.ScopeLabels = []string{"なし（ケースの見出しのみ）"}
		}
	}
	for _, sv := range cp.Services {
		d.Services = append(d.Services, casework.CodeItem{Value: sv.ID, Label: sv.Category + "｜" + sv.Name})
	}
	d.OrgName = map[string]string{}
	for _, o := range d.Orgs {
		d.OrgName[o.ID] = o.Name
	}
	// つなぎ先 and 加える機関: never the viewer's own organization
	d.OrgCodes = orgPicker(d.Orgs, a.OrganizationID)
	for _, st := range casework.AllowedTransitions(c.Status) {
		d.Next = append(d.Next, casework.CodeItem{Value: st, Label: casework.CaseStatuses.Label(st)})
	}
	d.fillGlance(cp, a)
	d.Suspensions = cp.Suspensions
	return d, nil
}

func (s *Server) casePage(w http.ResponseWriter, r *http.Request) {
	d, err := s.caseData(r, r.PathValue("id"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	form, section := url.Values{"at": {s.now().In(jst).Format("2006-01-02T15:04")}}, "contact"
	if cid := r.URL.Query().Get("edit"); d.Glance.ContactEditable[cid] {
		for _, c := range d.Contacts {
			if c.ID == cid {
				d.Glance.EditID, form, section = cid, contactEditForm(c), "contact-edit"
			}
		}
	}
	s.render(w, r, http.StatusOK, "case", &Page{Title: "ケース " + d.Case.Number, Nav: "cases", Data: d, Flash: caseDone(r), Form: form, Section: section})
}

// caseAction runs one change from a form on the case page and either
// redirects back with a message or shows the page again with the error
// beside the form that caused it.
func (s *Server) caseAction(w http.ResponseWriter, r *http.Request, form, done string, fn func(a casework.Actor, id string) error) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	id := r.PathValue("id")
	if err := fn(actor(r), id); err != nil {
		d, derr := s.caseData(r, id)
		if derr != nil {
			s.errorPage(w, r, derr)
			return
		}
		s.formPage(w, r, "case", &Page{Title: "ケース " + d.Case.Number, Nav: "cases", Data: d, Section: form}, err)
		return
	}
	http.Redirect(w, r, "/cases/"+id+"?done="+done+"#"+savedAnchor(form), http.StatusSeeOther)
}

func (s *Server) caseContactCreate(w http.ResponseWriter, r *http.Request) {
	s.caseAction(w, r, "contact", "contact", func(a casework.Actor, id string) error {
		f := r.PostForm
		at, ok := parseLocalDateTime(f.Get("at"))
		min, _ := strconv.Atoi(f.Get("minutes"))
		c := casework.Contact{CaseID: id, At: at, Method: f.Get("method"), Counterpart: f.Get("counterpart"), Content: f.Get("content"),
			Minutes: min, Jigyo: f.Get("jigyo"), Bunya: f.Get("bunya")}
		if !ok && strings.TrimSpace(f.Get("at")) != "" {
			// the other fields' problems are reported with the date's
			check := c
			check.At = s.now()
			if check.Bunya == "" {
				check.Bunya = casework.Bunya[0].Value // the case's default is not known here
			}
			fields := casework.ErrorFields(check.Validate(nil, s.now()))
			if fields == nil {
				fields = map[string]string{}
			}
			fields["at"] = "日時は 2026-05-20 10:30 または R8.5.20 10:30 の形で入力してください。"
			return &casework.Error{Code: casework.EINVALID, Message: "入力内容に誤りがあります。各項目のメッセージをご確認ください。", Fields: fields}
		}
		return s.db.AddContact(r.Context(), a, &c)
	})
}

func (s *Server) caseStatusUpdate(w http.ResponseWriter, r *http.Request) {
	s.caseAction(w, r, "status", "status", func(a casework.Actor, id string) error {
		to, reason := r.PostForm.Get("to"), r.PostForm.Get("status_reason")
		if to == "closed" {
			reason = r.PostForm.Get("closure_reason")
		}
		_, err := s.db.TransitionCase(r.Context(), a, id, to, reason)
		return renameField(err, "reason", "closure_reason")
	})
}

func (s *Server) caseTeamAdd(w http.ResponseWriter, r *http.Request) {
	s.caseAction(w, r, "team", "team", func(a casework.Actor, id string) error {
		m := casework.TeamMember{OrganizationID: r.PostForm.Get("organization_id"), Role: r.PostForm.Get("role"), Statute: r.PostForm.Get("statute"),
			To: r.PostForm.Get("team_to"), LawText: r.PostForm.Get("law_text"), From: r.PostForm.Get("team_from")}
		if m.OrganizationID == "" {
			return invalid("organization_id", "加える機関を選んでください。")
		}
		return renameField(renameField(s.db.AddTeamMember(r.Context(), a, id, &m), "to", "team_to"), "from", "team_from")
	})
}

func (s *Server) caseReferralCreate(w http.ResponseWriter, r *http.Request) {
	s.caseAction(w, r, "referral", "referral", func(a casework.Actor, id string) error {
		ref := casework.Referral{CaseID: id, ToOrgID: r.PostForm.Get("to_organization_id"), Reason: r.PostForm.Get("reason"),
			DueOn: r.PostForm.Get("due_on"), Statute: r.PostForm.Get("referral_statute"),
			ReferredOn: r.PostForm.Get("referred_on"), TransferLead: r.PostForm.Get("transfer_lead") == "1"}
		return s.db.CreateReferral(r.Context(), a, &ref)
	})
}

func (s *Server) casePrint(w http.ResponseWriter, r *http.Request) {
	d, err := s.caseData(r, r.PathValue("id"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	if err := s.db.RecordPrint(r.Context(), actor(r), "case", d.Case.ID); err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "case_print", &Page{Title: "相談受付票 " + d.Case.Number, Data: d})
}

// renameField moves a field message to the name the form uses, so that two
// forms on one page never share an element id.
func renameField(err error, from, to string) error {
	if f := casework.ErrorFields(err); f != nil {
		if m, ok := f[from]; ok {
			delete(f, from)
			f[to] = m
		}
	}
	return err
}
