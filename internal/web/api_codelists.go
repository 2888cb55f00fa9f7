package web

import (
	"net/http"

	"kasane/internal/casework"
)

// apiCodeLists answers GET /api/v1/code-lists: every code list with its
// values, Japanese labels and whether free text is allowed.
func (s *Server) apiCodeLists(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"items": casework.CodeLists})
}

func codeListSchemas() map[string]any {
	return map[string]any{
		"CodeItem": obj(map[string]any{"value": str(), "label": str()}, "value", "label"),
		"CodeList": obj(map[string]any{"name": str(), "label": str(),
			"free_text": map[string]any{"type": "boolean", "description": "true: the field also takes text not in values (the list suggests)"},
			"values":    arr(ref("CodeItem"))}, "name", "label", "free_text", "values"),
		"CodeListList": obj(map[string]any{"items": arr(ref("CodeList"))}, "items"),
	}
}
