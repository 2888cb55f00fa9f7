package casework

import "time"

// 支援決定 and 終結 belong to the municipality (issue 19). The plan written
// with the person is discussed at the 重層的支援会議 and the municipality
// decides the support (支援決定); closure and suspension of a 多機関協働 case
// are decided the same way. A user with the role decision_maker
// (支援決定権者), which only users of municipal_section organizations hold,
// records the decision with the held 重層的支援会議 item it rests on and the
// meeting's result. Each decision and each closure is kept as an event (who,
// when, which plan revision, which meeting); the annual report counts the
// events, so a past year's figures never change.

// RoleDecisionMaker is the role of the municipality's 支援決定権者.
const RoleDecisionMaker = "decision_maker"

// Results of a 重層的支援会議 on a plan: 承認 and 修正 (approved with the
// changes the meeting recorded) decide the support; 差戻し returns the plan
// to its author and decides nothing.
var DecisionResults = CodeList{{"承認", "承認"}, {"修正", "修正のうえ承認"}, {"差戻し", "差戻し"}}

// DecisionDecides reports whether a result decides the support.
func DecisionDecides(result string) bool { return result == "承認" || result == "修正" }

// Kinds of case decision events.
const (
	EventDecision   = "decision"   // 支援決定 (or a 差戻し on the way to it)
	EventClosure    = "closure"    // 終結
	EventSuspension = "suspension" // 中断
)

// CaseEvent is one decision about a case, kept for history and counting.
type CaseEvent struct {
	ID             string    `json:"id"`
	CaseID         string    `json:"case_id"`
	Kind           string    `json:"kind"`
	Result         string    `json:"result,omitempty"`
	On             string    `json:"on"`
	PlanID         string    `json:"plan_id,omitempty"`
	PlanRevision   int       `json:"plan_revision,omitempty"`
	MeetingID      string    `json:"meeting_id,omitempty"`
	MeetingItemID  string    `json:"meeting_item_id,omitempty"`
	ClosureReason  string    `json:"closure_reason,omitempty"`
	UserID         string    `json:"user_id"`
	OrganizationID string    `json:"organization_id"`
	At             time.Time `json:"at"`
}

// CheckRolesForOrgKind: a user of a business organization (企業) may hold
// only the role host; decision_maker is given only to users of a
// municipal_section organization (the municipality decides).
func CheckRolesForOrgKind(kind string, roles []string) error {
	for _, r := range roles {
		var msg string
		switch {
		case kind == "business" && r != RoleHost:
			msg = "企業の職員に付けられる役割は「" + Roles.Label(RoleHost) + "」（host）だけです。「" + Roles.Label(r) + "」は付けられません。"
		case r == RoleDecisionMaker && kind != "municipal_section":
			msg = "「" + Roles.Label(RoleDecisionMaker) + "」（decision_maker）は市の担当課の職員にだけ付けられます。"
		case r == RoleLiaison && kind != "municipal_section":
			msg = "「" + Roles.Label(RoleLiaison) + "」（liaison）は市の担当課（税・国保・水道など）の職員にだけ付けられます。"
		}
		if msg != "" {
			return &Error{Code: EINVALID, Message: msg, Fields: map[string]string{"roles": msg}}
		}
	}
	return nil
}

// IsTakikanCase: a 多機関協働 case is one whose lead organization is a
// 多機関協働事業者 (multi_agency), or that has support recorded under the
// 事業 takikan (a contact with jigyo takikan). Its closure and suspension
// are the municipality's, on a held 重層的支援会議 item.
func IsTakikanCase(leadOrgKind string, takikanContacts bool) bool {
	return leadOrgKind == "multi_agency" || takikanContacts
}

// agendaOf is the item agenda a decision kind rests on.
var agendaOf = map[string]string{EventDecision: "plan_review", EventClosure: "closure", EventSuspension: "suspension"}

// CheckMeetingDecision decides whether a (whose organization is of kind
// orgKind) records a decision of kind on case caseID (and plan planID for
// 支援決定) on day on, resting on item it of meeting m: a decision_maker of
// a municipal_section, an item of a held 重層的支援会議 that the actor's
// organization attended, about that case, with the agenda of the kind (a
// plan_review item that names a plan names this one), and a day no earlier
// than the meeting's.
func CheckMeetingDecision(a Actor, orgKind, kind string, m Meeting, it MeetingItem, caseID, planID, on string) error {
	if !a.Has(RoleDecisionMaker) || orgKind != "municipal_section" {
		return Errorf(EFORBIDDEN, "支援決定・終結・中断の決定は、市の担当課の支援決定権者（decision_maker）だけが記録できます。")
	}
	bad := func(msg string) error { return meetingInvalid("meeting_item_id", msg) }
	switch {
	case m.Type != "jusoteki_shien_kaigi":
		return bad("重層的支援会議の検討事項を選んでください。")
	case m.Status != MeetingHeldStatus:
		return bad("開催済みの重層的支援会議の検討事項を選んでください（会議は「" + MeetingStatuses.Label(m.Status) + "」です）。")
	case !CanSeeMeeting(a, m):
		return bad("あなたの機関が出席した会議の検討事項を選んでください。")
	case it.CaseID != caseID:
		return bad("このケースの検討事項ではありません。")
	case it.Agenda != agendaOf[kind]:
		return bad("議題が「" + Agendas.Label(agendaOf[kind]) + "」の検討事項を選んでください。")
	case planID != "" && it.PlanID != "" && it.PlanID != planID:
		return bad("この検討事項は別の版のプランを検討したものです。")
	case on != "" && on < Today(m.ScheduledAt):
		return meetingInvalid("decided_on", "決定日は会議の日（"+Today(m.ScheduledAt)+"）以後にしてください。")
	}
	return nil
}

// CheckManualTransition: 支援決定 is recorded on a plan (DecidePlan), never
// by moving the case by hand; a manual change to decided needs a decided
// plan. Closing or suspending a 多機関協働 case needs the municipality's
// decision on a meeting item (meetingItem set); other cases are closed by
// their lead.
func CheckManualTransition(to string, hasDecidedPlan, takikan bool, meetingItem string) error {
	if to == "decided" && !hasDecidedPlan {
		return meetingInvalid("to", "支援決定は、重層的支援会議で検討したプランについて市の支援決定権者が記録します（ケースの状態を直接「支援決定」にはできません）。")
	}
	if (to == "closed" || to == "suspended") && takikan && meetingItem == "" {
		return meetingInvalid("meeting_item_id", "多機関協働のケースの"+CaseStatuses.Label(to)+"は、開催済みの重層的支援会議の検討事項に基づいて市の支援決定権者が決定します。検討事項を選んでください。")
	}
	return nil
}
