package web

import (
	"net/http"
	"net/url"

	"kasane/internal/casework"
	"kasane/internal/japanese"
	"kasane/internal/report"
)

// The monthly reports of the contractors (委託事業者の月次報告, issue 22) for
// 多機関協働 (takikan), 参加支援 (sanka) and 地域づくり (chiiki): one
// organization's months, and the municipality-wide view across the
// organizations for a month or the year. Named in parallel with the
// outreach report (GET /api/v1/outreach-reports?organization_id=&fiscal_year=
// &format=), under /reports like the annual report.
var (
	monthlyRoutes = []route{
		{"GET /reports/monthly/{program}", false, (*Server).monthlyPage},
		{"GET /reports/monthly/{program}/export", false, (*Server).monthlyExport},
		{"GET /reports/monthly/{program}/municipality", false, (*Server).monthlyOverviewPage},
		{"GET /reports/monthly/{program}/municipality/export", false, (*Server).monthlyOverviewExport},

		{"GET /api/v1/reports/monthly/{program}", false, (*Server).apiMonthlyReport},
		{"GET /api/v1/reports/monthly/{program}/municipality", false, (*Server).apiMonthlyOverview},
	}
	monthlyDocs = map[string]apiDoc{
		"GET /api/v1/reports/monthly/{program}": {"委託事業者の月次報告（program=takikan 多機関協働、sanka 参加支援、chiiki 地域づくり）。organization_id= の機関（省略時は自機関）の fiscal_year= の12か月と合計。自機関の報告は相談を扱う職員が、他機関の報告は市の担当課の職員と市区町村管理者だけが見られる（他は403）。format=csv（UTF-8 BOM付き、encoding=cp932 で Shift_JIS）または format=xlsx でファイル。閲覧も出力も監査記録あり",
			"", "MonthlyReport", false},
		"GET /api/v1/reports/monthly/{program}/municipality": {"委託事業者の月次報告の市区町村全体の表（機関ごとの行と合計。month=YYYY-MM の月、省略時は fiscal_year= の年度計）。市の担当課の職員と市区町村管理者だけ（他は403）。format=csv|xlsx でファイル（encoding=cp932 可）。閲覧も出力も監査記録あり",
			"", "MonthlyOverview", false},
	}
)

func init() {
	pathParamSchemas["program"] = enum(casework.MonthlyPrograms)
	format := qvals("format", "json（既定）、csv、xlsx（ファイルとして出力、監査記録あり）", "json", "csv", "xlsx")
	queryParams["GET /api/v1/reports/monthly/{program}"] = []qparam{qFiscalYearText, qstr("organization_id", "機関の ID（省略時は自機関）"), format, qEncoding}
	queryParams["GET /api/v1/reports/monthly/{program}/municipality"] = []qparam{qFiscalYearText,
		{name: "month", desc: "月（YYYY-MM、年度の中の月）。省略時は年度計", schema: map[string]any{"type": "string", "pattern": `^\d{4}-\d{2}$`}}, format, qEncoding}
}

func monthlySchemas() map[string]any {
	integer := map[string]any{"type": "integer"}
	values := map[string]any{"type": "object", "description": "項目（measures の key）ごとの数。null は空欄（まだ来ていない月、年度の合計の月末時点の数）",
		"additionalProperties": map[string]any{"type": []string{"integer", "null"}}}
	row := obj(map[string]any{"month": str(), "label": map[string]any{"type": "string", "description": "和暦の月（令和8年4月）、機関名、または「合計」"},
		"organization_id": str(), "operation": map[string]any{"type": "string", "description": "運営（直営・委託・委託なし）"}, "values": values}, "label", "values")
	measure := obj(map[string]any{"key": str(), "label": str(), "note": str(),
		"kind": map[string]any{"type": "string", "enum": []string{report.MeasureFlow, report.MeasureDistinct, report.MeasureStock},
			"description": "flow: 期間中の件数（合計は和）、distinct: 実人数など重複を除いた数（合計も重複を除く）、stock: 期末時点の数（年度の合計は空欄）"}}, "key", "label", "kind")
	arr := func(s map[string]any) map[string]any { return map[string]any{"type": "array", "items": s} }
	return map[string]any{
		"MonthlyReport": obj(map[string]any{"program": enum(casework.MonthlyPrograms), "program_label": str(), "organization_id": str(),
			"organization_name": str(), "fiscal_year": integer, "fiscal_year_label": map[string]any{"type": "string", "description": "令和8年度"},
			"measures": arr(measure), "months": arr(row), "total": row}, "program", "organization_id", "fiscal_year", "measures", "months", "total"),
		"MonthlyOverview": obj(map[string]any{"program": enum(casework.MonthlyPrograms), "program_label": str(), "fiscal_year": integer,
			"fiscal_year_label": str(), "month": str(), "period_label": map[string]any{"type": "string", "description": "令和8年5月、または年度（令和8年度（2026年度））"},
			"measures": arr(measure), "organizations": arr(row), "total": row}, "program", "fiscal_year", "measures", "organizations", "total"),
	}
}

