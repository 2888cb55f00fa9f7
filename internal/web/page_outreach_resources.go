package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"kasane/internal/casework"
)

// orFormCoord reads an optional coordinate; a bad one is EINVALID on field.
func orFormCoord(f url.Values, field string) (*float64, error) {
	v := strings.TrimSpace(f.Get(field))
	if v == "" {
		return nil, nil
	}
	x, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return nil, invalid(field, "数値で入力してください（例: 35.6812）。")
	}
	return &x, nil
}

func orFormInt(f url.Values, field string) (int, error) {
	v := strings.TrimSpace(f.Get(field))
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, invalid(field, "数字で入力してください。")
	}
	return n, nil
}

func (s *Server) orOrgCodes(r *http.Request) (casework.CodeList, error) {
	orgs, err := s.db.Organizations(r.Context(), actor(r))
	return orgPicker(orgs), err
}

type resourceFormData struct {
	OrgCodes casework.CodeList
	Editing  *casework.Resource // the resource being edited (nil: a new one)
	Current  *casework.Resource // the newer stored version after a conflict
	// CanChangeHost: only the municipal administrator changes the host
	// organization of an existing resource.
	CanChangeHost bool
}

func (s *Server) resourceFormPage(r *http.Request) (*Page, error) {
	codes, err := s.orOrgCodes(r)
	return &Page{Title: "社会資源の登録", Nav: "outreach", Data: &resourceFormData{OrgCodes: codes, CanChangeHost: actor(r).Has("municipal_admin")}}, err
}

