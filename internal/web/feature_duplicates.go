package web

import "net/http"

// The duplicates page (名寄せ): candidate pairs to decide, decisions in
// force, and their revocation; the records linked to a person (issue 23).
// duplicatesRoutes is listed in routes.go, duplicatesDocs and
// duplicatesSchemas in openapi.go.
var duplicatesRoutes = []route{
	{"GET /duplicates", false, (*Server).duplicatesPage},
	{"POST /duplicates/decisions", false, (*Server).duplicateDecide},
	{"POST /duplicates/decisions/{id}/revoke", false, (*Server).duplicateRevoke},
	{"GET /api/v1/persons/{id}/links", false, (*Server).apiPersonLinks},
}

var duplicatesDocs = map[string]apiDoc{
	"GET /api/v1/persons/{id}/links": {"名寄せで同一人物と判定され結び付いた他の記録（閲覧できる記録はその内容、閲覧できない記録は「他機関の記録」として連絡先の機関だけ、DV等支援措置の対象で指定されていない記録は市区町村の問い合わせ先だけ。監査記録あり）", "", "LinkedRecordList", false},
}

func duplicatesSchemas() map[string]any {
	return map[string]any{
		"LinkedCase": obj(map[string]any{"id": str(), "number": str(), "status": str(), "lead_organization": str(),
			"readable": map[string]any{"type": "boolean", "description": "閲覧できるケース（id・number・status はこのときだけ）"}}, "lead_organization", "readable"),
		"LinkedRecord": obj(map[string]any{
			"visible":   map[string]any{"type": "boolean", "description": "閲覧できる記録（person_id・氏名・生年月日・cases はこのときだけ）"},
			"person_id": str(), "display_name": str(), "kana": str(), "birth_date_display": str(),
			"registered_by": map[string]any{"type": "string", "description": "登録した機関"},
			"organizations": map[string]any{"type": "array", "items": str(), "description": "関わっている機関（登録した機関と終結していないケースの主担当機関）: 連絡先"},
			"cases":         arr(ref("LinkedCase")),
			"inquiry_contact": map[string]any{"description": "DV等支援措置の対象で自機関が指定されていない記録: 市区町村の問い合わせ先だけ",
				"type": "object", "properties": map[string]any{"organization_id": str(), "name": str(), "note": str()}, "required": []string{"name"}}},
			"visible"),
		"LinkedRecordList": listSchema("LinkedRecord"),
	}
}

func (s *Server) apiPersonLinks(w http.ResponseWriter, r *http.Request) {
	links, err := s.db.PersonLinks(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(links, ""))
}
