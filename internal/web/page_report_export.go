package web

import (
	"net/http"
	"strconv"

	"kasane/internal/japanese"
	"kasane/internal/report"
	"kasane/internal/sqldb"
)

type targetsData struct {
	FY       int
	Progress []report.Progress
	Versions map[string]int
	CanEdit  bool
	// Populations are the population settings (newest year first);
	// Population the one of FY itself (nil: none); Indicators the
	// indicator set of the 実施計画 of FY with the population it uses.
	Populations []report.Population
	Population  *report.Population
	Indicators  *report.IndicatorSet
}

func (s *Server) targetsData(r *http.Request, fy int) (*targetsData, error) {
	a, err := s.db.AnnualReport(r.Context(), actor(r), fy)
	if err != nil {
		return nil, err
	}
	ts, err := s.db.Targets(r.Context(), actor(r), fy)
	if err != nil {
		return nil, err
	}
	d := &targetsData{FY: fy, Progress: report.Compare(a, ts), Versions: map[string]int{}, CanEdit: report.CanSetTargets(actor(r)), Indicators: a.Indicators}
	for _, t := range ts {
		d.Versions[t.Indicator] = t.Version
	}
	if d.Populations, err = s.db.Populations(r.Context(), actor(r)); err != nil {
		return nil, err
	}
	for i := range d.Populations {
		if d.Populations[i].FiscalYear == fy {
			d.Population = &d.Populations[i]
		}
	}
	return d, nil
}

func (s *Server) targetsPage(w http.ResponseWriter, r *http.Request) {
	fy, err := s.fiscalYear(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	d, err := s.targetsData(r, fy)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "report_targets", &Page{Title: japanese.FiscalYearLabel(fy) + " 目標値", Nav: "reports", Data: d, Flash: doneMessage(r)})
}

func (s *Server) targetSave(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	f := r.PostForm
	fy, _ := strconv.Atoi(f.Get("fiscal_year"))
	n, nerr := strconv.ParseInt(f.Get("target"), 10, 64)
	v, _ := strconv.Atoi(f.Get("version"))
	t := report.Target{FiscalYear: fy, Indicator: f.Get("indicator"), Target: n, Note: f.Get("note"), Version: v}
	var err error
	if nerr != nil {
		err = invalid("target", "目標値は0以上の整数で入力してください。")
	} else {
		err = s.db.SetTarget(r.Context(), actor(r), &t)
	}
	if err != nil {
		d, derr := s.targetsData(r, max(fy, 2000))
		if derr != nil {
			s.errorPage(w, r, derr)
			return
		}
		s.formPage(w, r, "report_targets", &Page{Title: japanese.FiscalYearLabel(fy) + " 目標値", Nav: "reports", Data: d}, err)
		return
	}
	http.Redirect(w, r, "/reports/targets?fiscal_year="+strconv.Itoa(fy)+"&done=saved", http.StatusSeeOther)
}

type exportData struct {
	FY          int
	Kind        string
	KindLabel   string
	Unencodable []string
	// Retry holds the query of the same export, to download anyway or in UTF-8.
	Retry, UTF8 string
}

func (s *Server) exportPage(w http.ResponseWriter, r *http.Request) {
	d := &exportData{FY: report.CurrentFiscalYear(s.now())}
	s.render(w, r, http.StatusOK, "export", &Page{Title: "一覧の出力", Nav: "reports", Data: d})
}

// exportDownload sends the export. A CP932 CSV with characters CP932 cannot
// hold is not sent at once: the page lists them, and the user downloads it
// anyway (〓 in their place, confirm=1) or in UTF-8.
func (s *Server) exportDownload(w http.ResponseWriter, r *http.Request) {
	o, err := s.exportOptions(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	kind := r.PathValue("kind")
	t, err := s.db.Export(r.Context(), actor(r), kind, o)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	if o.Encoding == "cp932" && r.URL.Query().Get("confirm") != "1" {
		if bad := unencodable(t); len(bad) > 0 {
			q := r.URL.Query()
			q.Set("confirm", "1")
			d := &exportData{FY: report.CurrentFiscalYear(s.now()), Kind: kind, KindLabel: sqldb.ExportKinds.Label(kind), Unencodable: bad,
				Retry: "/exports/" + kind + "?" + q.Encode()}
			q.Del("confirm")
			q.Set("encoding", "utf8")
			d.UTF8 = "/exports/" + kind + "?" + q.Encode()
			s.render(w, r, http.StatusOK, "export", &Page{Title: "一覧の出力", Nav: "reports", Data: d})
			return
		}
	}
	if _, err := s.sendTable(w, o.Format, o.Encoding, exportFileName(kind, o), t); err != nil {
		s.errorPage(w, r, err)
	}
}

// unencodable lists the characters of t that CP932 cannot hold.
func unencodable(t *report.Table) []string {
	res, err := report.WriteCSV(discard{}, t, "cp932")
	if err != nil {
		return nil
	}
	return report.Describe(t, res.Unencodable)
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
