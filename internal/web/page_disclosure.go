package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"

	"kasane/internal/casework"
	"kasane/internal/disclosure"
	"kasane/internal/report"
	"kasane/internal/sqldb"
)

// 開示請求・訂正請求・利用停止請求 and the 個人情報ファイル簿 (issue 23): the
// privacy officer's pages (casework.CanHandleDisclosure; the rules and the
// law are in casework/disclosure.go), the API beside them in
// api_disclosure.go.
var disclosureRoutes = []route{
	{"GET /disclosure", false, (*Server).disclosureIndex},
	{"GET /persons/{id}/disclosure", false, (*Server).disclosurePerson},
	{"POST /persons/{id}/disclosure/requests", false, (*Server).disclosureRequestCreate},
	{"POST /disclosure-requests/{id}/decision", false, (*Server).disclosureRequestDecide},
	{"POST /persons/{id}/rights-requests", false, (*Server).rightsRequestCreate},
	{"POST /rights-requests/{id}/decision", false, (*Server).rightsRequestDecide},
	{"GET /persons/{id}/disclosure/print", false, (*Server).disclosurePrint},
	{"GET /persons/{id}/disclosure/export", false, (*Server).disclosureExport},
	{"GET /file-register", false, (*Server).fileRegisterPage},
	{"GET /file-register/export", false, (*Server).fileRegisterExport},
	{"GET /api/v1/disclosure-subjects", false, (*Server).apiDisclosureSubjects},
	{"GET /api/v1/disclosure-requests", false, (*Server).apiDisclosureRequests},
	{"POST /api/v1/disclosure-requests", false, (*Server).apiDisclosureRequestCreate},
	{"POST /api/v1/disclosure-requests/{id}/decision", false, (*Server).apiDisclosureRequestDecide},
	{"GET /api/v1/persons/{id}/disclosure", false, (*Server).apiDisclosure},
	{"GET /api/v1/persons/{id}/rights-requests", false, (*Server).apiRightsRequests},
	{"POST /api/v1/persons/{id}/rights-requests", false, (*Server).apiRightsRequestCreate},
	{"POST /api/v1/rights-requests/{id}/decision", false, (*Server).apiRightsRequestDecide},
	{"GET /api/v1/file-register", false, (*Server).apiFileRegister},
}

var disclosureDone = map[string]string{
	"request": "開示請求を記録しました。", "decided": "開示決定を記録しました。",
	"rights": "訂正請求・利用停止請求を記録しました。", "rdecided": "決定を記録しました。",
}

type disclosureIndexData struct {
	Requests   []casework.DisclosureRequest
	Candidates []sqldb.DisclosureCandidate
	Searched   bool
	Today      string
}

// disclosureIndex lists the 開示請求 on file and looks a person up by name
// and birth date (the privacy officer has no search: the lookup is as narrow
// as the identity check of a request).
func (s *Server) disclosureIndex(w http.ResponseWriter, r *http.Request) {
	a := actor(r)
	q := r.URL.Query()
	page := &Page{Title: "開示請求・訂正請求・利用停止請求", Nav: "disclosure", Form: q}
	d := &disclosureIndexData{Today: casework.Today(s.now())}
	status := http.StatusOK
	if q.Has("name") || q.Has("birth_date") {
		d.Searched = true
		cands, err := s.db.FindDisclosureSubject(r.Context(), a, q.Get("name"), q.Get("birth_date"))
		switch {
		case casework.ErrorCode(err) == casework.EINVALID:
			page.Errors, page.ErrorSummary, status = casework.ErrorFields(err), casework.ErrorMessage(err), http.StatusBadRequest
		case err != nil:
			s.errorPage(w, r, err)
			return
		}
		d.Candidates = cands
	}
	reqs, err := s.db.DisclosureRequests(r.Context(), a, "")
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	d.Requests = reqs
	page.Data = d
	s.render(w, r, status, "disclosure_index", page)
}

type disclosurePersonData struct {
	sqldb.DisclosureOverview
	Relations  casework.CodeList
	Decisions  casework.CodeList
	Kinds      casework.CodeList
	RDecisions map[string]casework.CodeList // by kind
	Today      string
}

