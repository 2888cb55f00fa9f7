package demo

import (
	"context"
	"testing"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

// TestDemoHost: the host user of かさね農園 sees its own resource and the
// placement there (host view), and searches nobody.
func TestDemoHost(t *testing.T) {
	ctx := context.Background()
	db := sqldbtest.Open(t)
	if _, err := Seed(ctx, db); err != nil {
		t.Fatalf("seed: %v", err)
	}
	if _, err := SeedExtras(ctx, db); err != nil {
		t.Fatalf("extras: %v", err)
	}
	a := actorOf(t, ctx, db, "host@demo.kasane.example")
	if _, err := db.SearchPersons(ctx, a, "佐々木", 10); casework.ErrorCode(err) != casework.EFORBIDDEN {
		t.Fatalf("host searches: %v", err)
	}
	rs, err := db.Resources(ctx, a)
	if err != nil || len(rs) != 1 || rs[0].Name != "かさね農園 就労体験" {
		t.Fatalf("host's resources: %v %v", rs, err)
	}
	ms, err := db.Matches(ctx, a, sqldb.MatchFilter{})
	if err != nil || len(ms) == 0 {
		t.Fatalf("host's matches: %v %v", ms, err)
	}
	for _, m := range ms {
		if !m.HostView || m.PersonID != "" || m.ResourceName != "かさね農園 就労体験" {
			t.Fatalf("host sees: %+v", m)
		}
	}
}
