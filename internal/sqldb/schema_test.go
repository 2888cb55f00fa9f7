package sqldb_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

// TestSchemasMatch proves the SQLite and PostgreSQL migrations create the same
// tables and columns. Without KASANE_TEST_DATABASE it still checks SQLite.
func TestSchemasMatch(t *testing.T) {
	ctx := context.Background()
	lite, err := sqldb.Open(ctx, t.TempDir()+"/s.db")
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	if _, err := lite.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	ls, err := lite.Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(ls) < 20 {
		t.Fatalf("sqlite schema too small: %v", ls)
	}
	if os.Getenv("KASANE_TEST_DATABASE") == "" {
		t.Skip("KASANE_TEST_DATABASE not set: PostgreSQL side not compared")
	}
	pg := sqldbtest.Open(t)
	ps, err := pg.Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(ls, "\n") != strings.Join(ps, "\n") {
		t.Fatalf("schemas differ:\nsqlite only: %v\npostgres only: %v", minus(ls, ps), minus(ps, ls))
	}
}

func minus(a, b []string) []string {
	m := map[string]bool{}
	for _, x := range b {
		m[x] = true
	}
	var out []string
	for _, x := range a {
		if !m[x] {
			out = append(out, x)
		}
	}
	return out
}

func TestMigrateIsIdempotent(t *testing.T) {
	db := sqldbtest.Open(t)
	n, err := db.Migrate(context.Background())
	if err != nil || n != 0 {
		t.Fatalf("second migrate applied %d, err %v", n, err)
	}
}
