package sqldb_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

// readFixture is a municipality with one worker whose organization leads a
// few cases, and a privacy officer who may read the audit log.
type readFixture struct {
	db      *sqldb.DB
	sys     casework.Actor
	worker  casework.Actor
	officer casework.Actor
	cases   []casework.Case
}

func newReadFixture(t *testing.T, db *sqldb.DB) readFixture {
	t.Helper()
	return newReadFixtureIn(t, db, sqldbtest.Muni(t, db))
}

// newReadFixtureIn is newReadFixture in the municipality of sys.
func newReadFixtureIn(t *testing.T, db *sqldb.DB, sys casework.Actor) readFixture {
	t.Helper()
	ctx := context.Background()
	f := readFixture{db: db, sys: sys}
	org := sqldbtest.Org(t, db, f.sys, "読み取り監査センター", "community_support_center")
	u, w := sqldbtest.User(t, db, f.sys, org, "reader-"+sys.MunicipalityID[:8]+"@example.invalid", "worker")
	_, f.officer = sqldbtest.User(t, db, f.sys, org, "officer-"+sys.MunicipalityID[:8]+"@example.invalid", "privacy_officer")
	f.worker = w
	if err := db.SeedBulk(ctx, f.sys, []sqldb.SeedOrg{{OrganizationID: org.ID, WorkerIDs: []string{u.ID}}}, 6, nil); err != nil {
		t.Fatal(err)
	}
	cs, err := db.Cases(ctx, w, sqldb.CaseFilter{})
	if err != nil || len(cs) != 6 {
		t.Fatalf("seeded cases: %d %v", len(cs), err)
	}
	f.cases = cs
	return f
}

func auditCount(t *testing.T, db *sqldb.DB) int64 {
	t.Helper()
	res, err := db.VerifyAudit(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.BrokenSeq != 0 {
		t.Fatalf("audit chain broken: %+v", res)
	}
	return res.Events
}

// TestAuditedReadIsAuditedOnce: opening a case writes exactly one view
// event naming the reader and the case.
func TestAuditedReadIsAuditedOnce(t *testing.T) {
	f := newReadFixture(t, sqldbtest.Open(t))
	ctx := context.Background()
	id := f.cases[2].ID
	before := auditCount(t, f.db)
	c, err := f.db.Case(ctx, f.worker, id)
	if err != nil || c.ID != id {
		t.Fatalf("case: %v", err)
	}
	if n := auditCount(t, f.db); n != before+1 {
		t.Fatalf("events %d → %d, want one more", before, n)
	}
	evs, err := f.db.AuditEvents(ctx, f.officer, sqldb.AuditFilter{ObjectID: id})
	if err != nil {
		t.Fatal(err)
	}
	var views int
	for _, e := range evs {
		if e.Action == casework.ActView && e.ObjectType == "case" && e.ActorID == f.worker.UserID {
			views++
		}
	}
	if views != 1 {
		t.Fatalf("view events for the case: %d, want 1 (%+v)", views, evs)
	}
}

// TestConcurrentAuditedReads: many readers at once, on two handles of one
// database (as two server processes would be): every read is audited and
// the chain verifies.
func TestConcurrentAuditedReads(t *testing.T) {
	dsn := sqldbtest.DSN(t)
	ctx := context.Background()
	open := func() *sqldb.DB {
		db, err := sqldb.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	db1 := open()
	if _, err := db1.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	db2 := open()
	f := newReadFixture(t, db1)
	before := auditCount(t, db1)
	const readers, rounds = 24, 5
	var wg sync.WaitGroup
	errs := make(chan error, readers*rounds*4)
	for i := 0; i < readers; i++ {
		db := db1
		if i%2 == 1 {
			db = db2
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := 0; r < rounds; r++ {
				c := f.cases[(i+r)%len(f.cases)]
				if _, err := db.Case(ctx, f.worker, c.ID); err != nil {
					errs <- fmt.Errorf("case: %w", err)
				}
				if _, err := db.Person(ctx, f.worker, c.FocusPersonID); err != nil {
					errs <- fmt.Errorf("person: %w", err)
				}
				if _, err := db.Contacts(ctx, f.worker, c.ID); err != nil {
					errs <- fmt.Errorf("contacts: %w", err)
				}
				if _, err := db.Cases(ctx, f.worker, sqldb.CaseFilter{}); err != nil {
					errs <- fmt.Errorf("cases: %w", err)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if n := auditCount(t, db1); n != before+readers*rounds*4 {
		t.Fatalf("events %d → %d, want %d more", before, n, readers*rounds*4)
	}
}

// TestAuditedReadFailsWhenAuditCannotBeWritten: if the audit event of a read
// cannot be made durable, the read fails and hands out nothing.
func TestAuditedReadFailsWhenAuditCannotBeWritten(t *testing.T) {
	f := newReadFixture(t, sqldbtest.Open(t))
	ctx := context.Background()
	c0 := f.cases[0]
	if err := sqldb.BreakAuditHead(ctx, f.db, f.sys.MunicipalityID); err != nil {
		t.Fatal(err)
	}
	if err := sqldb.BreakAuditJournal(ctx, f.db); err != nil { // SQLite: reads are audited there
		t.Fatal(err)
	}
	c, err := f.db.Case(ctx, f.worker, c0.ID)
	if err == nil || c.ID != "" || c.Complaint != "" {
		t.Fatalf("case read without its audit event: %+v %v", c, err)
	}
	if casework.ErrorCode(err) != casework.EUNAVAILABLE {
		t.Fatalf("error code %q, want %s", casework.ErrorCode(err), casework.EUNAVAILABLE)
	}
	if cs, err := f.db.Cases(ctx, f.worker, sqldb.CaseFilter{}); err == nil || len(cs) != 0 {
		t.Fatalf("case list without its audit event: %d %v", len(cs), err)
	}
	if p, err := f.db.Person(ctx, f.worker, c0.FocusPersonID); err == nil || p.ID != "" {
		t.Fatalf("person read without its audit event: %v", err)
	}
	if hits, err := f.db.SearchPersons(ctx, f.worker, "佐藤", 10); err == nil || len(hits) != 0 {
		t.Fatalf("search without its audit event: %d %v", len(hits), err)
	}
}
