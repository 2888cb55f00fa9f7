package disclosure

import (
	"context"
	"strings"
	"testing"

	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

// TestCatalogCoversTheLiveSchema: every table of the live schema is either
// read by the 開示 bundle or named as holding no record about a resident;
// every column the bundle gives out has a Japanese name (it is also a
// 記録項目 of the ファイル簿); the catalog names nothing the schema lacks.
// When a migration adds a table or a column, this test says where to name
// it: internal/disclosure/catalog.go (and, for a table about residents,
// which rows concern the person in internal/sqldb/disclosure_bundle.go).
func TestCatalogCoversTheLiveSchema(t *testing.T) {
	db := sqldbtest.Open(t)
	schema, err := db.Schema(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	read := map[string]bool{}
	for _, tb := range sqldb.DisclosureTables() {
		read[tb] = true
		if _, ok := tables[tb]; !ok {
			t.Errorf("table %s is read by the bundle but has no entry in the catalog (title, section, columns)", tb)
		}
		if NotAboutResidents[tb] != "" {
			t.Errorf("table %s is both read by the bundle and named as holding no record about a resident", tb)
		}
	}
	omitted := map[string]bool{}
	for _, c := range sqldb.DisclosureOmitted() {
		omitted[c] = true
	}
	live := map[string]bool{}
	for _, tc := range schema {
		tb, col, _ := strings.Cut(tc, ".")
		live[tb], live[tc] = true, true
		if !read[tb] {
			if NotAboutResidents[tb] == "" {
				t.Errorf("table %s: say in NotAboutResidents why it holds no record about a resident, or read it in sqldb.disclosureTables", tb)
			}
			continue
		}
		if omitted[tc] {
			continue
		}
		if _, ok := columnOf(tb, col); !ok {
			t.Errorf("column %s has no Japanese name in the catalog", tc)
		}
	}
	for tb, spec := range tables {
		if !live[tb] {
			t.Errorf("the catalog names table %s, which the schema lacks", tb)
			continue
		}
		for col := range spec.cols {
			if !live[tb+"."+col] {
				t.Errorf("the catalog names column %s.%s, which the schema lacks", tb, col)
			}
		}
	}
	for tb := range NotAboutResidents {
		if !live[tb] {
			t.Errorf("NotAboutResidents names table %s, which the schema lacks", tb)
		}
	}
	if len(tables) != len(sqldb.DisclosureTables()) {
		t.Errorf("the catalog has %d tables, the bundle reads %d", len(tables), len(sqldb.DisclosureTables()))
	}
}
