package sqldb_test

import (
	"context"
	"database/sql"
	"os"
	"testing"
	"time"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

// leadFixture is a case led by org with one contact (10 June 2025), and
// another organization to hand it over to, on PostgreSQL, with a second
// connection (raw) for transactions the test holds open: the races of the
// lead copied onto the contacts (migration 0044).
type leadFixture struct {
	db        *sqldb.DB
	raw       *sql.DB
	sys, w    casework.Actor
	org       casework.Organization
	other     casework.Organization
	kase      casework.Case
	contact   casework.Contact
	contactAt time.Time
}

func newLeadFixture(t *testing.T, email string) *leadFixture {
	t.Helper()
	if os.Getenv("KASANE_TEST_DATABASE") == "" {
		t.Skip("PostgreSQL only")
	}
	ctx := context.Background()
	dsn := sqldbtest.DSN(t)
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	f := &leadFixture{db: db, raw: raw, contactAt: time.Date(2025, 6, 10, 1, 0, 0, 0, time.UTC)}
	f.sys = sqldbtest.Muni(t, db)
	f.org = sqldbtest.Org(t, db, f.sys, "主担当センター", "community_support_center")
	f.other = sqldbtest.Org(t, db, f.sys, "引継ぎ先", "self_reliance_support")
	_, f.w = sqldbtest.User(t, db, f.sys, f.org, email, "worker")
	p := casework.Person{Identified: true, FamilyName: "架空", GivenName: "四子", FamilyKana: "カクウ", GivenKana: "ヨツコ", BirthDate: "1980-04-01", BirthPrecision: "day", Sex: "female"}
	if err := db.CreatePerson(ctx, f.w, &p); err != nil {
		t.Fatal(err)
	}
	f.kase = casework.Case{FocusPersonID: p.ID, ReceivedOn: "2025-04-01", Route: casework.IntakeRoutes[0].Value, Method: casework.IntakeMethods[0].Value,
		Bunya: []string{casework.Bunya[0].Value}, Complaint: "引継ぎ"}
	if err := db.CreateCase(ctx, f.w, &f.kase); err != nil {
		t.Fatal(err)
	}
	f.contact = casework.Contact{CaseID: f.kase.ID, At: f.contactAt, Method: casework.ContactMethods[0].Value, Content: "記録", Minutes: 10, Jigyo: "sodan", Bunya: casework.Bunya[0].Value}
	if err := db.AddContact(ctx, f.w, &f.contact); err != nil {
		t.Fatal(err)
	}
	return f
}
