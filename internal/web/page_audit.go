package web

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"kasane/internal/casework"
	"kasane/internal/japanese"
	"kasane/internal/report"
	"kasane/internal/sqldb"
)

// The privacy officer's audit log (rule 7): names and Japanese labels,
// filters, keyset paging, CSV export (audited) and the 確認済み step of
// flagged events. GET /audit and GET /api/v1/audit are in routes.go.
var auditRoutes = []route{
	{"GET /audit/export", false, (*Server).auditExport},
	{"POST /audit/events/{id}/review", false, (*Server).auditReview},
	{"POST /api/v1/audit/{id}/review", false, (*Server).apiAuditReview},
}

var auditDocs = map[string]apiDoc{
	"POST /api/v1/audit/{id}/review": {"要確認（緊急時の閲覧など）の監査ログの記録を確認済みにする（個人情報保護担当のみ。記録そのものは変更せず、確認も監査ログに記録される）", "AuditReviewInput", "AuditReview", false},
}

func auditSchemas() map[string]any {
	return map[string]any{
		"AuditReviewInput": obj(map[string]any{"note": str()}),
		"AuditReview": obj(map[string]any{"event_id": str(), "reviewer_id": str(), "reviewer_name": str(), "reviewed_at": str(), "note": str()},
			"event_id", "reviewer_id", "reviewed_at"),
	}
}

// auditQueryKeys are the filter parameters kept across pages, exports and
// reviews.
var auditQueryKeys = []string{"actor_id", "organization_id", "person_id", "case", "object_id", "action", "from", "to", "flagged", "unreviewed"}

// auditFilterOf reads the filter; every problem is reported at once, by
// field.
func auditFilterOf(q url.Values) (sqldb.AuditFilter, error) {
	f := sqldb.AuditFilter{ObjectID: strings.TrimSpace(q.Get("object_id")), ActorID: q.Get("actor_id"), OrgID: q.Get("organization_id"),
		PersonID: strings.TrimSpace(q.Get("person_id")), CaseID: strings.TrimSpace(q.Get("case")), Action: q.Get("action"),
		Flagged: q.Get("flagged") == "true" || q.Get("flagged") == "1", Unreviewed: q.Get("unreviewed") == "true" || q.Get("unreviewed") == "1"}
	fields := map[string]string{}
	if f.Action != "" && !casework.AuditActionLabels.Has(f.Action) {
		fields["action"] = "操作の種類を一覧から選んでください。"
	}
	for _, d := range []struct {
		name string
		dst  *time.Time
		add  int
	}{{"from", &f.From, 0}, {"to", &f.To, 1}} {
		v := strings.TrimSpace(q.Get(d.name))
		if v == "" {
			continue
		}
		day, err := japanese.ParseDate(v)
		if err != nil || day.Precision != japanese.PrecisionDay {
			fields[d.name] = "日付は 令和8年4月1日、R8.4.1 または 2026-04-01 の形で入力してください。"
			continue
		}
		*d.dst = time.Date(day.Year, time.Month(day.Month), day.Day, 0, 0, 0, 0, jst).AddDate(0, 0, d.add)
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) && fields["to"] == "" {
		fields["to"] = "終了日は開始日と同じか、それより後の日にしてください。"
	}
	for _, k := range []struct {
		name string
		dst  *int64
	}{{"before", &f.Before}, {"after", &f.After}, {"cursor", &f.Before}} {
		if v := q.Get(k.name); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < 1 {
				fields[k.name] = "ページの指定が正しくありません。"
				continue
			}
			*k.dst = n
		}
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			fields["limit"] = "件数は1から1000までで指定してください。"
		}
		f.Limit = n
	}
	if len(fields) > 0 {
		msg := "絞り込みの条件を確かめてください。"
		if len(fields) == 1 {
			for _, m := range fields {
				msg = m
			}
		}
		return f, &casework.Error{Code: casework.EINVALID, Message: msg, Fields: fields}
	}
	return f, nil
}

// auditRow is an entry as shown on the page.
type auditRow struct {
	sqldb.AuditEntry
	When     string // JST, 和暦 and time
	WhenISO  string // the same day in 西暦
	ShortID  string // the object id, shortened for the table
	Reviewed string // when the review was made, JST
}

