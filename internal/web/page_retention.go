package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"kasane/internal/casework"
	"kasane/internal/japanese"
	"kasane/internal/retention"
	"kasane/internal/sqldb"
)

// 保存年限・廃棄 (issue 23, internal/retention): the retention of each record
// type (set by the municipal administrator), the records past their period,
// the disposal decisions (one proposes, another privacy officer approves,
// then it is carried out), the 廃棄記録 and the legal holds. For the roles
// that decide: municipal_admin and privacy_officer. No case content is
// shown: cases by number, other records by their dates.
var retentionRoutes = []route{
	{"GET /retention", false, (*Server).retentionPage},
	{"POST /retention/policies", false, (*Server).retentionPolicySubmit},
	{"GET /retention/due", false, (*Server).retentionDuePage},
	{"POST /retention/decisions", false, (*Server).retentionProposeSubmit},
	{"GET /retention/decisions/{id}", false, (*Server).retentionDecisionPage},
	{"POST /retention/decisions/{id}/{step}", false, (*Server).retentionStepSubmit},
	{"GET /retention/holds", false, (*Server).retentionHoldsPage},
	{"POST /retention/holds", false, (*Server).retentionHoldSubmit},
	{"POST /retention/holds/{id}/lift", false, (*Server).retentionLiftSubmit},

	{"GET /api/v1/retention/policies", false, (*Server).apiRetentionPolicies},
	{"PUT /api/v1/retention/policies/{type}", false, (*Server).apiRetentionPolicyPut},
	{"GET /api/v1/retention/due", false, (*Server).apiRetentionDue},
	{"GET /api/v1/retention/decisions", false, (*Server).apiRetentionDecisions},
	{"POST /api/v1/retention/decisions", false, (*Server).apiRetentionPropose},
	{"GET /api/v1/retention/decisions/{id}", false, (*Server).apiRetentionDecision},
	{"POST /api/v1/retention/decisions/{id}/approve", false, apiRetentionStep("approve")},
	{"POST /api/v1/retention/decisions/{id}/reject", false, apiRetentionStep("reject")},
	{"POST /api/v1/retention/decisions/{id}/dispose", false, apiRetentionStep("dispose")},
	{"GET /api/v1/legal-holds", false, (*Server).apiLegalHolds},
	{"POST /api/v1/legal-holds", false, (*Server).apiLegalHoldCreate},
	{"POST /api/v1/legal-holds/{id}/lift", false, (*Server).apiLegalHoldLift},
}

// dueRow is the scan of one record type as the overview shows it.
type dueRow struct {
	sqldb.DueList
	FYs         string
	CutoffShown string
}

func dueRowOf(l sqldb.DueList) dueRow {
	d := dueRow{DueList: l}
	if l.Total > 0 {
		d.FYs = fyRange(l.FYFrom, l.FYTo)
	}
	switch {
	case l.Policy.Permanent:
		d.CutoffShown = "永年保存"
	case l.RecordType == retention.TypeAudit:
		if t, err := time.Parse(casework.TimeFormat, l.Cutoff); err == nil {
			d.CutoffShown = datetimeShown(t) + " より前の記録"
		}
	default:
		d.CutoffShown = dayShown(l.Cutoff) + " より前に完結"
	}
	return d
}

type retentionData struct {
	Policies  []retention.Policy
	Due       []dueRow
	Open      []retention.Decision // proposed or approved
	Disposed  []retention.Decision
	Holds     int
	CanEdit   bool // municipal_admin: the policies
	Types     casework.CodeList
	Proposing bool
}

// fyRange and fyLabel are the fiscal years as people read them.
func fyRange(from, to int) string { return retention.FYRange(from, to, japanese.FiscalYearLabel) }

func (s *Server) retentionPage(w http.ResponseWriter, r *http.Request) {
	s.renderRetention(w, r, &Page{Flash: retentionDone(r)})
}

func retentionDone(r *http.Request) string {
	return map[string]string{
		"policy": "保存年限を変更しました。", "proposed": "廃棄を起案しました。別の個人情報保護担当の職員の承認を待っています。",
		"approve": "廃棄を承認しました。", "reject": "廃棄の決定を却下（取下げ）しました。", "dispose": "廃棄を実行しました。廃棄記録に残りました。",
		"hold": "廃棄の保留を設定しました。", "lifted": "廃棄の保留を解除しました。",
	}[r.URL.Query().Get("done")]
}

