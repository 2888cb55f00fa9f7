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
