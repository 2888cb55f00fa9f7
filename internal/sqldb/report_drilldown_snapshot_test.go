package sqldb_test

import (
	"context"
	"testing"
	"time"

	"kasane/internal/casework"
	"kasane/internal/report"
	"kasane/internal/sqldb"
)

// TestDrillDownCountsEachContactOnce (review of ff6f5aa, PostgreSQL): the
// drill-down of 支援経過記録 now reads the lead's contacts (by the copy on
// the contacts) and the team's cases (by the copy on the team rows) in
// separate statements of a READ COMMITTED transaction. A hand-over of a case
// committing between them (the former lead staying as 元主担当 under a
// consent with `records`) puts the same contacts in both parts: they are
// counted and listed twice (Total 1, Hidden -1, the contact shown twice).
// The plain list before ff6f5aa read the candidates in one statement. The
// hand-over is made to land between the two statements by holding the team
// table (ACCESS EXCLUSIVE) in the hand-over's transaction.
func TestDrillDownCountsEachContactOnce(t *testing.T) {
	f := newLeadFixture(t, "race@example.invalid")
	ctx := context.Background()
	db, raw, sys, org, other, w, cs, c := f.db, f.raw, f.sys, f.org, f.other, f.w, f.kase, f.contact
	p := casework.Person{ID: cs.FocusPersonID}
	// the person's consent naming the lead (basic, records): it stays as 元主担当 after the hand-over
	now := db.Now().UTC().Format(casework.TimeFormat)
	if _, err := sqldb.ExecForTest(ctx, db, `INSERT INTO consents (id, municipality_id, person_id, given_by, given_on, method, recipients, data_categories, purposes,
		meeting_types, valid_until, supersedes_id, recorded_by_org_id, recorded_by, version, created_at) VALUES ('consent-1', ?, ?, '本人', '2025-04-01', '署名', ?, 'basic,records', '支援の調整', '', '', '', ?, '', 1, ?)`,
		sys.MunicipalityID, p.ID, org.ID, other.ID, now); err != nil {
		t.Fatal(err)
	}
	q := sqldb.RecordQuery{FiscalYear: 2025, Section: report.SecContacts, Month: "2025-06", Limit: 10}
	before, err := db.AnnualRecords(ctx, w, q)
	if err != nil || before.Total != 1 || before.Hidden != 0 || len(before.Items) != 1 {
		t.Fatalf("before: %+v %v", before, err)
	}

	handover, err := raw.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer handover.Rollback()
	if _, err := handover.ExecContext(ctx, "LOCK TABLE case_team IN ACCESS EXCLUSIVE MODE"); err != nil {
		t.Fatal(err)
	}
	got := make(chan sqldb.Records, 1)
	errs := make(chan error, 1)
	go func() {
		r, err := db.AnnualRecords(ctx, w, q)
		got <- r
		errs <- err
	}()
	for i := 0; ; i++ {
		var k int
		if err := raw.QueryRowContext(ctx, "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()").Scan(&k); err != nil {
			t.Fatal(err)
		}
		if k > 0 {
			break
		}
		if i > 500 {
			t.Fatal("the drill-down never waited for the team table")
		}
		time.Sleep(10 * time.Millisecond)
	}
	for _, s := range [][]any{
		{"UPDATE cases SET lead_org_id = $1 WHERE id = $2", other.ID, cs.ID},
		{"UPDATE case_team SET to_on = '2025-06-30', end_reason = 'handover' WHERE case_id = $1 AND organization_id = $2", cs.ID, org.ID},
		{"INSERT INTO case_team (id, municipality_id, case_id, organization_id, role, basis, statute, consent_id, from_on, to_on, confirmed_by, law_text, approved_by, approved_at, version, created_at) VALUES ('team-prev', $1, $2, $3, '元主担当', 'consent', '', 'consent-1', '2025-06-30', '', '', '', '', '', 1, $4)",
			sys.MunicipalityID, cs.ID, org.ID, now},
	} {
		if _, err := handover.ExecContext(ctx, s[0].(string), s[1:]...); err != nil {
			t.Fatalf("%s: %v", s[0], err)
		}
	}
	if err := handover.Commit(); err != nil {
		t.Fatal(err)
	}
	r := <-got
	if err := <-errs; err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, it := range r.Items {
		ids = append(ids, it.ID)
	}
	if r.Total != 1 || r.Hidden < 0 || len(ids) > 1 {
		t.Fatalf("drill-down during a hand-over: total %d, hidden %d, listed %v (the contact %s once)", r.Total, r.Hidden, ids, c.ID)
	}
}