// renderRetention shows the overview; p carries errors of one of its forms.
func (s *Server) renderRetention(w http.ResponseWriter, r *http.Request, p *Page) {
	a := actor(r)
	ctx := r.Context()
	d := &retentionData{CanEdit: a.Has("municipal_admin"), Types: retention.RecordTypes}
	var err error
	if d.Policies, err = s.db.RetentionPolicies(ctx, a); err != nil {
		s.errorPage(w, r, err)
		return
	}
	for _, t := range retention.RecordTypes {
		l, err := s.db.RetentionDue(ctx, a, t.Value, 0, 1)
		if err != nil {
			s.errorPage(w, r, err)
			return
		}
		d.Due = append(d.Due, dueRowOf(l))
	}
	ds, err := s.db.RetentionDecisions(ctx, a, "")
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	for _, x := range ds {
		switch x.Status {
		case retention.StatusProposed, retention.StatusApproved:
			d.Open = append(d.Open, x)
		case retention.StatusDisposed:
			d.Disposed = append(d.Disposed, x)
		}
	}
	hs, err := s.db.LegalHolds(ctx, a, false)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	d.Holds = len(hs)
	p.Title, p.Nav, p.Data = "保存年限と廃棄", "retention", d
	if p.Form == nil {
		p.Form = url.Values{}
	}
	status := http.StatusOK
	if len(p.Errors) > 0 || p.ErrorSummary != "" {
		status = http.StatusUnprocessableEntity
	}
	s.render(w, r, status, "retention", p)
}

// retentionFail shows the overview again with the error of one form
// (section), what was typed kept; other errors go to the error page.
func (s *Server) retentionFail(w http.ResponseWriter, r *http.Request, section string, err error) {
	code := casework.ErrorCode(err)
	if code != casework.EINVALID && code != casework.ECONFLICT {
		s.errorPage(w, r, err)
		return
	}
	s.renderRetention(w, r, &Page{Section: section, Errors: casework.ErrorFields(err), ErrorSummary: casework.ErrorMessage(err), Form: r.PostForm})
}

func (s *Server) retentionPolicySubmit(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	typ := r.PostForm.Get("record_type")
	section := "policy-" + typ
	years, err := retention.ParsePolicy(typ, r.PostForm.Get("years"))
	if err == nil {
		version, _ := strconv.Atoi(r.PostForm.Get("version"))
		_, err = s.db.SetRetentionPolicy(r.Context(), actor(r), typ, years, version)
	}
	if err != nil {
		if f := casework.ErrorFields(err); f != nil && f["years"] == "" && casework.ErrorCode(err) == casework.EINVALID {
			err = &casework.Error{Code: casework.EINVALID, Message: casework.ErrorMessage(err), Fields: map[string]string{"years": casework.ErrorMessage(err)}}
		}
		s.retentionFail(w, r, section, err)
		return
	}
	http.Redirect(w, r, "/retention?done=policy", http.StatusSeeOther)
}

func (s *Server) retentionProposeSubmit(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	fy, err := fiscalYearField(r.PostForm.Get("fiscal_year"))
	var d retention.Decision
	if err == nil {
		d, err = s.db.ProposeDisposal(r.Context(), actor(r), r.PostForm.Get("record_type"), fy, r.PostForm.Get("reason"))
	}
	if err != nil {
		s.retentionFail(w, r, "propose", err)
		return
	}
	http.Redirect(w, r, "/retention/decisions/"+d.ID+"?done=proposed", http.StatusSeeOther)
}

// fiscalYearField reads an optional fiscal year: 2015, 平成27, R2, 令和2年度.
func fiscalYearField(v string) (int, error) {
	v = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "度"))
	if v == "" {
		return 0, nil
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 1989 && n <= 2200 {
		return n, nil
	}
	if d, err := japanese.ParseDate(strings.TrimSuffix(v, "年") + "年4月1日"); err == nil && d.Year >= 1989 {
		return d.Year, nil
	}
	msg := "年度は 2015、平成27 または 令和2年度 の形で入力してください（空欄: すべての年度）。"
	return 0, &casework.Error{Code: casework.EINVALID, Message: msg, Fields: map[string]string{"fiscal_year": msg}}
}

type retentionDueData struct {
	List  sqldb.DueList
	Types casework.CodeList
	Type  string
	FY    int
	Shown int
}

const retentionPageLimit = 200

func (s *Server) retentionDuePage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	typ := q.Get("type")
	if !retention.RecordTypes.Has(typ) {
		typ = retention.TypeCase
	}
	p := &Page{Title: "保存期間を過ぎた記録", Nav: "retention", Form: q}
	fy, err := fiscalYearField(q.Get("fiscal_year"))
	status := http.StatusOK
	if err != nil {
		p.Errors, p.ErrorSummary, status = casework.ErrorFields(err), casework.ErrorMessage(err), http.StatusBadRequest
		fy = 0
	}
	l, err := s.db.RetentionDue(r.Context(), actor(r), typ, fy, retentionPageLimit)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	p.Data = &retentionDueData{List: l, Types: retention.RecordTypes, Type: typ, FY: fy, Shown: len(l.Items)}
	s.render(w, r, status, "retention_due", p)
}

type retentionDecisionData struct {
	D          retention.Decision
	Items      []sqldb.DecisionItem
	Note       string // what the method does
	CanApprove bool
	CanReject  bool
	CanDispose bool
	FYs        string
}

