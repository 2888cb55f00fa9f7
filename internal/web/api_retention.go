package web

import (
	"net/http"
	"strconv"

	"kasane/internal/retention"
	"kasane/internal/sqldb"
)

// The JSON API of 保存年限・廃棄 (issue 23), beside the pages of
// page_retention.go: the same storage methods, the same rules.

var retentionDocs = map[string]apiDoc{
	"GET /api/v1/retention/policies":                {"記録の種類ごとの保存年限（市の管理者・個人情報保護担当。years 0 は永年。監査ログは設定 audit_retention_years と同じもの）", "", "RetentionPolicyList", false},
	"PUT /api/v1/retention/policies/{type}":         {"保存年限を変更する（市の管理者のみ。years: 1〜100、0 は永年。version は読んだときのもの、既定のままなら 0）", "RetentionPolicyInput", "RetentionPolicy", false},
	"GET /api/v1/retention/due":                     {"保存期間を過ぎた記録（type= 記録の種類、fiscal_year= 完結した年度、limit= 最大件数）。ケースは番号、そのほかは日付で示し、内容は含まない", "", "RetentionDue", false},
	"GET /api/v1/retention/decisions":               {"廃棄の決定と廃棄記録（status= で絞り込み）", "", "RetentionDecisionList", false},
	"POST /api/v1/retention/decisions":              {"廃棄を起案する（市の管理者・個人情報保護担当。保存期間を過ぎ、保留がなく、ほかの決定に含まれない記録すべて。fiscal_year で年度を限れる）", "RetentionProposeInput", "RetentionDecision", true},
	"GET /api/v1/retention/decisions/{id}":          {"廃棄の決定（対象の記録 items を含む）", "", "RetentionDecisionDetail", false},
	"POST /api/v1/retention/decisions/{id}/approve": {"廃棄を承認する（起案者とは別の個人情報保護担当のみ）", "RetentionStepInput", "RetentionDecision", false},
	"POST /api/v1/retention/decisions/{id}/reject":  {"廃棄の決定を却下する（個人情報保護担当）または取り下げる（起案者）。reason 必須", "RetentionStepInput", "RetentionDecision", false},
	"POST /api/v1/retention/decisions/{id}/dispose": {"承認された廃棄を実行する（匿名化。監査ログは削除）。保留中・保存期間内に戻った記録があれば 422", "RetentionStepInput", "RetentionDecision", false},
	"GET /api/v1/legal-holds":                       {"廃棄の保留（訴訟・開示請求・監査）。all=true で解除済みも", "", "LegalHoldList", false},
	"POST /api/v1/legal-holds":                      {"廃棄の保留を設定する（個人情報保護担当のみ。本人の ID またはケースの ID・番号）", "LegalHoldInput", "LegalHold", true},
	"POST /api/v1/legal-holds/{id}/lift":            {"廃棄の保留を解除する（個人情報保護担当のみ。lift_reason 必須）", "LegalHoldLiftInput", "LegalHold", false},
}

func init() {
	queryParams["GET /api/v1/retention/due"] = []qparam{qenum("type", "記録の種類（既定 case）", retention.RecordTypes), qFiscalYear,
		{name: "limit", desc: "返す記録の最大件数（既定 200、0 はすべて）", schema: map[string]any{"type": "integer", "minimum": 0}}}
	queryParams["GET /api/v1/retention/decisions"] = []qparam{qenum("status", "決定の状態", retention.Statuses)}
	queryParams["GET /api/v1/legal-holds"] = []qparam{{name: "all", desc: "解除済みの保留も含める", schema: boolS}}
	pathParamSchemas["type"] = enum(retention.RecordTypes)
}

