package sqldb_test

import (
	"context"
	"database/sql"
	"os"
	"testing"
	"time"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
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
	if os.Getenv("KASANE_TEST_DATABASE") == "" {
		t.Skip("PostgreSQL only")
	}
	ctx := context.Background()
	dsn := sqldbtest.DSN(t)
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()

	sys := sqldbtest.Muni(t, db)
	org := sqldbtest.Org(t, db, sys, "主担当センター", "community_support_center")
	other := sqldbtest.Org(t, db, sys, "引継ぎ先", "self_reliance_support")
	_, w := sqldbtest.User(t, db, sys, org, "deadlock@example.invalid", "worker")
	p := casework.Person{Identified: true, FamilyName: "架空", GivenName: "四子", FamilyKana: "カクウ", GivenKana: "ヨツコ", BirthDate: "1980-04-01", BirthPrecision: "day", Sex: "female"}
	if err := db.CreatePerson(ctx, w, &p); err != nil {
		t.Fatal(err)
	}
	cs := casework.Case{FocusPersonID: p.ID, ReceivedOn: "2025-04-01", Route: casework.IntakeRoutes[0].Value, Method: casework.IntakeMethods[0].Value,
		Bunya: []string{casework.Bunya[0].Value}, Complaint: "引継ぎ"}
	if err := db.CreateCase(ctx, w, &cs); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2025, 6, 10, 1, 0, 0, 0, time.UTC)
	c := casework.Contact{CaseID: cs.ID, At: at, Method: casework.ContactMethods[0].Value, Content: "記録", Minutes: 10, Jigyo: "sodan", Bunya: casework.Bunya[0].Value}
	if err := db.AddContact(ctx, w, &c); err != nil {
		t.Fatal(err)
	}

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
	fix.At = at.Add(24 * time.Hour)
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