func (s *Server) retentionDecisionPage(w http.ResponseWriter, r *http.Request) {
	s.renderDecision(w, r, &Page{Flash: retentionDone(r)})
}

func (s *Server) renderDecision(w http.ResponseWriter, r *http.Request, p *Page) {
	a := actor(r)
	d, items, err := s.db.RetentionDecision(r.Context(), a, r.PathValue("id"), retentionPageLimit)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	data := &retentionDecisionData{D: d, Items: items, Note: retention.MethodNotes[d.Method], FYs: fyRange(d.FYFrom, d.FYTo),
		CanApprove: retention.CheckApprove(a, d) == nil, CanDispose: retention.CheckDispose(a, d) == nil,
		CanReject: (d.Status == retention.StatusProposed || d.Status == retention.StatusApproved) && (a.Has("privacy_officer") || a.UserID == d.ProposedBy)}
	p.Title, p.Nav, p.Data = "廃棄の決定（"+d.RecordLabel+"）", "retention", data
	if p.Form == nil {
		p.Form = url.Values{}
	}
	status := http.StatusOK
	if p.ErrorSummary != "" {
		status = http.StatusUnprocessableEntity
	}
	s.render(w, r, status, "retention_decision", p)
}

func (s *Server) retentionStepSubmit(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	a, id, step := actor(r), r.PathValue("id"), r.PathValue("step")
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	var err error
	switch step {
	case "approve":
		_, err = s.db.ApproveDisposal(r.Context(), a, id, version)
	case "reject":
		_, err = s.db.RejectDisposal(r.Context(), a, id, r.PostForm.Get("reason"), version)
	case "dispose":
		_, err = s.db.Dispose(r.Context(), a, id, version)
	default:
		err = casework.Errorf(casework.ENOTFOUND, "ページが見つかりません。")
	}
	if err != nil {
		code := casework.ErrorCode(err)
		if code != casework.EINVALID && code != casework.ECONFLICT {
			s.errorPage(w, r, err)
			return
		}
		s.renderDecision(w, r, &Page{Section: step, Errors: casework.ErrorFields(err), ErrorSummary: casework.ErrorMessage(err), Form: r.PostForm})
		return
	}
	http.Redirect(w, r, "/retention/decisions/"+id+"?done="+step, http.StatusSeeOther)
}

type retentionHoldsData struct {
	Holds    []retention.Hold
	All      bool
	CanSet   bool
	Kinds    casework.CodeList
	Subjects casework.CodeList
}

func (s *Server) retentionHoldsPage(w http.ResponseWriter, r *http.Request) {
	s.renderHolds(w, r, &Page{Flash: retentionDone(r)})
}

func (s *Server) renderHolds(w http.ResponseWriter, r *http.Request, p *Page) {
	a := actor(r)
	all := r.URL.Query().Get("all") == "1"
	hs, err := s.db.LegalHolds(r.Context(), a, all)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	p.Title, p.Nav, p.Data = "廃棄の保留（訴訟・開示請求・監査）", "retention", &retentionHoldsData{Holds: hs, All: all, CanSet: retention.CheckHold(a) == nil,
		Kinds: retention.HoldKinds, Subjects: retention.Subjects}
	if p.Form == nil {
		p.Form = url.Values{}
	}
	status := http.StatusOK
	if p.ErrorSummary != "" {
		status = http.StatusUnprocessableEntity
	}
	s.render(w, r, status, "retention_holds", p)
}

func (s *Server) retentionHoldSubmit(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	h := retention.Hold{SubjectType: r.PostForm.Get("subject_type"), SubjectID: r.PostForm.Get("subject_id"), Kind: r.PostForm.Get("kind"), Reason: r.PostForm.Get("reason")}
	if err := s.db.SetLegalHold(r.Context(), actor(r), &h); err != nil {
		if c := casework.ErrorCode(err); c != casework.EINVALID {
			s.errorPage(w, r, err)
			return
		}
		s.renderHolds(w, r, &Page{Section: "hold", Errors: casework.ErrorFields(err), ErrorSummary: casework.ErrorMessage(err), Form: r.PostForm})
		return
	}
	http.Redirect(w, r, "/retention/holds?done=hold", http.StatusSeeOther)
}

func (s *Server) retentionLiftSubmit(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	id := r.PathValue("id")
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	if _, err := s.db.LiftLegalHold(r.Context(), actor(r), id, r.PostForm.Get("lift_reason"), version); err != nil {
		if c := casework.ErrorCode(err); c != casework.EINVALID && c != casework.ECONFLICT {
			s.errorPage(w, r, err)
			return
		}
		f := url.Values{"lift_reason-" + id: {r.PostForm.Get("lift_reason")}}
		s.renderHolds(w, r, &Page{Section: "lift-" + id, Errors: map[string]string{"lift_reason-" + id: casework.ErrorMessage(err)}, ErrorSummary: casework.ErrorMessage(err), Form: f})
		return
	}
	http.Redirect(w, r, "/retention/holds?done=lifted", http.StatusSeeOther)
}