type auditData struct {
	Rows          []auditRow
	Staff         []sqldb.AuditStaff
	Orgs          []sqldb.AuditStaff
	OrgName       map[string]string
	Actions       casework.CodeList
	Newer, Older  string // URLs of the neighbouring pages
	Query         string // the filter as a query string
	Hidden        [][2]string
	Back          string
	Unreviewed    int
	Filtered      bool
	FirstSeq      int64
	LastSeq       int64
	FilterInvalid bool
}

// auditWhen shows an instant in JST in 和暦: 令和8年6月1日 10:00:00.
func auditWhen(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	j := t.In(jst)
	return japanese.FormatWareki(j) + " " + j.Format("15:04:05")
}

// auditQuery keeps the filter of q, without paging.
func auditQuery(q url.Values) url.Values {
	out := url.Values{}
	for _, k := range auditQueryKeys {
		if v := strings.TrimSpace(q.Get(k)); v != "" {
			out.Set(k, v)
		}
	}
	return out
}

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) {
	s.renderAudit(w, r, r.URL.Query(), nil, http.StatusOK)
}

// renderAudit shows the log for the query q; errs are field errors of the
// page's forms (a filter or a review note), shown beside the field.
func (s *Server) renderAudit(w http.ResponseWriter, r *http.Request, q url.Values, errs map[string]string, status int) {
	a := actor(r)
	page := &Page{Title: "監査ログ", Nav: "audit", Form: q, Errors: errs}
	if q.Get("done") == "reviewed" {
		page.Flash = "確認済みにしました。"
	}
	f, ferr := auditFilterOf(q)
	d := &auditData{Actions: casework.AuditActionLabels, OrgName: map[string]string{}}
	if ferr != nil {
		if ce, ok := ferr.(*casework.Error); ok && ce.Code == casework.EINVALID {
			page.Errors, page.ErrorSummary, status = ce.Fields, ce.Message, http.StatusBadRequest
			d.FilterInvalid = true
			f = sqldb.AuditFilter{} // show the newest events, the form keeps what was typed
		} else {
			s.errorPage(w, r, ferr)
			return
		}
	}
	f.Limit = 200
	l, err := s.db.AuditLogPage(r.Context(), a, f)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	if d.Unreviewed, err = s.db.UnreviewedFlagged(r.Context(), a); err != nil {
		s.errorPage(w, r, err)
		return
	}
	keep := auditQuery(q)
	if d.FilterInvalid {
		keep = url.Values{}
	}
	d.Query, d.Filtered = keep.Encode(), len(keep) > 0
	for _, k := range auditQueryKeys {
		if v := keep.Get(k); v != "" {
			d.Hidden = append(d.Hidden, [2]string{k, v})
		}
	}
	back := url.Values{}
	for k, v := range keep {
		back[k] = v
	}
	for _, k := range []string{"before", "after"} {
		if v := q.Get(k); v != "" && !d.FilterInvalid {
			back.Set(k, v)
		}
	}
	d.Back = back.Encode()
	link := func(k string, seq int64) string {
		v := url.Values{}
		for kk, vv := range keep {
			v[kk] = vv
		}
		v.Set(k, strconv.FormatInt(seq, 10))
		return "/audit?" + v.Encode()
	}
	if l.Newer > 0 {
		d.Newer = link("after", l.Newer)
	}
	if l.Older > 0 {
		d.Older = link("before", l.Older)
	}
	d.Staff, d.Orgs = l.Staff, l.Orgs
	for _, o := range l.Orgs {
		d.OrgName[o.ID] = o.Name
	}
	for _, e := range l.Events {
		row := auditRow{AuditEntry: e, When: auditWhen(e.At), WhenISO: e.At.In(jst).Format("2006-01-02")}
		if row.ShortID = e.ObjectID; len(row.ShortID) > 12 {
			row.ShortID = row.ShortID[:8] + "…"
		}
		if e.Review != nil {
			row.Reviewed = auditWhen(e.Review.At)
		}
		d.Rows = append(d.Rows, row)
	}
	if len(d.Rows) > 0 {
		d.FirstSeq, d.LastSeq = d.Rows[0].Seq, d.Rows[len(d.Rows)-1].Seq
	}
	page.Data = d
	s.render(w, r, status, "audit", page)
}

