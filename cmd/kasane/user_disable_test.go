package main

import (
	"context"
	"strings"
	"testing"

	"kasane/internal/sqldb"
)

// TestCLIUserDisableAndEnable: the operator stops a leaving worker's access
// from the command line, naming a successor of the same organization; an
// unknown successor is refused with nothing changed; enable lets them back.
func TestCLIUserDisableAndEnable(t *testing.T) {
	dsn := newDB(t)
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

// TestCLITokenListAndRevoke: the operator lists a user's tokens (ids only)
// and revokes one.
func TestCLITokenListAndRevoke(t *testing.T) {
	dsn := newDB(t)
	_, orgID, _ := cli(t, "", "org", "add", "--db", dsn, "--name", "自立相談支援機関", "--kind", "self_reliance_support")
	if code, _, errs := cli(t, "十分に長い合言葉です\n", "user", "add", "--db", dsn, "--org", strings.TrimSpace(orgID), "--email", "api@example.jp", "--name", "連携 用", "--role", "worker", "--password-stdin"); code != 0 {
		t.Fatal(errs)
	}
	_, tok, _ := cli(t, "", "token", "create", "--db", dsn, "--user", "api@example.jp")
	code, out, errs := cli(t, "", "token", "list", "--db", dsn, "--user", "api@example.jp")
	if code != 0 || strings.Contains(out, strings.TrimSpace(tok)) || !strings.Contains(out, "有効") {
		t.Fatalf("list: %d %q %s", code, out, errs)
	}
	id := strings.Fields(out)[0]
	if code, out, errs := cli(t, "", "token", "revoke", "--db", dsn, "--user", "api@example.jp", "--id", id); code != 0 || !strings.Contains(out, "失効させました") {
		t.Fatalf("revoke: %d %q %s", code, out, errs)
	}
	if _, out, _ := cli(t, "", "token", "list", "--db", dsn, "--user", "api@example.jp"); !strings.Contains(out, "失効") {
		t.Fatalf("after revoke: %q", out)
	}
	if code, _, _ := cli(t, "", "token", "revoke", "--db", dsn, "--user", "api@example.jp", "--id", id); code == 0 {
		t.Fatal("revoked twice")
	}
}
