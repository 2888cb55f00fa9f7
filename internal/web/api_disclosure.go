package web

import (
	"net/http"

	"kasane/internal/casework"
	"kasane/internal/disclosure"
)

// The API of 開示請求・訂正請求・利用停止請求 and the 個人情報ファイル簿
// (page_disclosure.go has the routes and the pages).

var disclosureDocs = map[string]apiDoc{
	"GET /api/v1/disclosure-subjects":                {"開示請求の本人確認: 氏名（漢字またはカナ）と生年月日がともに一致する本人の記録（個人情報保護担当のみ。name= と birth_date= は必須。検索として監査ログに記録）", "", "DisclosureCandidateList", false},
	"GET /api/v1/disclosure-requests":                {"記録した開示請求の一覧（個人情報保護担当のみ。person_id= で本人を指定できる。新しい順）", "", "DisclosureRequestList", false},
	"POST /api/v1/disclosure-requests":               {"開示請求（個人情報保護法第76条）を記録する（個人情報保護担当のみ。請求番号は市区町村内で一意。決定期限 due_on は受付日から30日、第83条第1項）", "DisclosureRequest", "DisclosureRequest", true},
	"POST /api/v1/disclosure-requests/{id}/decision": {"開示決定（第82条: 全部開示・部分開示・不開示）を記録する（version 必須。部分開示・不開示は理由が必要）", "DisclosureDecision", "DisclosureRequest", false},
	"GET /api/v1/persons/{id}/disclosure":            {"開示資料: 本人について kasane が保有するすべての記録（名寄せした記録を含む）。第三者の情報（第78条第1項第2号）と評価・判断（同項第7号）に印を付ける（個人情報保護担当のみ。request_id= に記録済みの開示請求が必須。請求番号とともに、読み出す前に監査ログに記録）", "", "DisclosureBundle", false},
	"GET /api/v1/persons/{id}/rights-requests":       {"本人の訂正請求・利用停止請求と決定の一覧（個人情報保護担当のみ）", "", "RightsRequestList", false},
	"POST /api/v1/persons/{id}/rights-requests":      {"訂正請求（第90条）・利用停止請求（第98条）を記録する（個人情報保護担当のみ。決定済みなら decision・decided_on・reason も）", "RightsRequest", "RightsRequest", true},
	"POST /api/v1/rights-requests/{id}/decision":     {"訂正・利用停止の決定（第93条・第101条）を記録する（version 必須。一部・しない決定は理由が必要。利用停止の決定は本人とケースの画面に表示される）", "RightsDecision", "RightsRequest", false},
	"GET /api/v1/file-register":                      {"個人情報ファイル簿（第75条）: その時点の設定と記録から作る（個人情報保護担当・市の管理者。出力として監査ログに記録）", "", "FileRegister", false},
}

var disclosureParams = map[string][]qparam{
	"GET /api/v1/disclosure-subjects": {{name: "name", desc: "氏名（漢字またはカナ、空白の有無を問わない）", schema: str(), required: true},
		{name: "birth_date", desc: "生年月日（1980-04-01 のほか S55.4.1 などの和暦も可）", schema: str(), required: true}},
	"GET /api/v1/disclosure-requests":     {qstr("person_id", "本人の ID")},
	"GET /api/v1/persons/{id}/disclosure": {{name: "request_id", desc: "記録済みの開示請求の ID（この本人についてのもの）", schema: str(), required: true}},
}

func init() {
	for k, v := range disclosureParams {
		queryParams[k] = v
	}
}

