package web

import (
	"time"

	"kasane/internal/casework"
	"kasane/internal/japanese"
)

// caseStatusSchemas document the status history of a case (who, when, why)
// that GET /api/v1/cases/{id} returns beside the case.
func caseStatusSchemas() map[string]any {
	return map[string]any{
		"StatusChange": obj(map[string]any{"from": enum(casework.CaseStatuses), "to": enum(casework.CaseStatuses),
			"reason": map[string]any{"type": "string", "description": "理由（終結のときは終結の理由のコード）"},
			"at":     timeS, "user_id": str(), "user_name": str(), "organization_name": str()},
			"from", "to", "reason", "at", "user_id", "user_name", "organization_name"),
		"CaseDetail": map[string]any{"allOf": []any{ref("Case"), obj(map[string]any{
			"status_history": map[string]any{"type": "array", "items": ref("StatusChange"), "description": "状態の変更履歴（古い順）"}},
			"status_history")}},
	}
}

// statusRow is one status change as the case page shows it.
type statusRow struct {
	casework.StatusChange
	AtShown     string // 和暦 with the time, JST
	ReasonShown string // the closure reason's label when closed
}

func statusRows(hs []casework.StatusChange) []statusRow {
	out := make([]statusRow, 0, len(hs))
	for _, h := range hs {
		r := statusRow{StatusChange: h, AtShown: warekiTime(h.At), ReasonShown: h.Reason}
		if h.To == "closed" {
			r.ReasonShown = casework.ClosureReasons.Label(h.Reason)
		}
		out = append(out, r)
	}
	return out
}

// warekiTime shows an instant as 令和8年6月1日 14:00 (JST).
func warekiTime(t time.Time) string {
	t = t.In(jst)
	return japanese.FormatWareki(t) + " " + t.Format("15:04")
}
