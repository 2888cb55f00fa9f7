package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"kasane/internal/casework"
	"kasane/internal/japanese"
)

// parseAt reads an instant: RFC 3339, a datetime-local value (JST), or a
// 西暦/和暦 date with an optional time.
func orParseAt(field, s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, strings.TrimSpace(s)); err == nil {
		return t, nil
	}
	if t, ok := parseLocalDateTime(s); ok {
		return t, nil
	}
	if strings.TrimSpace(s) == "" {
		return time.Time{}, invalid(field, "日時を入力してください。")
	}
	return time.Time{}, invalid(field, "日時を読み取れません（例: 2026-05-20T10:30、R8.5.20 10:30）。")
}

// fiscalYearParam reads ?fiscal_year=, defaulting to the current one.
func (s *Server) fiscalYearParam(r *http.Request) (int, error) {
	v := r.URL.Query().Get("fiscal_year")
	if v == "" {
		return japanese.FiscalYear(s.now().In(jst)), nil
	}
	fy, err := strconv.Atoi(v)
	if err != nil || fy < 2000 || fy > 2100 {
		return 0, invalid("fiscal_year", "年度は西暦の4桁で指定してください（例: 2026）。")
	}
	return fy, nil
}

func (s *Server) apiCreateOutreachTarget(w http.ResponseWriter, r *http.Request) {
	var t casework.OutreachTarget
	if err := readJSON(r, &t); err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.db.CreateOutreachTarget(r.Context(), actor(r), &t); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, t)
}

func (s *Server) apiOutreachTargets(w http.ResponseWriter, r *http.Request) {
	ts, err := s.db.OutreachTargets(r.Context(), actor(r), r.URL.Query().Get("stage"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(ts, ""))
}

func (s *Server) apiOutreachTarget(w http.ResponseWriter, r *http.Request) {
	t, err := s.db.OutreachTarget(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, t)
}

type attemptBody struct {
	At      string `json:"at"`
	Method  string `json:"method"`
	Outcome string `json:"outcome"`
	Note    string `json:"note"`
}

func (s *Server) apiAddOutreachAttempt(w http.ResponseWriter, r *http.Request) {
	var b attemptBody
	if err := readJSON(r, &b); err != nil {
		s.apiError(w, r, err)
		return
	}
	at, err := orParseAt("at", b.At)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	a := casework.OutreachAttempt{At: at, Method: b.Method, Outcome: b.Outcome, Note: b.Note}
	if err := s.db.AddOutreachAttempt(r.Context(), actor(r), r.PathValue("id"), &a); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, a)
}

type stageBody struct {
	Stage   string `json:"stage"`
	Reason  string `json:"reason"`
	Version int    `json:"version"`
}

func (s *Server) apiOutreachStage(w http.ResponseWriter, r *http.Request) {
	var b stageBody
	if err := readJSON(r, &b); err != nil {
		s.apiError(w, r, err)
		return
	}
	t, err := s.db.MoveOutreachStage(r.Context(), actor(r), r.PathValue("id"), b.Stage, b.Reason, b.Version)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, t)
}

type handOverResult struct {
	Target   casework.OutreachTarget `json:"target"`
	CaseID   string                  `json:"case_id"`
	PersonID string                  `json:"person_id"`
}

func (s *Server) apiOutreachHandOver(w http.ResponseWriter, r *http.Request) {
	var h casework.HandOver
	if err := readJSON(r, &h); err != nil {
		s.apiError(w, r, err)
		return
	}
	t, c, err := s.db.HandOverOutreachTarget(r.Context(), actor(r), r.PathValue("id"), h)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, handOverResult{Target: t, CaseID: c.ID, PersonID: c.FocusPersonID})
}

func (s *Server) apiOutreachReport(w http.ResponseWriter, r *http.Request) {
	if f := r.URL.Query().Get("format"); f != "" && f != "json" {
		s.outreachReportDownload(w, r, s.apiError)
		return
	}
	fy, err := s.fiscalYearParam(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	rep, err := s.db.OutreachReport(r.Context(), actor(r), r.URL.Query().Get("organization_id"), fy)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rep)
}

func (s *Server) apiCommunityCounts(w http.ResponseWriter, r *http.Request) {
	fy, err := s.fiscalYearParam(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	cc, err := s.db.CommunityCounts(r.Context(), actor(r), fy)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, cc)
}
