package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"kasane/internal/casework"
	"kasane/internal/japanese"
	"kasane/internal/report"
	"kasane/internal/sqldb"
)

// viewCell is a figure of a page table with the link to its records.
type viewCell struct {
	Value int64
	Link  string
}

type viewRow struct {
	report.Row
	Cells []viewCell
	Total viewCell
}

type viewSection struct {
	report.Section
	Rows []viewRow
}

// viewSections prepares the report's sections for a page; with drill the
// figures link to the records behind them.
func viewSections(a *report.Annual, drill bool) []viewSection {
	var out []viewSection
	for _, s := range a.Sections {
		vs := viewSection{Section: s}
		for _, r := range s.Rows {
			vr := viewRow{Row: r}
			link := func(month string) string {
				if !drill || !s.Drill {
					return ""
				}
				q := url.Values{"fiscal_year": {strconv.Itoa(a.FiscalYear)}, "section": {s.Key}}
				for k, v := range r.Filter {
					q.Set(k, v)
				}
				if month != "" {
					q.Set("month", month)
				}
				return "/reports/annual/records?" + q.Encode()
			}
			for i, v := range r.Months {
				c := viewCell{Value: v}
				if v > 0 {
					c.Link = link(a.Months[i])
				}
				vr.Cells = append(vr.Cells, c)
			}
			vr.Total = viewCell{Value: r.Total}
			if r.Total > 0 {
				vr.Total.Link = link("")
			}
			vs.Rows = append(vs.Rows, vr)
		}
		out = append(out, vs)
	}
	return out
}

type annualData struct {
	A         *report.Annual
	Sections  []viewSection
	FY        int
	Snapshot  *report.Snapshot
	Snapshots []report.Snapshot
}

func (s *Server) annualPage(w http.ResponseWriter, r *http.Request) {
	fy, err := s.fiscalYear(r)
	page := &Page{Nav: "reports", Flash: doneMessage(r)}
	status := http.StatusOK
	if casework.ErrorCode(err) == casework.EINVALID {
		// the year could not be read: this year's report, with the message
		// beside the field and what was typed kept
		fy, status = japanese.FiscalYear(s.now().In(jst)), http.StatusUnprocessableEntity
		page.Errors, page.ErrorSummary, page.Form = casework.ErrorFields(err), casework.ErrorMessage(err), r.URL.Query()
	} else if err != nil {
		s.errorPage(w, r, err)
		return
	}
	a, err := s.db.AnnualReport(r.Context(), actor(r), fy)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	snaps, err := s.db.Snapshots(r.Context(), actor(r), fy)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	d := &annualData{A: a, Sections: viewSections(a, true), FY: fy, Snapshots: snaps}
	page.Title, page.Data = japanese.FiscalYearLabel(fy)+" 年次集計", d
	s.render(w, r, status, "report_annual", page)
}

type recordsData struct {
	Q       sqldb.RecordQuery
	Title   string
	Filters []string
	Recs    sqldb.Records
}

func (s *Server) annualRecordsPage(w http.ResponseWriter, r *http.Request) {
	fy, err := s.fiscalYear(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	q := recordQuery(r, fy)
	recs, err := s.db.AnnualRecords(r.Context(), actor(r), q)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	d := &recordsData{Q: q, Title: report.Titles.Label(q.Section), Recs: recs}
	for _, k := range []string{"jigyo", "bunya", "reason", "status", "bucket"} {
		if v := q.Filter[k]; v != "" {
			d.Filters = append(d.Filters, filterLabel(k, v))
		}
	}
	s.render(w, r, http.StatusOK, "report_records", &Page{Title: "集計の明細", Nav: "reports", Data: d})
}

func filterLabel(k, v string) string {
	switch k {
	case "jigyo":
		return "事業: " + codeList("jigyo").Label(v)
	case "bunya":
		return "分野: " + codeList("bunya").Label(v)
	case "reason":
		return "終結理由: " + codeList("closureReasons").Label(v)
	case "status":
		return "結果: " + codeList("referralStatuses").Label(v)
	}
	for _, b := range report.DayBuckets {
		if b.Key == v {
			return "受諾まで: " + b.Label
		}
	}
	return v
}

func (s *Server) snapshotCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	fy, err := strconv.Atoi(r.PostForm.Get("fiscal_year"))
	if err != nil {
		s.errorPage(w, r, report.ValidFiscalYear(0))
		return
	}
	snap, err := s.db.CreateSnapshot(r.Context(), actor(r), fy, r.PostForm.Get("title"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	http.Redirect(w, r, "/reports/snapshots/"+snap.ID+"?done=saved", http.StatusSeeOther)
}

func (s *Server) snapshotsPage(w http.ResponseWriter, r *http.Request) {
	ss, err := s.db.Snapshots(r.Context(), actor(r), 0)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "report_snapshots", &Page{Title: "保存した集計", Nav: "reports", Data: ss})
}

func (s *Server) snapshotPage(w http.ResponseWriter, r *http.Request) {
	snap, err := s.db.Snapshot(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	d := &annualData{A: snap.Report, Sections: viewSections(snap.Report, false), FY: snap.FiscalYear, Snapshot: &snap}
	s.render(w, r, http.StatusOK, "report_annual", &Page{Title: snap.Title, Nav: "reports", Data: d, Flash: doneMessage(r)})
}

type dashboardData struct {
	D      *report.Dashboard
	FY     int
	Charts map[string]template.HTML
	// NewRows are the 分野 rows of the new consultations (without the total).
	NewRows []report.Row
	// NewTotal is the number of new cases of the year (each case once).
	NewTotal int64
}

func (s *Server) dashboardPage(w http.ResponseWriter, r *http.Request) {
	fy, err := s.fiscalYear(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	d, err := s.db.Dashboard(r.Context(), actor(r), fy)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	dd := &dashboardData{D: d, FY: fy, Charts: map[string]template.HTML{}}
	if len(d.NewByMonth.Rows) > 1 {
		dd.NewRows = d.NewByMonth.Rows[1:]
		dd.NewTotal = d.NewByMonth.Rows[0].Total
	}
	dd.Charts["status"] = report.BarChart("chart-status", "状態別のケース数（現在）", "件", d.CasesByStatus)
	dd.Charts["new"] = report.MonthChart("chart-new", japanese.FiscalYearLabel(fy)+" 月別の新規相談件数（1ケース1件、主な分野で色分け）", "件", d.Months, d.NewByMonth.Primary)
	dd.Charts["wait"] = report.BarChart("chart-wait", japanese.FiscalYearLabel(fy)+" つなぎの受諾までの日数", "件", d.ReferralWait)
	dd.Charts["watch"] = report.BarChart("chart-watch", "対応が必要なことの件数（現在、市区町村全体）", "件", d.Watches)
	s.render(w, r, http.StatusOK, "dashboard", &Page{Title: "集計ダッシュボード", Nav: "reports", Data: dd})
}