func (s *Server) disclosurePersonData(r *http.Request, id string) (*disclosurePersonData, error) {
	o, err := s.db.DisclosureOverviewOf(r.Context(), actor(r), id)
	if err != nil {
		return nil, err
	}
	d := &disclosurePersonData{DisclosureOverview: o, Relations: casework.RequesterRelations, Decisions: casework.DisclosureDecisions,
		Kinds: casework.RightsKinds, RDecisions: map[string]casework.CodeList{}, Today: casework.Today(s.now())}
	for _, k := range casework.RightsKinds {
		var l casework.CodeList
		for _, dcs := range casework.RightsDecisions {
			l = append(l, casework.CodeItem{Value: dcs.Value, Label: casework.RightsDecisionLabel(k.Value, dcs.Value)})
		}
		d.RDecisions[k.Value] = l
	}
	return d, nil
}

// disclosurePerson is the privacy officer's page of one person: the 開示請求
// (each produces the bundle), the 訂正・利用停止請求 and their decisions.
func (s *Server) disclosurePerson(w http.ResponseWriter, r *http.Request) {
	d, err := s.disclosurePersonData(r, r.PathValue("id"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	form := url.Values{"received_on": {d.Today}}
	s.render(w, r, http.StatusOK, "disclosure_person", &Page{Title: "開示請求等: " + d.Subject.Name, Nav: "disclosure", Data: d,
		Flash: disclosureDone[r.URL.Query().Get("done")], Form: form, Section: "request"})
}

// disclosureAction runs one form of the person's page; on an error the page
// is shown again with the message beside the field and what was typed.
// rename gives the name of a field of the form the error is shown beside.
func (s *Server) disclosureAction(w http.ResponseWriter, r *http.Request, personID, section, done, anchor string, rename func(string) string, fn func(casework.Actor) error) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	if err := fn(actor(r)); err != nil {
		if ce, ok := err.(*casework.Error); ok && len(ce.Fields) > 0 && rename != nil {
			fields := map[string]string{}
			for k, m := range ce.Fields {
				fields[rename(k)] = m
			}
			err = &casework.Error{Code: ce.Code, Message: ce.Message, Fields: fields}
		}
		d, derr := s.disclosurePersonData(r, personID)
		if derr != nil {
			s.errorPage(w, r, derr)
			return
		}
		s.formPage(w, r, "disclosure_person", &Page{Title: "開示請求等: " + d.Subject.Name, Nav: "disclosure", Data: d, Section: section}, err)
		return
	}
	http.Redirect(w, r, "/persons/"+url.PathEscape(personID)+"/disclosure?done="+done+"#"+anchor, http.StatusSeeOther)
}

func (s *Server) disclosureRequestCreate(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	s.disclosureAction(w, r, id, "request", "request", "h-requests", nil, func(a casework.Actor) error {
		f := r.PostForm
		req := casework.DisclosureRequest{PersonID: id, Number: f.Get("request_number"), ReceivedOn: f.Get("received_on"),
			RequesterName: f.Get("requester_name"), RequesterRelation: f.Get("requester_relation"), Note: f.Get("note")}
		return s.db.CreateDisclosureRequest(r.Context(), a, &req)
	})
}

func (s *Server) disclosureRequestDecide(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	id := r.PathValue("id")
	s.disclosureAction(w, r, r.PostForm.Get("person_id"), "decide-"+id, "decided", "h-requests", decisionField(id), func(a casework.Actor) error {
		f := r.PostForm
		v, _ := strconv.Atoi(f.Get("version"))
		_, err := s.db.DecideDisclosureRequest(r.Context(), a, id, f.Get("decision"), f.Get("decided_on"), f.Get("decision_note"), v)
		return err
	})
}

func (s *Server) rightsRequestCreate(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	s.disclosureAction(w, r, id, "rights", "rights", "h-rights", func(k string) string { return "rights_" + k }, func(a casework.Actor) error {
		f := r.PostForm
		rr := casework.RightsRequest{PersonID: id, Kind: f.Get("rights_kind"), Number: f.Get("rights_request_number"), ReceivedOn: f.Get("rights_received_on"),
			RequesterName: f.Get("rights_requester_name"), RequesterRelation: f.Get("rights_requester_relation"), Content: f.Get("rights_content")}
		return s.db.CreateRightsRequest(r.Context(), a, &rr)
	})
}

func (s *Server) rightsRequestDecide(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	id := r.PathValue("id")
	s.disclosureAction(w, r, r.PostForm.Get("person_id"), "rdecide-"+id, "rdecided", "h-rights", decisionField(id), func(a casework.Actor) error {
		f := r.PostForm
		v, _ := strconv.Atoi(f.Get("version"))
		_, err := s.db.DecideRightsRequest(r.Context(), a, id, f.Get("decision"), f.Get("decided_on"), f.Get("reason"), v)
		return err
	})
}

// decisionField names the fields of the decision form of one request.
func decisionField(id string) func(string) string {
	return func(k string) string { return k + "-" + id }
}

type disclosurePrintData struct {
	disclosure.Bundle
	PersonID   string
	RequestID  string
	MarkLabels map[string]string
}

// disclosurePrint is the bundle as an A4 print view (the browser prints it
// to PDF), audited as a print with the request number before it is read.
func (s *Server) disclosurePrint(w http.ResponseWriter, r *http.Request) {
	id, req := r.PathValue("id"), r.URL.Query().Get("request")
	data, err := s.db.DisclosureBundle(r.Context(), actor(r), id, req, casework.ActPrint)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	b := disclosure.Build(data)
	d := &disclosurePrintData{Bundle: b, PersonID: id, RequestID: req, MarkLabels: map[string]string{}}
	for _, m := range disclosure.MarkLabels {
		d.MarkLabels[m.Value] = m.Label
	}
	s.render(w, r, http.StatusOK, "disclosure_print", &Page{Title: "保有個人情報開示資料 " + b.Request.Number, Nav: "disclosure", Data: d})
}

// disclosureExport downloads the bundle as JSON or xlsx (audited as an
// export with the request number before it is read).
func (s *Server) disclosureExport(w http.ResponseWriter, r *http.Request) {
	id, q := r.PathValue("id"), r.URL.Query()
	format := q.Get("format")
	if format != "json" && format != "xlsx" {
		s.errorPage(w, r, &casework.Error{Code: casework.EINVALID, Message: "形式は json か xlsx を選んでください。", Fields: map[string]string{"format": "形式は json か xlsx を選んでください。"}})
		return
	}
	data, err := s.db.DisclosureBundle(r.Context(), actor(r), id, q.Get("request"), casework.ActExport)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	b := disclosure.Build(data)
	var buf bytes.Buffer
	ct := "application/json; charset=utf-8"
	if format == "json" {
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		err = enc.Encode(b)
	} else {
		ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		err = report.WriteXLSX(&buf, disclosure.Tables(b)...)
	}
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	disclosureDownload(w, ct, "kasane-disclosure."+format, "開示資料_"+b.Request.Number+"."+format, buf.Bytes())
}

// disclosureDownload writes a file the browser saves (personal data: never cached).
func disclosureDownload(w http.ResponseWriter, contentType, ascii, name string, body []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+ascii+`"; filename*=UTF-8''`+url.PathEscape(name))
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}

// fileRegisterPage is the 個人情報ファイル簿 as an A4 print view.
func (s *Server) fileRegisterPage(w http.ResponseWriter, r *http.Request) {
	f, err := s.db.FileRegister(r.Context(), actor(r))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "file_register", &Page{Title: "個人情報ファイル簿", Nav: "disclosure", Data: disclosure.BuildRegister(f)})
}

func (s *Server) fileRegisterExport(w http.ResponseWriter, r *http.Request) {
	f, err := s.db.FileRegister(r.Context(), actor(r))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := report.WriteXLSX(&buf, disclosure.RegisterTables(disclosure.BuildRegister(f))...); err != nil {
		s.errorPage(w, r, err)
		return
	}
	disclosureDownload(w, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "kasane-file-register.xlsx", "個人情報ファイル簿.xlsx", buf.Bytes())
}
