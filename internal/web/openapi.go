package web

import (
	"encoding/json"
	"net/http"
	"strings"

	"kasane/internal/casework"
)

// apiDocs describes each API operation for the OpenAPI document. A test
// checks that it and the routing table name the same operations.
var apiDocs = mergeDocs(coreDocs, orgDocs, planDocs, reportDocs, outreachDocs, searchDocs, accountDocs, ecomapDocs, caseEditDocs, accessDocs, breakGlassDocs, auditDocs, liaisonDocs, monthlyDocs, duplicatesDocs, disclosureDocs, retentionDocs)

func mergeDocs(ms ...map[string]apiDoc) map[string]apiDoc {
	out := map[string]apiDoc{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

var coreDocs = map[string]apiDoc{
	"GET /api/v1/openapi.json":              {"この OpenAPI 文書", "", "", false},
	"GET /api/v1/me":                        {"ログイン中の職員", "", "Me", false},
	"GET /api/v1/organizations":             {"機関の一覧", "", "OrganizationList", false},
	"GET /api/v1/code-lists":                {"コード表の一覧（名前、値、日本語の表示名、自由記述を受け付けるか）", "", "CodeListList", false},
	"GET /api/v1/audit":                     {"監査ログ（個人情報保護担当のみ）", "", "AuditList", false},
	"POST /api/v1/persons":                  {"本人を登録する", "Person", "Person", true},
	"GET /api/v1/persons":                   {"本人を氏名・生年月日・電話番号で検索する（q=漢字・かな・英字、異体字・全角半角・英字の大文字小文字・空白の有無を問わない。生年月日は西暦・和暦、電話番号はハイフンの有無を問わない。相談を受ける役割のみ、他は403。チーム外のヒットは把握している機関を示さず問い合わせ先を示す）", "", "PersonHitList", false},
	"GET /api/v1/persons/{id}":              {"本人の情報（DV等支援措置の住所は指定された機関にだけ表示する）", "", "Person", false},
	"POST /api/v1/persons/{id}/break-glass": {"緊急時の閲覧を始める（生命・身体の保護。相談を受ける機関の相談支援員・コーディネーターのみ。理由必須・4時間・個人情報保護担当に通知。開くのは緊急連絡先 /persons/{id}/emergency だけ）", "BreakGlass", "BreakGlassGrant", true},
	"PATCH /api/v1/persons/{id}":            {"本人の情報を更新する（version 必須）", "Person", "Person", false},
	"POST /api/v1/households":               {"世帯を登録する", "Household", "Household", true},
	"POST /api/v1/households/{id}/members":  {"世帯員を加える", "HouseholdMember", "HouseholdMember", true},
	"GET /api/v1/households/{id}":           {"世帯と世帯員（閲覧できるケースと関係機関）", "", "Household", false},
	"POST /api/v1/relations":                {"人と人の関係（ジェノグラム）を登録する", "PersonRelation", "PersonRelation", true},
	"POST /api/v1/cases":                    {"相談を受け付ける（ケースを作成）", "Case", "Case", true},
	"GET /api/v1/cases":                     {"閲覧できるケースの一覧（新しい順に最大100件。?status= ?organization_id= ?person_id= ?lead_worker_id= ?cursor=（前の next_cursor））", "", "CaseList", false},
	"GET /api/v1/cases/{id}":                {"ケース（支援チームと状態の変更履歴 status_history を含む）", "", "CaseDetail", false},
	"POST /api/v1/cases/{id}/transitions":   {"ケースの状態を変える（主担当機関または市の担当課の職員のみ。他は 403。変更は履歴に残る）", "Transition", "Case", false},
	"POST /api/v1/cases/{id}/team":          {"支援チームに機関を加える（主担当機関のみ。同意または法的根拠が必要。法的根拠には終了日（既定6か月）、その他の法令は条項と個人情報保護担当の承認）", "TeamAdd", "TeamMember", true},
	"POST /api/v1/cases/{id}/contacts":      {"支援経過を記録する", "Contact", "Contact", true},
	"GET /api/v1/cases/{id}/contacts":       {"支援経過の一覧（新しい順）", "", "ContactList", false},
	"PATCH /api/v1/contacts/{id}":           {"支援経過を修正する（以前の内容は履歴に残る）", "Contact", "Contact", false},
	"POST /api/v1/consents":                 {"同意を記録する", "Consent", "Consent", true},
	"POST /api/v1/consents/{id}/withdraw":   {"同意の撤回を記録する", "Withdraw", "Consent", false},
	"POST /api/v1/referrals":                {"他機関へつなぐ", "Referral", "Referral", true},
	"GET /api/v1/referrals":                 {"送った・受けたつなぎ（status=, overdue=true）", "", "ReferralList", false},
	"POST /api/v1/referrals/{id}/accept":    {"つなぎを受ける（支援チームに加わる。transfer_lead のつなぎは主担当機関になる）", "", "Referral", false},
	"POST /api/v1/referrals/{id}/decline":   {"つなぎを辞退する（reason 必須）", "Answer", "Referral", false},
	"POST /api/v1/referrals/{id}/complete":  {"つなぎを完了する", "", "Referral", false},
	"GET /api/v1/services":                  {"紹介できる制度・資源の一覧（q=）", "", "ServiceList", false},
	"POST /api/v1/services":                 {"地域の資源を一覧に加える", "Service", "Service", true},
	"POST /api/v1/cases/{id}/information":   {"情報提供（制度・資源の紹介）を記録する", "InfoProvision", "InfoProvision", true},
	"GET /api/v1/cases/{id}/information":    {"ケースで行った情報提供の一覧", "", "InfoProvisionList", false},
	"GET /api/v1/alerts":                    {"対応が必要なこと（期限超過のつなぎ、記録のないケース、主担当者のいないケース、見直し期限超過のプラン、住民記録の転出・死亡）", "", "AlertList", false},
}

type apiDoc struct {
	Summary  string
	Request  string // schema name of the JSON body
	Response string // schema name of the result
	Created  bool   // 201 instead of 200
}

// OpenAPIJSON is the OpenAPI document the server serves at
// /api/v1/openapi.json, indented (kasane openapi writes it for CI).
func OpenAPIJSON() ([]byte, error) {
	return json.MarshalIndent(openAPIDocument(), "", "  ")
}

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, openAPIDocument())
}

