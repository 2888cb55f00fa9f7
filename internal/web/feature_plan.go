package web

import "kasane/internal/casework"

// The plan feature: assessments, plans, evaluations, meetings, resource
// gaps and the calendar.
var (
	planRoutes = []route{
		// pages
		{"GET /cases/{id}/plans", false, (*Server).casePlansPage},
		{"GET /cases/{id}/assessments/new", false, (*Server).assessmentNewPage},
		{"POST /cases/{id}/assessments", false, (*Server).assessmentCreate},
		{"GET /assessments/{id}/print", false, (*Server).assessmentPrint},
		{"GET /cases/{id}/plans/new", false, (*Server).planNewPage},
		{"POST /cases/{id}/plans", false, (*Server).planCreate},
		{"GET /plans/{id}", false, (*Server).planPage},
		{"GET /plans/{id}/edit", false, (*Server).planEditPage},
		{"POST /plans/{id}/edit", false, (*Server).planUpdate},
		{"POST /plans/{id}/agree", false, (*Server).planAgree},
		{"POST /plans/{id}/decide", false, (*Server).planDecide},
		{"POST /plans/{id}/evaluations", false, (*Server).planEvaluate},
		{"GET /plans/{id}/print", false, (*Server).planPrint},
		{"GET /evaluations/{id}/print", false, (*Server).evaluationPrint},
		{"GET /meetings", false, (*Server).meetingsPage},
		{"GET /meetings/new", false, (*Server).meetingNewPage},
		{"POST /meetings", false, (*Server).meetingCreate},
		{"GET /meetings/{id}", false, (*Server).meetingPage},
		{"POST /meetings/{id}/items", false, (*Server).meetingItemCreate},
		{"POST /meetings/{id}/minutes", false, (*Server).meetingMinutes},
		{"POST /meetings/{id}/status", false, (*Server).meetingStatusForm},
		{"POST /meetings/{id}/acknowledgements", false, (*Server).meetingAckForm},
		{"POST /meetings/{id}/attendance", false, (*Server).meetingAttendanceForm},
		{"POST /meetings/{id}/minutes/confirm", false, (*Server).meetingConfirmForm},
		{"POST /meeting-items/{id}/decide", false, (*Server).meetingItemDecideForm},
		{"POST /meeting-items/{id}/close", false, (*Server).meetingItemCloseForm},
		{"GET /meetings/{id}/print", false, (*Server).meetingPrint},
		{"POST /meeting-items/{id}/plan", false, (*Server).meetingItemToPlan},
		{"GET /resource-gaps", false, (*Server).resourceGapsPage},

		// JSON API
		{"POST /api/v1/cases/{id}/assessments", false, (*Server).apiCreateAssessment},
		{"GET /api/v1/cases/{id}/assessments", false, (*Server).apiAssessments},
		{"POST /api/v1/cases/{id}/plans", false, (*Server).apiCreatePlan},
		{"GET /api/v1/cases/{id}/plans", false, (*Server).apiPlans},
		{"GET /api/v1/cases/{id}/meeting-items", false, (*Server).apiCaseMeetingItems},
		{"GET /api/v1/plans/{id}", false, (*Server).apiPlan},
		{"PATCH /api/v1/plans/{id}", false, (*Server).apiUpdatePlan},
		{"POST /api/v1/plans/{id}/agree", false, (*Server).apiAgreePlan},
		{"POST /api/v1/plans/{id}/decide", false, (*Server).apiDecidePlan},
		{"POST /api/v1/plans/{id}/evaluations", false, (*Server).apiEvaluatePlan},
		{"GET /api/v1/plan-items", false, (*Server).apiPlanItems},
		{"POST /api/v1/meetings", false, (*Server).apiCreateMeeting},
		{"GET /api/v1/meetings", false, (*Server).apiMeetings},
		{"GET /api/v1/meetings/{id}", false, (*Server).apiMeeting},
		{"PATCH /api/v1/meetings/{id}", false, (*Server).apiUpdateMeeting},
		{"POST /api/v1/meetings/{id}/items", false, (*Server).apiAddMeetingItem},
		{"POST /api/v1/meeting-items/{id}/plan", false, (*Server).apiItemToPlan},
		{"POST /api/v1/meetings/{id}/status", false, (*Server).apiMeetingStatus},
		{"POST /api/v1/meetings/{id}/acknowledgements", false, (*Server).apiMeetingAck},
		{"PUT /api/v1/meetings/{id}/attendance", false, (*Server).apiMeetingAttendance},
		{"POST /api/v1/meetings/{id}/minutes/confirm", false, (*Server).apiConfirmMinutes},
		{"GET /api/v1/shien-kaigi-members/{fiscal_year}", false, (*Server).apiShienKaigiRoster},
		{"PUT /api/v1/shien-kaigi-members/{fiscal_year}", false, (*Server).apiSetShienKaigiRoster},
		{"POST /api/v1/meeting-items/{id}/decide", false, (*Server).apiDecideOnItem},
		{"GET /api/v1/cases/{id}/events", false, (*Server).apiCaseEvents},
		{"GET /api/v1/resource-gaps", false, (*Server).apiResourceGaps},
		{"GET /api/v1/calendar", false, (*Server).apiCalendar},
	}
	planDocs = map[string]apiDoc{
		"POST /api/v1/cases/{id}/assessments":           {"アセスメントを保存する（保存のたびに新しい版）", "Assessment", "Assessment", true},
		"GET /api/v1/cases/{id}/assessments":            {"アセスメントの全版（新しい順）", "", "AssessmentList", false},
		"POST /api/v1/cases/{id}/plans":                 {"支援プラン案を作る（既存のプランは旧版になる＝再プラン）。担当機関は支援チームにいること", "Plan", "Plan", true},
		"GET /api/v1/cases/{id}/plans":                  {"ケースの支援プランの全版（新しい順）", "", "PlanList", false},
		"GET /api/v1/cases/{id}/meeting-items":          {"ケースが検討された会議の記録（自機関が出席した会議のみ）", "", "MeetingItemList", false},
		"GET /api/v1/plans/{id}":                        {"支援プラン（項目と評価を含む）", "", "Plan", false},
		"PATCH /api/v1/plans/{id}":                      {"プラン案を変更する（version 必須、プラン案のときのみ）", "Plan", "Plan", false},
		"POST /api/v1/plans/{id}/agree":                 {"本人の同意（合意）を記録する", "PlanAgree", "Plan", false},
		"POST /api/v1/plans/{id}/decide":                {"支援決定を記録する（市の担当課の支援決定権者 decision_maker のみ。開催済みの重層的支援会議の検討事項 meeting_item_id（議題 plan_review）と会議の結果 result: 承認・修正・差戻し）", "PlanDecide", "Plan", false},
		"POST /api/v1/plans/{id}/evaluations":           {"プランを評価する（目標ごとの達成度と今後の方針）", "Evaluation", "Evaluation", true},
		"GET /api/v1/plan-items":                        {"自機関が担当するプランの項目（わたしの仕事）", "", "PlanWorkItemList", false},
		"POST /api/v1/meetings":                         {"会議を登録する（自機関が主催または出席）", "Meeting", "Meeting", true},
		"GET /api/v1/meetings":                          {"自機関が主催・出席する会議（from=, to= は YYYY-MM-DD）", "", "MeetingList", false},
		"GET /api/v1/meetings/{id}":                     {"会議（出席機関のみ。それ以外には 404）", "", "Meeting", false},
		"PATCH /api/v1/meetings/{id}":                   {"議事録・場所・日時・非公開を変更する（version 必須。確定した議事録は主催機関だけが変更し、変更前の文は履歴に残る）", "MeetingPatch", "Meeting", false},
		"POST /api/v1/meetings/{id}/status":             {"会議を開催済み（held）または中止（cancelled）にする（主催機関のみ。開催済みの会議だけが検討事項を共有する）", "MeetingStatus", "Meeting", false},
		"POST /api/v1/meetings/{id}/acknowledgements":   {"守秘義務の確認を記録する（method: self＝出席者本人、roster＝署名済みの出席者名簿から事務局が記録）", "MeetingAck", "Meeting", false},
		"PUT /api/v1/meetings/{id}/attendance":          {"出欠と検討事項ごとの退室を記録する（主催機関のみ、議事録の確定まで。version 必須）", "MeetingAttendance", "Meeting", false},
		"POST /api/v1/meetings/{id}/minutes/confirm":    {"議事録を確定する（主催機関のみ、開催済みの会議）", "MeetingConfirm", "Meeting", false},
		"GET /api/v1/shien-kaigi-members/{fiscal_year}": {"支援会議（社会福祉法第106条の6）の年度の構成員名簿と事務局", "", "ShienKaigiRoster", false},
		"PUT /api/v1/shien-kaigi-members/{fiscal_year}": {"支援会議の年度の構成員名簿を置き換える（事務局のみ）", "ShienKaigiRosterPut", "ShienKaigiRoster", false},
		"POST /api/v1/meeting-items/{id}/decide":        {"検討事項（議題 plan_review）に基づいて支援決定を記録する（支援決定権者のみ。プランは検討事項の plan_id か、同意済みの最新のプラン）", "PlanDecide", "Plan", false},
		"GET /api/v1/cases/{id}/events":                 {"ケースの支援決定・終結・中断の記録（誰が・いつ・どのプランの版・どの会議）", "", "CaseEventList", false},
		"POST /api/v1/meetings/{id}/items":              {"ケースを会議で検討する（重層的支援会議は同意、支援会議は守秘義務の確認が必要）", "MeetingItem", "MeetingItem", true},
		"POST /api/v1/meeting-items/{id}/plan":          {"会議の役割分担をプランの項目にする（決定済みのプランなら再プラン）", "", "Plan", false},
		"GET /api/v1/resource-gaps":                     {"会議で挙がった社会資源の不足", "", "ResourceGapList", false},
		"GET /api/v1/calendar":                          {"会議とプラン見直しの予定（from=YYYY-MM-DD, days=）", "", "CalendarList", false},
	}
	planCodes = map[string]casework.CodeList{
		"planStatuses": casework.PlanStatuses, "requestedPrograms": casework.RequestedPrograms, "goalResults": casework.GoalResults,
		"nextSteps": casework.NextSteps, "meetingBases": casework.MeetingBases, "agendas": casework.Agendas,
		"meetingStatuses": casework.MeetingStatuses, "ackMethods": casework.AckMethods, "decisionResults": casework.DecisionResults,
		"attendeeKinds": casework.AttendeeKinds, "assessmentFields": casework.AssessmentFields,
	}
)

