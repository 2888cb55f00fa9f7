package sqldb_test

import (
	"context"
	"path/filepath"
	"testing"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

// TestReadReplicaExport: with --db-read, the export reads from the replica
// (here the same PostgreSQL under another pool) and gives the same rows,
// and its audit event is still written to the primary's chain. A single
// PostgreSQL without standbys passes the replication check; SQLite refuses
// --db-read.
func TestReadReplicaExport(t *testing.T) {
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
	if err := db.CheckReplication(ctx, false); err != nil {
		t.Fatalf("replication check without standbys: %v", err)
	}
	if !sqldb.IsPostgres(dsn) {
		if err := db.OpenReadReplica(ctx, filepath.Join(t.TempDir(), "other.db")); err == nil {
			t.Fatal("SQLite accepted --db-read")
		}
		return
	}
	sys := sqldbtest.Muni(t, db)
	org := sqldbtest.Org(t, db, sys, "地域包括支援センター", "community_support_center")
	other := sqldbtest.Org(t, db, sys, "自立相談支援機関", "self_reliance_support")
	u, a := sqldbtest.User(t, db, sys, org, "replica@example.jp", "worker")
	if err := db.SeedSynthetic(ctx, sys.MunicipalityID, org.ID, other.ID, u.ID, 2026, 30, 60); err != nil {
		t.Fatal(err)
	}
	count := func() int64 {
		r, err := db.VerifyAudit(ctx)
		if err != nil || r.BrokenSeq != 0 {
			t.Fatalf("verify: %v %+v", err, r)
		}
		return r.Events
	}
	o := sqldb.ExportOptions{Format: "csv", Encoding: "utf8"}
	before, err := db.Export(ctx, a, "cases", o)
	if err != nil {
		t.Fatal(err)
	}
	n0 := count()
	if n := count(); n != n0 {
		t.Fatalf("verifying adds events (%d → %d): the check below would prove nothing", n0, n)
	}
	if err := db.OpenReadReplica(ctx, dsn); err != nil {
		t.Fatal(err)
	}
	if !db.HasReadReplica() {
		t.Fatal("no replica")
	}
	after, err := db.Export(ctx, a, "cases", o)
	if err != nil {
		t.Fatal(err)
	}
	if len(after.Rows) != len(before.Rows) || len(after.Rows) == 0 {
		t.Fatalf("export from the replica: %d rows, from the primary %d", len(after.Rows), len(before.Rows))
	}
	if n := count(); n <= n0 {
		t.Fatalf("the export from the replica left no audit event on the primary (%d → %d)", n0, n)
	}
	if _, err := db.AnnualReport(ctx, casework.System(sys.MunicipalityID), 2026); err != nil {
		t.Fatal(err)
	}
}