func openAPIDocument() map[string]any {
	paths := map[string]map[string]any{}
	for key, d := range apiDocs {
		method, path, _ := strings.Cut(key, " ")
		path = strings.TrimPrefix(path, "/api/v1")
		params := parameters(key, path)
		op := map[string]any{"operationId": operationID(method, path), "summary": d.Summary,
			"responses": responses(key, d, len(params) > 0)}
		if key == "GET /api/v1/openapi.json" {
			op["security"] = []any{} // public
		}
		if d.Request != "" {
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
				"application/json": map[string]any{"schema": ref(d.Request)}}}
		}
		if len(params) > 0 {
			op["parameters"] = params
		}
		if paths[path] == nil {
			paths[path] = map[string]any{}
		}
		paths[path][strings.ToLower(method)] = op
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "kasane API", "version": "1",
			"description": "重層的支援体制整備事業のケース管理 kasane の JSON API。認証は Bearer トークン（kasane token create）。" +
				"エラーはすべて application/problem+json（RFC 9457）で、code が機械で読める種類を示す。",
			"license": map[string]any{"name": "Proprietary", "identifier": "LicenseRef-kasane"}},
		"servers":  []any{map[string]any{"url": "/api/v1"}},
		"security": []any{map[string]any{"bearer": []any{}}},
		"paths":    paths,
		"components": map[string]any{"schemas": schemas(), "responses": problemResponses(),
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}}},
	}
}

// problemStatuses are the error answers of the API (errors.go), each a
// problem+json document whose code says which.
var problemStatuses = []struct{ status, name, desc string }{
	{"401", "Unauthorized", "トークンがない、または無効（code: unauthorized）"},
	{"403", "Forbidden", "権限がない（code: forbidden）"},
	{"404", "NotFound", "見つからない、または閲覧できない（code: not_found）"},
	{"409", "Conflict", "他の人が先に更新した: version が古い（code: conflict）"},
	{"422", "Invalid", "入力の誤り（code: invalid; errors に項目ごとの理由）、同意がない（consent_required）、守秘義務の確認がない（confidentiality_required）"},
	{"429", "TooManyRequests", "試行回数が多すぎる（code: too_many_requests; Retry-After）"},
	{"503", "Unavailable", "一時的に利用できない（code: unavailable）"},
	{"500", "Internal", "システムエラー（code: internal）"},
}

