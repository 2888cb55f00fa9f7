package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"kasane/internal/casework"
)

// Editing places and hosts, coordinators and platforms. Each form carries
// the version it showed; when someone saved first, the form comes back with
// what the user typed, the conflict message and the newer version's number
// (saving again then overwrites knowingly).

func resourceForm(res casework.Resource) url.Values {
	accepts := "0"
	if res.AcceptsParticipants {
		accepts = "1"
	}
	f := url.Values{"name": {res.Name}, "kind": {res.Kind}, "operator": {res.Operator}, "host_organization_id": {res.HostOrgID},
		"address": {res.Address}, "district": {res.District}, "lat": {coordValue(res.Lat)}, "lng": {coordValue(res.Lng)},
		"target_groups": res.TargetGroups, "accepts_participants": {accepts}, "menus": {strings.Join(res.Menus, "\n")},
		"activities": res.Activities, "schedule": {res.Schedule}, "days": res.Days, "time_slots": res.TimeSlots,
		"capacity": {strconv.Itoa(res.Capacity)}, "accessibility": res.Accessibility, "host_support_needs": {res.HostSupportNeeds},
		"version": {strconv.Itoa(res.Version)}}
	return f
}

func coordValue(f *float64) string {
	if f == nil {
		return ""
	}
	return strconv.FormatFloat(*f, 'f', -1, 64)
}

func formVersion(f url.Values) int {
	v, _ := strconv.Atoi(f.Get("version"))
	return v
}

func (s *Server) resourceEditPage(w http.ResponseWriter, r *http.Request) {
	res, err := s.db.Resource(r.Context(), actor(r), r.PathValue("id"))
	if err == nil {
		err = casework.CanEditResource(actor(r), res)
	}
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	p, err := s.resourceFormPage(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	p.Title, p.Form = "社会資源の変更", resourceForm(res)
	p.Data.(*resourceFormData).Editing = &res
	s.render(w, r, http.StatusOK, "resource_form", p)
}

func (s *Server) resourceUpdate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	a, id := actor(r), r.PathValue("id")
	cur, err := s.db.Resource(r.Context(), a, id)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	res, err := resourceFromForm(r.PostForm)
	if err == nil {
		res.ID, res.Version = id, formVersion(r.PostForm)
		err = s.db.UpdateResource(r.Context(), a, &res)
	}
	if err == nil {
		http.Redirect(w, r, "/resources/"+id+"?done=resource_saved", http.StatusSeeOther)
		return
	}
	p, derr := s.resourceFormPage(r)
	if derr != nil {
		s.errorPage(w, r, derr)
		return
	}
	p.Title = "社会資源の変更"
	d := p.Data.(*resourceFormData)
	d.Editing = &cur
	if casework.ErrorCode(err) == casework.ECONFLICT {
		d.Current = &cur
	}
	s.formPage(w, r, "resource_form", p, err)
}

type coordinatorFormData struct {
	Coordinator casework.Coordinator
	Current     *casework.Coordinator
	OrgCodes    casework.CodeList
}

func (s *Server) coordinatorFormPage(r *http.Request, id string) (*Page, *coordinatorFormData, error) {
	c, err := s.db.Coordinator(r.Context(), actor(r), id)
	if err != nil {
		return nil, nil, err
	}
	d := &coordinatorFormData{Coordinator: c}
	d.OrgCodes, err = s.orOrgCodes(r)
	form := url.Values{"name": {c.Name}, "kind": {c.Kind}, "organization_id": {c.OrganizationID}, "area": {c.Area}, "contact": {c.Contact},
		"version": {strconv.Itoa(c.Version)}}
	return &Page{Title: "コーディネーターの変更", Nav: "outreach", Data: d, Form: form}, d, err
}