// monthlyFile reads format and encoding of a download (csv by default).
func monthlyFile(r *http.Request) (string, string, error) {
	q := r.URL.Query()
	format, enc := q.Get("format"), q.Get("encoding")
	switch format {
	case "", "csv":
		e, err := report.Encoding(enc)
		if err != nil {
			return "", "", err
		}
		if e == japanese.CP932 {
			return "csv", "cp932", nil
		}
		return "csv", "utf8", nil
	case "xlsx":
		return "xlsx", "", nil
	}
	return "", "", invalid("format", "形式は csv または xlsx を指定してください。")
}

func (s *Server) monthlyDownload(w http.ResponseWriter, r *http.Request, fail func(http.ResponseWriter, *http.Request, error)) {
	fy, err := s.fiscalYear(r)
	if err != nil {
		fail(w, r, err)
		return
	}
	format, enc, err := monthlyFile(r)
	if err != nil {
		fail(w, r, err)
		return
	}
	rep, t, err := s.db.ExportMonthlyReport(r.Context(), actor(r), r.PathValue("program"), r.URL.Query().Get("organization_id"), fy, format, enc)
	if err != nil {
		fail(w, r, err)
		return
	}
	if _, err := s.sendTable(w, format, enc, report.MonthlyFile(rep), t); err != nil {
		fail(w, r, err)
	}
}

func (s *Server) overviewDownload(w http.ResponseWriter, r *http.Request, fail func(http.ResponseWriter, *http.Request, error)) {
	fy, err := s.fiscalYear(r)
	if err != nil {
		fail(w, r, err)
		return
	}
	format, enc, err := monthlyFile(r)
	if err != nil {
		fail(w, r, err)
		return
	}
	ov, t, err := s.db.ExportMonthlyOverview(r.Context(), actor(r), r.PathValue("program"), fy, r.URL.Query().Get("month"), format, enc)
	if err != nil {
		fail(w, r, err)
		return
	}
	if _, err := s.sendTable(w, format, enc, report.OverviewFile(ov), t); err != nil {
		fail(w, r, err)
	}
}

func (s *Server) apiMonthlyReport(w http.ResponseWriter, r *http.Request) {
	if f := r.URL.Query().Get("format"); f != "" && f != "json" {
		s.monthlyDownload(w, r, s.apiError)
		return
	}
	fy, err := s.fiscalYear(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	rep, err := s.db.MonthlyReport(r.Context(), actor(r), r.PathValue("program"), r.URL.Query().Get("organization_id"), fy)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rep)
}