func problemResponses() map[string]any {
	out := map[string]any{}
	for _, p := range problemStatuses {
		out[p.name] = map[string]any{"description": p.desc,
			"content": map[string]any{"application/problem+json": map[string]any{"schema": ref("Problem")}}}
	}
	return out
}

func responses(key string, d apiDoc, hasParams bool) map[string]any {
	method, _, _ := strings.Cut(key, " ")
	ok := "200"
	if d.Created {
		ok = "201"
	}
	res := map[string]any{}
	body := map[string]any{"description": "成功"}
	if d.Response != "" {
		body["content"] = map[string]any{"application/json": map[string]any{"schema": ref(d.Response)}}
	}
	res[ok] = body
	public := key == "GET /api/v1/openapi.json"
	writes := method != "GET"
	for _, p := range problemStatuses {
		use := true
		switch p.status {
		case "401", "403":
			use = !public
		case "404":
			use = hasParams && strings.Contains(key, "{")
		case "409":
			use = method == "PATCH" || method == "PUT" || method == "DELETE" || (writes && d.Request != "")
		case "422":
			use = d.Request != "" || hasParams
		}
		if use {
			res[p.status] = map[string]any{"$ref": "#/components/responses/" + p.name}
		}
	}
	return res
}

func ref(name string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + name} }

func enum(l casework.CodeList) map[string]any {
	return map[string]any{"type": "string", "enum": l.Values()}
}

func str() map[string]any { return map[string]any{"type": "string"} }

func obj(props map[string]any, required ...string) map[string]any {
	o := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		o["required"] = required
	}
	return o
}

func listSchema(item string) map[string]any {
	return obj(map[string]any{"items": map[string]any{"type": "array", "items": ref(item)}, "next_cursor": str()}, "items")
}

func schemas() map[string]any {
	out := coreSchemas()
	for _, extra := range []func() map[string]any{caseworkSchemas, orgSchemas, planSchemas, reportSchemas, outreachSchemas, searchSchemas, accountSchemas, ecomapSchemas, caseEditSchemas, breakGlassSchemas, caseStatusSchemas, accessSchemas, codeListSchemas, auditSchemas, liaisonSchemas, monthlySchemas, duplicatesSchemas, disclosureSchemas, retentionSchemas} {
		for k, v := range extra() {
			out[k] = v
		}
	}
	return out
}

func coreSchemas() map[string]any {
	return map[string]any{
		"Problem": obj(map[string]any{"type": str(), "title": str(), "status": map[string]any{"type": "integer"},
			"code":   map[string]any{"type": "string", "enum": []string{"not_found", "forbidden", "unauthorized", "invalid", "conflict", "consent_required", "confidentiality_required", "too_many_requests", "unavailable", "internal"}},
			"detail": str(), "errors": map[string]any{"type": "object", "additionalProperties": str()}}, "status", "title", "code"),
		"Me": obj(map[string]any{"id": str(), "email": str(), "name": str(), "organization_id": str(),
			"roles": map[string]any{"type": "array", "items": enum(casework.Roles)}, "version": map[string]any{"type": "integer"}}),
		"Organization": obj(map[string]any{"id": str(), "name": str(), "kind": enum(casework.OrgKinds), "code": str(),
			"bunya": map[string]any{"type": "array", "items": enum(casework.Bunya)}, "jigyo": map[string]any{"type": "array", "items": enum(casework.Jigyo)},
			"contracted": map[string]any{"type": "boolean"}, "operation": enum(casework.Operations), "retired_on": str(),
			"version": map[string]any{"type": "integer"}}, "id", "name", "kind", "version"),
		"OrganizationList": listSchema("Organization"),
		"AuditEvent": obj(map[string]any{"seq": map[string]any{"type": "integer"}, "id": str(), "at": str(), "actor_id": str(),
			"action": str(), "object_type": str(), "object_id": str(), "reason": str(), "flagged": map[string]any{"type": "boolean"}, "hash": str(),
			"prev_hash": str(), "address": str(), "actor_organization_id": str(), "actor_name": str(), "actor_organization_name": str(),
			"action_label": str(), "object_type_label": str(),
			"subject":        map[string]any{"type": "string", "description": "本人の氏名またはケース番号（閲覧できる場合だけ）"},
			"subject_hidden": map[string]any{"type": "boolean", "description": "本人またはケースについての記録だが、閲覧権限がないため subject を示さない"},
			"review":         map[string]any{"$ref": "#/components/schemas/AuditReview"}}),
		"AuditList": listSchema("AuditEvent"),
	}
}
