package casework

// NamedCodeList is a code list as integrators see it (GET
// /api/v1/code-lists): the name used in the API documentation, its values
// with Japanese labels, and whether a field of the list also takes text not
// in it (the list then only suggests).
type NamedCodeList struct {
	Name     string   `json:"name"`
	Label    string   `json:"label"`
	FreeText bool     `json:"free_text"`
	Items    CodeList `json:"values"`
}

// CodeLists are every code list of the domain, in a stable order. Lists
// whose values are Japanese labels travel as those labels (API.md).
var CodeLists = []NamedCodeList{
	{"organization_kind", "機関の種別", false, OrgKinds},
	{"organization_operation", "機関の運営", false, Operations},
	{"meeting_status", "会議の状態", false, MeetingStatuses},
	{"confidentiality_ack_method", "守秘義務の確認の記録方法", false, AckMethods},
	{"decision_result", "支援決定の結果", false, DecisionResults},
	{"role", "役割", false, Roles},
	{"bunya", "分野", false, Bunya},
	{"jigyo", "事業", false, Jigyo},
	{"problem", "課題", false, Problems},
	{"intake_route", "相談経路", false, IntakeRoutes},
	{"intake_method", "相談方法", false, IntakeMethods},
	{"urgency", "緊急度", false, Urgencies},
	{"urgency_reason", "緊急度の理由", false, UrgencyReasons},
	{"contact_channel", "連絡方法", false, ContactChannels},
	{"employment_status", "就労状況", false, EmploymentStatuses},
	{"housing_type", "住居形態", false, HousingTypes},
	{"health_insurance", "健康保険", false, HealthInsurances},
	{"pension", "年金", false, Pensions},
	{"handbook_kind", "手帳の種別", false, HandbookKinds},
	{"care_level", "要介護度", false, CareLevels},
	{"public_assistance", "生活保護", false, PublicAssistance},
	{"screening", "スクリーニング結果", false, Screenings},
	{"contact_method", "支援経過の方法", false, ContactMethods},
	{"sex", "性別", false, Sexes},
	{"case_status", "ケースの状態", false, CaseStatuses},
	{"closure_reason", "終結の理由", false, ClosureReasons},
	{"statute", "法的根拠", false, Statutes},
	{"household_kind", "世帯の種類", false, HouseholdKinds},
	{"relationship", "続柄", false, Relationships},
	{"member_role", "世帯員の役割", false, MemberRoles},
	{"relation_kind", "関係の種類", false, RelationKinds},
	{"relation_quality", "関係の質", false, RelationMoods},
	{"consent_given_by", "同意した人", false, ConsentGivenBy},
	{"consent_method", "同意の方法", false, ConsentMethods},
	{"consent_purpose", "同意の目的", true, ConsentPurposeSet},
	{"data_category", "共有する情報の範囲", false, DataCategories},
	{"meeting_type", "会議の種類", false, MeetingTypes},
	{"meeting_basis", "会議の根拠", false, MeetingBases},
	{"agenda", "議題", false, Agendas},
	{"attendee_kind", "出席者の種別", false, AttendeeKinds},
	{"referral_status", "つなぎの状態", false, ReferralStatuses},
	{"team_end_reason", "支援チームの終了理由", false, TeamEndReasons},
	{"plan_status", "支援プランの状態", false, PlanStatuses},
	{"requested_program", "申請する事業", false, RequestedPrograms},
	{"assessment_field", "アセスメントの項目", false, AssessmentFields},
	{"goal_result", "目標の評価", false, GoalResults},
	{"next_step", "評価後の方針", false, NextSteps},
	{"outreach_stage", "アウトリーチの段階", false, OutreachStages},
	{"outreach_found_via", "把握の経路", false, OutreachFoundVia},
	{"attempt_method", "接触の方法", false, AttemptMethods},
	{"attempt_outcome", "接触の結果", false, AttemptOutcomes},
	{"resource_kind", "社会資源の種類", false, ResourceKinds},
	{"target_group", "社会資源の対象", false, TargetGroups},
	{"activity", "活動内容・興味", false, Activities},
	{"weekday", "曜日", false, Weekdays},
	{"time_slot", "時間帯", false, TimeSlots},
	{"accessibility", "配慮", false, Accessibility},
	{"menu_example", "受け入れメニューの例", true, MenuExamples},
	{"participant_group", "参加者の区分", false, ParticipantGroups},
	{"coordinator_kind", "コーディネーターの種類", false, CoordinatorKinds},
	{"match_status", "マッチングの状態", false, MatchStatuses},
	{"match_log_kind", "マッチング記録の種類", false, MatchLogKinds},
	{"match_log_method", "マッチング記録の方法", false, MatchLogMethod},
	{"service_category", "制度・資源の分類", false, ServiceCategories},
	{"tie_counterpart", "エコマップの相手", false, TieCounterparts},
	{"tie_strength", "エコマップの関係の強さ", false, TieStrengths},
	{"tie_direction", "エコマップの支援の向き", false, TieDirections},
	{"audit_action", "監査ログの操作", false, AuditActionLabels},
	{"audit_object_type", "監査ログの対象の種類", false, AuditObjectLabels},
	{"liaison_consent", "庁内つなぎ票の本人の同意", false, LiaisonConsents},
	{"liaison_status", "庁内つなぎ票の状態", false, LiaisonStatuses},
	{"monthly_program", "委託事業者の月次報告の事業", false, MonthlyPrograms},
	// issue 23: 開示請求・訂正請求・利用停止請求 (個人情報保護法第76条・第90条・第98条)
	{"requester_relation", "請求者と本人の関係", false, RequesterRelations},
	{"disclosure_decision", "開示決定", false, DisclosureDecisions},
	{"rights_kind", "訂正請求・利用停止請求の種類", false, RightsKinds},
	{"rights_decision", "訂正・利用停止の決定", false, RightsDecisions},
}
