package main

import (
	"context"
	"os"
	"testing"
	"time"

	"kasane/internal/sqldb"
)

// TestLoadDiag times the database calls behind the load test's pages on a
// seeded database: KASANE_DIAG_DB=/tmp/load.db go test -run TestLoadDiag -v ./cmd/kasane
func TestLoadDiag(t *testing.T) {
	dsn := os.Getenv("KASANE_DIAG_DB")
	if dsn == "" {
		t.Skip()
	}
	ctx := context.Background()
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	u, err := db.UserByEmail(ctx, "load000@example.invalid")
	if err != nil {
		t.Fatal(err)
	}
	a := sqldb.ActorFor(u)
	tm := func(name string, f func() error) {
		for _, run := range []string{"cold", "warm"} {
			t0 := time.Now()
			err := f()
			t.Logf("%-14s %s %8.1fms %v", name, run, float64(time.Since(t0).Microseconds())/1000, err)
		}
	}
	var id, pid string
	tm("Cases", func() error {
		cs, err := db.Cases(ctx, a, sqldb.CaseFilter{})
		id, pid = cs[0].ID, cs[0].FocusPersonID
		return err
	})
	tm("Case", func() error { _, err := db.Case(ctx, a, id); return err })
	tm("Contacts", func() error { _, err := db.Contacts(ctx, a, id); return err })
	tm("Person", func() error { _, err := db.Person(ctx, a, pid); return err })
	tm("Organizations", func() error { _, err := db.Organizations(ctx, a); return err })
	tm("Search", func() error { _, err := db.SearchPersons(ctx, a, "佐藤", 50); return err })
	tm("Search2", func() error { _, err := db.SearchPersons(ctx, a, "たかはし", 50); return err })
}
