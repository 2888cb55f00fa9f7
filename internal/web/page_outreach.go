package web

import (
	"net/http"
	"net/url"
	"strconv"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
)

// outreachDone is the flash message of the outreach pages.
func outreachDone(r *http.Request) string {
	return map[string]string{
		"target": "アウトリーチ対象者を登録しました。", "attempt": "接触の記録を保存しました。", "stage": "段階を変更しました。",
		"resource": "社会資源を登録しました。", "session": "開催記録を保存しました。", "coordinator": "コーディネーターを登録しました。",
		"platform": "プラットフォームを登録しました。", "member": "構成員を加えました。", "meeting": "会議を記録しました。",
		"resource_saved": "社会資源の変更を保存しました。", "coordinator_saved": "コーディネーターの変更を保存しました。", "platform_saved": "プラットフォームの変更を保存しました。",
		"profile": "参加ニーズを保存しました。", "target_saved": "対象者の変更を保存しました。", "attempt_saved": "接触の記録を修正しました。", "match": "参加先を提案しました。", "moved": "状態を変更しました。", "log": "記録を保存しました。",
	}[r.URL.Query().Get("done")]
}

// orFormAction runs one change from a posted form: on success it redirects to
// the returned location; on a user error it shows the page again with the
// message beside the form (section) that caused it.
func (s *Server) orFormAction(w http.ResponseWriter, r *http.Request, tmpl, section string, reload func() (*Page, error), fn func(f url.Values) (string, error)) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	loc, err := fn(r.PostForm)
	if err == nil {
		http.Redirect(w, r, loc, http.StatusSeeOther)
		return
	}
	p, derr := reload()
	if derr != nil {
		s.errorPage(w, r, derr)
		return
	}
	p.Section = section
	s.formPage(w, r, tmpl, p, err)
}

// renameFields moves per-field messages to the form's field names (where a
// page has two forms with a field of the same name, ids must stay unique).
func renameFields(err error, names map[string]string) error {
	f := casework.ErrorFields(err)
	if f == nil {
		return err
	}
	out := map[string]string{}
	for k, v := range f {
		if n, ok := names[k]; ok {
			k = n
		}
		out[k] = v
	}
	return &casework.Error{Code: casework.ErrorCode(err), Message: casework.ErrorMessage(err), Fields: out}
}

type outreachLanding struct {
	Targets   []casework.OutreachTarget
	Resources []casework.Resource
	Matches   []casework.Match
	CanWrite  bool
}

func (s *Server) outreachPage(w http.ResponseWriter, r *http.Request) {
	a := actor(r)
	d := &outreachLanding{CanWrite: casework.CanWriteCases(a)}
	var err error
	if d.Targets, err = s.db.OutreachTargets(r.Context(), a, r.URL.Query().Get("stage")); err != nil {
		s.errorPage(w, r, err)
		return
	}
	if d.Resources, err = s.db.Resources(r.Context(), a); err != nil {
		s.errorPage(w, r, err)
		return
	}
	if d.Matches, err = s.db.Matches(r.Context(), a, sqldb.MatchFilter{}); err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "outreach", &Page{Title: "アウトリーチ・参加支援・地域づくり", Nav: "outreach", Data: d, Flash: outreachDone(r), Form: r.URL.Query()})
}

func (s *Server) outreachTargetNewPage(w http.ResponseWriter, r *http.Request) {
	form := url.Values{"found_on": {casework.Today(s.now())}}
	s.render(w, r, http.StatusOK, "outreach_target_new", &Page{Title: "アウトリーチ対象者の登録", Nav: "outreach", Form: form})
}

func (s *Server) outreachTargetCreate(w http.ResponseWriter, r *http.Request) {
	s.orFormAction(w, r, "outreach_target_new", "", func() (*Page, error) {
		return &Page{Title: "アウトリーチ対象者の登録", Nav: "outreach"}, nil
	}, func(f url.Values) (string, error) {
		t := casework.OutreachTarget{Label: f.Get("label"), FoundVia: f.Get("found_via"), FoundOn: f.Get("found_on"), Concern: f.Get("concern"), District: f.Get("district")}
		if err := s.db.CreateOutreachTarget(r.Context(), actor(r), &t); err != nil {
			return "", err
		}
		return "/outreach/targets/" + t.ID + "?done=target", nil
	})
}

