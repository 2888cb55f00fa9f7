package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
)

type participationData struct {
	Person      casework.Person
	Profile     casework.NeedsProfile
	Suggestions []casework.Suggestion
	Matches     []casework.Match
	Choices     casework.CodeList // the suggestions, best first, for the proposal form
	MenuChoices casework.CodeList // each suggestion's menus (value "resource id|menu")
	CanWrite    bool
}

func profileForm(p casework.NeedsProfile) url.Values {
	v := url.Values{"interests": p.Interests, "days": p.Days, "time_slots": p.TimeSlots, "support_needed": p.SupportNeeded}
	v.Set("districts", strings.Join(p.Districts, "\n"))
	v.Set("health_limits", p.HealthLimits)
	v.Set("note", p.Note)
	v.Set("version", strconv.Itoa(p.Version))
	if p.HomeLat != nil && p.HomeLng != nil {
		v.Set("home_lat", strconv.FormatFloat(*p.HomeLat, 'f', -1, 64))
		v.Set("home_lng", strconv.FormatFloat(*p.HomeLng, 'f', -1, 64))
	}
	return v
}

func (s *Server) participationPageData(r *http.Request, personID string) (*Page, error) {
	a := actor(r)
	d := &participationData{CanWrite: casework.CanWriteCases(a)}
	var err error
	if d.Person, err = s.db.Person(r.Context(), a, personID); err != nil {
		return nil, err
	}
	if d.Profile, err = s.db.NeedsProfile(r.Context(), a, personID); err != nil {
		return nil, err
	}
	if d.Suggestions, err = s.db.MatchSuggestions(r.Context(), a, personID); err != nil {
		return nil, err
	}
	for _, sg := range d.Suggestions {
		d.Choices = append(d.Choices, casework.CodeItem{Value: sg.Resource.ID, Label: sg.Resource.Name + "（点数 " + strconv.Itoa(sg.Score) + "）"})
		// the menus are the host's: one choice per menu of each resource
		score := "（点数 " + strconv.Itoa(sg.Score) + "）"
		if len(sg.Resource.Menus) == 0 {
			d.MenuChoices = append(d.MenuChoices, casework.CodeItem{Value: sg.Resource.ID + "|", Label: sg.Resource.Name + "（メニューの登録なし）" + score})
		}
		for _, menu := range sg.Resource.Menus {
			d.MenuChoices = append(d.MenuChoices, casework.CodeItem{Value: sg.Resource.ID + "|" + menu, Label: sg.Resource.Name + ": " + menu + score})
		}
	}
	if d.Matches, err = s.db.Matches(r.Context(), a, sqldb.MatchFilter{PersonID: personID}); err != nil {
		return nil, err
	}
	return &Page{Title: "参加支援: " + d.Person.DisplayName(), Nav: "outreach", Data: d, Form: profileForm(d.Profile), Section: "profile"}, nil
}

