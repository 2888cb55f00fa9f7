package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

// retentionCLISetup makes, in a database, a case closed in FY2015 with a
// contact, and the staff who decide on disposal.
func retentionCLISetup(t *testing.T, dsn string) (caseID, personID string) {
	t.Helper()
	ctx := context.Background()
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	past := time.Date(2015, 6, 1, 1, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return past }
	sys := sqldbtest.Muni(t, db)
	org := sqldbtest.Org(t, db, sys, "地域包括支援センター", "community_support_center")
	city := sqldbtest.Org(t, db, sys, "福祉総合相談課", "municipal_section")
	_, w := sqldbtest.User(t, db, sys, org, "w@example.invalid", "worker")
	sqldbtest.User(t, db, sys, city, "admin@example.invalid", "municipal_admin")
	sqldbtest.User(t, db, sys, city, "po1@example.invalid", "privacy_officer")
	sqldbtest.User(t, db, sys, city, "po2@example.invalid", "privacy_officer")
	p := casework.Person{Identified: true, FamilyName: "旧記録", GivenName: "太郎", FamilyKana: "キュウキロク", GivenKana: "タロウ", BirthDate: "1960-01-02", Sex: "male", Phone: "03-1234-9999"}
	if err := db.CreatePerson(ctx, w, &p); err != nil {
		t.Fatal(err)
	}
	c := casework.Case{FocusPersonID: p.ID, ReceivedOn: "2015-06-01", Route: "本人", Method: "来所", Bunya: []string{"kaigo"}, Complaint: "古い相談の内容"}
	if err := db.CreateCase(ctx, w, &c); err != nil {
		t.Fatal(err)
	}
	if err := db.AddContact(ctx, w, &casework.Contact{CaseID: c.ID, At: past, Method: "電話", Content: "古い支援経過の記録", Minutes: 10, Jigyo: "sodan", Bunya: "kaigo"}); err != nil {
		t.Fatal(err)
	}
	db.Now = func() time.Time { return past.AddDate(0, 8, 0) }
	if _, err := db.TransitionCase(ctx, w, c.ID, "closed", "resolved"); err != nil {
		t.Fatal(err)
	}
	return c.ID, p.ID
}

func contactText(t *testing.T, dsn, caseID string) string {
	t.Helper()
	ctx := context.Background()
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	u, err := db.UserByEmail(ctx, "w@example.invalid")
	if err != nil {
		t.Fatal(err)
	}
	cs, err := db.Contacts(ctx, sqldb.ActorFor(u), caseID)
	if err != nil || len(cs) != 1 {
		t.Fatalf("contacts: %v %d", err, len(cs))
	}
	return cs[0].Content
}

// TestRetentionCLI: kasane retention list, propose, approve (not by the
// proposer), dispose (not before the approval), records; kasane audit verify
// after; and a copy of the database taken before the disposal (a backup)
// gets the disposal again from the saved 廃棄記録 with reapply, once.
func TestRetentionCLI(t *testing.T) {
	dsn := sqldbtest.DSN(t)
	caseID, _ := retentionCLISetup(t, dsn)
	sqlite := !sqldb.IsPostgres(dsn)
	backup := filepath.Join(t.TempDir(), "backup.db")
	if sqlite {
		copyFile(t, dsn, backup)
	}
	code, out, errs := cli(t, "", "retention", "list", "--db", dsn, "--type", "case")
	if code != 0 || !strings.Contains(out, "保存期間を過ぎた記録 1件") || !strings.Contains(out, "平成27年度") {
		t.Fatalf("list: %d %s %s", code, out, errs)
	}
	if code, _, errs = cli(t, "", "retention", "propose", "--db", dsn, "--type", "case"); code == 0 || !strings.Contains(errs, "--user") {
		t.Fatalf("propose without --user: %d %s", code, errs)
	}
	code, out, errs = cli(t, "", "retention", "propose", "--db", dsn, "--type", "case", "--user", "po1@example.invalid", "--reason", "定期廃棄")
	if code != 0 {
		t.Fatalf("propose: %s", errs)
	}
	id := strings.TrimSpace(out)
	if code, _, errs = cli(t, "", "retention", "dispose", "--db", dsn, "--id", id, "--user", "admin@example.invalid"); code == 0 || !strings.Contains(errs, "承認されていません") {
		t.Fatalf("dispose before approval: %d %s", code, errs)
	}
	if code, _, errs = cli(t, "", "retention", "approve", "--db", dsn, "--id", id, "--user", "po1@example.invalid"); code == 0 || !strings.Contains(errs, "自分が起案した") {
		t.Fatalf("self-approval: %d %s", code, errs)
	}
	if code, _, errs = cli(t, "", "retention", "approve", "--db", dsn, "--id", id, "--user", "po2@example.invalid"); code != 0 {
		t.Fatalf("approve: %s", errs)
	}
	if contactText(t, dsn, caseID) != "古い支援経過の記録" {
		t.Fatal("the approval alone changed the record")
	}
	if code, out, errs = cli(t, "", "retention", "dispose", "--db", dsn, "--id", id, "--user", "admin@example.invalid"); code != 0 || !strings.Contains(out, "匿名化 1件") {
		t.Fatalf("dispose: %d %s %s", code, out, errs)
	}
	if got := contactText(t, dsn, caseID); got != "" {
		t.Fatalf("contact after disposal: %q", got)
	}
	recs := filepath.Join(t.TempDir(), "haiki.json")
	if code, _, errs = cli(t, "", "retention", "records", "--db", dsn, "--format", "json", "--out", recs); code != 0 {
		t.Fatalf("records: %s", errs)
	}
	if code, out, _ = cli(t, "", "retention", "records", "--db", dsn); code != 0 || !strings.Contains(out, id) || !strings.Contains(out, "匿名化") {
		t.Fatalf("records (text): %s", out)
	}
	if code, out, errs = cli(t, "", "audit", "verify", "--db", dsn); code != 0 || !strings.HasPrefix(out, "ok ") {
		t.Fatalf("audit verify: %d %s %s", code, out, errs)
	}
	if !sqlite {
		return
	}
	// the backup still holds the record; reapply disposes of it again, once
	if contactText(t, backup, caseID) != "古い支援経過の記録" {
		t.Fatal("backup copy lacks the record")
	}
	if code, out, errs = cli(t, "", "retention", "reapply", "--db", backup, recs); code != 0 || !strings.Contains(out, "1件を再適用") {
		t.Fatalf("reapply: %d %s %s", code, out, errs)
	}
	if got := contactText(t, backup, caseID); got != "" {
		t.Fatalf("contact in the restored copy after reapply: %q", got)
	}
	if code, out, _ = cli(t, "", "retention", "reapply", "--db", backup, recs); code != 0 || !strings.Contains(out, "0件を再適用") {
		t.Fatalf("reapply twice: %s", out)
	}
	if code, out, errs = cli(t, "", "audit", "verify", "--db", backup); code != 0 || !strings.HasPrefix(out, "ok ") {
		t.Fatalf("audit verify of the copy: %d %s %s", code, out, errs)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	src, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
}
