package web

import (
	"fmt"
	"net/http"

	"kasane/internal/casework"
)

// breakGlassRoutes: break-glass grants the emergency view of a person, and
// only that (casework/breakglass.go).
var breakGlassRoutes = []route{
	{"GET /persons/{id}/break-glass", false, (*Server).breakGlassPage},
	{"POST /persons/{id}/break-glass", false, (*Server).breakGlassSubmit},
	{"GET /persons/{id}/emergency", false, (*Server).emergencyPage},
	{"POST /api/v1/persons/{id}/break-glass", false, (*Server).apiBreakGlass},
	{"GET /api/v1/persons/{id}/emergency", false, (*Server).apiEmergency},
}

// breakGlassDocs: POST …/break-glass stays in coreDocs.
var breakGlassDocs = map[string]apiDoc{
	"GET /api/v1/persons/{id}/emergency": {"緊急連絡先（緊急時の閲覧の有効中だけ。本人の氏名・電話、世帯のキーパーソン・主たる介護者の電話、支援中ケースの主担当機関。住所は表示しない）", "", "EmergencyView", false},
}

func breakGlassSchemas() map[string]any {
	return map[string]any{
		"BreakGlass":      obj(map[string]any{"reason": str()}, "reason"),
		"BreakGlassGrant": obj(map[string]any{"until": timeS, "hours": intS, "emergency": str()}, "until", "hours", "emergency"),
		"EmergencyContact": obj(map[string]any{"name": str(), "relationship": enum(casework.Relationships),
			"roles": arr(enum(casework.MemberRoles)), "phone": str(), "phone2": str()}, "name", "roles"),
		"EmergencyLead": obj(map[string]any{"organization_name": str(), "lead_worker_name": str()}, "organization_name"),
		"EmergencyView": obj(map[string]any{"person_id": str(), "name": str(), "phone": str(), "phone2": str(),
			"dv_protected": map[string]any{"type": "boolean", "description": "DV等支援措置の対象（このとき contacts は常に空）"},
			"contacts":     arr(ref("EmergencyContact")), "leads": arr(ref("EmergencyLead")), "until": timeS, "minutes_left": intS},
			"person_id", "name", "contacts", "leads", "until", "minutes_left"),
	}
}

type breakGlassData struct {
	PersonID string
	Name     string
}

func (s *Server) breakGlassPage(w http.ResponseWriter, r *http.Request) {
	if !casework.HasBreakGlassRole(actor(r)) {
		s.errorPage(w, r, casework.Errorf(casework.EFORBIDDEN, "緊急時の閲覧は相談支援の職員だけが行えます。"))
		return
	}
	s.render(w, r, http.StatusOK, "breakglass", &Page{Title: "緊急時の閲覧", Nav: "persons", Data: &breakGlassData{PersonID: r.PathValue("id"), Name: r.URL.Query().Get("name")}})
}

// breakGlassSubmit grants the emergency view of a person with a reason; it
// is flagged for the privacy officer.
func (s *Server) breakGlassSubmit(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	id := r.PathValue("id")
	if _, err := s.db.BreakGlass(r.Context(), actor(r), id, r.PostForm.Get("reason")); err != nil {
		s.formPage(w, r, "breakglass", &Page{Title: "緊急時の閲覧", Nav: "persons", Data: &breakGlassData{PersonID: id}}, err)
		return
	}
	http.Redirect(w, r, "/persons/"+id+"/emergency", http.StatusSeeOther)
}

func (s *Server) apiBreakGlass(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Reason string `json:"reason"`
	}
	if err := readJSON(r, &body); err != nil {
		s.apiError(w, r, err)
		return
	}
	id := r.PathValue("id")
	until, err := s.db.BreakGlass(r.Context(), actor(r), id, body.Reason)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"until": until, "hours": casework.BreakGlassHours, "emergency": "/api/v1/persons/" + id + "/emergency"})
}

func (s *Server) apiEmergency(w http.ResponseWriter, r *http.Request) {
	v, err := s.db.EmergencyView(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

type emergencyData struct {
	casework.EmergencyView
	// UntilShown is the end of the grant in 和暦 with the time (JST).
	UntilShown string
	// LeftShown is the time left, e.g. 3時間59分.
	LeftShown string
}

// emergencyPage is the emergency view of a person: read-only, with a banner
// of the time the grant has left.
func (s *Server) emergencyPage(w http.ResponseWriter, r *http.Request) {
	v, err := s.db.EmergencyView(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	d := &emergencyData{EmergencyView: v, UntilShown: warekiTime(v.Until), LeftShown: minutesShown(v.MinutesLeft)}
	s.render(w, r, http.StatusOK, "emergency", &Page{Title: "緊急連絡先（緊急時の閲覧）", Nav: "persons", Data: d})
}

// minutesShown shows a number of minutes as 3時間5分 or 45分.
func minutesShown(m int) string {
	if m >= 60 {
		return fmt.Sprintf("%d時間%d分", m/60, m%60)
	}
	return fmt.Sprintf("%d分", m)
}