func planSchemas() map[string]any {
	integer := map[string]any{"type": "integer"}
	boolean := map[string]any{"type": "boolean"}
	strs := map[string]any{"type": "array", "items": str()}
	arr := func(item any) map[string]any { return map[string]any{"type": "array", "items": item} }
	date := map[string]any{"type": "string", "format": "date"}
	dt := map[string]any{"type": "string", "format": "date-time"}
	assessment := map[string]any{"id": str(), "case_id": str(), "revision": integer, "assessed_on": date, "author_id": str(),
		"author_organization_id": str(), "version": integer, "created_at": dt}
	for _, f := range casework.AssessmentFields {
		assessment[f.Value] = map[string]any{"type": "string", "description": f.Label}
	}
	planItem := obj(map[string]any{"id": str(), "content": str(), "organization_id": str(), "frequency": str(), "from": date, "to": date,
		"person_part": str(), "meeting_item_id": str()}, "content", "organization_id")
	evaluation := obj(map[string]any{"id": str(), "plan_id": str(), "case_id": str(), "evaluated_on": date,
		"goals":   arr(obj(map[string]any{"goal": str(), "result": enum(casework.GoalResults), "comment": str()}, "goal", "result")),
		"summary": str(), "next_step": enum(casework.NextSteps), "closure_reason": enum(casework.ClosureReasons), "meeting_id": str(),
		"next_review_on": date, "version": integer, "created_at": dt}, "goals", "next_step")
	item := obj(map[string]any{"id": str(), "meeting_id": str(), "case_id": str(), "basis": enum(casework.MeetingBases), "agenda": enum(casework.Agendas),
		"situation": str(), "decisions": str(), "role_split": arr(obj(map[string]any{"organization_id": str(), "task": str()})),
		"lead_organization_id": str(), "key_person": str(), "next_date": date, "closure_reason": enum(casework.ClosureReasons),
		"resource_gaps": strs, "consent_id": str(), "case_number": str(), "person_name": str(), "version": integer,
		"plan_id": str(), "left_attendee_ids": strs}, "case_id", "agenda")
	return map[string]any{
		"Assessment":     obj(assessment, "issues", "direction"),
		"AssessmentList": listSchema("Assessment"),
		"PlanItem":       planItem,
		"Plan": obj(map[string]any{"id": str(), "case_id": str(), "revision": integer, "status": enum(casework.PlanStatuses),
			"person_wish": str(), "long_goal": str(), "short_goals": strs, "items": arr(ref("PlanItem")),
			"requested_programs": arr(enum(casework.RequestedPrograms)), "next_review_on": date, "agreed_on": date, "agreed_by": enum(casework.ConsentGivenBy),
			"decided_on": date, "decided_by": str(), "supersedes_id": str(), "ended_on": date, "evaluations": arr(ref("Evaluation")),
			"version": integer, "created_at": dt, "updated_at": dt}, "long_goal"),
		"PlanList":  listSchema("Plan"),
		"PlanAgree": obj(map[string]any{"agreed_on": date, "agreed_by": enum(casework.ConsentGivenBy)}),
		"PlanDecide": obj(map[string]any{"decided_on": date, "meeting_item_id": str(), "result": enum(casework.DecisionResults), "decided_by": str()},
			"decided_on", "meeting_item_id", "result"),
		"MeetingStatus":  obj(map[string]any{"status": enum(casework.MeetingStatuses), "version": integer}, "status", "version"),
		"MeetingAck":     obj(map[string]any{"attendee_id": str(), "method": enum(casework.AckMethods)}, "attendee_id"),
		"MeetingConfirm": obj(map[string]any{"version": integer}, "version"),
		"MeetingAttendance": obj(map[string]any{"absent_attendee_ids": strs, "version": integer,
			"left_room": map[string]any{"type": "object", "description": "検討事項 id → 退室した出席者 id の配列", "additionalProperties": strs}}, "version"),
		"ShienKaigiRoster":    obj(map[string]any{"fiscal_year": integer, "organization_ids": strs, "secretariat_organization_ids": strs}),
		"ShienKaigiRosterPut": obj(map[string]any{"organization_ids": strs}, "organization_ids"),
		"CaseEvent": obj(map[string]any{"id": str(), "case_id": str(), "kind": map[string]any{"type": "string", "enum": []string{"decision", "closure", "suspension"}},
			"result": enum(casework.DecisionResults), "on": date, "plan_id": str(), "plan_revision": integer, "meeting_id": str(), "meeting_item_id": str(),
			"closure_reason": enum(casework.ClosureReasons), "user_id": str(), "organization_id": str(), "at": dt}),
		"CaseEventList": listSchema("CaseEvent"),
		"Evaluation":    evaluation,
		"PlanWorkItem": obj(map[string]any{"id": str(), "content": str(), "organization_id": str(), "frequency": str(), "from": date, "to": date,
			"person_part": str(), "plan_id": str(), "case_id": str(), "case_number": str(), "person_name": str(),
			"plan_status": enum(casework.PlanStatuses), "revision": integer, "next_review_on": date}),
		"PlanWorkItemList": listSchema("PlanWorkItem"),
		"Meeting": obj(map[string]any{"id": str(), "type": enum(casework.MeetingTypes), "title": str(), "legal_basis": str(), "scheduled_at": dt,
			"place": str(), "host_organization_id": str(), "non_public": boolean, "minutes": str(), "items": arr(ref("MeetingItem")),
			"attendees": arr(obj(map[string]any{"organization_id": str(), "user_id": str(), "name": str(),
				"member_or_guest": enum(casework.AttendeeKinds), "confidentiality_ack": boolean, "id": str(), "absent": boolean,
				"confidentiality_ack_at": dt, "confidentiality_ack_by": str(), "confidentiality_ack_method": map[string]any{"type": "string", "enum": []string{"self", "roster", "legacy"}}}, "organization_id")),
			"status": enum(casework.MeetingStatuses), "status_changed_at": dt, "status_changed_by": str(), "minutes_confirmed_at": dt,
			"minutes_confirmed_by": str(), "confidentiality_duty": str(),
			"minutes_history": arr(obj(map[string]any{"previous": str(), "at": dt, "user_id": str(), "user_name": str()})),
			"version":         integer, "created_at": dt}, "type", "scheduled_at", "host_organization_id", "attendees"),
		"MeetingList":     listSchema("Meeting"),
		"MeetingPatch":    obj(map[string]any{"minutes": str(), "place": str(), "non_public": boolean, "scheduled_at": dt, "version": integer}, "version"),
		"MeetingItem":     item,
		"MeetingItemList": listSchema("MeetingItem"),
		"ResourceGap": obj(map[string]any{"id": str(), "meeting_id": str(), "meeting_type": enum(casework.MeetingTypes), "description": str(),
			"raised_on": date, "raised_by_organization_id": str(), "version": integer}),
		"ResourceGapList": listSchema("ResourceGap"),
		"CalendarEntry": obj(map[string]any{"date": date, "at": dt, "kind": map[string]any{"type": "string", "enum": []string{"meeting", "review"}},
			"title": str(), "meeting_id": str(), "plan_id": str(), "case_id": str(), "case_number": str(), "overdue": boolean}),
		"CalendarList": listSchema("CalendarEntry"),
	}
}
