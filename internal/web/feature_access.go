package web

import (
	"net/http"
	"strconv"

	"kasane/internal/casework"
)

// The access feature of issue 18: DV designations (rule 6), the approval of
// a team membership on another law by a privacy officer and the 要対協 roster
// and registrations (rule 2). Add accessRoutes, accessDocs and
// accessSchemas to the lists in routes.go and openapi.go.
var (
	accessRoutes = []route{
		{"POST /persons/{id}/dv-designations", false, (*Server).personDesignateDV},
		{"GET /audit/approvals", false, (*Server).approvalsPage},
		{"POST /audit/approvals/{id}", false, (*Server).approvalSubmit},
		{"POST /api/v1/persons/{id}/dv-designations", false, (*Server).apiDesignateDV},
		{"GET /api/v1/team-members/pending-approval", false, (*Server).apiPendingStatutory},
		{"POST /api/v1/team-members/{id}/approve", false, (*Server).apiApproveTeamMember},
		{"POST /api/v1/cases/{id}/yotaikyo", false, (*Server).apiRegisterYotaikyo},
		{"PUT /api/v1/yotaikyo-members/{fiscal_year}", false, (*Server).apiSetYotaikyoMembers},
	}
	accessDocs = map[string]apiDoc{
		"POST /api/v1/persons/{id}/dv-designations":  {"DV等支援措置の対象者の住所を閲覧できる機関を指定する（指定済みの機関のみ。理由必須・個人情報保護担当に通知）", "DVDesignation", "", true},
		"GET /api/v1/team-members/pending-approval":  {"承認待ちの「その他の法令」による支援チーム参加（個人情報保護担当のみ。ケースの内容は含まない）", "", "TeamMemberList", false},
		"POST /api/v1/team-members/{id}/approve":     {"「その他の法令」による支援チーム参加を承認する（個人情報保護担当のみ）", "", "TeamMember", false},
		"POST /api/v1/cases/{id}/yotaikyo":           {"ケースが要保護児童対策地域協議会に登録されたことを記録する（主担当機関のみ）", "YotaikyoRegistration", "", true},
		"PUT /api/v1/yotaikyo-members/{fiscal_year}": {"要保護児童対策地域協議会の年度の構成機関名簿を置き換える（市の管理者）", "YotaikyoMembers", "", false},
	}
)

func accessSchemas() map[string]any {
	return map[string]any{
		"DVDesignation":        obj(map[string]any{"organization_id": str(), "reason": str()}, "organization_id", "reason"),
		"TeamMemberList":       listSchema("TeamMember"),
		"YotaikyoRegistration": obj(map[string]any{"registered_on": dateS}),
		"YotaikyoMembers":      obj(map[string]any{"organization_ids": arr(str())}, "organization_ids"),
	}
}

func (s *Server) apiDesignateDV(w http.ResponseWriter, r *http.Request) {
	var body struct {
		OrganizationID string `json:"organization_id"`
		Reason         string `json:"reason"`
	}
	if err := readJSON(r, &body); err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.db.DesignateDV(r.Context(), actor(r), r.PathValue("id"), body.OrganizationID, body.Reason); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"person_id": r.PathValue("id"), "organization_id": body.OrganizationID})
}

func (s *Server) apiPendingStatutory(w http.ResponseWriter, r *http.Request) {
	ms, err := s.db.PendingStatutory(r.Context(), actor(r))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if ms == nil {
		ms = []casework.TeamMember{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": ms})
}

func (s *Server) apiApproveTeamMember(w http.ResponseWriter, r *http.Request) {
	m, err := s.db.ApproveTeamMember(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, m)
}

func (s *Server) apiRegisterYotaikyo(w http.ResponseWriter, r *http.Request) {
	var body struct {
		RegisteredOn string `json:"registered_on"`
	}
	if err := readJSON(r, &body); err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.db.RegisterYotaikyo(r.Context(), actor(r), r.PathValue("id"), body.RegisteredOn); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"case_id": r.PathValue("id")})
}

func (s *Server) apiSetYotaikyoMembers(w http.ResponseWriter, r *http.Request) {
	var body struct {
		OrganizationIDs []string `json:"organization_ids"`
	}
	if err := readJSON(r, &body); err != nil {
		s.apiError(w, r, err)
		return
	}
	fy, err := strconv.Atoi(r.PathValue("fiscal_year"))
	if err != nil || fy < 2000 || fy > 2200 {
		s.apiError(w, r, &casework.Error{Code: casework.EINVALID, Message: "年度を西暦で指定してください。", Fields: map[string]string{"fiscal_year": "年度を西暦で指定してください。"}})
		return
	}
	if err := s.db.SetYotaikyoMembers(r.Context(), actor(r), fy, body.OrganizationIDs); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"fiscal_year": fy, "organization_ids": body.OrganizationIDs})
}