func (s *Server) participationPage(w http.ResponseWriter, r *http.Request) {
	p, err := s.participationPageData(r, r.PathValue("id"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	p.Flash = outreachDone(r)
	s.render(w, r, http.StatusOK, "participation", p)
}

func (s *Server) participationProfileSave(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	s.orFormAction(w, r, "participation", "profile", func() (*Page, error) { return s.participationPageData(r, id) }, func(f url.Values) (string, error) {
		p := casework.NeedsProfile{PersonID: id, Interests: f["interests"], Days: f["days"], TimeSlots: f["time_slots"],
			Districts: strings.Split(f.Get("districts"), "\n"), HealthLimits: f.Get("health_limits"), SupportNeeded: f["support_needed"], Note: f.Get("note")}
		p.Version, _ = strconv.Atoi(f.Get("version"))
		var err error
		if p.HomeLat, err = orFormCoord(f, "home_lat"); err != nil {
			return "", err
		}
		if p.HomeLng, err = orFormCoord(f, "home_lng"); err != nil {
			return "", err
		}
		if err := s.db.SaveNeedsProfile(r.Context(), actor(r), &p); err != nil {
			return "", err
		}
		return "/persons/" + id + "/participation?done=profile", nil
	})
}

func (s *Server) participationMatchCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	f := r.PostForm
	m := casework.Match{PersonID: f.Get("person_id"), ResourceID: f.Get("resource_id"), Menu: f.Get("menu")}
	if res, menu, ok := strings.Cut(f.Get("pick"), "|"); ok {
		// a menu of the host chosen from the list; the typed menu only for a
		// resource without menus
		m.ResourceID = res
		if menu != "" {
			m.Menu = menu
		}
	}
	if err := s.db.CreateMatch(r.Context(), actor(r), &m); err != nil {
		if casework.ErrorCode(err) != casework.EINVALID {
			s.errorPage(w, r, err)
			return
		}
		p, derr := s.participationPageData(r, m.PersonID)
		if derr != nil {
			s.errorPage(w, r, derr)
			return
		}
		p.Section = "match"
		s.formPage(w, r, "participation", p, renameFields(err, map[string]string{"resource_id": "pick"}))
		return
	}
	http.Redirect(w, r, "/participation-matches/"+m.ID+"?done=match", http.StatusSeeOther)
}

type matchPageData struct {
	Match    casework.Match
	Next     casework.CodeList
	CanWrite bool              // change the state (the proposing organization)
	CanLog   bool              // write a log (the proposing organization, or the host its own part)
	LogKinds casework.CodeList // the kinds of log the user may write
}

func (s *Server) matchPageData(r *http.Request, id string) (*Page, error) {
	m, err := s.db.Match(r.Context(), actor(r), id)
	if err != nil {
		return nil, err
	}
	a := actor(r)
	d := &matchPageData{Match: m, CanWrite: !m.HostView && casework.CanMoveMatch(a, m) == nil}
	host := ""
	if m.HostView {
		host = a.OrganizationID // only the host's own organization gets the host view
	}
	for _, k := range casework.MatchLogKinds {
		if (!m.HostView || casework.CanSeeAsHost(a, host)) && casework.CanAddMatchLog(a, m, host, k.Value) == nil {
			d.LogKinds = append(d.LogKinds, k)
		}
	}
	d.CanLog = len(d.LogKinds) > 0
	for _, st := range casework.MatchStatuses {
		if casework.CheckMatchMove(m.Status, st.Value, "x") == nil {
			d.Next = append(d.Next, st)
		}
	}
	form := url.Values{"at": {s.now().In(jst).Format("2006-01-02T15:04")}, "version": {strconv.Itoa(m.Version)}}
	return &Page{Title: "参加支援: " + m.ResourceName, Nav: "outreach", Data: d, Form: form, Section: "log"}, nil
}

func (s *Server) participationMatchPage(w http.ResponseWriter, r *http.Request) {
	p, err := s.matchPageData(r, r.PathValue("id"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	p.Flash = outreachDone(r)
	s.render(w, r, http.StatusOK, "participation_match", p)
}

func (s *Server) participationMatchMove(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	s.orFormAction(w, r, "participation_match", "move", func() (*Page, error) { return s.matchPageData(r, id) }, func(f url.Values) (string, error) {
		v, _ := strconv.Atoi(f.Get("version"))
		_, err := s.db.MoveMatch(r.Context(), actor(r), id, f.Get("to"), f.Get("reason"), f.Get("on"), v)
		return "/participation-matches/" + id + "?done=moved", err
	})
}

func (s *Server) participationLogCreate(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	s.orFormAction(w, r, "participation_match", "log", func() (*Page, error) { return s.matchPageData(r, id) }, func(f url.Values) (string, error) {
		at, err := orParseAt("at", f.Get("at"))
		if err != nil {
			return "", err
		}
		l := casework.MatchLog{Kind: f.Get("kind"), At: at, Method: f.Get("method"), Note: f.Get("note")}
		return "/participation-matches/" + id + "?done=log", s.db.AddMatchLog(r.Context(), actor(r), id, &l)
	})
}
