package web

import (
	"net/http"
	"time"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
)

func (s *Server) apiCreateMeeting(w http.ResponseWriter, r *http.Request) {
	var m casework.Meeting
	if err := readJSON(r, &m); err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.db.CreateMeeting(r.Context(), actor(r), &m); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, m)
}

// dayParam reads an optional YYYY-MM-DD (or 和暦) query value as the start of
// that day in Japan.
func dayParam(r *http.Request, name string) (time.Time, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return time.Time{}, nil
	}
	d, msg := casework.NormalizeDate(v, true)
	if msg != "" {
		return time.Time{}, invalid(name, msg)
	}
	t, _ := time.ParseInLocation("2006-01-02", d, jst)
	return t, nil
}

func (s *Server) apiMeetings(w http.ResponseWriter, r *http.Request) {
	from, err := dayParam(r, "from")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	to, err := dayParam(r, "to")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	ms, err := s.db.Meetings(r.Context(), actor(r), from, to)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(ms, ""))
}

func (s *Server) apiMeeting(w http.ResponseWriter, r *http.Request) {
	m, err := s.db.Meeting(r.Context(), actor(r), r.PathValue("id"), false)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, m)
}

func (s *Server) apiUpdateMeeting(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Minutes     *string    `json:"minutes"`
		Place       *string    `json:"place"`
		NonPublic   *bool      `json:"non_public"`
		ScheduledAt *time.Time `json:"scheduled_at"`
		Version     int        `json:"version"`
	}
	apiUpdate(s, w, r, &body, &body.Version, func() (casework.Meeting, error) {
		return s.db.UpdateMeeting(r.Context(), actor(r), r.PathValue("id"), sqldb.MeetingChange{Minutes: body.Minutes, Place: body.Place,
			NonPublic: body.NonPublic, ScheduledAt: body.ScheduledAt, Version: body.Version})
	})
}

func (s *Server) apiAddMeetingItem(w http.ResponseWriter, r *http.Request) {
	var it casework.MeetingItem
	if err := readJSON(r, &it); err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.db.AddMeetingItem(r.Context(), actor(r), r.PathValue("id"), &it); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, it)
}

func (s *Server) apiItemToPlan(w http.ResponseWriter, r *http.Request) {
	p, err := s.db.ItemToPlan(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}
