package demo

import (
	"context"
	"strings"
	"testing"
	"time"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

func TestSeedCommunityAndPlans(t *testing.T) {
	ctx := context.Background()
	db := sqldbtest.Open(t)
	if _, err := Seed(ctx, db); err != nil {
		t.Fatalf("seed: %v", err)
	}
	community := actorOf(t, ctx, db, "community@demo.kasane.example")
	rs, err := db.Resources(ctx, community)
	if err != nil || len(rs) < 6 {
		t.Fatalf("want at least 6 resources, got %d (%v)", len(rs), err)
	}
	for _, r := range rs {
		full, err := db.Resource(ctx, community, r.ID)
		if err != nil || len(full.Sessions) < 2 || full.District == "" || full.Lat == nil {
			t.Errorf("resource %s: %d sessions, district %q (%v)", r.Name, len(full.Sessions), full.District, err)
		}
	}
	platforms, err := db.Platforms(ctx, community)
	if err != nil || len(platforms) != 1 {
		t.Fatalf("platforms: %d %v", len(platforms), err)
	}
	if p, err := db.Platform(ctx, community, platforms[0].ID); err != nil || len(p.Members) < 3 || len(p.Meetings) != 1 {
		t.Errorf("platform: %+v %v", p, err)
	}
	if cs, err := db.Coordinators(ctx, community); err != nil || len(cs) != 1 {
		t.Errorf("coordinators: %d %v", len(cs), err)
	}
	outreach := actorOf(t, ctx, db, "outreach@demo.kasane.example")
	stages := map[string]int{}
	targets, err := db.OutreachTargets(ctx, outreach, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, tg := range targets {
		stages[tg.Stage]++
	}
	if stages["trust"] != 1 || stages["contacted"] != 1 {
		t.Errorf("outreach stages: %v", stages)
	}

	cases, actors := demoCases(t, ctx, db)
	decided, overdue := false, false
	for id, c := range cases {
		plans, err := db.Plans(ctx, actors[id], id)
		if err != nil {
			t.Fatalf("plans of %s: %v", c.Number, err)
		}
		for _, p := range plans {
			if p.Status == "decided" && strings.Contains(strings.Join(c.Problems, ","), "8050") && len(p.Items) >= 3 && p.NextReviewOn != "" {
				decided = true
			}
		}
	}
	for _, al := range mustPlanAlerts(t, ctx, db, "kodomo@demo.kasane.example") {
		overdue = overdue || al.Kind == "review_due"
	}
	if !decided || !overdue {
		t.Errorf("want a decided 8050 plan (%v) and a plan past its review date (%v)", decided, overdue)
	}
	worker := actorOf(t, ctx, db, "worker@demo.kasane.example")
	ms, err := db.Meetings(ctx, worker, time.Time{}, time.Time{})
	if err != nil || len(ms) < 2 {
		t.Fatalf("want at least 2 meetings, got %d (%v)", len(ms), err)
	}
	types := map[string]bool{}
	for _, m := range ms {
		full, err := db.Meeting(ctx, worker, m.ID, false)
		if err != nil || len(full.Items) != 1 {
			t.Errorf("meeting %s: %d items (%v)", m.Title, len(full.Items), err)
		}
		types[m.Type] = true
	}
	if !types["jusoteki_shien_kaigi"] || !types["shien_kaigi"] {
		t.Errorf("meeting types: %v", types)
	}
	res, err := db.VerifyAudit(ctx)
	if err != nil || res.BrokenSeq != 0 || res.Events == 0 {
		t.Fatalf("audit chain: %+v %v", res, err)
	}
}

func mustPlanAlerts(t *testing.T, ctx context.Context, db *sqldb.DB, email string) []casework.Alert {
	t.Helper()
	als, err := db.PlanAlerts(ctx, actorOf(t, ctx, db, email))
	if err != nil {
		t.Fatalf("plan alerts of %s: %v", email, err)
	}
	return als
}
