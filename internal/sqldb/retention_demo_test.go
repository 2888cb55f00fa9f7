package sqldb_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"kasane/internal/casework"
	"kasane/internal/demo"
	"kasane/internal/japanese"
	"kasane/internal/report"
	"kasane/internal/retention"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

func demoActor(t *testing.T, db *sqldb.DB, email string) casework.Actor {
	t.Helper()
	u, err := db.UserByEmail(context.Background(), email)
	if err != nil {
		t.Fatalf("user %s: %v", email, err)
	}
	return sqldb.ActorFor(u)
}

// disposeAll proposes, approves and carries out the disposal of every
// record of the type that may be disposed of; it returns the 廃棄記録
// (zero when nothing was due).
func disposeAll(t *testing.T, db *sqldb.DB, proposer, approver casework.Actor, recordType string) retention.Decision {
	t.Helper()
	ctx := context.Background()
	l, err := db.RetentionDue(ctx, proposer, recordType, 0, 0)
	if err != nil {
		t.Fatalf("due %s: %v", recordType, err)
	}
	if l.Proposable == 0 {
		return retention.Decision{}
	}
	d, err := db.ProposeDisposal(ctx, proposer, recordType, 0, "テスト")
	if err != nil {
		t.Fatalf("propose %s: %v", recordType, err)
	}
	if d, err = db.ApproveDisposal(ctx, approver, d.ID, d.Version); err != nil {
		t.Fatalf("approve %s: %v", recordType, err)
	}
	if d, err = db.Dispose(ctx, proposer, d.ID, d.Version); err != nil {
		t.Fatalf("dispose %s: %v", recordType, err)
	}
	return d
}

// TestRetentionDemoDisposalKeepsEveryReport: the whole demo municipality
// thirty years on: every case, consent, meeting and outreach target past
// its period is disposed of; the annual report of every year the demo
// covers is the same before and after, the anonymized persons' names are in
// no export of any staff member, and the audit chain verifies.
func TestRetentionDemoDisposalKeepsEveryReport(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds the demo")
	}
	ctx := context.Background()
	db := sqldbtest.Open(t)
	if _, err := demo.Seed(ctx, db); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.SeedExtras(ctx, db); err != nil {
		t.Fatal(err)
	}
	admin, privacy := demoActor(t, db, "admin@demo.kasane.example"), demoActor(t, db, "privacy@demo.kasane.example")
	type named struct{ id, fam, giv, phone string }
	rows, err := db.RawStrings(ctx, "SELECT id || '|' || family_name || '|' || given_name || '|' || phone FROM persons WHERE municipality_id = ? AND identified = 1", admin.MunicipalityID)
	if err != nil {
		t.Fatal(err)
	}
	people := map[string]named{}
	for _, r := range rows {
		f := strings.Split(r, "|")
		people[f[0]] = named{f[0], f[1], f[2], f[3]}
	}
	now := time.Now()
	fy := casework.FiscalYearOf(casework.Today(now))
	db.Now = func() time.Time { return now.AddDate(30, 0, 0) }
	reports := func() map[int]string {
		out := map[int]string{}
		for y := fy - 6; y <= fy+1; y++ {
			a, err := db.AnnualReport(ctx, admin, y)
			if err != nil {
				t.Fatal(err)
			}
			a.GeneratedAt = time.Time{}
			b, _ := jsonMarshal(a)
			out[y] = b
		}
		return out
	}
	before := reports()
	disposed := map[string]int{}
	for _, rt := range []string{retention.TypeCase, retention.TypeConsent, retention.TypeMeeting, retention.TypeOutreach} {
		d := disposeAll(t, db, admin, privacy, rt)
		disposed[rt] = d.DisposedCount
		disposed["persons"] += d.Persons
	}
	t.Logf("disposed: %v", disposed)
	if disposed[retention.TypeCase] == 0 || disposed[retention.TypeMeeting] == 0 || disposed["persons"] == 0 {
		t.Fatalf("the demo thirty years on has closed cases, held meetings and persons to anonymize: %v", disposed)
	}
	after := reports()
	for y := range before {
		if before[y] != after[y] {
			t.Errorf("annual report of FY%d changed:\nbefore %s\nafter  %s", y, before[y], after[y])
		}
	}
	// the anonymized persons' names and phones are in no export
	gone, err := db.RawStrings(ctx, "SELECT id FROM persons WHERE municipality_id = ? AND disposed_at <> ''", admin.MunicipalityID)
	if err != nil {
		t.Fatal(err)
	}
	if len(gone) != disposed["persons"] {
		t.Fatalf("%d persons marked disposed, decisions say %d", len(gone), disposed["persons"])
	}
	liveNames := map[string]bool{}
	goneSet := map[string]bool{}
	for _, id := range gone {
		goneSet[id] = true
	}
	for id, p := range people {
		if !goneSet[id] {
			liveNames[p.fam+p.giv] = true
		}
	}
	staff, err := db.RawStrings(ctx, "SELECT email FROM users WHERE municipality_id = ?", admin.MunicipalityID)
	if err != nil {
		t.Fatal(err)
	}
	for _, email := range staff {
		a := demoActor(t, db, email)
		for _, kind := range sqldb.ExportKinds {
			tb, err := db.Export(ctx, a, kind.Value, sqldb.ExportOptions{Format: "csv", Encoding: "utf8"})
			if err != nil {
				continue // not every role exports
			}
			var b strings.Builder
			if _, err := report.WriteCSV(&b, tb, japanese.UTF8); err != nil {
				t.Fatal(err)
			}
			s := b.String()
			for _, id := range gone {
				p := people[id]
				if p.id == "" || liveNames[p.fam+p.giv] {
					continue
				}
				for _, x := range []string{p.fam + "," + p.giv, p.fam + " " + p.giv, p.fam + "　" + p.giv} {
					if strings.Contains(s, x) {
						t.Errorf("export %s of %s still names disposed person %s", kind.Value, email, x)
					}
				}
				if p.phone != "" && strings.Contains(s, p.phone) {
					t.Errorf("export %s of %s still holds the phone of a disposed person", kind.Value, email)
				}
			}
		}
	}
	if res, err := db.VerifyAudit(ctx); err != nil || res.BrokenSeq != 0 {
		t.Fatalf("audit chain: %v %+v", err, res)
	}
	// the audit log itself, past its 10 years: deleted as a block, the chain still verifies
	d := disposeAll(t, db, admin, privacy, retention.TypeAudit)
	if d.DisposedCount == 0 || d.Method != retention.MethodDelete {
		t.Fatalf("audit log disposal: %+v", d)
	}
	res, err := db.VerifyAudit(ctx)
	if err != nil || res.BrokenSeq != 0 || res.Events == 0 {
		t.Fatalf("audit chain after its disposal: %v %+v", err, res)
	}
	ds, err := db.RetentionDecisions(ctx, privacy, retention.StatusDisposed)
	if err != nil || len(ds) < 3 {
		t.Fatalf("廃棄記録 after the audit log's disposal: %d %v", len(ds), err)
	}
}
