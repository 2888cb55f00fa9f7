package sqldb_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

func seedAudit(t *testing.T, n int) (*sqldb.DB, casework.Actor) {
	t.Helper()
	db := sqldbtest.Open(t)
	sys := sqldbtest.Muni(t, db)
	for i := 0; i < n; i++ {
		sqldbtest.Org(t, db, sys, fmt.Sprintf("機関%d", i), "npo")
	}
	return db, sys
}

func TestAuditVerifyIntact(t *testing.T) {
	db, _ := seedAudit(t, 5)
	res, err := db.VerifyAudit(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.BrokenSeq != 0 || res.Events != 5 {
		t.Fatalf("got %+v, want 5 intact events", res)
	}
}

// TestAuditTamperDetected changes, deletes or inserts events at random
// positions, many times, and expects verify to catch every one.
func TestAuditTamperDetected(t *testing.T) {
	const events = 12
	rounds := 30
	if testing.Short() {
		rounds = 6
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for round := 0; round < rounds; round++ {
		db, _ := seedAudit(t, events)
		seq := int64(rng.IntN(events) + 1)
		kind := []string{"update", "delete", "insert", "reorder", "rehash"}[round%5]
		if err := sqldb.TamperAudit(context.Background(), db, kind, seq); err != nil {
			t.Fatalf("tamper %s at %d: %v", kind, seq, err)
		}
		res, err := db.VerifyAudit(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if res.BrokenSeq == 0 {
			t.Fatalf("round %d: %s at seq %d not detected", round, kind, seq)
		}
		if res.BrokenSeq > seq+1 {
			t.Fatalf("round %d: %s at %d reported late at %d", round, kind, seq, res.BrokenSeq)
		}
	}
}

func TestAuditFailsActionWhenItCannotWrite(t *testing.T) {
	db, sys := seedAudit(t, 1)
	ctx := context.Background()
	if err := sqldb.BreakAuditHead(ctx, db, sys.MunicipalityID); err != nil {
		t.Fatal(err)
	}
	o := casework.Organization{Name: "監査失敗テスト", Kind: "npo"}
	if err := db.CreateOrganization(ctx, sys, &o); err == nil {
		t.Fatal("organization created although its audit event could not be written")
	}
	orgs, err := db.Organizations(ctx, sys)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range orgs {
		if x.Name == "監査失敗テスト" {
			t.Fatal("half-saved: the organization exists without its audit event")
		}
	}
}

func TestAuditRetentionKeepsChainVerifiable(t *testing.T) {
	db, _ := seedAudit(t, 4)
	ctx := context.Background()
	start := db.Now()
	db.Now = func() time.Time { return start.AddDate(11, 0, 0) }
	n, err := db.PurgeAudit(ctx)
	if err != nil || n != 4 {
		t.Fatalf("purged %d, %v", n, err)
	}
	res, err := db.VerifyAudit(ctx)
	if err != nil || res.BrokenSeq != 0 || res.Events != 1 {
		t.Fatalf("after purge: %+v %v", res, err)
	}
	if err := sqldb.TamperAudit(ctx, db, "update", 5); err != nil {
		t.Fatal(err)
	}
	if res, _ := db.VerifyAudit(ctx); res.BrokenSeq != 5 {
		t.Fatalf("tamper after purge not caught: %+v", res)
	}
}
