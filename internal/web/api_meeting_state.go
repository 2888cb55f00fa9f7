package web

import (
	"net/http"
	"strconv"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
)

// The meeting's state, acknowledgements, attendance and minutes, the
// 支援会議 roster, and the municipality's decisions on meeting items
// (issue 19).

func (s *Server) apiMeetingStatus(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Status  string `json:"status"`
		Version int    `json:"version"`
	}
	apiUpdate(s, w, r, &body, &body.Version, func() (casework.Meeting, error) {
		return s.db.SetMeetingStatus(r.Context(), actor(r), r.PathValue("id"), body.Status, body.Version)
	})
}

func (s *Server) apiMeetingAck(w http.ResponseWriter, r *http.Request) {
	var body struct {
		AttendeeID string `json:"attendee_id"`
		Method     string `json:"method"`
	}
	if err := readJSON(r, &body); err != nil {
		s.apiError(w, r, err)
		return
	}
	if body.Method == "" {
		body.Method = casework.AckSelf
	}
	m, err := s.db.AcknowledgeConfidentiality(r.Context(), actor(r), r.PathValue("id"), body.AttendeeID, body.Method)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, m)
}

func (s *Server) apiMeetingAttendance(w http.ResponseWriter, r *http.Request) {
	var body sqldb.Attendance
	apiUpdate(s, w, r, &body, &body.Version, func() (casework.Meeting, error) {
		return s.db.SetAttendance(r.Context(), actor(r), r.PathValue("id"), body)
	})
}

func (s *Server) apiConfirmMinutes(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Version int `json:"version"`
	}
	apiUpdate(s, w, r, &body, &body.Version, func() (casework.Meeting, error) {
		return s.db.ConfirmMinutes(r.Context(), actor(r), r.PathValue("id"), body.Version)
	})
}

func fiscalYearParam(r *http.Request) (int, error) {
	fy, err := strconv.Atoi(r.PathValue("fiscal_year"))
	if err != nil || fy < 2000 || fy > 2200 {
		return 0, invalid("fiscal_year", "年度を西暦で指定してください。")
	}
	return fy, nil
}

func (s *Server) apiShienKaigiRoster(w http.ResponseWriter, r *http.Request) {
	fy, err := fiscalYearParam(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	roster, sec, err := s.db.ShienKaigiRoster(r.Context(), actor(r), fy)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"fiscal_year": fy, "organization_ids": roster, "secretariat_organization_ids": sec})
}

func (s *Server) apiSetShienKaigiRoster(w http.ResponseWriter, r *http.Request) {
	var body struct {
		OrganizationIDs []string `json:"organization_ids"`
	}
	if err := readJSON(r, &body); err != nil {
		s.apiError(w, r, err)
		return
	}
	fy, err := fiscalYearParam(r)
	if err == nil {
		err = s.db.SetShienKaigiRoster(r.Context(), actor(r), fy, body.OrganizationIDs)
	}
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	s.apiShienKaigiRoster(w, r)
}

func (s *Server) apiDecideOnItem(w http.ResponseWriter, r *http.Request) {
	var body sqldb.PlanDecision
	if err := readJSON(r, &body); err != nil {
		s.apiError(w, r, err)
		return
	}
	p, err := s.db.DecideOnItem(r.Context(), actor(r), r.PathValue("id"), body)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}

func (s *Server) apiCaseEvents(w http.ResponseWriter, r *http.Request) {
	evs, err := s.db.CaseEvents(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(evs, ""))
}
