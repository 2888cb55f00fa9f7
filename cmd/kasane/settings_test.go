package main

import (
	"context"
	"strings"
	"testing"

	"kasane/internal/sqldb"
)

// TestCLIMunicipalitySetInquiryContact: the contact point for search hits
// outside the team is set from the command line; an unknown organization is
// refused in Japanese.
func TestCLIMunicipalitySetInquiryContact(t *testing.T) {
	dsn := newDB(t)
	_, orgID, _ := cli(t, "", "org", "add", "--db", dsn, "--name", "福祉総合相談課", "--kind", "municipal_section")
	orgID = strings.TrimSpace(orgID)
	if code, _, errs := cli(t, "", "municipality", "set", "--db", dsn, "--inquiry-org", "nope"); code == 0 || !strings.Contains(errs, "問い合わせ先の機関が見つかりません") {
		t.Fatalf("unknown org: %d %s", code, errs)
	}
	if code, out, errs := cli(t, "", "municipality", "set", "--db", dsn, "--inquiry-org", orgID, "--inquiry-text", "電話 0120-000-000"); code != 0 || !strings.Contains(out, "保存しました") {
		t.Fatalf("set: %d %s %s", code, out, errs)
	}
	db, err := sqldb.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ms, err := db.Municipalities(context.Background())
	if err != nil || len(ms) != 1 {
		t.Fatalf("municipalities: %v %v", ms, err)
	}
	s, err := db.Settings(context.Background(), ms[0].ID)
	if err != nil || s.InquiryContactOrgID != orgID || s.InquiryContactText != "電話 0120-000-000" || !s.MFARequired() {
		t.Fatalf("settings: %+v %v", s, err)
	}
}

// TestCLIMunicipalitySetShienKaigiSecretariat: the 支援会議 事務局 is
// designated from the command line (issue 19); an unknown organization is
// refused; an empty value goes back to the municipal_section default.
func TestCLIMunicipalitySetShienKaigiSecretariat(t *testing.T) {
	dsn := newDB(t)
	_, a, _ := cli(t, "", "org", "add", "--db", dsn, "--name", "福祉総合相談課", "--kind", "municipal_section")
	_, b, _ := cli(t, "", "org", "add", "--db", dsn, "--name", "社会福祉協議会", "--kind", "social_welfare_council")
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	if code, _, errs := cli(t, "", "municipality", "set", "--db", dsn, "--shien-kaigi-secretariat", "nope"); code == 0 || !strings.Contains(errs, "事務局") {
		t.Fatalf("unknown org: %d %s", code, errs)
	}
	if code, out, errs := cli(t, "", "municipality", "set", "--db", dsn, "--shien-kaigi-secretariat", a+", "+b); code != 0 || !strings.Contains(out, "保存しました") {
		t.Fatalf("set: %d %s %s", code, out, errs)
	}
	db, err := sqldb.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ms, _ := db.Municipalities(context.Background())
	s, err := db.Settings(context.Background(), ms[0].ID)
	if err != nil || strings.Join(s.ShienKaigiSecretariat, ",") != a+","+b {
		t.Fatalf("settings: %+v %v", s, err)
	}
	if code, _, errs := cli(t, "", "municipality", "set", "--db", dsn, "--shien-kaigi-secretariat", ""); code != 0 {
		t.Fatalf("reset: %d %s", code, errs)
	}
	if s, _ := db.Settings(context.Background(), ms[0].ID); len(s.ShienKaigiSecretariat) != 0 {
		t.Fatalf("not reset: %v", s.ShienKaigiSecretariat)
	}
}
