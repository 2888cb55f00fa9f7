package sqldb_test

import (
	"context"
	"testing"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

// TestSearchFindsKeysStoredBeforeCaseFold (issue 21): a Latin name whose
// key was stored in capitals (before japanese.NameKey folded case) is found
// by every spelling, through the index's own fold; migration 0027 folds the
// stored key, which the index picks up through name_index_log.
func TestSearchFindsKeysStoredBeforeCaseFold(t *testing.T) {
	ctx := context.Background()
	db := sqldbtest.Open(t)
	sys := sqldbtest.Muni(t, db)
	org := sqldbtest.Org(t, db, sys, "包括", "community_support_center")
	_, w := sqldbtest.User(t, db, sys, org, "case@example.invalid", "worker")
	p := casework.Person{Identified: true, FamilyName: "NGUYEN", GivenName: "Van An", FamilyKana: "グエン", GivenKana: "バンアン"}
	if err := db.CreatePerson(ctx, w, &p); err != nil {
		t.Fatal(err)
	}
	if k, err := sqldb.StoredNameKey(ctx, db, p.ID); err != nil || k != "nguyenvanan" {
		t.Fatalf("new key: %q %v", k, err)
	}
	if err := sqldb.SetNameKey(ctx, db, p.ID, "NGUYENVanAn"); err != nil {
		t.Fatal(err)
	}
	check := func(when string) {
		t.Helper()
		for _, q := range []string{"NGUYEN", "nguyen", "Ｎｇｕｙｅｎ", "nguyen van an"} {
			hits, err := db.SearchPersons(ctx, w, q, 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(hits) != 1 || hits[0].ID != p.ID {
				t.Errorf("%s, q=%q: %v", when, q, hits)
			}
		}
		hits, _ := db.SearchPersons(ctx, w, "nguyen van an", 10)
		if len(hits) == 1 && hits[0].Score != 100 {
			t.Errorf("%s: the whole name scores %d, want 100 (exact)", when, hits[0].Score)
		}
	}
	check("key in capitals")
	if err := sqldb.RerunMigration(ctx, db, 27); err != nil {
		t.Fatal(err)
	}
	if k, err := sqldb.StoredNameKey(ctx, db, p.ID); err != nil || k != "nguyenvanan" {
		t.Fatalf("key after migration 0027: %q %v", k, err)
	}
	check("after migration 0027")
}
