package sqldb_test

import (
	"context"
	"testing"
	"time"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

// TestNameIndexFreshness: a person registered through this handle is found
// by its very next search; one registered through another handle on the
// same database (another server) is found once the sync interval (200 ms)
// has passed; many searches at once all answer.
func TestNameIndexFreshness(t *testing.T) {
	dsn := sqldbtest.DSN(t)
	ctx := context.Background()
	open := func() *sqldb.DB {
		db, err := sqldb.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	db1 := open()
	if _, err := db1.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	db2 := open()
	sys := sqldbtest.Muni(t, db1)
	org := sqldbtest.Org(t, db1, sys, "検索鮮度センター", "community_support_center")
	_, w := sqldbtest.User(t, db1, sys, org, "fresh@example.invalid", "worker")
	found := func(db *sqldb.DB, q, id string) bool {
		t.Helper()
		hits, err := db.SearchPersons(ctx, w, q, 50)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range hits {
			if h.ID == id {
				return true
			}
		}
		return false
	}
	register := func(db *sqldb.DB, family, given, kana string) string {
		p := casework.Person{FamilyName: family, GivenName: given, FamilyKana: kana, Identified: true}
		if err := db.CreatePerson(ctx, w, &p); err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	// both handles have their index loaded: db1 by a search, db2 as kasane
	// serve does at start
	found(db1, "佐藤", "")
	if err := db2.WarmNameIndex(ctx); err != nil {
		t.Fatal(err)
	}

	own := register(db1, "鮮度", "一郎", "センド")
	if !found(db1, "鮮度 一郎", own) {
		t.Fatal("a person registered through this handle is not found by the next search")
	}
	other := register(db1, "遠隔", "花子", "エンカク")
	time.Sleep(250 * time.Millisecond) // past the sync interval of db2
	if !found(db2, "遠隔 花子", other) {
		t.Fatal("a person registered through another handle is not found after the sync interval")
	}

	errs := make(chan error, 40)
	for range 40 {
		go func() {
			_, err := db2.SearchPersons(ctx, w, "鮮度", 20)
			errs <- err
		}()
	}
	for range 40 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}
