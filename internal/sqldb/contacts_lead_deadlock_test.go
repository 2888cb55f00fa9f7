package sqldb_test

import (
	"context"
	"testing"
	"time"

	"kasane/internal/sqldb"
)

// TestLeadChangeAndContactCorrectionDoNotDeadlock (review of ff6f5aa,
// PostgreSQL): a change of a case's lead now rewrites the case's contacts
// (0044 contacts_lead_case) while it holds the case row. A correction of
// one of those contacts' date holds the contact row and, in its statement
// trigger (0041 report_presence_refresh), then locks the case row. When the
// correction's row update comes first and the lead change takes the case
// row before the correction's trigger does (here widened by a third
// transaction holding the correction's counter row of 0040, as any
// concurrent contact write of the same month/事業/分野 does), the two wait
// for each other: PostgreSQL aborts one (40P01, shown as a conflict). Before
// 0044 a change of lead did not touch contacts and both went through.
func TestLeadChangeAndContactCorrectionDoNotDeadlock(t *testing.T) {
	f := newLeadFixture(t, "deadlock@example.invalid")
	ctx := context.Background()
	db, raw, other, w, cs, c := f.db, f.raw, f.other, f.w, f.kase, f.contact

	// T: holds the counter row of the contact's month, 事業 and 分野
	hold, err := raw.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer hold.Rollback()
	if _, err := hold.ExecContext(ctx, "SELECT 1 FROM report_contact_counts WHERE month = '2025-06' FOR UPDATE"); err != nil {
		t.Fatal(err)
	}
	waiting := func(n int, done <-chan error) {
		t.Helper()
		for range 500 {
			if len(done) > 0 {
				return // finished without waiting
			}
			var k int
			if err := raw.QueryRowContext(ctx, "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()").Scan(&k); err != nil {
				t.Fatal(err)
			}
			if k >= n {
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
		t.Fatalf("fewer than %d transactions waiting", n)
	}
	// A: the author corrects the contact's date (same month): row updated,
	// waits in its counter trigger
	fix := c
	fix.At = f.contactAt.Add(24 * time.Hour)
	errA := make(chan error, 1)
	go func() { errA <- db.UpdateContact(ctx, w, &fix) }()
	waiting(1, nil)
	// B: the case's lead changes (as transferLead does): holds the case row,
	// waits for the contact row
	errB := make(chan error, 1)
	go func() {
		_, err := sqldb.ExecForTest(ctx, db, "UPDATE cases SET lead_org_id = ?, version = version + 1 WHERE id = ?", other.ID, cs.ID)
		errB <- err
	}()
	waiting(2, errB)
	if err := hold.Commit(); err != nil {
		t.Fatal(err)
	}
	ea, eb := <-errA, <-errB
	if ea != nil || eb != nil {
		t.Fatalf("correction of the contact: %v; change of lead: %v", ea, eb)
	}
}
