package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
)

// caseListRoutes are the case list's own routes beside GET /cases: its
// export and the saved views (each user's own).
var caseListRoutes = []route{
	{"GET /cases/export", false, (*Server).casesExport},
	{"POST /case-views", false, (*Server).caseViewSave},
	{"POST /case-views/{id}/delete", false, (*Server).caseViewDelete},
}

// sortHeader is one column head of the case list: a link that sorts by the
// column (again: the other way round) and the column's aria-sort.
type sortHeader struct {
	Label, URL, AriaSort, Mark string
}

// statusCount is one link of the counts per status.
type statusCount struct {
	Label, URL string
	N          int
	Current    bool
}

type caseListData struct {
	Count int
	Page  int    // 1 on the first page
	Rows  any    // template.HTML: the table rows, see caseRows
	Sort  string // the order in force
	// FirstURL goes back to the first page, NextURL on to the next
	// ("" where there is none).
	FirstURL, NextURL string
	Heads             []sortHeader
	Counts            []statusCount
	Total             int
	Filtered          bool   // some filter is set
	Query             string // the filters and order, for a saved view and the export
	Views             []viewLink
	// Export holds the links of the export of the filtered list
	Export           struct{ XLSX, CSV, CP932 template.URL }
	Orgs, Colleagues casework.CodeList
	OrderLabel       string
}

// viewLink is a saved view as the page links it.
type viewLink struct {
	ID, Name string
	URL      template.URL // "/cases?…" built from the kept filter keys only
}

// caseListPage is the number of cases a page of the case list shows.
const caseListPage = 100

// caseListColumns are the sortable columns: label and sort key; the first
// order of each is its natural one (dates newest first, last record oldest
// first: the cases longest without contact).
var caseListColumns = []struct{ label, key, first string }{
	{"番号", "number", "number"}, {"本人", "name", "name"}, {"受付日", "received", "-received"},
	{"状態", "status", "status"}, {"主担当機関", "", ""}, {"最終記録", "last_contact", "last_contact"},
}

func (s *Server) casesPage(w http.ResponseWriter, r *http.Request) {
	s.showCaseList(w, r, nil, http.StatusOK)
}

// showCaseList renders the case list for r's query; formErr (saving a view)
// is shown beside the view's name.
func (s *Server) showCaseList(w http.ResponseWriter, r *http.Request, formErr error, status int) {
	q := r.URL.Query()
	a := actor(r)
	p := &Page{Title: "ケース一覧", Nav: "cases", Form: q,
		Flash: map[string]string{"view": "条件を保存しました。", "view_deleted": "保存した条件を削除しました。"}[q.Get("done")]}
	d := &caseListData{Page: max(atoiOr(q.Get("page"), 1), 1), Sort: q.Get("sort")}
	p.Data = d
	fq := caseFilterQuery(q)
	d.Query, d.Filtered = fq.Encode(), len(fq) > 0 && !(len(fq) == 1 && fq.Has("sort"))
	f, ferr := caseFilterFrom(q, a)
	if ferr != nil {
		p.Errors, p.ErrorSummary = casework.ErrorFields(ferr), casework.ErrorMessage(ferr)
		status = http.StatusUnprocessableEntity
	}
	if formErr != nil {
		p.Errors, p.ErrorSummary = casework.ErrorFields(formErr), casework.ErrorMessage(formErr)
		p.Form.Set("view_name", r.PostFormValue("view_name"))
	}
	if !sqldb.CaseSorts.Has(d.Sort) {
		d.Sort = "-received"
	}
	d.OrderLabel = sqldb.CaseSorts.Label(d.Sort)
	names, err := s.orgNames(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	if orgs, err := s.db.Organizations(r.Context(), a); err == nil {
		d.Orgs = sortedOrgChoices(orgs)
	}
	// the list, the saved views and the staff in one read (one connection
	// per page, issue 24); a filter in error lists nothing
	var l sqldb.CaseList
	if ferr == nil {
		f.Limit, f.WithCounts, f.WithChoices, f.WithoutTeams = caseListPage, true, true, true
		f.Offset, _ = strconv.Atoi(q.Get("from"))
		if l, err = s.db.CaseListPage(r.Context(), a, f); err != nil {
			s.errorPage(w, r, err)
			return
		}
	} else {
		if l.Colleagues, err = s.db.Colleagues(r.Context(), a); err != nil {
			s.errorPage(w, r, err)
			return
		}
		if l.Views, err = s.db.CaseViews(r.Context(), a); err != nil {
			s.errorPage(w, r, err)
			return
		}
	}
	d.Colleagues = l.Colleagues
	for _, v := range l.Views {
		u := "/cases"
		if q := caseFilterQuery(mustQuery(v.Query)).Encode(); q != "" {
			u += "?" + q
		}
		d.Views = append(d.Views, viewLink{ID: v.ID, Name: v.Name, URL: template.URL(u)})
	}
	exp := func(extra string) template.URL {
		if d.Query == "" {
			return template.URL("/cases/export?" + extra)
		}
		return template.URL("/cases/export?" + d.Query + "&" + extra)
	}
	d.Export.XLSX, d.Export.CSV, d.Export.CP932 = exp("format=xlsx"), exp("format=csv"), exp("format=csv&encoding=cp932")
	d.Count, d.Rows = len(l.Cases), caseRows(l.Cases, names)
	at := func(v url.Values, from, page int) string {
		if page > 1 {
			v.Set("from", strconv.Itoa(from))
			v.Set("page", strconv.Itoa(page))
		}
		if len(v) == 0 {
			return "/cases"
		}
		return "/cases?" + v.Encode()
	}
	if f.Offset > 0 {
		d.FirstURL = at(caseFilterQuery(q), 0, 1)
	}
	if l.Next >= 0 {
		d.NextURL = at(caseFilterQuery(q), l.Next, d.Page+1)
	}
	for _, c := range caseListColumns {
		h := sortHeader{Label: c.label}
		if c.key != "" {
			v := caseFilterQuery(q)
			next := c.first
			switch d.Sort {
			case c.key:
				h.AriaSort, h.Mark, next = "ascending", "▲", "-"+c.key
			case "-" + c.key:
				h.AriaSort, h.Mark, next = "descending", "▼", c.key
			}
			v.Set("sort", next)
			h.URL = at(v, 0, 1)
		}
		d.Heads = append(d.Heads, h)
	}
	if l.Counts != nil {
		all := caseFilterQuery(q)
		all.Del("status")
		for _, st := range casework.CaseStatuses {
			d.Total += l.Counts[st.Value]
		}
		d.Counts = append(d.Counts, statusCount{Label: "すべて", URL: at(all, 0, 1), N: d.Total, Current: f.Status == ""})
		for _, st := range casework.CaseStatuses {
			v := caseFilterQuery(q)
			v.Set("status", st.Value)
			d.Counts = append(d.Counts, statusCount{Label: st.Label, URL: at(v, 0, 1), N: l.Counts[st.Value], Current: f.Status == st.Value})
		}
	}
	s.render(w, r, status, "cases", p)
}

// sortedOrgChoices are the organizations as choices, by kind (in the order
// of the kinds' code list) and name.
func sortedOrgChoices(orgs []casework.Organization) casework.CodeList {
	rank := map[string]int{}
	for i, k := range casework.OrgKinds {
		rank[k.Value] = i
	}
	os := append([]casework.Organization(nil), orgs...)
	for i := 1; i < len(os); i++ { // insertion sort: a municipality has few organizations
		for j := i; j > 0; j-- {
			x, y := os[j-1], os[j]
			if rank[x.Kind] < rank[y.Kind] || (rank[x.Kind] == rank[y.Kind] && x.Name <= y.Name) {
				break
			}
			os[j-1], os[j] = y, x
		}
	}
	out := make(casework.CodeList, 0, len(os))
	for _, o := range os {
		out = append(out, casework.CodeItem{Value: o.ID, Label: o.Name})
	}
	return out
}

func atoiOr(s string, def int) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	return def
}

