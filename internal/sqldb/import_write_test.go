package sqldb_test

import (
	"context"
	"database/sql"
	"io"
	"reflect"
	"testing"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

// TestImportNarrowAndWideRowsAlike: a row written by the narrow INSERT
// (the usual columns only, the rest left to their defaults) is stored
// exactly as the same row written with every column, and the columns an
// import seldom sets are stored when set.
func TestImportNarrowAndWideRowsAlike(t *testing.T) {
	ctx := context.Background()
	dsn := sqldbtest.DSN(t)
	db, imp, _ := importDB(t, dsn)
	driver := "sqlite"
	if sqldb.IsPostgres(dsn) {
		driver = "pgx"
	}
	raw, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()

	plain := casework.Person{Identified: true, FamilyName: "渡邊", GivenName: "修", FamilyKana: "ワタナベ", GivenKana: "オサム", BirthDate: "1960-01-02", Sex: "male",
		Address: casework.Address{PostalCode: "123-4567", Prefecture: "架空県", City: "かさね市", Street: "本町1-2-3"}, Phone: "090-0000-1111"}
	full := casework.Person{Identified: true, FamilyName: "髙田", GivenName: "花", FamilyKana: "タカダ", GivenKana: "ハナ", BirthDate: "1990", Sex: "female",
		Label: "呼び名", Alias: "はな", MaidenName: "山本", ActualAddress: casework.Address{PostalCode: "765-4321", Prefecture: "架空県", City: "かさね市", Street: "港町1"},
		Phone2: "03-0000-0000", DVProtected: true, DeceasedOn: "2025-04-01"}
	load := func(ps ...casework.Person) {
		t.Helper()
		i := 0
		next := func() (sqldb.ImportRow, error) {
			if i == len(ps) {
				return sqldb.ImportRow{}, io.EOF
			}
			i++
			return sqldb.ImportRow{Row: i + 1, Person: ps[i-1]}, nil
		}
		if res, err := db.ImportPersons(ctx, imp, next, nil); err != nil || res.Imported != len(ps) {
			t.Fatalf("import: %+v %v", res.Problems, err)
		}
	}
	load(plain)       // narrow
	load(plain, full) // wide: one row needs every column
	rows, err := raw.QueryContext(ctx, `SELECT municipality_id, registered_by_org_id, identified, label, family_name, given_name, family_kana, given_kana, alias, maiden_name,
		birth_date, birth_precision, sex, reg_postal_code, reg_prefecture, reg_city, reg_street, act_postal_code, act_prefecture, act_city, act_street,
		phone, phone2, dv_protected, deceased_on, name_key, kana_key, version, created_at = updated_at FROM persons ORDER BY created_at, id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got [][]string
	for rows.Next() {
		v := make([]string, 29)
		p := make([]any, len(v))
		for i := range v {
			p[i] = &v[i]
		}
		if err := rows.Scan(p...); err != nil {
			t.Fatal(err)
		}
		got = append(got, v)
	}
	if len(got) != 3 {
		t.Fatalf("%d rows", len(got))
	}
	if !reflect.DeepEqual(got[0], got[1]) && !reflect.DeepEqual(got[0], got[2]) {
		t.Fatalf("narrow row unlike the wide one:\n%q\n%q\n%q", got[0], got[1], got[2])
	}
	last := got[1]
	if last[4] != "髙田" {
		last = got[2]
	}
	want := map[int]string{3: "呼び名", 8: "はな", 9: "山本", 17: "765-4321", 20: "港町1", 22: "03-0000-0000", 24: "2025-04-01"}
	for i, w := range want {
		if last[i] != w {
			t.Errorf("column %d: %q, want %q", i, last[i], w)
		}
	}
	if last[23] != "1" && last[23] != "true" {
		t.Errorf("dv_protected %q", last[23])
	}
}

// importDB opens and migrates the database at dsn (closed when the test
// ends) with one municipality, and returns the system actor an import runs
// as, and the municipality's own system actor.
func importDB(t *testing.T, dsn string) (*sqldb.DB, casework.Actor, casework.Actor) {
	t.Helper()
	ctx := context.Background()
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	sys := sqldbtest.Muni(t, db)
	org := sqldbtest.Org(t, db, sys, "包括", "community_support_center")
	_, imp := sqldbtest.User(t, db, sys, org, "w@example.jp", "worker")
	imp.UserID, imp.Roles = "system", []string{"municipal_admin"}
	return db, imp, sys
}
