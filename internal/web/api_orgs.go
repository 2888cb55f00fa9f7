package web

import (
	"net/http"

	"kasane/internal/casework"
)

// apiUpdateOrganization: PUT /api/v1/organizations/{id} (municipal_admin).
func (s *Server) apiUpdateOrganization(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Name      string   `json:"name"`
		Kind      string   `json:"kind"`
		Code      string   `json:"code"`
		Bunya     []string `json:"bunya"`
		Jigyo     []string `json:"jigyo"`
		Operation string   `json:"operation"`
		Version   int      `json:"version"`
	}
	apiUpdate(s, w, r, &body, &body.Version, func() (casework.Organization, error) {
		o := casework.Organization{ID: r.PathValue("id"), Name: body.Name, Kind: body.Kind, Code: body.Code,
			Bunya: body.Bunya, Jigyo: body.Jigyo, Version: body.Version}
		if o.Bunya == nil {
			o.Bunya = []string{}
		}
		if o.Jigyo == nil {
			o.Jigyo = []string{}
		}
		var opErr error
		if casework.OrgKinds.Has(o.Kind) {
			opErr = o.SetOperation(body.Operation)
		}
		if err := mergeInvalid(&o, opErr); err != nil {
			return o, err
		}
		err := s.db.UpdateOrganization(r.Context(), actor(r), &o)
		return o, err
	})
}

// apiRetireOrganization: POST /api/v1/organizations/{id}/retire
// {retire (default true), version} (municipal_admin).
func (s *Server) apiRetireOrganization(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Retire  *bool `json:"retire"`
		Version int   `json:"version"`
	}
	apiUpdate(s, w, r, &body, &body.Version, func() (casework.Organization, error) {
		return s.db.RetireOrganization(r.Context(), actor(r), r.PathValue("id"), body.Retire == nil || *body.Retire, body.Version)
	})
}

// orgDocs documents the organization endpoints added by issue 21.
var orgDocs = map[string]apiDoc{
	"PUT /api/v1/organizations/{id}":         {"機関の登録内容を変更する（市区町村管理者のみ。operation: direct 直営 は市が運営できる種別だけ。version 必須）", "OrganizationChange", "Organization", false},
	"POST /api/v1/organizations/{id}/retire": {"機関を廃止する（retire: false で取り消し。市区町村管理者のみ。記録は残り、新しいチーム・つなぎ先・職員にはできない。一覧では retired_on 付き）", "OrganizationRetire", "Organization", false},
}

func orgSchemas() map[string]any {
	integer := map[string]any{"type": "integer"}
	return map[string]any{
		"OrganizationChange": obj(map[string]any{"name": str(), "kind": enum(casework.OrgKinds), "code": str(),
			"bunya": map[string]any{"type": "array", "items": enum(casework.Bunya)}, "jigyo": map[string]any{"type": "array", "items": enum(casework.Jigyo)},
			"operation": enum(casework.Operations), "version": integer}, "name", "kind", "operation", "version"),
		"OrganizationRetire": obj(map[string]any{"retire": map[string]any{"type": "boolean"}, "version": integer}, "version"),
	}
}