func retentionSchemas() map[string]any {
	integer := map[string]any{"type": "integer"}
	boolean := map[string]any{"type": "boolean"}
	policy := obj(map[string]any{"record_type": enum(retention.RecordTypes), "label": str(), "years": integer, "permanent": boolean,
		"default": boolean, "covers": str(), "updated_by": str(), "updated_at": str(), "version": integer}, "record_type", "years", "permanent", "version")
	decision := obj(map[string]any{"id": str(), "record_type": enum(retention.RecordTypes), "record_label": str(), "status": enum(retention.Statuses),
		"status_label": str(), "years": integer, "cutoff": str(), "fiscal_year": integer, "item_count": integer, "fiscal_year_from": integer,
		"fiscal_year_to": integer, "reason": str(), "proposed_by": str(), "proposed_by_name": str(), "proposed_at": str(),
		"approved_by": str(), "approved_by_name": str(), "approved_at": str(), "rejected_by": str(), "rejected_by_name": str(), "rejected_at": str(),
		"reject_reason": str(), "disposed_by": str(), "disposed_by_name": str(), "disposed_at": str(), "method": enum(retention.Methods),
		"method_label": str(), "disposed_count": integer, "persons_anonymized": integer,
		"details": map[string]any{"type": "object", "additionalProperties": integer, "description": "消去・削除した行の数（表ごと）"},
		"version": integer}, "id", "record_type", "status", "item_count", "version")
	item := obj(map[string]any{"record_id": str(), "label": str(), "end_on": str(), "fiscal_year": integer}, "record_id", "end_on")
	due := obj(map[string]any{"id": str(), "label": str(), "end_on": str(), "end_kind": str(), "fiscal_year": integer, "due_on": str(),
		"organization_id": str(), "records": integer, "held": arr(enum(retention.HoldKinds)), "decision_id": str()}, "id", "end_on")
	hold := obj(map[string]any{"id": str(), "subject_type": enum(retention.Subjects), "subject_id": str(), "subject_label": str(),
		"kind": enum(retention.HoldKinds), "kind_label": str(), "reason": str(), "set_by": str(), "set_by_name": str(), "set_at": str(),
		"lifted_by": str(), "lifted_by_name": str(), "lifted_at": str(), "lift_reason": str(), "active": boolean, "version": integer},
		"id", "subject_type", "subject_id", "kind", "active", "version")
	return map[string]any{
		"RetentionPolicy":      policy,
		"RetentionPolicyList":  listSchema("RetentionPolicy"),
		"RetentionPolicyInput": obj(map[string]any{"years": integer, "version": integer}, "years"),
		"RetentionDueRecord":   due,
		"RetentionDue": obj(map[string]any{"record_type": enum(retention.RecordTypes), "policy": policy, "cutoff": str(),
			"items": arr(ref("RetentionDueRecord")), "total": integer, "held": integer, "in_decision": integer, "proposable": integer,
			"records": integer, "fiscal_year_from": integer, "fiscal_year_to": integer}, "record_type", "items", "total"),
		"RetentionDecision":       decision,
		"RetentionDecisionList":   listSchema("RetentionDecision"),
		"RetentionDecisionItem":   item,
		"RetentionDecisionDetail": obj(map[string]any{"decision": ref("RetentionDecision"), "items": arr(ref("RetentionDecisionItem"))}, "decision", "items"),
		"RetentionProposeInput": obj(map[string]any{"record_type": enum(retention.RecordTypes), "fiscal_year": integer, "reason": str()},
			"record_type"),
		"RetentionStepInput": obj(map[string]any{"version": integer, "reason": str()}),
		"LegalHold":          hold,
		"LegalHoldList":      listSchema("LegalHold"),
		"LegalHoldInput": obj(map[string]any{"subject_type": enum(retention.Subjects), "subject_id": str(), "kind": enum(retention.HoldKinds),
			"reason": str()}, "subject_type", "subject_id", "kind", "reason"),
		"LegalHoldLiftInput": obj(map[string]any{"lift_reason": str(), "version": integer}, "lift_reason"),
	}
}

func (s *Server) apiRetentionPolicies(w http.ResponseWriter, r *http.Request) {
	ps, err := s.db.RetentionPolicies(r.Context(), actor(r))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(ps, ""))
}

func (s *Server) apiRetentionPolicyPut(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Years   *int `json:"years"`
		Version int  `json:"version"`
	}
	if err := readJSON(r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	if in.Years == nil {
		s.apiError(w, r, invalid("years", "保存年限（years: 1〜100、0 は永年）を指定してください。"))
		return
	}
	p, err := s.db.SetRetentionPolicy(r.Context(), actor(r), r.PathValue("type"), *in.Years, in.Version)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}

