package main

import (
	"context"
	"strings"
	"testing"

	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

// TestCLIUserDisableAndEnable: the operator stops a leaving worker's access
// from the command line, naming a successor of the same organization; an
// unknown successor is refused with nothing changed; enable lets them back.
func TestCLIUserDisableAndEnable(t *testing.T) {
	dsn := sqldbtest.DSN(t)
	_, orgID, _ := cli(t, "", "org", "add", "--db", dsn, "--name", "地域包括支援センター", "--kind", "community_support_center")
	for _, u := range [][2]string{{"leaving@example.jp", "退職 予定"}, {"next@example.jp", "後任 担当"}} {
		if code, _, errs := cli(t, "十分に長い合言葉です\n", "user", "add", "--db", dsn, "--org", strings.TrimSpace(orgID), "--email", u[0], "--name", u[1], "--role", "worker", "--password-stdin"); code != 0 {
			t.Fatalf("user add: %s", errs)
		}
	}
	if code, _, errs := cli(t, "", "user", "disable", "--db", dsn, "--email", "leaving@example.jp", "--successor", "nobody@example.jp"); code == 0 || !strings.Contains(errs, "見つかりません") {
		t.Fatalf("unknown successor: %d %s", code, errs)
	}
	ctx := context.Background()
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if u, _ := db.UserByEmail(ctx, "leaving@example.jp"); u.Disabled {
		t.Fatal("a refused disable stopped the user")
	}
	if code, out, errs := cli(t, "", "user", "disable", "--db", dsn, "--email", "leaving@example.jp", "--successor", "next@example.jp"); code != 0 || !strings.Contains(out, "利用を停止しました") {
		t.Fatalf("disable: %d %q %s", code, out, errs)
	}
	if u, _ := db.UserByEmail(ctx, "leaving@example.jp"); !u.Disabled {
		t.Fatal("not stopped")
	}
	if code, out, errs := cli(t, "", "user", "enable", "--db", dsn, "--email", "leaving@example.jp"); code != 0 || !strings.Contains(out, "利用を再開しました") {
		t.Fatalf("enable: %d %q %s", code, out, errs)
	}
	if u, _ := db.UserByEmail(ctx, "leaving@example.jp"); u.Disabled {
		t.Fatal("not enabled")
	}
}