// auditExport writes the filtered log as CSV (UTF-8 with BOM, or CP932),
// formula-safe; the export is audited before the rows are read out.
func (s *Server) auditExport(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f, err := auditFilterOf(q)
	if err != nil {
		s.renderAudit(w, r, q, nil, http.StatusBadRequest)
		return
	}
	enc, err := report.Encoding(q.Get("encoding"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	l, err := s.db.AuditLogExport(r.Context(), actor(r), f)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	var buf bytes.Buffer
	cw := japanese.NewCSVWriter(&buf, enc)
	_ = cw.Write([]string{"番号", "日時（和暦）", "日時（西暦・日本時間）", "職員", "職員ID", "機関", "操作", "対象の種類", "本人・ケース", "対象ID",
		"理由・検索語", "要確認", "確認済み", "確認した職員", "確認日時", "確認のメモ", "接続元", "ハッシュ"})
	for _, e := range l.Events {
		at := e.At.In(jst)
		subject := e.Subject
		if e.SubjectHidden {
			subject = "（閲覧権限外）"
		}
		flagged, reviewed, by, when, note := "", "", "", "", ""
		if e.Flagged {
			flagged = "要確認"
		}
		if e.Review != nil {
			reviewed, by, when, note = "確認済み", e.Review.ReviewerName, e.Review.At.In(jst).Format("2006-01-02 15:04:05"), e.Review.Note
		}
		if err := cw.Write([]string{strconv.FormatInt(e.Seq, 10), japanese.FormatWareki(at) + " " + at.Format("15:04:05"), at.Format("2006-01-02 15:04:05"),
			e.ActorName, e.ActorID, e.ActorOrgName, e.ActionLabel, e.ObjectTypeLabel, subject, e.ObjectID,
			e.Reason, flagged, reviewed, by, when, note, e.Address, e.Hash}); err != nil {
			s.errorPage(w, r, err)
			return
		}
	}
	if err := cw.Flush(); err != nil {
		s.errorPage(w, r, err)
		return
	}
	ct := "text/csv; charset=utf-8"
	if enc == japanese.CP932 {
		ct = "text/csv; charset=Shift_JIS"
	}
	name := "監査ログ_" + time.Now().In(jst).Format("20060102") + ".csv"
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", `attachment; filename="kasane-audit.csv"; filename*=UTF-8''`+url.PathEscape(name))
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(buf.Bytes())
}

// auditReview marks a flagged event 確認済み and returns to the same page
// of the log; a problem with the note is shown beside it, the note kept.
func (s *Server) auditReview(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	id := r.PathValue("id")
	back, _ := url.ParseQuery(r.PostForm.Get("back"))
	if back == nil {
		back = url.Values{}
	}
	_, err := s.db.ReviewFlagged(r.Context(), actor(r), id, r.PostForm.Get("note"))
	if err != nil {
		ce, ok := err.(*casework.Error)
		if !ok || (ce.Code != casework.EINVALID && ce.Code != casework.ECONFLICT) {
			s.errorPage(w, r, err)
			return
		}
		back.Set("note-"+id, r.PostForm.Get("note"))
		s.renderAudit(w, r, back, map[string]string{"note-" + id: ce.Message}, http.StatusUnprocessableEntity)
		return
	}
	back.Set("done", "reviewed")
	http.Redirect(w, r, "/audit?"+back.Encode()+"#e-"+id, http.StatusSeeOther)
}

func (s *Server) apiAudit(w http.ResponseWriter, r *http.Request) {
	f, err := auditFilterOf(r.URL.Query())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	l, err := s.db.AuditLogPage(r.Context(), actor(r), f)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	next := ""
	if l.Older > 0 {
		next = strconv.FormatInt(l.Older, 10)
	}
	writeJSON(w, http.StatusOK, listOf(l.Events, next))
}

func (s *Server) apiAuditReview(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Note string `json:"note"`
	}
	if err := readJSON(r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	rv, err := s.db.ReviewFlagged(r.Context(), actor(r), r.PathValue("id"), in.Note)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rv)
}
