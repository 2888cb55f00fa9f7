package web

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"kasane/internal/japanese"
	"kasane/internal/report"
	"kasane/internal/sqldb"
)

func (s *Server) fiscalYear(r *http.Request) (int, error) {
	return report.ParseFiscalYear(r.URL.Query().Get("fiscal_year"), s.now())
}

func (s *Server) apiAnnualReport(w http.ResponseWriter, r *http.Request) {
	fy, err := s.fiscalYear(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	rep, err := s.db.AnnualReport(r.Context(), actor(r), fy)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	q := r.URL.Query()
	switch q.Get("format") {
	case "", "json":
		writeJSON(w, http.StatusOK, rep)
	default:
		if _, err := s.sendTable(w, q.Get("format"), q.Get("encoding"), japanese.FiscalYearLabel(fy)+"集計", report.AnnualTable(rep)); err != nil {
			s.apiError(w, r, err)
		}
	}
}

// recordQuery reads a drill-down query from the URL.
func recordQuery(r *http.Request, fy int) sqldb.RecordQuery {
	q := r.URL.Query()
	f := map[string]string{}
	for _, k := range []string{"bunya", "jigyo", "reason", "status", "bucket"} {
		if v := q.Get(k); v != "" {
			f[k] = v
		}
	}
	return sqldb.RecordQuery{FiscalYear: fy, Section: q.Get("section"), Month: q.Get("month"), Filter: f}
}

func (s *Server) apiAnnualRecords(w http.ResponseWriter, r *http.Request) {
	fy, err := s.fiscalYear(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	recs, err := s.db.AnnualRecords(r.Context(), actor(r), recordQuery(r, fy))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, recs)
}

func (s *Server) apiCreateSnapshot(w http.ResponseWriter, r *http.Request) {
	var body struct {
		FiscalYear int    `json:"fiscal_year"`
		Title      string `json:"title"`
	}
	if err := readJSON(r, &body); err != nil {
		s.apiError(w, r, err)
		return
	}
	snap, err := s.db.CreateSnapshot(r.Context(), actor(r), body.FiscalYear, body.Title)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, snap)
}

func (s *Server) apiSnapshots(w http.ResponseWriter, r *http.Request) {
	fy := 0
	if v := r.URL.Query().Get("fiscal_year"); v != "" {
		var err error
		if fy, err = s.fiscalYear(r); err != nil {
			s.apiError(w, r, err)
			return
		}
	}
	ss, err := s.db.Snapshots(r.Context(), actor(r), fy)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(ss, ""))
}

func (s *Server) apiSnapshot(w http.ResponseWriter, r *http.Request) {
	snap, err := s.db.Snapshot(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, snap)
}

func (s *Server) apiTargets(w http.ResponseWriter, r *http.Request) {
	fy, err := s.fiscalYear(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	ts, err := s.db.Targets(r.Context(), actor(r), fy)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(ts, ""))
}

func (s *Server) apiSetTarget(w http.ResponseWriter, r *http.Request) {
	var t report.Target
	if err := readJSON(r, &t); err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.db.SetTarget(r.Context(), actor(r), &t); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, t)
}

func (s *Server) apiDashboard(w http.ResponseWriter, r *http.Request) {
	fy, err := s.fiscalYear(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	d, err := s.db.Dashboard(r.Context(), actor(r), fy)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

// exportOptions reads and checks the format, encoding and year of an export.
func (s *Server) exportOptions(r *http.Request) (sqldb.ExportOptions, error) {
	q := r.URL.Query()
	o := sqldb.ExportOptions{Format: q.Get("format"), Encoding: q.Get("encoding")}
	if o.Format == "" {
		o.Format = "csv"
	}
	if o.Format != "csv" && o.Format != "xlsx" {
		return o, invalid("format", "形式は csv または xlsx を指定してください。")
	}
	if o.Format == "csv" {
		enc, err := report.Encoding(o.Encoding)
		if err != nil {
			return o, err
		}
		o.Encoding = "utf8"
		if enc == japanese.CP932 {
			o.Encoding = "cp932"
		}
	} else {
		o.Encoding = ""
	}
	if v := q.Get("fiscal_year"); v != "" {
		fy, err := strconv.Atoi(v)
		if err != nil || report.ValidFiscalYear(fy) != nil {
			return o, report.ValidFiscalYear(0)
		}
		o.FiscalYear = fy
	}
	return o, nil
}

func (s *Server) apiExport(w http.ResponseWriter, r *http.Request) {
	o, err := s.exportOptions(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	kind := r.PathValue("kind")
	t, err := s.db.Export(r.Context(), actor(r), kind, o)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if _, err := s.sendTable(w, o.Format, o.Encoding, exportFileName(kind, o), t); err != nil {
		s.apiError(w, r, err)
	}
}

func exportFileName(kind string, o sqldb.ExportOptions) string {
	name := sqldb.ExportKinds.Label(kind)
	if o.FiscalYear != 0 {
		name = japanese.FiscalYearLabel(o.FiscalYear) + name
	}
	return name
}

// sendTable writes t as a CSV or .xlsx download. For CP932 the characters
// replaced by 〓 are reported in X-Kasane-Unencodable (count) and
// X-Kasane-Unencodable-Detail (URL-encoded, at most 50); they are returned
// too.
func (s *Server) sendTable(w http.ResponseWriter, format, encoding, name string, t *report.Table) ([]string, error) {
	var buf bytes.Buffer
	var bad []string
	switch format {
	case "csv":
		enc, err := report.Encoding(encoding)
		if err != nil {
			return nil, err
		}
		res, err := report.WriteCSV(&buf, t, enc)
		if err != nil {
			return nil, err
		}
		ct := "text/csv; charset=utf-8"
		if enc == japanese.CP932 {
			ct = "text/csv; charset=Shift_JIS"
			bad = report.Describe(t, res.Unencodable)
			w.Header().Set("X-Kasane-Unencodable", strconv.Itoa(len(bad)))
			if len(bad) > 0 {
				w.Header().Set("X-Kasane-Unencodable-Detail", url.QueryEscape(strings.Join(bad[:min(len(bad), 50)], "、")))
			}
		}
		w.Header().Set("Content-Type", ct)
		name += ".csv"
	case "xlsx":
		if err := report.WriteXLSX(&buf, t); err != nil {
			return nil, err
		}
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		name += ".xlsx"
	default:
		return nil, invalid("format", "形式は csv、xlsx または json を指定してください。")
	}
	w.Header().Set("Content-Disposition", `attachment; filename="kasane-export`+name[strings.LastIndex(name, "."):]+`"; filename*=UTF-8''`+url.PathEscape(name))
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(buf.Bytes())
	return bad, nil
}
