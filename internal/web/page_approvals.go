package web

import (
	"net/http"

	"kasane/internal/casework"
)

// The privacy officer's list of team memberships on another law waiting
// for approval (rule 2): the organization, the law and article as typed, who
// confirmed it and its period; no case content.

type approvalsData struct {
	Pending []casework.TeamMember
	OrgName map[string]string
}

func (s *Server) approvalsPage(w http.ResponseWriter, r *http.Request) {
	ms, err := s.db.PendingStatutory(r.Context(), actor(r))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	names, err := s.orgNames(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "approvals", &Page{Title: "法令上の根拠の承認", Nav: "audit", Flash: doneMessage(r), Data: &approvalsData{Pending: ms, OrgName: names}})
}

func (s *Server) approvalSubmit(w http.ResponseWriter, r *http.Request) {
	if _, err := s.db.ApproveTeamMember(r.Context(), actor(r), r.PathValue("id")); err != nil {
		s.errorPage(w, r, err)
		return
	}
	http.Redirect(w, r, "/audit/approvals?done=approved", http.StatusSeeOther)
}