func (s *Server) apiRetentionDue(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	typ := q.Get("type")
	if typ == "" {
		typ = retention.TypeCase
	}
	fy, limit := 0, retentionPageLimit
	if v := q.Get("fiscal_year"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 2000 || n > 2100 {
			s.apiError(w, r, invalid("fiscal_year", "年度は西暦4桁（2000〜2100）で指定してください。"))
			return
		}
		fy = n
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			s.apiError(w, r, invalid("limit", "件数は0以上の整数で指定してください。"))
			return
		}
		limit = n
	}
	l, err := s.db.RetentionDue(r.Context(), actor(r), typ, fy, limit)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if l.Items == nil {
		l.Items = []sqldb.DueRecord{}
	}
	writeJSON(w, http.StatusOK, l)
}

func (s *Server) apiRetentionDecisions(w http.ResponseWriter, r *http.Request) {
	st := r.URL.Query().Get("status")
	if st != "" && !retention.Statuses.Has(st) {
		s.apiError(w, r, invalid("status", "状態は proposed、approved、disposed、rejected のいずれかです。"))
		return
	}
	ds, err := s.db.RetentionDecisions(r.Context(), actor(r), st)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(ds, ""))
}

func (s *Server) apiRetentionPropose(w http.ResponseWriter, r *http.Request) {
	var in struct {
		RecordType string `json:"record_type"`
		FiscalYear int    `json:"fiscal_year"`
		Reason     string `json:"reason"`
	}
	if err := readJSON(r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	d, err := s.db.ProposeDisposal(r.Context(), actor(r), in.RecordType, in.FiscalYear, in.Reason)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, d)
}

func (s *Server) apiRetentionDecision(w http.ResponseWriter, r *http.Request) {
	d, items, err := s.db.RetentionDecision(r.Context(), actor(r), r.PathValue("id"), 0)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if items == nil {
		items = []sqldb.DecisionItem{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"decision": d, "items": items})
}

// apiRetentionStep is approve, reject and dispose.
func apiRetentionStep(step string) func(*Server, http.ResponseWriter, *http.Request) {
	return func(s *Server, w http.ResponseWriter, r *http.Request) {
		var in struct {
			Version int    `json:"version"`
			Reason  string `json:"reason"`
		}
		if r.ContentLength != 0 {
			if err := readJSON(r, &in); err != nil {
				s.apiError(w, r, err)
				return
			}
		}
		a, id := actor(r), r.PathValue("id")
		var d retention.Decision
		var err error
		switch step {
		case "approve":
			d, err = s.db.ApproveDisposal(r.Context(), a, id, in.Version)
		case "reject":
			d, err = s.db.RejectDisposal(r.Context(), a, id, in.Reason, in.Version)
		default:
			d, err = s.db.Dispose(r.Context(), a, id, in.Version)
		}
		if err != nil {
			s.apiError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, d)
	}
}

func (s *Server) apiLegalHolds(w http.ResponseWriter, r *http.Request) {
	all := r.URL.Query().Get("all")
	hs, err := s.db.LegalHolds(r.Context(), actor(r), all == "true" || all == "1")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(hs, ""))
}

func (s *Server) apiLegalHoldCreate(w http.ResponseWriter, r *http.Request) {
	var h retention.Hold
	if err := readJSON(r, &h); err != nil {
		s.apiError(w, r, err)
		return
	}
	in := retention.Hold{SubjectType: h.SubjectType, SubjectID: h.SubjectID, Kind: h.Kind, Reason: h.Reason}
	if err := s.db.SetLegalHold(r.Context(), actor(r), &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, in)
}

func (s *Server) apiLegalHoldLift(w http.ResponseWriter, r *http.Request) {
	var in struct {
		LiftReason string `json:"lift_reason"`
		Version    int    `json:"version"`
	}
	if err := readJSON(r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	h, err := s.db.LiftLegalHold(r.Context(), actor(r), r.PathValue("id"), in.LiftReason, in.Version)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, h)
}
