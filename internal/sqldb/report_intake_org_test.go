package sqldb_test

import (
	"context"
	"database/sql"
	"os"
	"strings"
	"testing"

	"kasane/internal/casework"
	"kasane/internal/report"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

// TestIntakeOrgKeptAfterHandover: the 受付機関 breakdown of the annual report
// counts a case under the organization that received it, kept at intake
// (migration 0033), not under the lead it was handed over to; and the
// migration's backfill gives existing cases their receiving organization
// back from the intake's lead membership, even after a hand-over.
func TestIntakeOrgKeptAfterHandover(t *testing.T) {
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
	sys := sqldbtest.Muni(t, db)
	houkatsu := sqldbtest.Org(t, db, sys, "地域包括支援センター", "community_support_center")
	kurashi := sqldbtest.Org(t, db, sys, "くらしサポート", "self_reliance_support")
	_, wa := sqldbtest.User(t, db, sys, houkatsu, "houkatsu@example.invalid", "worker")
	_, ka := sqldbtest.User(t, db, sys, kurashi, "kurashi@example.invalid", "worker")
	today := casework.Today(db.Now())
	fy := report.CurrentFiscalYear(db.Now())
	var cases []string
	for i, given := range []string{"一子", "二子"} {
		p := casework.Person{Identified: true, FamilyName: "架空", GivenName: given, FamilyKana: "カクウ", GivenKana: []string{"イチコ", "ニコ"}[i], BirthDate: "1980-04-0" + string(rune('1'+i)), BirthPrecision: "day", Sex: "female"}
		if err := db.CreatePerson(ctx, wa, &p); err != nil {
			t.Fatal(err)
		}
		c := casework.Case{FocusPersonID: p.ID, ReceivedOn: today, Route: "本人", Method: "電話", Bunya: []string{"kaigo"}, Problems: []string{"介護"}, Complaint: "相談"}
		if err := db.CreateCase(ctx, wa, &c); err != nil {
			t.Fatal(err)
		}
		cases = append(cases, c.ID)
		if i == 0 { // the first case's lead is handed over to くらしサポート
			cs := casework.Consent{PersonID: p.ID, GivenBy: "本人", GivenOn: today, Method: "署名", Recipients: []string{kurashi.ID},
				DataCategories: []string{"basic", "records"}, Purposes: []string{"支援の検討"}, MeetingTypes: []string{"jusoteki_shien_kaigi"}}
			if err := db.RecordConsent(ctx, wa, &cs); err != nil {
				t.Fatal(err)
			}
			r := casework.Referral{CaseID: c.ID, ToOrgID: kurashi.ID, Reason: "主担当を引き継ぐ", TransferLead: true}
			if err := db.CreateReferral(ctx, wa, &r); err != nil {
				t.Fatal(err)
			}
			if _, err := db.AnswerReferral(ctx, ka, r.ID, "accept", ""); err != nil {
				t.Fatal(err)
			}
		}
	}
	if got, err := db.Case(ctx, ka, cases[0]); err != nil || got.LeadOrgID != kurashi.ID {
		t.Fatalf("hand-over: lead %s, %v", got.LeadOrgID, err)
	}
	byKind := func() map[string]int64 {
		t.Helper()
		a, err := db.AnnualReport(ctx, wa, fy)
		if err != nil {
			t.Fatal(err)
		}
		s, ok := a.Section(report.SecIntakeOrg)
		if !ok {
			t.Fatal("no 受付機関 section")
		}
		out := map[string]int64{}
		for _, r := range s.Rows {
			out[r.Filter[report.SecIntakeOrg]] = r.Total
		}
		return out
	}
	if got := byKind(); got["community_support_center"] != 2 || got["self_reliance_support"] != 0 {
		t.Fatalf("after the hand-over the 受付機関 moved: %v", got)
	}

	// rows as a database migrated before 0033 has them, then the backfill
	driver, raw := "sqlite", "file:"+dsn
	dialect := "sqlite"
	if os.Getenv("KASANE_TEST_DATABASE") != "" {
		driver, raw, dialect = "pgx", dsn, "postgres"
	}
	conn, err := sql.Open(driver, raw)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "UPDATE cases SET intake_org_id = ''"); err != nil {
		t.Fatal(err)
	}
	if got := byKind(); got["community_support_center"] != 1 || got["self_reliance_support"] != 1 {
		t.Fatalf("rows without the receiving organization fall back to the lead: %v", got)
	}
	mig, err := os.ReadFile("migrations/" + dialect + "/0033_report_indicators.sql")
	if err != nil {
		t.Fatal(err)
	}
	stmt := string(mig[strings.Index(string(mig), "UPDATE cases SET intake_org_id"):])
	if _, err := conn.ExecContext(ctx, strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(stmt), ";"))); err != nil {
		t.Fatalf("backfill: %v", err)
	}
	if got := byKind(); got["community_support_center"] != 2 || got["self_reliance_support"] != 0 {
		t.Fatalf("after the backfill: %v", got)
	}
	var n int
	if err := conn.QueryRowContext(ctx, "SELECT COUNT(*) FROM cases WHERE intake_org_id = ''").Scan(&n); err != nil || n != 0 {
		t.Fatalf("cases left without intake org: %d %v", n, err)
	}
}