func (s *Server) resourceNewPage(w http.ResponseWriter, r *http.Request) {
	p, err := s.resourceFormPage(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	p.Form = url.Values{"accepts_participants": {"1"}}
	s.render(w, r, http.StatusOK, "resource_form", p)
}

func (s *Server) resourceCreate(w http.ResponseWriter, r *http.Request) {
	s.orFormAction(w, r, "resource_form", "", func() (*Page, error) { return s.resourceFormPage(r) }, func(f url.Values) (string, error) {
		res, err := resourceFromForm(f)
		if err != nil {
			return "", err
		}
		if err := s.db.CreateResource(r.Context(), actor(r), &res); err != nil {
			return "", err
		}
		return "/resources/" + res.ID + "?done=resource", nil
	})
}

// resourceFromForm reads the resource form (registration and edit).
func resourceFromForm(f url.Values) (casework.Resource, error) {
	res := casework.Resource{Name: f.Get("name"), Kind: f.Get("kind"), Operator: f.Get("operator"), HostOrgID: f.Get("host_organization_id"),
		Address: f.Get("address"), District: f.Get("district"), TargetGroups: f["target_groups"], AcceptsParticipants: f.Get("accepts_participants") == "1",
		Menus: strings.Split(f.Get("menus"), "\n"), Activities: f["activities"], Schedule: f.Get("schedule"), Days: f["days"], TimeSlots: f["time_slots"],
		Accessibility: f["accessibility"], HostSupportNeeds: f.Get("host_support_needs")}
	var err error
	if res.Lat, err = orFormCoord(f, "lat"); err != nil {
		return res, err
	}
	if res.Lng, err = orFormCoord(f, "lng"); err != nil {
		return res, err
	}
	res.Capacity, err = orFormInt(f, "capacity")
	return res, err
}

type resourcePageData struct {
	Resource casework.Resource
	Groups   casework.CodeList
	OrgName  map[string]string
	CanWrite bool // edit the resource (casework.CanEditResource)
	CanLog   bool // record a session (casework.CanRecordSession)
}

func (s *Server) resourcePageData(r *http.Request, id string) (*Page, error) {
	res, err := s.db.Resource(r.Context(), actor(r), id)
	if err != nil {
		return nil, err
	}
	names, err := s.orgNames(r)
	d := &resourcePageData{Resource: res, Groups: casework.ParticipantGroups, OrgName: names,
		CanWrite: casework.CanEditResource(actor(r), res) == nil, CanLog: casework.CanRecordSession(actor(r), res) == nil}
	return &Page{Title: res.Name, Nav: "outreach", Data: d, Form: url.Values{"held_on": {casework.Today(s.now())}}}, err
}

func (s *Server) resourcePage(w http.ResponseWriter, r *http.Request) {
	p, err := s.resourcePageData(r, r.PathValue("id"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	p.Flash = outreachDone(r)
	s.render(w, r, http.StatusOK, "resource", p)
}

func (s *Server) resourceSessionCreate(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	s.orFormAction(w, r, "resource", "session", func() (*Page, error) { return s.resourcePageData(r, id) }, func(f url.Values) (string, error) {
		x := casework.Session{HeldOn: f.Get("held_on"), Note: f.Get("note"), Participants: map[string]int{}}
		for i, g := range casework.ParticipantGroups {
			n, err := orFormInt(f, "g"+strconv.Itoa(i))
			if err != nil {
				return "", err
			}
			if n != 0 {
				x.Participants[g.Value] = n
			}
		}
		var err error
		if x.Total, err = orFormInt(f, "total"); err != nil {
			return "", err
		}
		if err := s.db.AddSession(r.Context(), actor(r), id, &x); err != nil {
			return "", err
		}
		return "/resources/" + id + "?done=session", nil
	})
}

type communityData struct {
	Coordinators []casework.Coordinator
	Platforms    []casework.Platform
	OrgCodes     casework.CodeList
	OrgName      map[string]string
}

func (s *Server) communityPageData(r *http.Request) (*Page, error) {
	d := &communityData{OrgName: map[string]string{}}
	var err error
	if d.Coordinators, err = s.db.Coordinators(r.Context(), actor(r)); err != nil {
		return nil, err
	}
	if d.Platforms, err = s.db.Platforms(r.Context(), actor(r)); err != nil {
		return nil, err
	}
	if d.OrgCodes, err = s.orOrgCodes(r); err != nil {
		return nil, err
	}
	for _, o := range d.OrgCodes {
		d.OrgName[o.Value] = o.Label
	}
	return &Page{Title: "地域づくり: コーディネーターとプラットフォーム", Nav: "outreach", Data: d, Form: url.Values{}}, nil
}

func (s *Server) communityPage(w http.ResponseWriter, r *http.Request) {
	p, err := s.communityPageData(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	p.Flash = outreachDone(r)
	s.render(w, r, http.StatusOK, "resource_community", p)
}

func (s *Server) coordinatorCreate(w http.ResponseWriter, r *http.Request) {
	s.orFormAction(w, r, "resource_community", "coordinator", func() (*Page, error) { return s.communityPageData(r) }, func(f url.Values) (string, error) {
		c := casework.Coordinator{Name: f.Get("name"), Kind: f.Get("kind"), OrganizationID: f.Get("organization_id"), Area: f.Get("area"), Contact: f.Get("contact")}
		return "/community?done=coordinator", s.db.CreateCoordinator(r.Context(), actor(r), &c)
	})
}

func (s *Server) platformCreate(w http.ResponseWriter, r *http.Request) {
	s.orFormAction(w, r, "resource_community", "platform", func() (*Page, error) { return s.communityPageData(r) }, func(f url.Values) (string, error) {
		p := casework.Platform{Name: f.Get("platform_name"), Area: f.Get("platform_area"), Purpose: f.Get("purpose")}
		if err := s.db.CreatePlatform(r.Context(), actor(r), &p); err != nil {
			return "", renameFields(err, map[string]string{"name": "platform_name", "area": "platform_area"})
		}
		return "/community/platforms/" + p.ID + "?done=platform", nil
	})
}

type platformData struct {
	Platform casework.Platform
	OrgCodes casework.CodeList
}

func (s *Server) platformPageData(r *http.Request, id string) (*Page, error) {
	p, err := s.db.Platform(r.Context(), actor(r), id)
	if err != nil {
		return nil, err
	}
	codes, err := s.orOrgCodes(r)
	return &Page{Title: p.Name, Nav: "outreach", Data: &platformData{Platform: p, OrgCodes: codes}, Form: url.Values{"held_on": {casework.Today(s.now())}}}, err
}

func (s *Server) platformPage(w http.ResponseWriter, r *http.Request) {
	p, err := s.platformPageData(r, r.PathValue("id"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	p.Flash = outreachDone(r)
	s.render(w, r, http.StatusOK, "resource_platform", p)
}

func (s *Server) platformMemberCreate(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	s.orFormAction(w, r, "resource_platform", "member", func() (*Page, error) { return s.platformPageData(r, id) }, func(f url.Values) (string, error) {
		m := casework.PlatformMember{Name: f.Get("name"), OrganizationID: f.Get("organization_id"), Role: f.Get("role")}
		return "/community/platforms/" + id + "?done=member", s.db.AddPlatformMember(r.Context(), actor(r), id, &m)
	})
}

func (s *Server) platformMeetingCreate(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	s.orFormAction(w, r, "resource_platform", "meeting", func() (*Page, error) { return s.platformPageData(r, id) }, func(f url.Values) (string, error) {
		n, err := orFormInt(f, "attendees")
		if err != nil {
			return "", err
		}
		m := casework.PlatformMeeting{HeldOn: f.Get("held_on"), Title: f.Get("title"), Attendees: n, Summary: f.Get("summary"), Gaps: f.Get("gaps")}
		return "/community/platforms/" + id + "?done=meeting", s.db.AddPlatformMeeting(r.Context(), actor(r), id, &m)
	})
}