type targetData struct {
	Target   casework.OutreachTarget
	CanWrite bool
	Moves    casework.CodeList // stages one may move to
	// hand-over: the persons the duplicate check found, and the
	// organizations a consent recorded with it may name
	Candidates []sqldb.PersonHit
	OrgCodes   casework.CodeList
	EditID     string // the attempt being corrected (?edit=)
}

func (s *Server) targetPageData(r *http.Request, id string) (*Page, error) {
	t, err := s.db.OutreachTarget(r.Context(), actor(r), id)
	if err != nil {
		return nil, err
	}
	d := &targetData{Target: t, CanWrite: casework.CanWriteCases(actor(r)) && t.Stage != "handed_over" && len(t.SharedAt) == 0}
	for _, st := range casework.OutreachStages {
		if st.Value != t.Stage && st.Value != "handed_over" && casework.CheckStageMove(t.Stage, st.Value, "x") == nil {
			d.Moves = append(d.Moves, st)
		}
	}
	if d.CanWrite && t.Stage == "consented" {
		orgs, err := s.db.Organizations(r.Context(), actor(r))
		if err != nil {
			return nil, err
		}
		d.OrgCodes = orgPicker(orgs)
	}
	form := url.Values{"at": {s.now().In(jst).Format("2006-01-02T15:04")}, "version": {strconv.Itoa(t.Version)},
		"received_on": {casework.Today(s.now())}, "complaint": {t.Concern}, "intake_method": {"訪問"},
		"consent.given_on": {casework.Today(s.now())}, "consent.given_by": {"本人"}}
	return &Page{Title: "アウトリーチ: " + t.DisplayName, Nav: "outreach", Data: d, Form: form}, nil
}

func (s *Server) outreachTargetPage(w http.ResponseWriter, r *http.Request) {
	p, err := s.targetPageData(r, r.PathValue("id"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	// every form gets its defaults (the hand-over its 受付日, 主訴 and 方法)
	p.Flash = outreachDone(r)
	if d := p.Data.(*targetData); d.CanWrite && r.URL.Query().Get("edit") != "" {
		d.EditID = r.URL.Query().Get("edit")
		attemptEditForm(d, p.Form)
	}
	s.render(w, r, http.StatusOK, "outreach_target", p)
}

func (s *Server) targetAction(w http.ResponseWriter, r *http.Request, section string, fn func(id string, f url.Values) (string, error)) {
	id := r.PathValue("id")
	s.orFormAction(w, r, "outreach_target", section, func() (*Page, error) { return s.targetPageData(r, id) },
		func(f url.Values) (string, error) { return fn(id, f) })
}

func (s *Server) outreachAttemptCreate(w http.ResponseWriter, r *http.Request) {
	s.targetAction(w, r, "attempt", func(id string, f url.Values) (string, error) {
		at, err := orParseAt("at", f.Get("at"))
		if err != nil {
			return "", err
		}
		a := casework.OutreachAttempt{At: at, Method: f.Get("method"), Outcome: f.Get("outcome"), Note: f.Get("note")}
		if err := s.db.AddOutreachAttempt(r.Context(), actor(r), id, &a); err != nil {
			return "", err
		}
		return "/outreach/targets/" + id + "?done=attempt", nil
	})
}

func (s *Server) outreachStageMove(w http.ResponseWriter, r *http.Request) {
	s.targetAction(w, r, "stage", func(id string, f url.Values) (string, error) {
		v, _ := strconv.Atoi(f.Get("version"))
		if _, err := s.db.MoveOutreachStage(r.Context(), actor(r), id, f.Get("stage"), f.Get("reason"), v); err != nil {
			return "", err
		}
		return "/outreach/targets/" + id + "?done=stage", nil
	})
}

type reportPageData struct {
	Report   casework.OutreachReport
	Stages   casework.CodeList
	OrgCodes casework.CodeList
}

func (s *Server) outreachReportPage(w http.ResponseWriter, r *http.Request) {
	fy, err := s.fiscalYearParam(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	rep, err := s.db.OutreachReport(r.Context(), actor(r), r.URL.Query().Get("organization_id"), fy)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	d := &reportPageData{Report: rep, Stages: casework.OutreachStages}
	orgs, err := s.db.Organizations(r.Context(), actor(r))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	d.OrgCodes = orgFilterPicker(orgs)
	form := url.Values{"fiscal_year": {strconv.Itoa(fy)}, "organization_id": {rep.OrganizationID}}
	s.render(w, r, http.StatusOK, "outreach_report", &Page{Title: "アウトリーチ月報", Nav: "outreach", Data: d, Form: form})
}