func disclosureSchemas() map[string]any {
	marks := arr(enum(disclosure.MarkLabels))
	field := obj(map[string]any{"column": str(), "label": str(), "value": str(), "stored": str(), "marks": marks, "mentions": arr(str())},
		"column", "label", "value")
	record := obj(map[string]any{"table": str(), "id": str(), "marks": marks, "note": str(), "fields": arr(ref("DisclosureField"))}, "table", "fields")
	group := obj(map[string]any{"table": str(), "title": str(), "records": arr(ref("DisclosureRecord"))}, "table", "title", "records")
	section := obj(map[string]any{"key": enum(disclosure.Sections), "title": str(), "case_id": str(), "case_number": str(),
		"groups": arr(ref("DisclosureGroup"))}, "key", "title", "groups")
	request := obj(map[string]any{"id": str(), "person_id": str(), "request_number": str(), "received_on": dateS, "requester_name": str(),
		"requester_relation": enum(casework.RequesterRelations), "note": str(), "due_on": dateS, "decision": enum(casework.DisclosureDecisions),
		"decided_on": dateS, "decision_note": str(), "recorded_by": str(), "recorded_by_name": str(), "person_name": str(), "version": intS,
		"created_at": timeS}, "person_id", "request_number", "received_on", "requester_name", "requester_relation")
	rights := obj(map[string]any{"id": str(), "person_id": str(), "kind": enum(casework.RightsKinds), "request_number": str(), "received_on": dateS,
		"requester_name": str(), "requester_relation": enum(casework.RequesterRelations), "content": str(),
		"decision": enum(casework.RightsDecisions), "decision_label": str(), "decided_on": dateS, "reason": str(), "recorded_by": str(),
		"decided_by": str(), "version": intS, "created_at": timeS, "updated_at": timeS},
		"kind", "received_on", "requester_name", "requester_relation", "content")
	recipient := obj(map[string]any{"organization_id": str(), "name": str(), "kind": enum(casework.OrgKinds), "basis": enum(disclosure.RecipientBases),
		"statute": str(), "law_text": str(), "count": intS, "operation": str()}, "organization_id", "name", "basis", "count")
	return map[string]any{
		"DisclosureField":   field,
		"DisclosureRecord":  record,
		"DisclosureGroup":   group,
		"DisclosureSection": section,
		"DisclosureReviewItem": obj(map[string]any{"kind": map[string]any{"type": "string", "enum": []string{"related_case", "meeting_minutes"}},
			"title": str(), "detail": str(), "id": str()}, "kind", "title", "detail", "id"),
		"DisclosureBundle": obj(map[string]any{"title": str(), "request": ref("DisclosureRequest"), "municipality": str(), "produced_at": timeS,
			"produced_at_display": str(), "produced_by": str(), "produced_by_organization": str(), "person_name": str(), "person_ids": arr(str()),
			"marks": arr(ref("CodeItem")), "notes": arr(str()), "sections": arr(ref("DisclosureSection")), "review": arr(ref("DisclosureReviewItem")),
			"counts": obj(map[string]any{"records": intS, "third_party_fields": intS, "evaluation_fields": intS})},
			"request", "person_ids", "sections", "review", "counts"),
		"DisclosureRequest":     request,
		"DisclosureRequestList": listSchema("DisclosureRequest"),
		"DisclosureDecision": obj(map[string]any{"decision": enum(casework.DisclosureDecisions), "decided_on": str(), "decision_note": str(),
			"version": intS}, "decision", "decided_on", "version"),
		"DisclosureCandidate": obj(map[string]any{"id": str(), "name": str(), "kana": str(), "birth_date": str(), "address": str(),
			"dv_protected": boolS, "registered_by_organization_name": str(), "linked_person_ids": arr(str())}, "id", "name"),
		"DisclosureCandidateList": listSchema("DisclosureCandidate"),
		"RightsRequest":           rights,
		"RightsRequestList":       listSchema("RightsRequest"),
		"RightsDecision": obj(map[string]any{"decision": enum(casework.RightsDecisions), "decided_on": str(), "reason": str(), "version": intS},
			"decision", "decided_on", "version"),
		"RegisterRecipient": recipient,
		"FileRegister": obj(map[string]any{"title": str(), "municipality": str(), "generated_at": timeS, "generated_at_display": str(),
			"items":      arr(obj(map[string]any{"key": str(), "label": str(), "value": str()}, "key", "label", "value")),
			"fields":     arr(obj(map[string]any{"table": str(), "title": str(), "items": arr(str())}, "table", "title", "items")),
			"recipients": arr(ref("RegisterRecipient")), "facts": map[string]any{"type": "object"}}, "title", "items", "fields", "recipients"),
	}
}

func (s *Server) apiDisclosureSubjects(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	cands, err := s.db.FindDisclosureSubject(r.Context(), actor(r), q.Get("name"), q.Get("birth_date"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(cands, ""))
}

func (s *Server) apiDisclosureRequests(w http.ResponseWriter, r *http.Request) {
	list, err := s.db.DisclosureRequests(r.Context(), actor(r), r.URL.Query().Get("person_id"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if list == nil {
		list = []casework.DisclosureRequest{}
	}
	writeJSON(w, http.StatusOK, listOf(list, ""))
}

func (s *Server) apiDisclosureRequestCreate(w http.ResponseWriter, r *http.Request) {
	var req casework.DisclosureRequest
	if err := readJSON(r, &req); err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.db.CreateDisclosureRequest(r.Context(), actor(r), &req); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, req)
}

type disclosureDecisionInput struct {
	Decision     string `json:"decision"`
	DecidedOn    string `json:"decided_on"`
	DecisionNote string `json:"decision_note"`
	Reason       string `json:"reason"`
	Version      int    `json:"version"`
}

func (s *Server) apiDisclosureRequestDecide(w http.ResponseWriter, r *http.Request) {
	var in disclosureDecisionInput
	if err := readJSON(r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	got, err := s.db.DecideDisclosureRequest(r.Context(), actor(r), r.PathValue("id"), in.Decision, in.DecidedOn, in.DecisionNote, in.Version)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, got)
}

// apiDisclosure is the bundle (API.md: GET /api/v1/persons/{id}/disclosure),
// audited as an export with the request number before it is read.
func (s *Server) apiDisclosure(w http.ResponseWriter, r *http.Request) {
	data, err := s.db.DisclosureBundle(r.Context(), actor(r), r.PathValue("id"), r.URL.Query().Get("request_id"), casework.ActExport)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, disclosure.Build(data))
}

func (s *Server) apiRightsRequests(w http.ResponseWriter, r *http.Request) {
	list, err := s.db.RightsRequests(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(list, ""))
}

func (s *Server) apiRightsRequestCreate(w http.ResponseWriter, r *http.Request) {
	var rr casework.RightsRequest
	if err := readJSON(r, &rr); err != nil {
		s.apiError(w, r, err)
		return
	}
	rr.PersonID = r.PathValue("id")
	if err := s.db.CreateRightsRequest(r.Context(), actor(r), &rr); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, rr)
}

func (s *Server) apiRightsRequestDecide(w http.ResponseWriter, r *http.Request) {
	var in disclosureDecisionInput
	if err := readJSON(r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	got, err := s.db.DecideRightsRequest(r.Context(), actor(r), r.PathValue("id"), in.Decision, in.DecidedOn, in.Reason, in.Version)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, got)
}

func (s *Server) apiFileRegister(w http.ResponseWriter, r *http.Request) {
	f, err := s.db.FileRegister(r.Context(), actor(r))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, disclosure.BuildRegister(f))
}
