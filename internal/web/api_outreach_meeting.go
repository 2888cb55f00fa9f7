package web

import (
	"net/http"

	"kasane/internal/casework"
)

// Outreach targets on the agenda of a 支援会議 (社会福祉法第106条の6).

func (s *Server) apiAddOutreachMeetingItem(w http.ResponseWriter, r *http.Request) {
	var it casework.OutreachMeetingItem
	if err := readJSON(r, &it); err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.db.AddOutreachMeetingItem(r.Context(), actor(r), r.PathValue("id"), &it); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, it)
}

func (s *Server) apiMeetingOutreachItems(w http.ResponseWriter, r *http.Request) {
	items, err := s.db.MeetingOutreachItems(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(items, ""))
}

// meetingOutreachItemCreate is the form on the meeting page.
func (s *Server) meetingOutreachItemCreate(w http.ResponseWriter, r *http.Request) {
	s.meetingAction(w, r, "outreach-item", "item", func(a casework.Actor, id string) error {
		f := r.PostForm
		it := casework.OutreachMeetingItem{TargetID: f.Get("target_id"), Situation: f.Get("outreach_situation"), Decisions: f.Get("outreach_decisions")}
		return renameFields(s.db.AddOutreachMeetingItem(r.Context(), a, id, &it),
			map[string]string{"situation": "outreach_situation", "decisions": "outreach_decisions"})
	})
}
