package web

import (
	"net/http"
	"strings"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
)

// The meeting page's state buttons, acknowledgements, attendance, minutes
// confirmation and the municipality's decisions (issue 19).

func (s *Server) meetingStatusForm(w http.ResponseWriter, r *http.Request) {
	s.meetingAction(w, r, "state", "status", func(a casework.Actor, id string) error {
		_, err := s.db.SetMeetingStatus(r.Context(), a, id, r.PostForm.Get("status"), formVersion(r.PostForm))
		return err
	})
}

func (s *Server) meetingAckForm(w http.ResponseWriter, r *http.Request) {
	s.meetingAction(w, r, "attendees", "ack", func(a casework.Actor, id string) error {
		_, err := s.db.AcknowledgeConfidentiality(r.Context(), a, id, r.PostForm.Get("attendee_id"), r.PostForm.Get("method"))
		return err
	})
}

func (s *Server) meetingAttendanceForm(w http.ResponseWriter, r *http.Request) {
	s.meetingAction(w, r, "attendance", "attendance", func(a casework.Actor, id string) error {
		att := sqldb.Attendance{Absent: r.PostForm["absent"], Left: map[string][]string{}, Version: formVersion(r.PostForm)}
		for k, v := range r.PostForm {
			if itemID, ok := strings.CutPrefix(k, "left."); ok {
				att.Left[itemID] = v
			}
		}
		_, err := s.db.SetAttendance(r.Context(), a, id, att)
		return err
	})
}

func (s *Server) meetingConfirmForm(w http.ResponseWriter, r *http.Request) {
	s.meetingAction(w, r, "minutes", "confirmed", func(a casework.Actor, id string) error {
		_, err := s.db.ConfirmMinutes(r.Context(), a, id, formVersion(r.PostForm))
		return err
	})
}

// itemAction runs a decision posted from an item of the meeting page (the
// meeting's id travels in the form).
func (s *Server) itemAction(w http.ResponseWriter, r *http.Request, done string, fn func(a casework.Actor, itemID string) error) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	mid, itemID := r.PostForm.Get("meeting_id"), r.PathValue("id")
	if err := fn(actor(r), itemID); err != nil {
		d, derr := s.meetingData(r, mid, false)
		if derr != nil {
			s.errorPage(w, r, err)
			return
		}
		s.formPage(w, r, "meeting", &Page{Title: d.Meeting.Title, Nav: "meetings", Data: d, Section: "decide-" + itemID}, err)
		return
	}
	http.Redirect(w, r, "/meetings/"+mid+"?done="+done+"#item-"+itemID, http.StatusSeeOther)
}

func (s *Server) meetingItemDecideForm(w http.ResponseWriter, r *http.Request) {
	s.itemAction(w, r, "decided", func(a casework.Actor, itemID string) error {
		f := r.PostForm
		_, err := s.db.DecideOnItem(r.Context(), a, itemID, sqldb.PlanDecision{DecidedOn: f.Get("decided_on"), Result: f.Get("result"), DecidedBy: f.Get("decided_by")})
		return err
	})
}

func (s *Server) meetingItemCloseForm(w http.ResponseWriter, r *http.Request) {
	s.itemAction(w, r, "closed", func(a casework.Actor, itemID string) error {
		_, err := s.db.CloseOnItem(r.Context(), a, itemID, r.PostForm.Get("on"), r.PostForm.Get("reason"))
		return err
	})
}
