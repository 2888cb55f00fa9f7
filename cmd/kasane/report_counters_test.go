package main

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
)

// TestCLIReportVerifyRebuild: verify passes on records written through the
// pages' paths, finds a counter changed behind the records' back (exit
// status 1, the group named), and rebuild makes verify pass again.
func TestCLIReportVerifyRebuild(t *testing.T) {
	dsn := seedForCLI(t)
	ctx := context.Background()
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	u, err := db.UserByEmail(ctx, "w@example.jp")
	if err != nil {
		t.Fatal(err)
	}
	a := sqldb.ActorFor(u)
	cs, err := db.Cases(ctx, a, sqldb.CaseFilter{})
	if err != nil || len(cs) == 0 {
		t.Fatalf("cases: %v %d", err, len(cs))
	}
	for i := range 3 {
		c := casework.Contact{CaseID: cs[0].ID, Method: "電話", Content: "（試験）様子を確認", Minutes: 10 + i, Jigyo: "sodan", Bunya: "kaigo", At: db.Now().AddDate(0, 0, -i)}
		if err := db.AddContact(ctx, a, &c); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	driver, src := "sqlite", "file:"+dsn
	if sqldb.IsPostgres(dsn) {
		driver, src = "pgx", dsn
	}
	raw, err := sql.Open(driver, src)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec("UPDATE report_contact_counts SET minutes = minutes + 5"); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	run := func(sub string) (string, error) {
		out, errb := &strings.Builder{}, &strings.Builder{}
		e := env{getenv: func(string) string { return "" }, stdin: strings.NewReader(""), stdout: out, stderr: errb}
		err := cmdReport(ctx, e, []string{sub, "--db", dsn})
		return out.String() + errb.String(), err
	}
	out, err := run("verify")
	if err == nil || !strings.Contains(out, "不一致: contacts") || !strings.Contains(err.Error(), "kasane report rebuild") {
		t.Fatalf("verify of a changed counter: err %v, output:\n%s", err, out)
	}
	if out, err := run("rebuild"); err != nil || !strings.Contains(out, "作り直しました") {
		t.Fatalf("rebuild: %v\n%s", err, out)
	}
	if out, err := run("verify"); err != nil || !strings.Contains(out, "一致しています") {
		t.Fatalf("verify after rebuild: %v\n%s", err, out)
	}
}
