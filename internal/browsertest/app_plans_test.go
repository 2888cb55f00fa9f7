package browsertest

import (
	"context"
	"time"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
)

// planned gives the case an assessment and a plan agreed and decided, and
// evaluates the plan (継続), as user.
func (a *app) planned(user, caseID string) (casework.Assessment, casework.Plan, casework.Evaluation) {
	a.t.Helper()
	ctx, as := context.Background(), a.as(user)
	x := casework.Assessment{AssessedOn: "2026-05-25",
		Household: "本人と長男の二人暮らし。", Health: "膝が痛み、買い物に行けない。", Finances: "年金のみ。公共料金の滞納あり。",
		Issues: "介護と家計の課題が重なり、相談できる相手がいない。", Strengths: "本人は支援を受け入れる意思がある。",
		Direction: "介護サービスを導入し、家計の相談につなぐ。"}
	if err := a.db.CreateAssessment(ctx, as, caseID, &x); err != nil {
		a.t.Fatal(err)
	}
	p := casework.Plan{PersonWish: "家で暮らし続けたい。", LongGoal: "介護と家計を立て直し、家で暮らし続ける。",
		ShortGoals: []string{"介護サービスを使う", "滞納を解消する"},
		Items:      []casework.PlanItem{{Content: "月2回の訪問", OrganizationID: a.orgs["houkatsu"].ID, Frequency: "月2回", From: "2026-06-01", To: "2026-11-30"}}}
	if err := a.db.CreatePlan(ctx, as, caseID, &p); err != nil {
		a.t.Fatal(err)
	}
	if _, err := a.db.AgreePlan(ctx, as, p.ID, "2026-06-01", "本人"); err != nil {
		a.t.Fatal(err)
	}
	p = a.decided(user, caseID, p)
	ev := casework.Evaluation{EvaluatedOn: "2026-09-01", Summary: "介護サービスは始まった。家計は改善の途中。", NextStep: "continue",
		Goals: []casework.GoalEvaluation{{Goal: "介護サービスを使う", Result: "achieved"}, {Goal: "滞納を解消する", Result: "partly", Comment: "分納中"}}}
	if err := a.db.EvaluatePlan(ctx, as, p.ID, &ev); err != nil {
		a.t.Fatal(err)
	}
	return x, p, ev
}

// meetingWith holds a 重層的支援会議 of the lead, くらし and 多機関 that
// discusses the case (the person's consent must reach them), with minutes.
func (a *app) meetingWith(user, caseID string) casework.Meeting {
	a.t.Helper()
	ctx, as := context.Background(), a.as(user)
	m := casework.Meeting{Type: "jusoteki_shien_kaigi", Title: "9月 重層的支援会議", ScheduledAt: time.Date(2026, 9, 10, 14, 0, 0, 0, time.Local),
		Place: "市役所 会議室", HostOrgID: a.orgs["houkatsu"].ID, Minutes: "各機関の支援の状況を確認した。"}
	for _, o := range []string{"houkatsu", "kurashi", "takikan"} {
		m.Attendees = append(m.Attendees, casework.Attendee{OrganizationID: a.orgs[o].ID, MemberOrGuest: "member"})
	}
	if err := a.db.CreateMeeting(ctx, as, &m); err != nil {
		a.t.Fatal(err)
	}
	it := casework.MeetingItem{CaseID: caseID, Agenda: "progress_review", Situation: "介護サービスが始まった。",
		Decisions: "包括が訪問を続け、くらしが家計相談を行う。"}
	if err := a.db.AddMeetingItem(ctx, as, m.ID, &it); err != nil {
		a.t.Fatal(err)
	}
	held, err := a.db.SetMeetingStatus(ctx, as, m.ID, casework.MeetingHeldStatus, m.Version)
	if err != nil {
		a.t.Fatal(err)
	}
	return held
}

// decided has the municipality decide plan p (支援決定): the lead holds a
// 重層的支援会議 with 福祉総合相談課 (the person's consent reaching it) whose
// plan_review item the decision maker decides on.
func (a *app) decided(user, caseID string, p casework.Plan) casework.Plan {
	a.t.Helper()
	ctx, as := context.Background(), a.as(user)
	c, err := a.db.Case(ctx, as, caseID)
	if err != nil {
		a.t.Fatal(err)
	}
	a.consent(user, c.FocusPersonID, "city")
	m := casework.Meeting{Type: "jusoteki_shien_kaigi", Title: "重層的支援会議（プランの検討）", ScheduledAt: time.Date(2026, 6, 2, 10, 0, 0, 0, time.Local),
		HostOrgID: a.orgs["houkatsu"].ID, Attendees: []casework.Attendee{{OrganizationID: a.orgs["houkatsu"].ID}, {OrganizationID: a.orgs["city"].ID}}}
	if err := a.db.CreateMeeting(ctx, as, &m); err != nil {
		a.t.Fatal(err)
	}
	if _, err := a.db.SetMeetingStatus(ctx, as, m.ID, casework.MeetingHeldStatus, m.Version); err != nil {
		a.t.Fatal(err)
	}
	it := casework.MeetingItem{CaseID: caseID, Agenda: "plan_review", PlanID: p.ID, Decisions: "プランを承認した。"}
	if err := a.db.AddMeetingItem(ctx, as, m.ID, &it); err != nil {
		a.t.Fatal(err)
	}
	p, err = a.db.DecidePlan(ctx, a.as("decider"), p.ID, sqldb.PlanDecision{DecidedOn: "2026-06-02", MeetingItemID: it.ID, Result: "承認", DecidedBy: "福祉総合相談課長"})
	if err != nil {
		a.t.Fatal(err)
	}
	full, err := a.db.Plan(ctx, as, p.ID, false)
	if err != nil {
		a.t.Fatal(err)
	}
	return full
}
