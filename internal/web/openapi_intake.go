package web

import "kasane/internal/casework"

// withIntake adds the 相談受付・申込票 (A票/B票) fields of API.md to the Case
// schema (issue 22). Read under the case's data categories: 来談者・紹介元・
// 緊急度の理由・就労状況・住居形態 need `records`, 健康保険・年金・生活保護
// `finance`, 手帳・要介護度 `health`, the rest `basic`.
func withIntake(c map[string]any) map[string]any {
	props := c["properties"].(map[string]any)
	for k, v := range map[string]any{
		"received_time":       map[string]any{"type": "string", "description": "受付時刻（HH:MM、日本時間）"},
		"received_by_user_id": map[string]any{"type": "string", "readOnly": true, "description": "受付者（サーバーが記録する。送った値は無視される）"},
		"received_by_name":    map[string]any{"type": "string", "readOnly": true, "description": "受付者の氏名"},
		"visitor":             obj(map[string]any{"name": str(), "relation": str(), "phone": str()}),
		"referring_organization_id": map[string]any{"type": "string",
			"description": "紹介元機関。相談経路が「関係機関紹介」「会議」のときは、これか referring_organization_name が必須"},
		"referring_organization_name": map[string]any{"type": "string", "description": "紹介元機関の名称（kasane にない機関のとき）"},
		"contact_preferences": obj(map[string]any{"method": enum(casework.ContactChannels), "hours": str(),
			"keep_from_family": map[string]any{"type": "boolean", "description": "家族に知られたくない（チームの全員にケースの見出しで警告される）"}}),
		"urgency":           map[string]any{"type": "string", "enum": casework.Urgencies.Values(), "description": "緊急度（省略時は 通常）"},
		"urgency_reason":    map[string]any{"type": "string", "enum": casework.UrgencyReasons.Values(), "description": "緊急度が 即日 のときは必須"},
		"consent_at_intake": map[string]any{"type": "boolean", "description": "相談受付時の本人の同意の有無（false のとき画面は支援会議への道を示す）"},
		"employment_status": enum(casework.EmploymentStatuses), "housing_type": enum(casework.HousingTypes),
		"health_insurance": enum(casework.HealthInsurances), "pension": enum(casework.Pensions),
		"handbook_kind": enum(casework.HandbookKinds), "handbook_grade": str(), "care_level": enum(casework.CareLevels),
		"public_assistance": enum(casework.PublicAssistance),
	} {
		props[k] = v
	}
	return c
}
