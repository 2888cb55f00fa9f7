package demo

// 支援決定 as the law has it (issue 19): a case of the demo reaches
// 支援決定 only through a plan agreed with the person, discussed at a held
// 重層的支援会議 (the person's consent covering the municipality, which
// attends), and decided there by the municipality's decision_maker.

import (
	"context"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
)

// decideOnMeeting is the demo's "decided" step for a case without a plan
// of its own: the lead records a consent covering 福祉総合相談課, a short plan
// the person agreed to, a 重層的支援会議 that is held with a plan_review item,
// and the decision maker records 承認. reason is the meeting's decision.
func (s *story) decideOnMeeting(ctx context.Context, a casework.Actor, caseID string, day int, reason string) error {
	city, err := s.org(oCity)
	if err != nil {
		return err
	}
	c, err := s.db.Case(ctx, a, caseID)
	if err != nil {
		return err
	}
	on := casework.Today(s.at(day, "12:00"))
	consent := casework.Consent{PersonID: c.FocusPersonID, GivenBy: "本人", GivenOn: on, Method: "署名", Recipients: []string{city},
		DataCategories: demoDataCategories, Purposes: demoPurposes, MeetingTypes: demoMeetings, ValidUntil: casework.Today(s.at(day-365, "12:00"))}
	if err := s.db.RecordConsent(ctx, a, &consent); err != nil {
		return err
	}
	plan := casework.Plan{PersonWish: "困りごとを一緒に整理して、少しずつ暮らしを立て直したい。", LongGoal: "本人が安心して相談でき、必要な支援につながっている。",
		ShortGoals: []string{"主担当機関と定期的に会う"}, NextReviewOn: casework.Today(s.at(day-90, "12:00")),
		Items: []casework.PlanItem{{Content: "主担当機関による継続的な相談支援と関係機関との調整", OrganizationID: a.OrganizationID, Frequency: "月2回",
			From: on, To: casework.Today(s.at(day-182, "12:00"))}}}
	if err := s.db.CreatePlan(ctx, a, caseID, &plan); err != nil {
		return err
	}
	if _, err := s.db.AgreePlan(ctx, a, plan.ID, on, "本人"); err != nil {
		return err
	}
	m := casework.Meeting{Type: "jusoteki_shien_kaigi", Title: "重層的支援会議（" + c.Number + "）", ScheduledAt: s.at(day, "09:00"),
		HostOrgID: a.OrganizationID, NonPublic: true, Attendees: []casework.Attendee{{OrganizationID: a.OrganizationID}, {OrganizationID: city}}}
	if err := s.db.CreateMeeting(ctx, a, &m); err != nil {
		return err
	}
	if _, err := s.db.SetMeetingStatus(ctx, a, m.ID, casework.MeetingHeldStatus, m.Version); err != nil {
		return err
	}
	it := casework.MeetingItem{CaseID: caseID, Agenda: "plan_review", PlanID: plan.ID, Decisions: reason}
	if it.Decisions == "" {
		it.Decisions = "プラン案（第1版）を確認した。"
	}
	if err := s.db.AddMeetingItem(ctx, a, m.ID, &it); err != nil {
		return err
	}
	dm, err := s.actor("decision")
	if err != nil {
		return err
	}
	_, err = s.db.DecidePlan(ctx, dm, plan.ID, sqldb.PlanDecision{DecidedOn: on, MeetingItemID: it.ID, Result: "承認", DecidedBy: "かさね市 福祉総合相談課長"})
	return err
}
