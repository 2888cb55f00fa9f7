package demo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
)

// SeedExtras gives the seeded demo what its story lacks so that every page
// exists (for `kasane bench pages` and the accessibility check of every
// page): an evaluation of the demo worker's first decided plan (再プラン,
// so the evaluation sheet prints), a new draft plan on that case (its edit
// page) and a saved annual report (確定版), and a walk-in person with no
// household yet. It returns the pages of the two plans, which link to the
// evaluation sheet and to the edit form, and the household registration
// form for the walk-in person (which the person's page offers). Call it
// once, after Seed.
func SeedExtras(ctx context.Context, db *sqldb.DB) ([]string, error) {
	w, err := actorByEmail(ctx, db, "worker@demo.kasane.example")
	if err != nil {
		return nil, err
	}
	cases, err := db.Cases(ctx, w, sqldb.CaseFilter{Limit: 500})
	if err != nil {
		return nil, err
	}
	for _, c := range cases {
		if c.LeadOrgID != w.OrganizationID {
			continue
		}
		plans, err := db.Plans(ctx, w, c.ID)
		if err != nil {
			return nil, err
		}
		for _, p := range plans {
			if p.Status != "decided" {
				continue
			}
			draft, err := replan(ctx, db, w, c.ID, p)
			if err != nil {
				return nil, err
			}
			if err := saveAnnualReport(ctx, db); err != nil {
				return nil, err
			}
			// a walk-in consultation not yet placed in a household: its
			// page offers 世帯を登録する
			walkIn := casework.Person{FamilyName: "窓口", GivenName: "一人", FamilyKana: "マドグチ", GivenKana: "ヒトリ",
				BirthDate: "1990-07-07", Sex: "unknown", Identified: true, Address: casework.Address{Prefecture: "架空県", City: "かさね市"}}
			if err := db.CreatePerson(ctx, w, &walkIn); err != nil {
				return nil, err
			}
			if err := seedRetention(ctx, db, w); err != nil { // retention.go (issue 23)
				return nil, err
			}
			return []string{"/plans/" + p.ID, "/plans/" + draft.ID, "/households/new?person_id=" + walkIn.ID}, nil
		}
	}
	return nil, errors.New("demo: 支援決定済みのプランがありません")
}

// replan evaluates the decided plan p (再プラン) and drafts its successor
// with the same goals and items.
func replan(ctx context.Context, db *sqldb.DB, w casework.Actor, caseID string, p casework.Plan) (casework.Plan, error) {
	ev := casework.Evaluation{Summary: "介護サービスは始まったが、長男の生活の立て直しはこれから。", NextStep: "replan"}
	for _, g := range p.ShortGoals {
		ev.Goals = append(ev.Goals, casework.GoalEvaluation{Goal: g, Result: "partly"})
	}
	if err := db.EvaluatePlan(ctx, w, p.ID, &ev); err != nil {
		return casework.Plan{}, fmt.Errorf("demo の評価: %w", err)
	}
	draft := casework.Plan{PersonWish: p.PersonWish, LongGoal: p.LongGoal, ShortGoals: p.ShortGoals, NextReviewOn: p.NextReviewOn}
	for _, it := range p.Items {
		draft.Items = append(draft.Items, casework.PlanItem{Content: it.Content, OrganizationID: it.OrganizationID,
			Frequency: it.Frequency, PersonPart: it.PersonPart, From: it.From, To: it.To})
	}
	if err := db.CreatePlan(ctx, w, caseID, &draft); err != nil {
		return casework.Plan{}, fmt.Errorf("demo の再プラン: %w", err)
	}
	return draft, nil
}

// saveAnnualReport saves the annual report of the current fiscal year
// (from April) as the demo administrator.
func saveAnnualReport(ctx context.Context, db *sqldb.DB) error {
	admin, err := actorByEmail(ctx, db, "admin@demo.kasane.example")
	if err != nil {
		return err
	}
	now := time.Now()
	fy := now.Year()
	if now.Month() < time.April {
		fy--
	}
	_, err = db.CreateSnapshot(ctx, admin, fy, "確定版")
	return err
}

func actorByEmail(ctx context.Context, db *sqldb.DB, email string) (casework.Actor, error) {
	u, err := db.UserByEmail(ctx, email)
	if err != nil {
		return casework.Actor{}, err
	}
	return sqldb.ActorFor(u), nil
}
