package casework

import (
	"testing"
	"time"
)

func TestPlanValidate(t *testing.T) {
	now := time.Date(2026, 6, 21, 1, 0, 0, 0, time.UTC)
	p := Plan{LongGoal: " 目標 ", ShortGoals: []string{"a", " ", "b"}, Items: []PlanItem{{Content: "訪問", OrganizationID: "o", From: "R8.6.1", To: "2026-05-01"}, {}}}
	err := p.Validate(now)
	if ErrorFields(err)["items.0.to"] == "" {
		t.Fatalf("period end before start: %v", err)
	}
	p.Items[0].To = "R8.8.31"
	if err := p.Validate(now); err != nil {
		t.Fatal(err)
	}
	if p.LongGoal != "目標" || len(p.ShortGoals) != 2 || len(p.Items) != 1 || p.Items[0].From != "2026-06-01" || p.Items[0].To != "2026-08-31" {
		t.Fatalf("normalized: %+v", p)
	}
	if p.NextReviewOn != "2026-09-24" { // 9/21 敬老の日, 9/22 国民の休日, 9/23 秋分の日
		t.Fatalf("proposed review %s", p.NextReviewOn)
	}
	bad := Plan{RequestedPrograms: []string{"x"}, Items: []PlanItem{{Frequency: "週1"}}, NextReviewOn: "not a date"}
	err = bad.Validate(now)
	for _, f := range []string{"long_goal", "requested_programs", "items.0.content", "items.0.organization_id", "next_review_on"} {
		if ErrorFields(err)[f] == "" {
			t.Errorf("no message for %s", f)
		}
	}
}

func TestProposeDates(t *testing.T) {
	if d := ProposeDate("2026-12-29"); d != "2027-01-04" {
		t.Fatalf("year-end closure: %s", d)
	}
	if d := ProposeDate("2026-06-06"); d != "2026-06-08" { // Saturday → Monday
		t.Fatalf("weekend: %s", d)
	}
	if d := ProposeDate("2026-06-10"); d != "2026-06-10" {
		t.Fatalf("working day moved: %s", d)
	}
}

func TestCheckPlanItemsNamesOrgsOffTheTeam(t *testing.T) {
	f := CaseFacts{LeadOrgID: "lead", Team: []TeamMember{{OrganizationID: "s", Basis: BasisStatutory, Statute: "elder_abuse", To: "2026-12-01"}}}
	items := []PlanItem{{OrganizationID: "lead"}, {OrganizationID: "s"}, {OrganizationID: "x"}, {OrganizationID: "x"}}
	err := CheckPlanItems(f, items, map[string]string{"x": "X機関"}, "2026-06-01")
	if ErrorCode(err) != EINVALID || len(ErrorFields(err)) != 1 || ErrorFields(err)["x"] == "" {
		t.Fatalf("off team: %v", ErrorFields(err))
	}
	if err := CheckPlanItems(f, items[:2], nil, "2026-06-01"); err != nil {
		t.Fatal(err)
	}
}

func TestPlanSteps(t *testing.T) {
	cases := []struct {
		status, step string
		ok           bool
	}{
		{"draft", "agree", true}, {"draft", "decide", false}, {"agreed", "decide", true}, {"agreed", "agree", false},
		{"decided", "edit", false}, {"draft", "edit", true}, {"superseded", "agree", false},
	}
	for _, c := range cases {
		if err := CheckPlanStep(c.status, c.step); (err == nil) != c.ok {
			t.Errorf("%s %s: %v", c.status, c.step, err)
		}
	}
	if (Plan{Status: "decided", NextReviewOn: "2026-06-01"}).ReviewOverdue("2026-06-01") || !(Plan{Status: "decided", NextReviewOn: "2026-06-01"}).ReviewOverdue("2026-06-02") {
		t.Fatal("review overdue the day after the review date")
	}
}

func TestEvaluationValidateAndEffect(t *testing.T) {
	now := time.Date(2026, 6, 21, 1, 0, 0, 0, time.UTC)
	p := Plan{Status: "decided", LongGoal: "g"}
	e := Evaluation{Goals: []GoalEvaluation{{Goal: "g", Result: "achieved"}}, NextStep: "close"}
	if err := e.Validate(p, now); ErrorFields(err)["closure_reason"] == "" {
		t.Fatalf("close without reason: %v", err)
	}
	e.ClosureReason = "resolved"
	if err := e.Validate(p, now); err != nil || e.EvaluatedOn != "2026-06-21" {
		t.Fatal(err)
	}
	e = Evaluation{Goals: []GoalEvaluation{{Goal: "g", Result: "partly"}}, NextStep: "continue", ClosureReason: "resolved"}
	if err := e.Validate(p, now); err != nil || e.NextReviewOn != "2026-09-24" || e.ClosureReason != "" {
		t.Fatalf("continue: %v %+v", err, e)
	}
	if err := e.Validate(Plan{Status: "draft"}, now); ErrorFields(err)["plan_id"] == "" {
		t.Fatal("evaluated a draft")
	}
	for step, want := range map[string][2]string{"close": {"ended", "closed"}, "suspend": {"ended", "suspended"}, "replan": {"", "planning"}, "continue": {"", "monitoring"}} {
		if ps, cs := EvaluationEffect(step); ps != want[0] || cs != want[1] {
			t.Errorf("%s: %s %s", step, ps, cs)
		}
	}
	if g := GoalsOf(Plan{LongGoal: "l", ShortGoals: []string{"s"}}); len(g) != 2 || g[0] != "l" {
		t.Fatalf("goals: %v", g)
	}
}

func TestAssessmentValidate(t *testing.T) {
	now := time.Date(2026, 6, 21, 1, 0, 0, 0, time.UTC)
	a := Assessment{Household: " 二人 "}
	err := a.Validate(now)
	if ErrorFields(err)["issues"] == "" || ErrorFields(err)["direction"] == "" || a.Household != "二人" || a.AssessedOn != "2026-06-21" {
		t.Fatalf("assessment: %v %+v", err, a)
	}
	a = Assessment{Issues: "i", Direction: "d", AssessedOn: "2026-07-01"}
	if err := a.Validate(now); ErrorFields(err)["assessed_on"] == "" {
		t.Fatal("future assessment date accepted")
	}
}