// casesExport sends the filtered case list (every page) as CSV (UTF-8 with
// BOM, or CP932 with encoding=cp932) or .xlsx; the export is audited with
// its filters before anything is sent.
func (s *Server) casesExport(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	a := actor(r)
	f, err := caseFilterFrom(q, a)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	format, enc := q.Get("format"), q.Get("encoding")
	if format == "" {
		format = "csv"
	}
	if format != "csv" && format != "xlsx" {
		s.errorPage(w, r, invalid("format", "形式は CSV か Excel（xlsx）を選んでください。"))
		return
	}
	if format == "csv" && enc != "cp932" {
		enc = "utf8"
	}
	if format == "xlsx" {
		enc = ""
	}
	t, err := s.db.CaseListExport(r.Context(), a, f, sqldb.ExportOptions{Format: format, Encoding: enc}, describeCaseFilter(q))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	name := "ケース一覧_" + s.now().In(jst).Format("20060102")
	if _, err := s.sendTable(w, format, enc, name, t); err != nil {
		s.errorPage(w, r, err)
	}
}

// caseViewSave keeps the filters in force under a name, for the user alone.
func (s *Server) caseViewSave(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	query, _ := url.ParseQuery(r.PostForm.Get("query"))
	v := sqldb.CaseView{Name: r.PostForm.Get("view_name"), Query: caseFilterQuery(query).Encode()}
	if _, err := caseFilterFrom(query, actor(r)); err != nil {
		s.errorPage(w, r, err)
		return
	}
	if err := s.db.SaveCaseView(r.Context(), actor(r), &v); err != nil {
		if casework.ErrorCode(err) != casework.EINVALID {
			s.errorPage(w, r, err)
			return
		}
		r.URL.RawQuery = v.Query
		s.showCaseList(w, r, err, http.StatusUnprocessableEntity)
		return
	}
	target := "/cases?" + v.Query
	if v.Query != "" {
		target += "&"
	}
	http.Redirect(w, r, target+"done=view", http.StatusSeeOther)
}

// caseViewDelete deletes one of the user's saved views.
func (s *Server) caseViewDelete(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	if err := s.db.DeleteCaseView(r.Context(), actor(r), r.PathValue("id")); err != nil {
		s.errorPage(w, r, err)
		return
	}
	back := "/cases"
	if q := strings.TrimSpace(r.PostForm.Get("back")); q != "" {
		back += "?" + caseFilterQuery(mustQuery(q)).Encode()
	}
	if strings.Contains(back, "?") {
		back += "&done=view_deleted"
	} else {
		back += "?done=view_deleted"
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

func mustQuery(s string) url.Values {
	v, _ := url.ParseQuery(s)
	return v
}
