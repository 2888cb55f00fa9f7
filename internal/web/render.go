package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
	"time"

	"kasane/internal/casework"
	"kasane/internal/japanese"
	"kasane/internal/sqldb"
)

//go:embed templates
var templateFS embed.FS

// Page is what every page template receives.
type Page struct {
	Title  string
	Nav    string // the active navigation item
	User   *principal
	Org    string // the user's organization name
	Demo   bool
	Flash  string
	Errors map[string]string // field → message
	// ErrorSummary is shown at the top of a form.
	ErrorSummary string
	Form         url.Values // what the user typed, re-shown on error
	Data         any
	// Section names the form of a multi-form page that the errors and
	// typed values belong to.
	Section string
	// errorPos is where each field with an error sits on the page.
	errorPos map[string]int
	// Restored: what was typed before the session ended was put back
	// (form_stash.go); RestoredFields names the fields.
	Restored       string
	RestoredFields []string
}

// For returns the page as seen by form name: other forms of the page get
// neither the errors nor the typed values of the one that was sent.
func (p *Page) For(name string) *Page {
	if p.Section == "" || p.Section == name {
		return p
	}
	q := *p
	q.Errors, q.Form = nil, url.Values{}
	return &q
}

// Err returns the message for field, for templates.
func (p *Page) Err(field string) string { return p.Errors[field] }

// Val returns what the user typed in field.
func (p *Page) Val(field string) string { return p.Form.Get(field) }

// Checked reports whether field had value v among its values.
func (p *Page) Checked(field, v string) bool {
	for _, x := range p.Form[field] {
		if x == v {
			return true
		}
	}
	return false
}

func (s *Server) parseTemplates() error {
	funcs := template.FuncMap{
		"asset": s.assets.url,
		"hitCodes": func(hs []sqldb.PersonHit) casework.CodeList {
			var l casework.CodeList
			for _, h := range hs {
				l = append(l, casework.CodeItem{Value: h.ID, Label: h.DisplayName + "（" + h.BirthShown + "）"})
			}
			return l
		},
		"wareki": func(t time.Time) string { return japanese.FormatWareki(t) },
		"both":   func(t time.Time) string { return japanese.FormatBoth(t.In(jst)) },
		// canEditCase: whether the case page offers the edit (the rule is casework's)
		"canEditCase": func(a casework.Actor, c casework.Case) bool { return casework.CanEditCase(a, c) == nil },
		"day":         dayShown,
		"datetime":    datetimeShown,
		"nendo":       japanese.FiscalYearLabel,
		"nendoName":   japanese.FiscalYearName,
		"erasAttr":    erasAttr,
		"tel":         telLink,
		"orgKind":     casework.OrgKinds.Label,
		"role":        casework.Roles.Label,
		"bunya":       casework.Bunya.Label,
		"jigyo":       casework.Jigyo.Label,
		"join":        strings.Join,
		"has":         func(a casework.Actor, r string) bool { return a.Has(r) },
		"canSearch":   casework.CanSearchPersons,
		"staff":       casework.CanHandleCases,
		"fld":         fld,
		"opts":        withOptions,
		"codeLabel":   func(list, v string) string { return codeList(list).Label(v) },
		"codes": func(name string) casework.CodeList {
			return codeList(name)
		},
	}
	base, err := template.New("base").Funcs(funcs).ParseFS(templateFS, "templates/layout/*.html")
	if err != nil {
		return err
	}
	s.pages = map[string]*template.Template{}
	entries, err := fs.ReadDir(templateFS, "templates")
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".html") {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(templateFS, "templates/"+e.Name())
		if err != nil {
			return fmt.Errorf("template %s: %w", e.Name(), err)
		}
		s.pages[strings.TrimSuffix(e.Name(), ".html")] = t
	}
	return nil
}

// codeList finds a named code list for templates in the core lists or a
// feature's own (planCodes, reportCodes, …).
func codeList(name string) casework.CodeList {
	for _, m := range []map[string]casework.CodeList{codeLists, planCodes, reportCodes, outreachCodes, intakeCodes} {
		if l, ok := m[name]; ok {
			return l
		}
	}
	return nil
}

