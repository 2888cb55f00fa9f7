package browsertest

import (
	"context"
	"testing"
	"time"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
)

// completeDemo gives the demo what its story lacks so that every page
// exists (as `kasane bench pages` does): an evaluation of the demo
// worker's first decided plan (再プラン), a new draft plan on that case and
// a frozen annual report. It returns the pages of the two plans, which link
// to the evaluation sheet and to the edit form.
func completeDemo(t *testing.T, db *sqldb.DB) []string {
	t.Helper()
	ctx := context.Background()
	actor := func(email string) casework.Actor {
		u, err := db.UserByEmail(ctx, email)
		if err != nil {
			t.Fatal(err)
		}
		return sqldb.ActorFor(u)
	}
	w := actor("worker@demo.kasane.example")
	cases, err := db.Cases(ctx, w, sqldb.CaseFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		if c.LeadOrgID != w.OrganizationID {
			continue
		}
		plans, err := db.Plans(ctx, w, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range plans {
			if p.Status != "decided" {
				continue
			}
			ev := casework.Evaluation{Summary: "介護サービスは始まった。", NextStep: "replan"}
			for _, g := range p.ShortGoals {
				ev.Goals = append(ev.Goals, casework.GoalEvaluation{Goal: g, Result: "partly"})
			}
			if err := db.EvaluatePlan(ctx, w, p.ID, &ev); err != nil {
				t.Fatal(err)
			}
			draft := casework.Plan{PersonWish: p.PersonWish, LongGoal: p.LongGoal, ShortGoals: p.ShortGoals}
			for _, it := range p.Items {
				draft.Items = append(draft.Items, casework.PlanItem{Content: it.Content, OrganizationID: it.OrganizationID, From: it.From, To: it.To})
			}
			if err := db.CreatePlan(ctx, w, c.ID, &draft); err != nil {
				t.Fatal(err)
			}
			now := time.Now()
			fy := now.Year()
			if now.Month() < time.April {
				fy--
			}
			if _, err := db.CreateSnapshot(ctx, actor("admin@demo.kasane.example"), fy, "確定版"); err != nil {
				t.Fatal(err)
			}
			return []string{"/plans/" + p.ID, "/plans/" + draft.ID}
		}
	}
	t.Fatal("no decided plan of the demo worker")
	return nil
}
