package demo

import (
	"context"
	"strings"
	"testing"
	"time"

	"kasane/internal/sqldb/sqldbtest"
)

// TestSeedExtras: after the extras the worker's decided plan is evaluated
// for a 再プラン, its draft successor can be edited, and the annual report
// of this fiscal year is saved.
func TestSeedExtras(t *testing.T) {
	ctx := context.Background()
	db := sqldbtest.Open(t)
	if _, err := Seed(ctx, db); err != nil {
		t.Fatal(err)
	}
	pages, err := SeedExtras(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 3 || !strings.HasPrefix(pages[2], "/households/new?person_id=") {
		t.Fatalf("pages %v", pages)
	}
	w := actorOf(t, ctx, db, "worker@demo.kasane.example")
	old, err := db.Plan(ctx, w, strings.TrimPrefix(pages[0], "/plans/"), false)
	if err != nil {
		t.Fatal(err)
	}
	draft, err := db.Plan(ctx, w, strings.TrimPrefix(pages[1], "/plans/"), false)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(old.Evaluations); n != 1 || old.Evaluations[0].NextStep != "replan" {
		t.Errorf("the decided plan is not evaluated for a replan: %+v", old.Evaluations)
	}
	if draft.Status != "draft" || draft.LongGoal != old.LongGoal || len(draft.Items) != len(old.Items) {
		t.Errorf("draft %s %q with %d items, want a draft of %q with %d", draft.Status, draft.LongGoal, len(draft.Items), old.LongGoal, len(old.Items))
	}
	now := time.Now()
	fy := now.Year()
	if now.Month() < time.April {
		fy--
	}
	snaps, err := db.Snapshots(ctx, actorOf(t, ctx, db, "admin@demo.kasane.example"), fy)
	if err != nil {
		t.Fatal(err)
	}
	if len(snaps) != 1 {
		t.Errorf("%d annual reports saved for %d, want 1", len(snaps), fy)
	}
}
