package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"kasane/internal/casework"
	"kasane/internal/japanese"
	"kasane/internal/sqldb"
)

type meetingFormData struct {
	OrgCodes casework.CodeList
	MyOrg    string
	// Rows is the attendee table, one active organization a row.
	Rows []attendeeRow
}

func (s *Server) meetingFormData(r *http.Request) (*meetingFormData, error) {
	orgs, err := s.db.Organizations(r.Context(), actor(r))
	a := actor(r)
	d := &meetingFormData{MyOrg: a.OrganizationID, OrgCodes: orgPicker(orgs), Rows: attendeeRows(orgs, a.OrganizationID)}
	return d, err
}

func (s *Server) meetingNewPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.meetingFormData(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	// propose the first working day a week from now, 14:00
	day := japanese.NextWorkingDay(s.now().In(jst).AddDate(0, 0, 7))
	a := actor(r)
	form := url.Values{"scheduled_at": {day.Format("2006-01-02") + "T14:00"}, "host_organization_id": {a.OrganizationID},
		"present": {a.OrganizationID}, "type": {r.URL.Query().Get("type")}}
	s.render(w, r, http.StatusOK, "meeting_new", &Page{Title: "会議の登録", Nav: "meetings", Data: d, Form: form})
}

func meetingFromForm(f url.Values) (casework.Meeting, error) {
	m := casework.Meeting{Type: f.Get("type"), Title: f.Get("title"), Place: f.Get("place"), HostOrgID: f.Get("host_organization_id"),
		NonPublic: f.Get("non_public") == "1"}
	// every problem at once: the form's own, then the meeting's rules
	v := casework.Invalid{}
	if at, ok := parseLocalDateTime(f.Get("scheduled_at")); ok {
		m.ScheduledAt = at
	} else if f.Get("scheduled_at") == "" {
		v.Add("scheduled_at", "開催日時を入力してください。")
	} else {
		v.Add("scheduled_at", "開催日時は 2026-06-10 14:00 または R8.6.10 14:00 の形で入力してください。")
	}
	m.Attendees = attendeesFromForm(f, v)
	if len(v) == 0 {
		return m, nil
	}
	check := m
	for k, msg := range casework.ErrorFields(check.Validate()) {
		v.Add(k, msg)
	}
	return m, v.Err()
}

func (s *Server) meetingCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	m, err := meetingFromForm(r.PostForm)
	if err == nil {
		err = s.db.CreateMeeting(r.Context(), actor(r), &m)
	}
	if err != nil {
		d, derr := s.meetingFormData(r)
		if derr != nil {
			s.errorPage(w, r, derr)
			return
		}
		s.formPage(w, r, "meeting_new", &Page{Title: "会議の登録", Nav: "meetings", Data: d}, err)
		return
	}
	http.Redirect(w, r, "/meetings/"+m.ID+"?done=meeting", http.StatusSeeOther)
}

type meetingData struct {
	Meeting  casework.Meeting
	OrgName  map[string]string
	OrgCodes casework.CodeList
	Cases    casework.CodeList
	// Outreach targets on the agenda (支援会議 only) and the actor's own
	// targets that may be put on it.
	OutreachItems []casework.OutreachMeetingItem
	Targets       casework.CodeList
	Rows          []int
	CanWrite      bool
	Now           time.Time
	// Issue 19: who the viewer is at this meeting.
	IsHost, IsDecisionMaker bool
	MyOrg, MyUser           string
	Statutory               bool
	AttendeeLabel           map[string]string
	Left                    map[string]map[string]bool
	MeetingDay              string
}

func (s *Server) meetingData(r *http.Request, id string, print bool) (*meetingData, error) {
	a := actor(r)
	m, err := s.db.Meeting(r.Context(), a, id, print)
	if err != nil {
		return nil, err
	}
	d := &meetingData{Meeting: m, CanWrite: casework.CanWriteCases(a), Rows: []int{0, 1, 2, 3}, Now: s.now(),
		IsHost: casework.IsMeetingHost(a, m), IsDecisionMaker: a.Has(casework.RoleDecisionMaker), MyOrg: a.OrganizationID, MyUser: a.UserID,
		Statutory: casework.StatutoryMeeting(m.Type), AttendeeLabel: map[string]string{}, Left: map[string]map[string]bool{},
		MeetingDay: casework.Today(m.ScheduledAt)}
	if d.OrgName, err = s.orgNames(r); err != nil {
		return nil, err
	}
	for _, at := range m.Attendees {
		label := d.OrgName[at.OrganizationID]
		if at.Name != "" {
			label += " " + at.Name
		}
		d.AttendeeLabel[at.ID] = label
	}
	for _, it := range m.Items {
		d.Left[it.ID] = map[string]bool{}
		for _, id := range it.LeftRoom {
			d.Left[it.ID][id] = true
		}
	}
	for _, at := range m.Attendees {
		d.OrgCodes = append(d.OrgCodes, casework.CodeItem{Value: at.OrganizationID, Label: d.OrgName[at.OrganizationID]})
	}
	items := s.db.MeetingOutreachItems
	if print {
		items = s.db.PrintMeetingOutreachItems
	}
	if d.OutreachItems, err = items(r.Context(), a, id); err != nil {
		return nil, err
	}
	if !print && d.CanWrite && m.Type == "shien_kaigi" {
		ts, err := s.db.OutreachTargets(r.Context(), a, "")
		if err != nil {
			return nil, err
		}
		for _, t := range ts {
			if len(t.SharedAt) == 0 && t.Stage != "handed_over" {
				d.Targets = append(d.Targets, casework.CodeItem{Value: t.ID, Label: t.DisplayName + "（" + casework.OutreachStages.Label(t.Stage) + "）"})
			}
		}
	}
	if !print && d.CanWrite {
		cs, err := s.db.Cases(r.Context(), a, sqldb.CaseFilter{Limit: 200})
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			if c.Status != "closed" {
				d.Cases = append(d.Cases, casework.CodeItem{Value: c.ID, Label: c.Number + " " + c.FocusName})
			}
		}
	}
	return d, nil
}

