package web

import (
	"net/http"
	"strconv"

	"kasane/internal/casework"
)

// ecomapTieBody is the JSON of a tie as written by a client; ids, the
// recording organization and times are the server's.
type ecomapTieBody struct {
	PersonID       string `json:"person_id"`
	Counterpart    string `json:"counterpart_kind"`
	OrganizationID string `json:"organization_id"`
	ResourceID     string `json:"resource_id"`
	Name           string `json:"name"`
	Strength       string `json:"strength"`
	Direction      string `json:"direction"`
	Note           string `json:"note"`
	Version        int    `json:"version"`
}

func (b ecomapTieBody) tie() casework.EcomapTie {
	return casework.EcomapTie{PersonID: b.PersonID, Counterpart: b.Counterpart, OrganizationID: b.OrganizationID, ResourceID: b.ResourceID,
		Name: b.Name, Strength: b.Strength, Direction: b.Direction, Note: b.Note, Version: b.Version}
}

func (s *Server) apiEcomapTies(w http.ResponseWriter, r *http.Request) {
	orList(s, w, r, func() ([]casework.EcomapTie, error) { return s.db.EcomapTies(r.Context(), actor(r), r.PathValue("id")) })
}

func (s *Server) apiCreateEcomapTie(w http.ResponseWriter, r *http.Request) {
	var b ecomapTieBody
	if err := readJSON(r, &b); err != nil {
		s.apiError(w, r, err)
		return
	}
	t := b.tie()
	t.HouseholdID = r.PathValue("id")
	if err := s.db.CreateEcomapTie(r.Context(), actor(r), &t); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, t)
}

func (s *Server) apiUpdateEcomapTie(w http.ResponseWriter, r *http.Request) {
	var b ecomapTieBody
	apiUpdate(s, w, r, &b, &b.Version, func() (casework.EcomapTie, error) {
		t := b.tie()
		t.ID = r.PathValue("id")
		err := s.db.UpdateEcomapTie(r.Context(), actor(r), &t)
		return t, err
	})
}

// apiDeleteEcomapTie removes a tie at ?version=.
func (s *Server) apiDeleteEcomapTie(w http.ResponseWriter, r *http.Request) {
	v, err := strconv.Atoi(r.URL.Query().Get("version"))
	if err != nil || v < 1 {
		s.apiError(w, r, invalid("version", "version を指定してください（?version=）。"))
		return
	}
	id := r.PathValue("id")
	h, err := s.db.DeleteEcomapTie(r.Context(), actor(r), id, v)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"id": id, "household_id": h})
}

var ecomapDocs = map[string]apiDoc{
	"GET /api/v1/households/{id}/ecomap-ties":  {"エコマップに記録した関係の一覧（閲覧できるケースの範囲）", "", "EcomapTieList", false},
	"POST /api/v1/households/{id}/ecomap-ties": {"エコマップの関係を記録する（機関・社会資源・インフォーマルな相手、強さ、支援の向き）。既に図にある相手と同じなら、その線の強さと向きを上書きする", "EcomapTie", "EcomapTie", true},
	"PUT /api/v1/ecomap-ties/{id}":             {"エコマップの関係を変更する（version 必須）", "EcomapTie", "EcomapTie", false},
	"DELETE /api/v1/ecomap-ties/{id}":          {"エコマップの関係を削除する（?version= 必須）", "", "EcomapTieDeleted", false},
}

func ecomapSchemas() map[string]any {
	return map[string]any{
		"EcomapTie": obj(map[string]any{"id": str(), "household_id": str(), "person_id": str(), "counterpart_kind": enum(casework.TieCounterparts),
			"organization_id": str(), "resource_id": str(), "name": str(), "strength": enum(casework.TieStrengths),
			"direction": enum(casework.TieDirections), "note": str(), "recorded_by_organization_id": str(), "version": oInt,
			"created_at": str(), "updated_at": str(), "person_name": str()}, "counterpart_kind", "strength"),
		"EcomapTieList":    listSchema("EcomapTie"),
		"EcomapTieDeleted": obj(map[string]any{"id": str(), "household_id": str()}),
	}
}
