package sqldb_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"reflect"
	"testing"

	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

// TestImportExclusiveKeepsSchema (PostgreSQL): an exclusive import (rows
// staged in a temporary table, persons locked at the end, its secondary
// indexes dropped and made again) that is rejected or cancelled leaves the
// indexes, triggers and keys as before and no row; persons can be read while
// the file is read; a good one ends with the same indexes and keys and the
// log rows of the statement trigger.
func TestImportExclusiveKeepsSchema(t *testing.T) {
	if os.Getenv("KASANE_TEST_DATABASE") == "" {
		t.Skip("--exclusive is PostgreSQL's")
	}
	ctx := context.Background()
	dsn := sqldbtest.DSN(t)
	db, imp, _ := importDB(t, dsn)
	reader, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	before := schemaOf(t, reader, pgPersonsSchema)
	count := func(q string) int {
		t.Helper()
		var n int
		if err := reader.QueryRow(q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	ex := sqldb.ImportOptions{Exclusive: true}
	check := func(when string, persons int) {
		t.Helper()
		if got := schemaOf(t, reader, pgPersonsSchema); !reflect.DeepEqual(got, before) {
			t.Fatalf("%s: schema changed:\n%q\nwas\n%q", when, got, before)
		}
		if n := count("SELECT COUNT(*) FROM persons"); n != persons {
			t.Fatalf("%s: %d persons, want %d", when, n, persons)
		}
	}

	if _, err := db.ImportPersonsWith(ctx, imp, ex, bulkRows(3000, 2900, -1, nil), nil); !errors.Is(err, sqldb.ErrImportRejected) {
		t.Fatalf("bad file: %v", err)
	}
	check("rejected", 0)

	// while the file is read nothing locks persons: a read answers (a
	// lock_timeout turns a wait into a failure instead of a hang)
	cctx, cancel := context.WithCancel(ctx)
	readWhile := func() error {
		defer cancel()
		tx, err := reader.BeginTx(ctx, nil)
		if err != nil {
			t.Error(err)
			return context.Canceled
		}
		defer tx.Rollback()
		var n int
		if _, err := tx.Exec("SET LOCAL lock_timeout = '10s'"); err != nil {
			t.Error(err)
		} else if err := tx.QueryRow("SELECT COUNT(*) FROM persons WHERE name_key <> ''").Scan(&n); err != nil {
			t.Errorf("read during the import: %v", err)
		}
		return context.Canceled
	}
	if _, err := db.ImportPersonsWith(cctx, imp, ex, bulkRows(3000, -1, 2500, readWhile), nil); err == nil {
		t.Fatal("cancelled import committed")
	}
	check("cancelled", 0)

	if res, err := db.ImportPersonsWith(ctx, imp, ex, bulkRows(3000, -1, -1, nil), nil); err != nil || res.Imported != 3000 {
		t.Fatalf("good file: %+v %v", res.Problems, err)
	}
	check("imported", 3000)
	if n := count("SELECT COUNT(*) FROM name_index_log l JOIN persons p ON p.id = l.person_id AND l.txid <> 0 AND l.created_at = p.updated_at"); n != 3000 {
		t.Fatalf("%d log rows", n)
	}
	res, err := db.ImportPersonsWith(ctx, imp, ex, bulkRows(3000, 2999, -1, nil), nil)
	if !errors.Is(err, sqldb.ErrImportRejected) || len(res.Duplicates) < 2999 {
		t.Fatalf("second import: %d duplicates, %v", len(res.Duplicates), err)
	}
	check("second", 3000)
}

// pgPersonsSchema lists the indexes, triggers and constraints of persons
// (and the indexes of name_index_log) as the --exclusive import must leave them.
const pgPersonsSchema = `SELECT indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ('persons', 'name_index_log')
			UNION ALL SELECT tgname || ' ' || pg_get_triggerdef(oid) FROM pg_trigger WHERE tgrelid = 'persons'::regclass AND NOT tgisinternal
			UNION ALL SELECT conname || ' ' || conrelid::regclass::text || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'persons'::regclass OR confrelid = 'persons'::regclass ORDER BY 1`
