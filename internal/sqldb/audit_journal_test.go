package sqldb_test

import (
	"context"
	"database/sql"
	"testing"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

// journalFixture is a read fixture on a SQLite file (the journal of reads
// is SQLite's); it skips on PostgreSQL.
func journalFixture(t *testing.T) (readFixture, string) {
	t.Helper()
	dsn := sqldbtest.DSN(t)
	if sqldb.IsPostgres(dsn) {
		t.Skip("the journal of reads is SQLite's")
	}
	db, err := sqldb.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return newReadFixture(t, db), dsn
}

// TestReadAuditSeenByAnotherProcess: once a read has returned, its event is
// durable: another process opening the same file (as after a crash of the
// first) finds it in the chain.
func TestReadAuditSeenByAnotherProcess(t *testing.T) {
	f, dsn := journalFixture(t)
	ctx := context.Background()
	before := auditCount(t, f.db)
	if _, err := f.db.Case(ctx, f.worker, f.cases[0].ID); err != nil {
		t.Fatal(err)
	}
	other, err := sqldb.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if n := auditCount(t, other); n != before+1 {
		t.Fatalf("events seen by another process %d → %d, want one more", before, n)
	}
	evs, err := other.AuditEvents(ctx, f.officer, sqldb.AuditFilter{ObjectID: f.cases[0].ID, Action: casework.ActView})
	if err != nil || len(evs) != 1 || evs[0].ActorID != f.worker.UserID || evs[0].ObjectType != "case" {
		t.Fatalf("view event: %+v %v", evs, err)
	}
}

// TestJournalMovedOnceAfterCrash: a crash after the events were appended to
// the chain but before they were cleared from the journal does not append
// them twice.
func TestJournalMovedOnceAfterCrash(t *testing.T) {
	f, _ := journalFixture(t)
	ctx := context.Background()
	before := auditCount(t, f.db)
	for _, c := range f.cases[:3] {
		if _, err := f.db.Case(ctx, f.worker, c.ID); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := sqldb.MoveJournalOnly(ctx, f.db); err != nil {
		t.Fatal(err)
	}
	if n := auditCount(t, f.db); n != before+3 {
		t.Fatalf("events %d → %d, want 3 more, each once", before, n)
	}
}

// TestReadsDoNotDisturbReaders: an audited read commits nothing to the
// database file itself, so other readers keep their page cache; a write
// does commit (PRAGMA data_version moves only for it).
func TestReadsDoNotDisturbReaders(t *testing.T) {
	f, dsn := journalFixture(t)
	ctx := context.Background()
	sqldb.StopJournalLoop(f.db) // the once-a-second move commits; this test looks at the reads alone
	probe, err := sql.Open("sqlite", "file:"+dsn+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer probe.Close()
	probe.SetMaxOpenConns(1)
	version := func() int64 {
		var v int64
		if err := probe.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	v0 := version()
	for range 5 {
		if _, err := f.db.Cases(ctx, f.worker, sqldb.CaseFilter{}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.db.Case(ctx, f.worker, f.cases[1].ID); err != nil {
			t.Fatal(err)
		}
	}
	if v := version(); v != v0 {
		t.Fatalf("audited reads committed to the database file (data_version %d → %d)", v0, v)
	}
	if err := f.db.AddContact(ctx, f.worker, &casework.Contact{CaseID: f.cases[1].ID, Method: "電話", Content: "（試験）電話で様子を確認", Minutes: 5, At: f.db.Now()}); err != nil {
		t.Fatal(err)
	}
	if v := version(); v == v0 {
		t.Fatal("a write did not show in data_version: the probe proves nothing")
	}
}