func (s *Server) apiMonthlyOverview(w http.ResponseWriter, r *http.Request) {
	if f := r.URL.Query().Get("format"); f != "" && f != "json" {
		s.overviewDownload(w, r, s.apiError)
		return
	}
	fy, err := s.fiscalYear(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	ov, err := s.db.MonthlyOverview(r.Context(), actor(r), r.PathValue("program"), fy, r.URL.Query().Get("month"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, ov)
}

func (s *Server) monthlyExport(w http.ResponseWriter, r *http.Request) {
	s.monthlyDownload(w, r, s.errorPage)
}

func (s *Server) monthlyOverviewExport(w http.ResponseWriter, r *http.Request) {
	s.overviewDownload(w, r, s.errorPage)
}

// monthlyPageData is what the two monthly report pages show.
type monthlyPageData struct {
	Program   string
	Programs  casework.CodeList
	FY        int
	Municipal bool              // the user reads every organization's report
	OrgCodes  casework.CodeList // organizations to pick (municipal users)
	Months    casework.CodeList // months of the year to pick (overview)
	Report    *report.Monthly
	Overview  *report.MonthlyOverview
}

// monthlyPageYear reads the 年度 of a page: one that cannot be read keeps
// this year's report on screen with the message beside the field and the
// input kept (as the annual report page does).
func (s *Server) monthlyPageYear(r *http.Request, page *Page) (int, int) {
	fy, err := s.fiscalYear(r)
	if err != nil {
		page.Errors, page.ErrorSummary = casework.ErrorFields(err), casework.ErrorMessage(err)
		return japanese.FiscalYear(s.now().In(jst)), http.StatusUnprocessableEntity
	}
	return fy, http.StatusOK
}

// monthlyBase fills what both pages share: the program, the year and
// whether the user is the municipality's.
func (s *Server) monthlyBase(w http.ResponseWriter, r *http.Request, page *Page) (*monthlyPageData, int, bool) {
	program := r.PathValue("program")
	if err := casework.CheckMonthlyProgram(program); err != nil {
		s.errorPage(w, r, err)
		return nil, 0, false
	}
	fy, status := s.monthlyPageYear(r, page)
	orgs, err := s.db.Organizations(r.Context(), actor(r))
	if err != nil {
		s.errorPage(w, r, err)
		return nil, 0, false
	}
	a := actor(r)
	d := &monthlyPageData{Program: program, Programs: casework.MonthlyPrograms, FY: fy}
	for _, o := range orgs {
		if o.ID == a.OrganizationID {
			d.Municipal = casework.ReadsMunicipalReports(a, o.Kind)
		}
	}
	if d.Municipal {
		var picked []casework.Organization
		for _, o := range orgs {
			if o.RunsProgram(program) || o.ID == r.URL.Query().Get("organization_id") || o.ID == a.OrganizationID {
				picked = append(picked, o)
			}
		}
		d.OrgCodes = orgFilterPicker(picked)
	}
	for _, m := range casework.FiscalMonths(fy) {
		d.Months = append(d.Months, casework.CodeItem{Value: m, Label: japanese.MonthName(m)})
	}
	page.Nav, page.Form = "reports", r.URL.Query()
	return d, status, true
}

func (s *Server) monthlyPage(w http.ResponseWriter, r *http.Request) {
	page := &Page{}
	d, status, ok := s.monthlyBase(w, r, page)
	if !ok {
		return
	}
	rep, err := s.db.MonthlyReport(r.Context(), actor(r), d.Program, r.URL.Query().Get("organization_id"), d.FY)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	d.Report = rep
	if page.Errors == nil {
		page.Form = url.Values{"fiscal_year": {rep.FiscalYearLabel}, "organization_id": {rep.OrganizationID}}
	}
	page.Title, page.Data = rep.ProgramLabel+"の月次報告 "+japanese.FiscalYearLabel(d.FY)+"（"+rep.OrganizationName+"）", d
	s.render(w, r, status, "monthly_report", page)
}

func (s *Server) monthlyOverviewPage(w http.ResponseWriter, r *http.Request) {
	page := &Page{}
	d, status, ok := s.monthlyBase(w, r, page)
	if !ok {
		return
	}
	month := r.URL.Query().Get("month")
	ov, err := s.db.MonthlyOverview(r.Context(), actor(r), d.Program, d.FY, month)
	if casework.ErrorCode(err) == casework.EINVALID {
		// a month outside the year: the year's table, with the message
		if page.Errors == nil {
			page.Errors = map[string]string{}
		}
		for f, m := range casework.ErrorFields(err) {
			page.Errors[f] = m
		}
		page.ErrorSummary, status = casework.ErrorMessage(err), http.StatusUnprocessableEntity
		month = ""
		ov, err = s.db.MonthlyOverview(r.Context(), actor(r), d.Program, d.FY, month)
	}
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	d.Overview = ov
	if page.Errors == nil {
		page.Form = url.Values{"fiscal_year": {ov.FiscalYearLabel}, "month": {month}}
	}
	page.Title, page.Data = ov.ProgramLabel+"の月次報告 市区町村全体 "+ov.PeriodLabel, d
	s.render(w, r, status, "monthly_overview", page)
}
