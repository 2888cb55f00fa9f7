package web

import (
	"kasane/internal/japanese"
	"net/http"
)

// outreachReportDownload sends the monthly outreach report of one
// organization as CSV (UTF-8 with BOM, or CP932 with encoding=cp932) or
// .xlsx (format=xlsx). The same handler serves the page link and the API
// (GET /api/v1/outreach-reports?format=csv|xlsx).
func (s *Server) outreachReportDownload(w http.ResponseWriter, r *http.Request, fail func(http.ResponseWriter, *http.Request, error)) {
	fy, err := s.fiscalYearParam(r)
	if err != nil {
		fail(w, r, err)
		return
	}
	o, err := s.exportOptions(r)
	if err != nil {
		fail(w, r, err)
		return
	}
	t, err := s.db.ExportOutreachReport(r.Context(), actor(r), r.URL.Query().Get("organization_id"), fy, o.Format, o.Encoding)
	if err != nil {
		fail(w, r, err)
		return
	}
	name := japanese.FiscalYearLabel(fy) + "アウトリーチ月報"
	if len(t.Rows) > 0 {
		if org, _ := t.Rows[0][0].(string); org != "" {
			name += "_" + org
		}
	}
	if _, err := s.sendTable(w, o.Format, o.Encoding, name, t); err != nil {
		fail(w, r, err)
	}
}

func (s *Server) outreachReportExport(w http.ResponseWriter, r *http.Request) {
	s.outreachReportDownload(w, r, s.errorPage)
}
