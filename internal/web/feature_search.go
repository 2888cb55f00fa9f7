package web

// The search feature's routes, API documentation and schemas: duplicate
// candidates of a person (名寄せ) and the decisions on them. Add
// searchRoutes, searchDocs and searchSchemas to the lists in routes.go and
// openapi.go.
var (
	searchRoutes = []route{
		{"GET /api/v1/persons/{id}/duplicates", false, (*Server).apiPersonDuplicates},
		{"POST /api/v1/duplicate-decisions", false, (*Server).apiDecideDuplicate},
		{"POST /api/v1/duplicate-decisions/{id}/revoke", false, (*Server).apiRevokeDuplicateDecision},
	}
	searchDocs = map[string]apiDoc{
		"GET /api/v1/persons/{id}/duplicates":          {"同一人物の可能性がある本人（名寄せ候補。閲覧できる本人のみ、別人と判定済みは除く）", "", "DuplicateList", false},
		"POST /api/v1/duplicate-decisions":             {"2人が同一人物か別人かの判定を記録する（取り消し可能・監査記録あり）", "DuplicateDecision", "DuplicateDecision", true},
		"POST /api/v1/duplicate-decisions/{id}/revoke": {"判定を取り消す（version 必須）", "Revoke", "DuplicateDecision", false},
	}
)

func searchSchemas() map[string]any {
	integer := map[string]any{"type": "integer"}
	strs := map[string]any{"type": "array", "items": str()}
	return map[string]any{
		"Duplicate": obj(map[string]any{"person_id": str(), "score": integer, "reasons": strs,
			"same": map[string]any{"type": "boolean"}, "decision": map[string]any{"type": "string", "enum": []string{"same", "different"}}},
			"person_id", "score", "reasons"),
		"DuplicateList": listSchema("Duplicate"),
		"DuplicateDecision": obj(map[string]any{"id": str(), "person_a": str(), "person_b": str(),
			"decision": map[string]any{"type": "string", "enum": []string{"same", "different"}}, "note": str(),
			"decided_by": str(), "decided_by_organization_id": str(), "revoked_at": str(), "revoked_by": str(),
			"version": integer, "created_at": str()}, "person_a", "person_b", "decision"),
		"Revoke": obj(map[string]any{"version": integer}, "version"),
	}
}