var codeLists = map[string]casework.CodeList{
	"orgKinds": casework.OrgKinds, "roles": casework.Roles, "bunya": casework.Bunya, "jigyo": casework.Jigyo,
	"problems": casework.Problems, "routes": casework.IntakeRoutes, "methods": casework.IntakeMethods,
	"screenings": casework.Screenings, "contactMethods": casework.ContactMethods, "sexes": casework.Sexes,
	"caseStatuses": casework.CaseStatuses, "closureReasons": casework.ClosureReasons, "statutes": casework.Statutes,
	"givenBy": casework.ConsentGivenBy, "consentMethods": casework.ConsentMethods, "dataCategories": casework.DataCategories,
	"meetingTypes": casework.MeetingTypes, "purposes": casework.ConsentPurposeSet, "referralStatuses": casework.ReferralStatuses,
	"householdKinds": casework.HouseholdKinds, "relationships": casework.Relationships, "memberRoles": casework.MemberRoles,
	"relationKinds": casework.RelationKinds, "relationMoods": casework.RelationMoods, "serviceCategories": casework.ServiceCategories,
}

var jst = time.FixedZone("JST", 9*60*60)

// render writes a page; the template is executed into a buffer first so an
// error never sends half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p *Page) {
	t, ok := s.pages[name]
	if !ok {
		s.errorPage(w, r, fmt.Errorf("no template %s", name))
		return
	}
	p.User = principalOf(r)
	p.Demo = s.cfg.Demo
	s.restoreForm(w, r, p)
	if p.User != nil && !p.User.MFAPending && p.Org == "" {
		if name, err := s.db.OrganizationName(r.Context(), p.User.Actor, p.User.Actor.OrganizationID); err == nil {
			p.Org = name
		}
	}
	var buf bytes.Buffer
	if len(p.Errors) > 1 { // a first rendering finds the fields' order
		if err := t.ExecuteTemplate(&buf, name, p); err == nil {
			p.orderErrors(buf.Bytes())
		}
		buf.Reset()
	}
	if err := t.ExecuteTemplate(&buf, name, p); err != nil {
		s.log.Error("template", "name", name, "error", err.Error())
		http.Error(w, "システムエラーが発生しました。", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// errorPage shows an error as a page with the safe message.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, err error) {
	pr := s.problemFor(r, err)
	if pr.Status == http.StatusUnauthorized {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	if pr.Status == http.StatusServiceUnavailable {
		s.unavailablePage(w, r, pr) // unavailable.go
		return
	}
	s.render(w, r, pr.Status, "error", &Page{Title: pr.Title, Data: pr})
}

// formPage re-renders a form with what the user typed and the messages of err.
func (s *Server) formPage(w http.ResponseWriter, r *http.Request, name string, p *Page, err error) {
	code := casework.ErrorCode(err)
	if code != casework.EINVALID && code != casework.ECONFLICT && code != casework.ECONSENT && code != casework.ECONFIDENTIALITY {
		s.errorPage(w, r, err)
		return
	}
	p.Errors = casework.ErrorFields(err)
	p.ErrorSummary = casework.ErrorMessage(err)
	p.Form = r.PostForm
	s.render(w, r, StatusOf(err), name, p)
}

// datetimeShown renders a moment for people in JST with its 和暦:
// 令和8年12月6日 (2026) 22:57.
func datetimeShown(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(jst)
	return fmt.Sprintf("%s (%d) %s", japanese.FormatWareki(t), t.Year(), t.Format("15:04"))
}

// dayShown renders a stored date ("2026-06-30", or a time) with its 和暦:
// 令和8年6月30日 (2026). Anything else is shown as it is.
func dayShown(v any) string {
	switch d := v.(type) {
	case time.Time:
		if d.IsZero() {
			return ""
		}
		return japanese.FormatBoth(d.In(jst))
	case string:
		if len(d) != 10 {
			return d
		}
		jd, err := japanese.ParseDate(d)
		if err != nil || !jd.Known() {
			return d
		}
		return jd.Display()
	}
	return fmt.Sprint(v)
}

// erasAttr is the era table for the browser's 和暦 converter (kasane.js).
func erasAttr() string {
	var b strings.Builder
	for i, e := range japanese.Eras() {
		if i > 0 {
			b.WriteByte(';')
		}
		b.WriteString(e.Name + "," + e.Letter + "," + e.Start)
	}
	return b.String()
}
