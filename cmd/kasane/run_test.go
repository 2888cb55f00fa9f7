package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"kasane/internal/sqldb/sqldbtest"
)

// cli runs the program in process and returns exit code, stdout, stderr.
func cli(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, func(string) string { return "" }, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestCLIAdminFlow(t *testing.T) {
	dsn := sqldbtest.DSN(t)
	code, out, errs := cli(t, "", "migrate", "--db", dsn)
	if code != 0 || !strings.Contains(out, "applied") {
		t.Fatalf("migrate: %d %s %s", code, out, errs)
	}
	code, orgID, errs := cli(t, "", "org", "add", "--db", dsn, "--name", "地域包括支援センター東", "--kind", "community_support_center")
	orgID = strings.TrimSpace(orgID)
	if code != 0 || orgID == "" {
		t.Fatalf("org add: %d %q %s", code, orgID, errs)
	}
	if _, _, errs := cli(t, "", "org", "add", "--db", dsn, "--name", "かさね市 福祉課", "--kind", "municipal_section"); errs != "" {
		t.Fatalf("org add: %s", errs)
	}
	// org list: a header, then the organizations by kind (市の担当課 first) and name
	code, out, errs = cli(t, "", "org", "list", "--db", dsn)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 3 || lines[0] != "ID\t種別コード\t種別\t名称\t機関コード" ||
		!strings.Contains(lines[1], "\tmunicipal_section\t市の担当課\tかさね市 福祉課") || !strings.HasPrefix(lines[2], orgID+"\tcommunity_support_center\t地域包括支援センター\t") {
		t.Fatalf("org list: %d %q %s", code, out, errs)
	}
	code, userID, errs := cli(t, "十分に長い合言葉です\n", "user", "add", "--db", dsn, "--org", orgID, "--email", "a@example.jp", "--name", "相談 花子", "--role", "worker,coordinator", "--password-stdin")
	if code != 0 || strings.TrimSpace(userID) == "" {
		t.Fatalf("user add: %d %q %s", code, userID, errs)
	}
	code, tok, errs := cli(t, "", "token", "create", "--db", dsn, "--user", "a@example.jp")
	if code != 0 || !strings.HasPrefix(tok, "ksn_") {
		t.Fatalf("token create: %d %q %s", code, tok, errs)
	}
	code, out, _ = cli(t, "", "audit", "verify", "--db", dsn)
	if code != 0 || !regexp.MustCompile(`^ok \d+ events\n$`).MatchString(out) {
		t.Fatalf("audit verify: %d %q", code, out)
	}
}

func TestCLIBadInput(t *testing.T) {
	dir := t.TempDir()
	corrupt := filepath.Join(dir, "corrupt.db")
	if err := os.WriteFile(corrupt, bytes.Repeat([]byte("not a database "), 500), 0o600); err != nil {
		t.Fatal(err)
	}
	ro := filepath.Join(dir, "ro")
	if err := os.Mkdir(ro, 0o500); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"unknown flag", []string{"serve", "--nope"}, "引数が正しくありません"},
		{"unknown command", []string{"frobnicate"}, "不明なコマンド"},
		{"unreachable postgres", []string{"migrate", "--db", "postgres://nobody@127.0.0.1:1/x?connect_timeout=2"}, "PostgreSQL に接続できません"},
		{"corrupt sqlite", []string{"migrate", "--db", corrupt}, "SQLite"},
		{"missing folder", []string{"migrate", "--db", filepath.Join(dir, "no", "such", "x.db")}, "フォルダがありません"},
		{"bad kind", []string{"org", "add", "--db", filepath.Join(dir, "k.db"), "--name", "x", "--kind", "bank"}, "種別"},
		{"user for unknown org", []string{"user", "add", "--db", filepath.Join(dir, "k.db"), "--org", "nope", "--email", "x@example.jp", "--name", "x", "--role", "worker"}, "見つかりません"},
	}
	if os.Geteuid() != 0 { // root can write anywhere
		cases = append(cases, struct {
			name string
			args []string
			want string
		}{"read-only folder", []string{"migrate", "--db", filepath.Join(ro, "x.db")}, "SQLite"})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, errs := cli(t, "", c.args...)
			if code == 0 {
				t.Fatal("exit 0")
			}
			if !strings.Contains(errs, c.want) {
				t.Fatalf("stderr %q lacks %q", errs, c.want)
			}
			lines := strings.Split(strings.TrimSpace(errs), "\n")
			last := lines[len(lines)-1]
			if !strings.HasPrefix(last, "kasane: ") || strings.Contains(errs, "panic") || strings.Contains(errs, "goroutine") {
				t.Fatalf("not a clean one-line message: %q", errs)
			}
		})
	}
}

// TestServeEndToEnd runs the real program on 127.0.0.1:0 and talks HTTP to it.
func TestServeEndToEnd(t *testing.T) {
	dsn := newDB(t)
	_, orgID, _ := cli(t, "", "org", "add", "--db", dsn, "--name", "自立相談支援機関", "--kind", "self_reliance_support")
	cli(t, "", "user", "add", "--db", dsn, "--org", strings.TrimSpace(orgID), "--email", "e2e@example.jp", "--name", "試験 太郎", "--role", "worker")
	_, tok, _ := cli(t, "", "token", "create", "--db", dsn, "--user", "e2e@example.jp")
	tok = strings.TrimSpace(tok)

	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--db", dsn, "--addr", "127.0.0.1:0"}, func(string) string { return "" }, strings.NewReader(""), pw, io.Discard)
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	var base string
	for sc.Scan() {
		if m := regexp.MustCompile(`listening on (http://\S+)/`).FindStringSubmatch(sc.Text()); m != nil {
			base = m[1]
			break
		}
	}
	go io.Copy(io.Discard, pr)
	if base == "" {
		t.Fatal("server did not report its address")
	}
	req, _ := http.NewRequest("GET", base+"/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), "e2e@example.jp") {
		t.Fatalf("me: %d %s", res.StatusCode, body)
	}
	res, err = http.Get(base + "/login")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("login page: %v", err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := regexp.MustCompile(`href="(/static/kasane\.[0-9a-f]+\.css)"`).FindSubmatch(page)
	if m == nil {
		t.Fatal("no content-hashed stylesheet on the login page")
	}
	res, err = http.Get(base + string(m[1]))
	if err != nil || res.StatusCode != 200 || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
		t.Fatalf("asset: %v %v", err, res.Header)
	}
	res.Body.Close()
	if regexp.MustCompile(`(src|href)="https?://`).Match(page) {
		t.Fatal("page loads something from outside the server")
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("exit %d", code)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("server did not stop")
	}
}
