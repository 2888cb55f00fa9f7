package sqldb_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
)

// bulkRows returns n import rows; row bad (0-based, -1 for none) has an
// impossible birth date. wait, if set, is called before row at is read.
func bulkRows(n, bad, at int, wait func() error) func() (sqldb.ImportRow, error) {
	i := 0
	return func() (sqldb.ImportRow, error) {
		if i == n {
			return sqldb.ImportRow{}, io.EOF
		}
		if wait != nil && i == at {
			if err := wait(); err != nil {
				return sqldb.ImportRow{}, err
			}
		}
		p := casework.Person{Identified: true, FamilyName: "山田", GivenName: fmt.Sprintf("太郎%d", i), FamilyKana: "ヤマダ",
			GivenKana: "タロウ", BirthDate: fmt.Sprintf("19%02d-%02d-%02d", 20+i%80, 1+i%12, 1+i%28), Sex: "male", Phone: fmt.Sprintf("090-%04d-%04d", i/10000, i%10000)}
		if i == bad {
			p.BirthDate = "1990-02-30"
		}
		i++
		return sqldb.ImportRow{Row: i + 1, Person: p}, nil
	}
}

// sqliteSchema lists every object of the schema as a reader sees it
// (rootpage aside: a made-again index lives on other pages).
const sqliteSchema = "SELECT type || ' ' || name || ' ' || tbl_name || ' ' || COALESCE(sql, '') FROM sqlite_schema ORDER BY type, name"

// schemaOf runs query, which lists objects of a schema one string a row.
func schemaOf(t *testing.T, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, query string) []string {
	t.Helper()
	rows, err := q.QueryContext(context.Background(), query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// TestImportBulkModeKeepsSchema (SQLite): an import in bulk mode (the
// secondary indexes of persons and the name_index_log trigger dropped in
// its transaction) that is rejected or cancelled leaves the schema and
// indexes exactly as before and no row; readers keep answering, with the
// indexes, while it runs; a good one ends with the same schema, a sound
// file and the log rows the trigger would have written.
func TestImportBulkModeKeepsSchema(t *testing.T) {
	if os.Getenv("KASANE_TEST_DATABASE") != "" {
		t.Skip("bulk mode is SQLite's")
	}
	var bulkStarts atomic.Int32
	inBulk := make(chan struct{}, 10)
	defer sqldb.SetImportBulkMinRows(1000, func() { bulkStarts.Add(1); inBulk <- struct{}{} })()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "bulk.db")
	db, imp, sys := importDB(t, path)
	reader, err := sql.Open("sqlite", "file:"+path+"?_pragma=query_only(1)&_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	before := schemaOf(t, reader, sqliteSchema)
	count := func() int {
		var n int
		if err := reader.QueryRow("SELECT COUNT(*) FROM persons").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	same := func(when string) {
		t.Helper()
		if got := schemaOf(t, reader, sqliteSchema); !reflect.DeepEqual(got, before) {
			t.Fatalf("%s: schema changed:\n%q\nwas\n%q", when, got, before)
		}
		var ok string
		if err := reader.QueryRow("PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
			t.Fatalf("%s: integrity_check %q %v", when, ok, err)
		}
	}

	// rejected: a bad row after bulk mode began
	drain := func(want int32) {
		t.Helper()
		if n := bulkStarts.Swap(0); n != want {
			t.Fatalf("bulk mode began %d times, want %d", n, want)
		}
		for len(inBulk) > 0 {
			<-inBulk
		}
	}
	if _, err := db.ImportPersons(ctx, imp, bulkRows(3000, 2900, -1, nil), nil); !errors.Is(err, sqldb.ErrImportRejected) {
		t.Fatalf("bad file: %v", err)
	}
	same("rejected")
	drain(1)
	if n := count(); n != 0 {
		t.Fatalf("rejected import left %d persons", n)
	}

	// cancelled while in bulk mode; meanwhile a reader sees the old schema
	// and its indexes (INDEXED BY fails on a missing index)
	cctx, cancel := context.WithCancel(ctx)
	readWhile := func() error {
		defer cancel()
		select { // the writer is 1,500 rows behind at most: it reaches bulk mode
		case <-inBulk:
		case <-time.After(time.Minute):
			t.Error("bulk mode never began")
		}
		var n int
		if err := reader.QueryRow("SELECT COUNT(*) FROM persons INDEXED BY persons_name_key WHERE municipality_id = ? AND name_key <> ''", sys.MunicipalityID).Scan(&n); err != nil {
			t.Errorf("read during the import: %v", err)
		}
		if got := schemaOf(t, reader, sqliteSchema); !reflect.DeepEqual(got, before) {
			t.Errorf("a reader saw the schema of the import: %q", got)
		}
		return context.Canceled
	}
	if _, err := db.ImportPersons(cctx, imp, bulkRows(3000, -1, 2500, readWhile), nil); err == nil {
		t.Fatal("cancelled import committed")
	}
	same("cancelled")
	drain(1)
	if n := count(); n != 0 {
		t.Fatalf("cancelled import left %d persons", n)
	}

	// good: all rows, the same schema, the log rows of the trigger
	if res, err := db.ImportPersons(ctx, imp, bulkRows(3000, -1, -1, nil), nil); err != nil || res.Imported != 3000 {
		t.Fatalf("good file: %+v %v", res.Problems, err)
	}
	same("imported")
	drain(1)
	var n, bad int
	if err := reader.QueryRow("SELECT COUNT(*) FROM name_index_log").Scan(&n); err != nil || n != 3000 {
		t.Fatalf("log rows: %d %v", n, err)
	}
	// the log in seq order is the persons in insert order, as the trigger writes it
	err = reader.QueryRow(`SELECT COUNT(*) FROM (SELECT l.person_id, l.municipality_id, l.txid, l.created_at, ROW_NUMBER() OVER (ORDER BY l.seq) AS k FROM name_index_log l) l
		JOIN (SELECT id, municipality_id, updated_at, ROW_NUMBER() OVER (ORDER BY rowid) AS k FROM persons) p ON p.k = l.k
		WHERE l.person_id <> p.id OR l.municipality_id <> p.municipality_id OR l.txid <> 0 OR l.created_at <> p.updated_at`).Scan(&bad)
	if err != nil || bad != 0 {
		t.Fatalf("log rows unlike the trigger's: %d %v", bad, err)
	}
	// a second import of the same file flags every row against the
	// persons now registered (found through the indexes made again)
	res, err := db.ImportPersons(ctx, imp, bulkRows(3000, 2999, -1, nil), nil)
	if !errors.Is(err, sqldb.ErrImportRejected) || len(res.Duplicates) < 2999 {
		t.Fatalf("second import: %d duplicates, %v", len(res.Duplicates), err)
	}
	same("second")
	drain(1)
}
