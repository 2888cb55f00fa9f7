package web

import (
	"net/http"
	"net/url"
	"strconv"

	"kasane/internal/casework"
)

// Editing an outreach target and correcting its attempts (issue 22): the
// registering organization changes them; every earlier version stays in the
// history with who changed it. The target page keeps the attempt being
// corrected open with ?edit=ATTEMPT_ID (like the support record).

func targetForm(t casework.OutreachTarget) url.Values {
	return url.Values{"label": {t.Label}, "found_via": {t.FoundVia}, "found_on": {t.FoundOn}, "concern": {t.Concern},
		"district": {t.District}, "version": {strconv.Itoa(t.Version)}}
}

type targetEditData struct {
	Target  casework.OutreachTarget
	Current *casework.OutreachTarget // the newer stored version after a conflict
}

func (s *Server) outreachTargetEditPage(w http.ResponseWriter, r *http.Request) {
	t, err := s.db.OutreachTarget(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "outreach_target_edit", &Page{Title: "アウトリーチ対象者の変更", Nav: "outreach", Data: &targetEditData{Target: t}, Form: targetForm(t)})
}

func (s *Server) outreachTargetUpdate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	a, id, f := actor(r), r.PathValue("id"), r.PostForm
	t := casework.OutreachTarget{ID: id, Label: f.Get("label"), FoundVia: f.Get("found_via"), FoundOn: f.Get("found_on"), Concern: f.Get("concern"),
		District: f.Get("district"), Version: formVersion(f)}
	err := s.db.UpdateOutreachTarget(r.Context(), a, &t)
	if err == nil {
		http.Redirect(w, r, "/outreach/targets/"+id+"?done=target_saved", http.StatusSeeOther)
		return
	}
	cur, derr := s.db.OutreachTarget(r.Context(), a, id)
	if derr != nil {
		s.errorPage(w, r, derr)
		return
	}
	d := &targetEditData{Target: cur}
	if casework.ErrorCode(err) == casework.ECONFLICT {
		d.Current = &cur
	}
	s.formPage(w, r, "outreach_target_edit", &Page{Title: "アウトリーチ対象者の変更", Nav: "outreach", Data: d}, err)
}

// outreachAttemptUpdate corrects an attempt from the target page.
func (s *Server) outreachAttemptUpdate(w http.ResponseWriter, r *http.Request) {
	aid := r.PathValue("aid")
	s.orFormAction(w, r, "outreach_target", "attempt-edit", func() (*Page, error) {
		p, err := s.targetPageData(r, r.PathValue("id"))
		if err == nil {
			p.Data.(*targetData).EditID = aid
		}
		return p, err
	}, func(f url.Values) (string, error) {
		at, err := orParseAt("edit_at", f.Get("edit_at"))
		if err != nil {
			return "", err
		}
		a := casework.OutreachAttempt{ID: aid, At: at, Method: f.Get("edit_method"), Outcome: f.Get("edit_outcome"), Note: f.Get("edit_note"), Version: formVersion(f)}
		if err := s.db.UpdateOutreachAttempt(r.Context(), actor(r), r.PathValue("id"), &a); err != nil {
			return "", renameFields(err, map[string]string{"at": "edit_at", "method": "edit_method", "outcome": "edit_outcome", "note": "edit_note"})
		}
		return "/outreach/targets/" + r.PathValue("id") + "?done=attempt_saved#attempt-" + aid, nil
	})
}

// attemptEditForm fills the correction form of the attempt ?edit= names.
func attemptEditForm(d *targetData, form url.Values) {
	for _, at := range d.Target.Attempts {
		if at.ID == d.EditID {
			form.Set("edit_at", at.At.In(jst).Format("2006-01-02T15:04"))
			form.Set("edit_method", at.Method)
			form.Set("edit_outcome", at.Outcome)
			form.Set("edit_note", at.Note)
			form.Set("version", strconv.Itoa(at.Version))
		}
	}
}

type attemptUpdateBody struct {
	attemptBody
	Version int `json:"version"`
}

func (s *Server) apiUpdateOutreachAttempt(w http.ResponseWriter, r *http.Request) {
	var b attemptUpdateBody
	if err := readJSON(r, &b); err != nil {
		s.apiError(w, r, err)
		return
	}
	if b.Version < 1 {
		s.apiError(w, r, invalid("version", "変更する内容の version（読み込んだときの版）を指定してください。"))
		return
	}
	at, err := orParseAt("at", b.At)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	a := casework.OutreachAttempt{ID: r.PathValue("aid"), At: at, Method: b.Method, Outcome: b.Outcome, Note: b.Note, Version: b.Version}
	if err := s.db.UpdateOutreachAttempt(r.Context(), actor(r), r.PathValue("id"), &a); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, a)
}

func (s *Server) apiUpdateOutreachTarget(w http.ResponseWriter, r *http.Request) {
	var t casework.OutreachTarget
	orPut(s, w, r, &t, func() int { return t.Version }, func() error {
		t.ID = r.PathValue("id")
		return s.db.UpdateOutreachTarget(r.Context(), actor(r), &t)
	})
}

type districtsBody struct {
	Names []string `json:"names"`
}

// apiDistricts lists the municipality's 地区 (master list).
func (s *Server) apiDistricts(w http.ResponseWriter, r *http.Request) {
	names, err := s.db.Districts(r.Context(), actor(r))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, districtsBody{Names: names})
}

// apiSetDistricts replaces the master list (municipal administrator).
func (s *Server) apiSetDistricts(w http.ResponseWriter, r *http.Request) {
	var b districtsBody
	if err := readJSON(r, &b); err != nil {
		s.apiError(w, r, err)
		return
	}
	names, err := s.db.SetDistricts(r.Context(), actor(r), b.Names)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, districtsBody{Names: names})
}
