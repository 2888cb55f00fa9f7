package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

// seedForCLI makes a municipality with a worker who has a person and a case.
func seedForCLI(t *testing.T) string {
	t.Helper()
	dsn := newDB(t)
	ctx := context.Background()
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	sys := sqldbtest.Muni(t, db)
	org := sqldbtest.Org(t, db, sys, "地域包括支援センター", "community_support_center")
	_, a := sqldbtest.User(t, db, sys, org, "w@example.jp", "worker")
	sqldbtest.User(t, db, sys, sqldbtest.Org(t, db, sys, "こども家庭センター", "child_family_center"), "out@example.jp", "worker")
	p := casework.Person{FamilyName: "𠮷田", GivenName: "花子", FamilyKana: "ヨシダ", GivenKana: "ハナコ", BirthDate: "1980-02-03", Sex: "female",
		Address: casework.Address{Prefecture: "架空県", City: "かさね市", Street: "本町1-2-3"}}
	if err := db.CreatePerson(ctx, a, &p); err != nil {
		t.Fatal(err)
	}
	c := casework.Case{FocusPersonID: p.ID, ReceivedOn: "2025-05-10", Route: "本人", Method: "来所", Bunya: []string{"kaigo"}, Complaint: "相談"}
	if err := db.CreateCase(ctx, a, &c); err != nil {
		t.Fatal(err)
	}
	return dsn
}

func TestCLIReportAnnual(t *testing.T) {
	dsn := seedForCLI(t)
	var e env
	out, errb := &strings.Builder{}, &strings.Builder{}
	e = env{getenv: func(string) string { return "" }, stdin: strings.NewReader(""), stdout: out, stderr: errb}
	if err := cmdReport(context.Background(), e, []string{"annual", "--db", dsn, "--fiscal-year", "2025"}); err != nil {
		t.Fatalf("report: %v %s", err, errb)
	}
	var rep struct {
		FiscalYear int `json:"fiscal_year"`
		Sections   []struct {
			Key  string                `json:"key"`
			Rows []struct{ Total int } `json:"rows"`
		} `json:"sections"`
	}
	if err := json.Unmarshal([]byte(out.String()), &rep); err != nil || rep.FiscalYear != 2025 || rep.Sections[0].Key != "new_consultations" || rep.Sections[0].Rows[0].Total != 1 {
		t.Fatalf("json: %v %.300s", err, out)
	}
	file := filepath.Join(t.TempDir(), "r.xlsx")
	if err := cmdReport(context.Background(), e, []string{"annual", "--db", dsn, "--fiscal-year", "2025", "--format", "xlsx", "--out", file}); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(file); err != nil || !strings.HasPrefix(string(b), "PK") {
		t.Fatalf("xlsx file: %v", err)
	}
	out.Reset()
	if err := cmdReport(context.Background(), e, []string{"annual", "--db", dsn, "--fiscal-year", "2025", "--format", "csv"}); err != nil || !strings.HasPrefix(out.String(), "\uFEFF集計項目") {
		t.Fatalf("csv: %v %.100q", err, out)
	}
	for _, bad := range [][]string{{"monthly"}, {"annual", "--db", dsn}, {"annual", "--db", dsn, "--fiscal-year", "2025", "--format", "pdf"}} {
		if err := cmdReport(context.Background(), e, bad); err == nil {
			t.Errorf("%v: no error", bad)
		}
	}
}

func TestCLIExportRunsAsUser(t *testing.T) {
	dsn := seedForCLI(t)
	out, errb := &strings.Builder{}, &strings.Builder{}
	e := env{getenv: func(string) string { return "" }, stdin: strings.NewReader(""), stdout: out, stderr: errb}
	ctx := context.Background()
	if err := cmdExport(ctx, e, []string{"persons", "--db", dsn, "--user", "w@example.jp"}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "\uFEFF氏,名") || !strings.Contains(out.String(), "𠮷田") || !strings.Contains(out.String(), "本町1-2-3") {
		t.Fatalf("persons: %q", out)
	}
	file := filepath.Join(t.TempDir(), "p.csv")
	if err := cmdExport(ctx, e, []string{"persons", "--db", dsn, "--user", "w@example.jp", "--encoding", "cp932", "--out", file}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errb.String(), "𠮷") || !strings.Contains(errb.String(), "2行目「氏」") {
		t.Fatalf("unencodable not reported: %s", errb)
	}
	if st, err := os.Stat(file); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("export file: %v", err)
	}
	out.Reset()
	if err := cmdExport(ctx, e, []string{"cases", "--db", dsn, "--user", "out@example.jp"}); err != nil || strings.Contains(out.String(), "𠮷") {
		t.Fatalf("outsider export: %v %q", err, out)
	}
	for _, bad := range [][]string{{"meetings"}, {"cases", "--db", dsn}, {"cases", "--db", dsn, "--user", "nobody@example.jp"}} {
		if err := cmdExport(ctx, e, bad); err == nil {
			t.Errorf("%v: no error", bad)
		}
	}
	// the exports are in the audit log
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	res, err := db.VerifyAudit(ctx)
	if err != nil || res.BrokenSeq != 0 {
		t.Fatalf("audit: %v %+v", err, res)
	}
}