func (s *Server) meetingPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.meetingData(r, r.PathValue("id"), false)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	form := url.Values{"minutes": {d.Meeting.Minutes}, "version": {strconv.Itoa(d.Meeting.Version)}}
	s.render(w, r, http.StatusOK, "meeting", &Page{Title: d.Meeting.Title, Nav: "meetings", Data: d, Form: form, Flash: planDone(r)})
}

// meetingAction runs one change from a form on the meeting page.
func (s *Server) meetingAction(w http.ResponseWriter, r *http.Request, form, done string, fn func(a casework.Actor, id string) error) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	id := r.PathValue("id")
	if err := fn(actor(r), id); err != nil {
		d, derr := s.meetingData(r, id, false)
		if derr != nil {
			s.errorPage(w, r, derr)
			return
		}
		s.formPage(w, r, "meeting", &Page{Title: d.Meeting.Title, Nav: "meetings", Data: d, Section: form}, err)
		return
	}
	http.Redirect(w, r, "/meetings/"+id+"?done="+done+"#"+form, http.StatusSeeOther)
}

func (s *Server) meetingItemCreate(w http.ResponseWriter, r *http.Request) {
	s.meetingAction(w, r, "item", "item", func(a casework.Actor, id string) error {
		f := r.PostForm
		it := casework.MeetingItem{CaseID: f.Get("case_id"), Basis: f.Get("basis"), Agenda: f.Get("agenda"), Situation: f.Get("situation"),
			Decisions: f.Get("decisions"), LeadOrgID: f.Get("lead_organization_id"), KeyPerson: f.Get("key_person"), NextDate: f.Get("next_date"),
			ClosureReason: f.Get("closure_reason"), ResourceGaps: strings.Split(f.Get("resource_gaps"), "\n"), PlanID: f.Get("plan_id"),
			LeftRoom: f["left_attendee_ids"]}
		for i := 0; i < 4; i++ {
			k := "role_split." + strconv.Itoa(i) + "."
			it.RoleSplit = append(it.RoleSplit, casework.RoleAssignment{OrganizationID: f.Get(k + "organization_id"), Task: f.Get(k + "task")})
		}
		return s.db.AddMeetingItem(r.Context(), a, id, &it)
	})
}

func (s *Server) meetingMinutes(w http.ResponseWriter, r *http.Request) {
	s.meetingAction(w, r, "minutes", "minutes", func(a casework.Actor, id string) error {
		minutes := r.PostForm.Get("minutes")
		np := r.PostForm.Get("non_public") == "1"
		v, _ := strconv.Atoi(r.PostForm.Get("version"))
		_, err := s.db.UpdateMeeting(r.Context(), a, id, sqldb.MeetingChange{Minutes: &minutes, NonPublic: &np, Version: v})
		return err
	})
}

func (s *Server) meetingPrint(w http.ResponseWriter, r *http.Request) {
	d, err := s.meetingData(r, r.PathValue("id"), true)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "meeting_print", &Page{Title: "議事録 " + d.Meeting.Title, Data: d})
}

func (s *Server) meetingItemToPlan(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	p, err := s.db.ItemToPlan(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		// beside the button on the meeting page (no plan yet, …)
		if d, derr := s.meetingData(r, r.PostForm.Get("meeting_id"), false); derr == nil {
			s.formPage(w, r, "meeting", &Page{Title: d.Meeting.Title, Nav: "meetings", Data: d, Section: "toplan-" + r.PathValue("id")}, err)
			return
		}
		s.errorPage(w, r, err)
		return
	}
	http.Redirect(w, r, "/plans/"+p.ID+"?done=toplan", http.StatusSeeOther)
}

type gapsData struct {
	Gaps    []casework.ResourceGap
	OrgName map[string]string
}

func (s *Server) resourceGapsPage(w http.ResponseWriter, r *http.Request) {
	gs, err := s.db.ResourceGaps(r.Context(), actor(r))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	names, err := s.orgNames(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "meeting_gaps", &Page{Title: "社会資源の不足", Nav: "meetings", Data: &gapsData{Gaps: gs, OrgName: names}})
}
