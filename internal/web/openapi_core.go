package web

import "kasane/internal/casework"

func arr(item map[string]any) map[string]any { return map[string]any{"type": "array", "items": item} }

var (
	intS  = map[string]any{"type": "integer"}
	boolS = map[string]any{"type": "boolean"}
	dateS = map[string]any{"type": "string", "description": "YYYY-MM-DD（入力では和暦 R7.4.1・令和7年4月1日 も可）"}
	timeS = map[string]any{"type": "string", "format": "date-time"}
)

// casworkSchemas documents the persons, households, cases, consents and
// referrals resources with every accepted code value as an enum.
func caseworkSchemas() map[string]any {
	addr := obj(map[string]any{"postal_code": str(), "prefecture": str(), "city": str(), "street": str()})
	return map[string]any{
		"Address": addr,
		"Person": obj(map[string]any{"id": str(), "family_name": str(), "given_name": str(), "family_name_kana": str(), "given_name_kana": str(),
			"alias": str(), "maiden_name": str(), "alias_kana": str(), "maiden_name_kana": str(),
			"other_names": map[string]any{"type": "array", "description": "ほかの氏名（読み取り専用: 本人情報以外で記録された旧姓・通称）", "items": obj(map[string]any{
				"kind": map[string]any{"type": "string", "enum": []string{casework.AliasFormer, casework.AliasCommon}}, "family_name": str(), "given_name": str(),
				"family_name_kana": str(), "given_name_kana": str(), "source": str(), "created_at": str()}, "kind", "family_name", "source")},
			"birth_date": dateS, "birth_precision": map[string]any{"type": "string", "enum": []string{"day", "month", "year", "unknown"}},
			"sex": enum(casework.Sexes), "address": ref("Address"), "actual_address": ref("Address"), "phone": str(), "phone2": str(),
			"dv_protected": boolS, "dv_clear_reason": str(), "dv_designated_organization_ids": arr(str()), "deceased_on": dateS, "identified": boolS, "label": str(), "address_hidden": boolS,
			"display_name": str(), "kana": str(), "birth_date_display": str(), "age": intS, "version": intS,
			"atena_no":               map[string]any{"type": "string", "description": "宛名番号（住民記録システムの番号。個人番号ではない）。市の担当課、登録した機関、ケースの主担当機関、基本情報の範囲を持つチームの機関、個人情報保護担当にだけ返す。返されない利用者の PATCH では変わらない"},
			"atena_linked_person_id": map[string]any{"type": "string", "description": "保存した宛名番号が別の記録にあったとき: その記録と同一人物として結び付けた（宛名番号はその記録に残る）"},
			"resident_status":        map[string]any{"type": "string", "enum": []string{"住民", "転出", "死亡"}, "description": "住民記録（異動ファイル）が最後に示した状態", "readOnly": true},
			"resident_status_on":     map[string]any{"type": "string", "description": "resident_status の異動日 YYYY-MM-DD", "readOnly": true},
			"former_names": map[string]any{"type": "array", "readOnly": true, "description": "以前の氏名（旧姓など。氏名変更のときに残し、検索で見つかる）",
				"items": obj(map[string]any{"family_name": str(), "given_name": str(), "family_name_kana": str(), "given_name_kana": str(), "until": dateS, "source": str()}, "family_name")}}, "family_name", "family_name_kana"),
		"PersonHit": obj(map[string]any{"id": str(), "display_name": map[string]any{"type": "string", "description": "氏名（チーム外のヒットで生年月日・電話番号による検索のときは空）"},
			"kana": str(), "birth_date": dateS, "birth_date_display": str(), "age": intS, "sex": enum(casework.Sexes),
			"district": map[string]any{"type": "string", "description": "地区（住所の町名、なければ市区町村）。住所を閲覧できる場合だけ（DV等支援措置の対象者は指定された機関だけ）"},
			"known_by": map[string]any{"type": "array", "items": str(), "description": "把握している機関（閲覧できる本人のみ。チーム外のヒットでは常に空）"},
			"inquiry_contact": map[string]any{"description": "チーム外のヒット: 問い合わせ先（市区町村の設定。把握している機関は示さない）。閲覧できるヒットでは、名寄せで結び付いたDV等支援措置の対象の記録（自機関が指定されていないもの）の問い合わせ先",
				"type": "object", "properties": map[string]any{"organization_id": str(), "name": str(), "note": str()}, "required": []string{"name"}},
			"visible": boolS, "score": intS,
			"linked_known_by":     map[string]any{"type": "array", "items": str(), "description": "名寄せで同一人物と判定された他の記録に関わっている機関（連絡先）。その記録群のいずれかを閲覧できる検索者にだけ"},
			"linked_records":      map[string]any{"type": "integer", "description": "名寄せで結び付いた他の記録の数（同上）"},
			"matched_former_name": map[string]any{"type": "boolean", "description": "以前の氏名（旧姓など）で一致した（チーム外のヒットでは display_name は空）"}}, "id", "display_name", "known_by", "visible"),
		"PersonHitList": listSchema("PersonHit"),
		"Household": obj(map[string]any{"id": str(), "label": str(), "kind": enum(casework.HouseholdKinds),
			"members": arr(ref("HouseholdMember")), "relations": arr(ref("PersonRelation")), "version": intS}, "label"),
		"HouseholdMember": obj(map[string]any{"id": str(), "person_id": str(), "relationship": enum(casework.Relationships),
			"cohabiting": boolS, "roles": arr(enum(casework.MemberRoles)), "version": intS}, "person_id"),
		"PersonRelation": obj(map[string]any{"id": str(), "from_person_id": str(), "to_person_id": str(),
			"kind": enum(casework.RelationKinds), "quality": enum(casework.RelationMoods), "version": intS}, "from_person_id", "to_person_id", "kind"),
		"TeamMember": obj(map[string]any{"id": str(), "organization_id": str(), "role": str(),
			"basis":   map[string]any{"type": "string", "enum": []string{casework.BasisLead, casework.BasisConsent, casework.BasisStatutory}},
			"statute": enum(casework.Statutes), "consent_id": str(), "from": dateS, "to": dateS, "confirmed_by": str(), "law_text": str(),
			"approved_by": str(), "approved_at": str(), "version": intS,
			"end_reason": map[string]any{"type": "string", "description": "終了理由（主担当の引継ぎなど）", "enum": casework.TeamEndReasons.Values()},
			"entered_on": map[string]any{"type": "string", "format": "date", "description": "入力日（from より後のことがある: 後日の記録）"}}),
		"TeamAdd": obj(map[string]any{"organization_id": str(), "role": str(),
			"basis": map[string]any{"type": "string", "description": "consent（既定）または法的根拠（社会福祉法第106条の6は会議の根拠で、チーム参加の根拠にはならない）", "enum": append([]string{"consent"}, casework.Statutes.Values()...)},
			"to":    dateS, "law_text": str(),
			"from": map[string]any{"type": "string", "format": "date", "description": "参加日（過去の日付可・未来と受付日より前は不可。既定は今日）"}}, "organization_id"),
		"Case": withIntake(obj(map[string]any{"id": str(), "data_scope": arr(enum(casework.DataCategories)), "number": str(), "focus_person_id": str(), "household_id": str(), "received_on": dateS,
			"route": enum(casework.IntakeRoutes), "method": enum(casework.IntakeMethods), "bunya": arr(enum(casework.Bunya)),
			"problems": arr(enum(casework.Problems)), "primary_problem": enum(casework.Problems), "complaint": str(),
			"screening": enum(casework.Screenings), "status": enum(casework.CaseStatuses), "lead_organization_id": str(),
			"closure_reason": enum(casework.ClosureReasons), "team": arr(ref("TeamMember")), "version": intS},
			"focus_person_id", "received_on", "route", "method", "bunya", "complaint")),
		"CaseList": listSchema("Case"),
		"Transition": obj(map[string]any{"to": enum(casework.CaseStatuses), "reason": enum(casework.ClosureReasons), "meeting_item_id": str(),
			"on": map[string]any{"type": "string", "format": "date"}}, "to"),
		"Contact": obj(map[string]any{"id": str(), "case_id": str(), "at": timeS, "method": enum(casework.ContactMethods), "counterpart": str(),
			"content": str(), "minutes": intS, "jigyo": enum(casework.Jigyo), "bunya": enum(casework.Bunya), "version": intS,
			"match_id": str(), "source": str()}, "at", "method", "content"),
		"ContactList": listSchema("Contact"),
		"Consent": obj(map[string]any{"id": str(), "person_id": str(), "given_by": enum(casework.ConsentGivenBy), "given_on": dateS,
			"method": enum(casework.ConsentMethods), "recipients": arr(str()), "data_categories": arr(enum(casework.DataCategories)),
			"purposes": arr(str()), "meeting_types": arr(enum(casework.MeetingTypes)), "valid_until": dateS, "withdrawn_on": dateS, "version": intS},
			"person_id", "given_by", "given_on", "method", "recipients", "data_categories", "purposes"),
		"Withdraw": obj(map[string]any{"withdrawn_on": dateS, "reason": str()}),
		"Referral": obj(map[string]any{"id": str(), "case_id": str(), "to_organization_id": str(), "from_organization_id": str(), "reason": str(),
			"statute": enum(casework.Statutes), "status": enum(casework.ReferralStatuses), "due_on": dateS, "decline_reason": str(), "overdue": boolS, "version": intS,
			"referred_on":   map[string]any{"type": "string", "format": "date", "description": "つないだ日（過去の日付可・未来不可。既定は今日。回答期限はこの日から開庁日で数える）"},
			"transfer_lead": map[string]any{"type": "boolean", "description": "主担当の引継ぎ: 受けるとつなぎ先が主担当機関になる（送れるのは主担当機関だけ。受ける時点で本人の有効な同意か法令上の根拠が必要）"}},
			"case_id", "to_organization_id", "reason"),
		"ReferralList": listSchema("Referral"),
		"Answer":       obj(map[string]any{"reason": str()}),
		"Alert":        obj(map[string]any{"kind": map[string]any{"type": "string", "description": "overdue_referral, stale_case, no_lead_worker, review_due, resident_moved_out（住民記録で転出）, resident_deceased（住民記録で死亡）など"}, "message": str(), "case_id": str(), "ref_id": str(), "days": intS, "since": str(), "case_number": str(), "person_name": str()}),
		"AlertList":    listSchema("Alert"),
		"Service": obj(map[string]any{"id": str(), "name": str(), "category": enum(casework.ServiceCategories), "bunya": arr(enum(casework.Bunya)),
			"description": str(), "contact": str(), "scope": map[string]any{"type": "string", "enum": []string{"national", "local"}}, "version": intS}, "name", "category"),
		"ServiceList":       listSchema("Service"),
		"InfoProvision":     obj(map[string]any{"id": str(), "case_id": str(), "service_id": str(), "service_name": str(), "provided_on": dateS, "note": str()}, "service_id"),
		"InfoProvisionList": listSchema("InfoProvision"),
	}
}
