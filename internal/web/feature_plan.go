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
		{"GET /api/v1/resource-gaps", false, (*Server).apiResourceGaps},
		{"GET /api/v1/calendar", false, (*Server).apiCalendar},
	}
	planDocs = map[string]apiDoc{
		"POST /api/v1/cases/{id}/assessments":  {"アセスメントを保存する（保存のたびに新しい版）", "Assessment", "Assessment", true},
		"GET /api/v1/cases/{id}/assessments":   {"アセスメントの全版（新しい順）", "", "AssessmentList", false},
		"POST /api/v1/cases/{id}/plans":        {"支援プラン案を作る（既存のプランは旧版になる＝再プラン）。担当機関は支援チームにいること", "Plan", "Plan", true},
		"GET /api/v1/cases/{id}/plans":         {"ケースの支援プランの全版（新しい順）", "", "PlanList", false},
		"GET /api/v1/cases/{id}/meeting-items": {"ケースが検討された会議の記録（自機関が出席した会議のみ）", "", "MeetingItemList", false},
		"GET /api/v1/plans/{id}":               {"支援プラン（項目と評価を含む）", "", "Plan", false},
		"PATCH /api/v1/plans/{id}":             {"プラン案を変更する（version 必須、プラン案のときのみ）", "Plan", "Plan", false},
		"POST /api/v1/plans/{id}/agree":        {"本人の同意（合意）を記録する", "PlanAgree", "Plan", false},
		"POST /api/v1/plans/{id}/decide":       {"支援決定を記録する（decided_on 必須）", "PlanDecide", "Plan", false},
		"POST /api/v1/plans/{id}/evaluations":  {"プランを評価する（目標ごとの達成度と今後の方針）", "Evaluation", "Evaluation", true},
		"GET /api/v1/plan-items":               {"自機関が担当するプランの項目（わたしの仕事）", "", "PlanWorkItemList", false},
		"POST /api/v1/meetings":                {"会議を登録する（自機関が主催または出席）", "Meeting", "Meeting", true},
		"GET /api/v1/meetings":                 {"自機関が主催・出席する会議（from=, to= は YYYY-MM-DD）", "", "MeetingList", false},
		"GET /api/v1/meetings/{id}":            {"会議（出席機関のみ。それ以外には 404）", "", "Meeting", false},
		"PATCH /api/v1/meetings/{id}":          {"議事録・場所・日時・非公開を変更する（version 必須）", "MeetingPatch", "Meeting", false},
		"POST /api/v1/meetings/{id}/items":     {"ケースを会議で検討する（重層的支援会議は同意、支援会議は守秘義務の確認が必要）", "MeetingItem", "MeetingItem", true},
		"POST /api/v1/meeting-items/{id}/plan": {"会議の役割分担をプランの項目にする（決定済みのプランなら再プラン）", "", "Plan", false},
		"GET /api/v1/resource-gaps":            {"会議で挙がった社会資源の不足", "", "ResourceGapList", false},
		"GET /api/v1/calendar":                 {"会議とプラン見直しの予定（from=YYYY-MM-DD, days=）", "", "CalendarList", false},
	}
	planCodes = map[string]casework.CodeList{
		"planStatuses": casework.PlanStatuses, "requestedPrograms": casework.RequestedPrograms, "goalResults": casework.GoalResults,
		"nextSteps": casework.NextSteps, "meetingBases": casework.MeetingBases, "agendas": casework.Agendas,
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
		"resource_gaps": strs, "consent_id": str(), "case_number": str(), "person_name": str(), "version": integer}, "case_id", "agenda")
	return map[string]any{
		"Assessment":     obj(assessment, "issues", "direction"),
		"AssessmentList": listSchema("Assessment"),
		"PlanItem":       planItem,
		"Plan": obj(map[string]any{"id": str(), "case_id": str(), "revision": integer, "status": enum(casework.PlanStatuses),
			"person_wish": str(), "long_goal": str(), "short_goals": strs, "items": arr(ref("PlanItem")),
			"requested_programs": arr(enum(casework.RequestedPrograms)), "next_review_on": date, "agreed_on": date, "agreed_by": enum(casework.ConsentGivenBy),
			"decided_on": date, "decided_by": str(), "supersedes_id": str(), "ended_on": date, "evaluations": arr(ref("Evaluation")),
			"version": integer, "created_at": dt, "updated_at": dt}, "long_goal"),
		"PlanList":   listSchema("Plan"),
		"PlanAgree":  obj(map[string]any{"agreed_on": date, "agreed_by": enum(casework.ConsentGivenBy)}),
		"PlanDecide": obj(map[string]any{"decided_on": date, "decided_by": str()}, "decided_on"),
		"Evaluation": evaluation,
		"PlanWorkItem": obj(map[string]any{"id": str(), "content": str(), "organization_id": str(), "frequency": str(), "from": date, "to": date,
			"person_part": str(), "plan_id": str(), "case_id": str(), "case_number": str(), "person_name": str(),
			"plan_status": enum(casework.PlanStatuses), "revision": integer, "next_review_on": date}),
		"PlanWorkItemList": listSchema("PlanWorkItem"),
		"Meeting": obj(map[string]any{"id": str(), "type": enum(casework.MeetingTypes), "title": str(), "legal_basis": str(), "scheduled_at": dt,
			"place": str(), "host_organization_id": str(), "non_public": boolean, "minutes": str(), "items": arr(ref("MeetingItem")),
			"attendees": arr(obj(map[string]any{"organization_id": str(), "user_id": str(), "name": str(),
				"member_or_guest": enum(casework.AttendeeKinds), "confidentiality_ack": boolean}, "organization_id")),
			"version": integer, "created_at": dt}, "type", "scheduled_at", "host_organization_id", "attendees"),
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