func (s *Server) coordinatorEditPage(w http.ResponseWriter, r *http.Request) {
	p, _, err := s.coordinatorFormPage(r, r.PathValue("id"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "coordinator_form", p)
}

func (s *Server) coordinatorUpdate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	id, f := r.PathValue("id"), r.PostForm
	c := casework.Coordinator{ID: id, Name: f.Get("name"), Kind: f.Get("kind"), OrganizationID: f.Get("organization_id"), Area: f.Get("area"),
		Contact: f.Get("contact"), Version: formVersion(f)}
	err := s.db.UpdateCoordinator(r.Context(), actor(r), &c)
	if err == nil {
		http.Redirect(w, r, "/community?done=coordinator_saved", http.StatusSeeOther)
		return
	}
	p, d, derr := s.coordinatorFormPage(r, id)
	if derr != nil {
		s.errorPage(w, r, derr)
		return
	}
	if casework.ErrorCode(err) == casework.ECONFLICT {
		cur := d.Coordinator
		d.Current = &cur
	}
	s.formPage(w, r, "coordinator_form", p, err)
}

type platformFormData struct {
	Platform casework.Platform
	Current  *casework.Platform
}

func (s *Server) platformFormPage(r *http.Request, id string) (*Page, *platformFormData, error) {
	pf, err := s.db.Platform(r.Context(), actor(r), id)
	if err != nil {
		return nil, nil, err
	}
	d := &platformFormData{Platform: pf}
	form := url.Values{"name": {pf.Name}, "area": {pf.Area}, "purpose": {pf.Purpose}, "version": {strconv.Itoa(pf.Version)}}
	return &Page{Title: "プラットフォームの変更", Nav: "outreach", Data: d, Form: form}, d, nil
}

func (s *Server) platformEditPage(w http.ResponseWriter, r *http.Request) {
	p, _, err := s.platformFormPage(r, r.PathValue("id"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "platform_form", p)
}

func (s *Server) platformUpdate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	id, f := r.PathValue("id"), r.PostForm
	pf := casework.Platform{ID: id, Name: f.Get("name"), Area: f.Get("area"), Purpose: f.Get("purpose"), Version: formVersion(f)}
	err := s.db.UpdatePlatform(r.Context(), actor(r), &pf)
	if err == nil {
		http.Redirect(w, r, "/community/platforms/"+id+"?done=platform_saved", http.StatusSeeOther)
		return
	}
	p, d, derr := s.platformFormPage(r, id)
	if derr != nil {
		s.errorPage(w, r, derr)
		return
	}
	if casework.ErrorCode(err) == casework.ECONFLICT {
		cur := d.Platform
		d.Current = &cur
	}
	s.formPage(w, r, "platform_form", p, err)
}

// apiPut decodes a body into v (which must carry the version read), sets
// its id from the path, runs save and answers 200 with v.
func orPut[T any](s *Server, w http.ResponseWriter, r *http.Request, v *T, version func() int, save func() error) {
	if err := readJSON(r, v); err != nil {
		s.apiError(w, r, err)
		return
	}
	if version() < 1 {
		s.apiError(w, r, invalid("version", "変更する内容の version（読み込んだときの版）を指定してください。"))
		return
	}
	if err := save(); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiUpdateResource(w http.ResponseWriter, r *http.Request) {
	var res casework.Resource
	orPut(s, w, r, &res, func() int { return res.Version }, func() error {
		res.ID = r.PathValue("id")
		return s.db.UpdateResource(r.Context(), actor(r), &res)
	})
}

func (s *Server) apiUpdateCoordinator(w http.ResponseWriter, r *http.Request) {
	var c casework.Coordinator
	orPut(s, w, r, &c, func() int { return c.Version }, func() error {
		c.ID = r.PathValue("id")
		return s.db.UpdateCoordinator(r.Context(), actor(r), &c)
	})
}

func (s *Server) apiUpdatePlatform(w http.ResponseWriter, r *http.Request) {
	var p casework.Platform
	orPut(s, w, r, &p, func() int { return p.Version }, func() error {
		p.ID = r.PathValue("id")
		return s.db.UpdatePlatform(r.Context(), actor(r), &p)
	})
}
