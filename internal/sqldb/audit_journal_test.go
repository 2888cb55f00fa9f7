package sqldb_test

import (
	"context"
	"database/sql"
	"os"
	"strings"
	"testing"
	"time"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

// journalFixture is a read fixture on a SQLite file (the journal of reads
// is SQLite's; it skips on PostgreSQL) whose journal is not moved once a
// second: as if the process died before its next move, and so that each
// test decides when events move.
func journalFixture(t *testing.T) (readFixture, string) {
	t.Helper()
	dsn := sqldbtest.DSN(t)
	if sqldb.IsPostgres(dsn) {
		t.Skip("the journal of reads is SQLite's")
	}
	f := newReadFixture(t, openAt(t, dsn, nil))
	sqldb.StopJournalLoop(f.db)
	return f, dsn
}

func journalPending(t *testing.T, db *sqldb.DB) int {
	t.Helper()
	n, err := sqldb.JournalPending(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	return n
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
	if n := journalPending(t, f.db); n != 1 {
		t.Fatalf("%d events in the journal, want the read's", n)
	}
	other := openAt(t, dsn, nil)
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
// them twice, nor does a second process that read the journal before the
// first moved it and commits after.
func TestJournalMovedOnceAfterCrash(t *testing.T) {
	f, _ := journalFixture(t)
	ctx := context.Background()
	before := auditCount(t, f.db)
	for _, c := range f.cases[:3] {
		if _, err := f.db.Case(ctx, f.worker, c.ID); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := sqldb.MoveJournalOnly(ctx, f.db, f.sys.MunicipalityID, 3); err != nil || n != 3 {
		t.Fatalf("moved %d, %v", n, err)
	}
	if n, err := sqldb.MoveJournalOnly(ctx, f.db, f.sys.MunicipalityID, 1); err != nil || n != 1 {
		t.Fatalf("late mover: %d, %v", n, err)
	}
	if n := auditCount(t, f.db); n != before+3 {
		t.Fatalf("events %d → %d, want 3 more, each once", before, n)
	}
	if n := journalPending(t, f.db); n != 0 {
		t.Fatalf("%d events left in the journal after the move", n)
	}
}

// TestJournalOneMunicipalityBrokenOthersMove: a municipality whose chain
// cannot take events keeps them in the journal (its reads were durable
// there); another municipality's log is still read and complete, and verify
// names the problem.
func TestJournalOneMunicipalityBrokenOthersMove(t *testing.T) {
	f, _ := journalFixture(t)
	ctx := context.Background()
	m2, err := f.db.CreateMunicipality(ctx, "999996", "別テスト市")
	if err != nil {
		t.Fatal(err)
	}
	g := newReadFixtureIn(t, f.db, casework.System(m2.ID))
	auditCount(t, f.db) // the fixtures' own reads moved
	if err := sqldb.BreakAuditHead(ctx, f.db, f.sys.MunicipalityID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.Case(ctx, f.worker, f.cases[0].ID); err != nil {
		t.Fatalf("read with its event durable in the journal: %v", err)
	}
	if _, err := g.db.Case(ctx, g.worker, g.cases[0].ID); err != nil {
		t.Fatal(err)
	}
	evs, err := g.db.AuditEvents(ctx, g.officer, sqldb.AuditFilter{ObjectID: g.cases[0].ID, Action: casework.ActView})
	if err != nil || len(evs) != 1 {
		t.Fatalf("the other municipality's log: %d events, %v", len(evs), err)
	}
	if _, err := f.db.VerifyAudit(ctx); err == nil {
		t.Fatal("verify passed with events that cannot be moved")
	}
	if n := journalPending(t, f.db); n != 1 {
		t.Fatalf("%d events kept in the journal, want the broken municipality's 1", n)
	}
}

// TestForeignJournalRefused: a journal left beside a deleted database, with
// events in it, stops a new database at the same path from starting rather
// than mixing the old events into its chain.
func TestForeignJournalRefused(t *testing.T) {
	f, dsn := journalFixture(t)
	ctx := context.Background()
	if _, err := f.db.Case(ctx, f.worker, f.cases[0].ID); err != nil {
		t.Fatal(err)
	}
	for _, side := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(dsn + side); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
	db, err := sqldb.Open(ctx, dsn)
	if err == nil {
		defer db.Close()
		_, err = db.Migrate(ctx)
	}
	if err == nil || !strings.Contains(err.Error(), "このデータベースのものではない") {
		t.Fatalf("a new database took a foreign journal: %v", err)
	}
}

// TestReadsDoNotDisturbReaders: an audited read commits nothing to the
// database file itself, so other readers keep their page cache; a write
// does commit (PRAGMA data_version moves only for it).
func TestReadsDoNotDisturbReaders(t *testing.T) {
	f, dsn := journalFixture(t)
	ctx := context.Background()
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

// TestRestoreBesideOldJournal: restoring where an old database stood
// refuses while its journal still holds records of reads, and otherwise
// clears the old journal.
func TestRestoreBesideOldJournal(t *testing.T) {
	f, dsn := journalFixture(t)
	ctx := context.Background()
	backup := dsn + ".backup"
	if err := f.db.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.Case(ctx, f.worker, f.cases[0].ID); err != nil {
		t.Fatal(err)
	}
	for _, side := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(dsn + side); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
	if err := sqldb.Restore(ctx, dsn, backup); err == nil || !strings.Contains(err.Error(), "1 件残っています") {
		t.Fatalf("restored beside a journal holding a read's record: %v", err)
	}
	// the old database, still open on its deleted file, takes its record as
	// it closes (its writer connection; nothing may read the path meanwhile)
	if err := f.db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := sqldb.Restore(ctx, dsn, backup); err != nil {
		t.Fatalf("restore beside an empty old journal: %v", err)
	}
	restored := openAt(t, dsn, nil)
	if res, err := restored.VerifyAudit(ctx); err != nil || res.BrokenSeq != 0 {
		t.Fatalf("restored chain: %+v %v", res, err)
	}
}

// TestHealthReportsStuckJournal: the health check stays ok while events
// move, and reports the journal once an event has waited over two minutes
// (a municipality's chain refuses it) — reads themselves go on.
func TestHealthReportsStuckJournal(t *testing.T) {
	f, _ := journalFixture(t)
	ctx := context.Background()
	auditCount(t, f.db) // the fixture's reads moved
	start := time.Now()
	f.db.Now = func() time.Time { return start }
	if err := f.db.Health(ctx); err != nil {
		t.Fatalf("healthy database: %v", err)
	}
	if err := sqldb.BreakAuditHead(ctx, f.db, f.sys.MunicipalityID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.Case(ctx, f.worker, f.cases[0].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.VerifyAudit(ctx); err == nil {
		t.Fatal("the event moved into a chain without a head")
	}
	f.db.Now = func() time.Time { return start.Add(time.Minute) }
	if err := f.db.Health(ctx); err != nil {
		t.Fatalf("a minute's wait reported: %v", err)
	}
	f.db.Now = func() time.Time { return start.Add(3 * time.Minute) }
	err := f.db.Health(ctx)
	if err == nil || casework.ErrorCode(err) != casework.EUNAVAILABLE || !strings.Contains(err.Error(), "1 件") {
		t.Fatalf("stuck journal not reported: %v", err)
	}
}
