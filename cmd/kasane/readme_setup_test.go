package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"kasane/internal/auth"
)

// readmeFirstSetup returns the command lines of the README's "first setup
// on a fresh machine" block.
func readmeFirstSetup(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	i := strings.Index(s, "A first setup on a fresh machine")
	if i < 0 {
		t.Fatal(`README has no "A first setup on a fresh machine"`)
	}
	s = s[i:]
	start := strings.Index(s, "```sh\n")
	end := strings.Index(s[start+6:], "```")
	if start < 0 || end < 0 {
		t.Fatal("no sh block after the first-setup heading")
	}
	var lines []string
	for _, l := range strings.Split(s[start+6:start+6+end], "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			lines = append(lines, l)
		}
	}
	return lines
}

// shellWords splits a line as sh does for the simple lines of the block:
// single quotes, double quotes with $VAR, plain words with $VAR.
func shellWords(t *testing.T, line string, vars map[string]string) []string {
	var out []string
	var cur strings.Builder
	inWord := false
	expand := func(s string) string {
		return regexp.MustCompile(`\$([A-Z_]+)`).ReplaceAllStringFunc(s, func(m string) string { return vars[m[1:]] })
	}
	for i := 0; i < len(line); i++ {
		switch c := line[i]; c {
		case ' ', '\t':
			if inWord {
				out, inWord = append(out, cur.String()), false
				cur.Reset()
			}
		case '\'', '"':
			j := strings.IndexByte(line[i+1:], c)
			if j < 0 {
				t.Fatalf("unbalanced quote in %q", line)
			}
			part := line[i+1 : i+1+j]
			if c == '"' {
				part = expand(part)
			}
			cur.WriteString(part)
			inWord = true
			i += j + 1
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		out = append(out, cur.String())
	}
	for i, w := range out {
		out[i] = expand(w)
	}
	return out
}

// TestReadmeFirstSetup runs the README's first-setup block as written (in
// process, in an empty folder; the serve line on a free port) and logs the
// administrator in through the second-factor enrolment.
func TestReadmeFirstSetup(t *testing.T) {
	lines := readmeFirstSetup(t)
	t.Chdir(t.TempDir())
	vars := map[string]string{}
	var serveArgs []string
	var email, password string
	for _, line := range lines {
		stdin, assign := "", ""
		if m := regexp.MustCompile(`^([A-Z_]+)=\$\((.*)\)$`).FindStringSubmatch(line); m != nil {
			assign, line = m[1], m[2]
		}
		if m := regexp.MustCompile(`^echo '([^']*)' \| (.*)$`).FindStringSubmatch(line); m != nil {
			stdin, line = m[1]+"\n", m[2]
			password = m[1]
		}
		w := shellWords(t, line, vars)
		switch {
		case len(w) >= 3 && w[0] == "go" && w[1] == "build":
			if !strings.Contains(line, "-o kasane") || w[len(w)-1] != "./cmd/kasane" {
				t.Fatalf("the block does not build ./kasane: %q", line)
			}
			continue // this test runs the same program in process
		case w[0] != "./kasane":
			t.Fatalf("a line the test does not know: %q", line)
		case len(w) > 1 && w[1] == "serve":
			serveArgs = w[1:]
			continue
		}
		for i, a := range w {
			if a == "--email" && i+1 < len(w) {
				email = w[i+1]
			}
		}
		code, out, errs := cli(t, stdin, w[1:]...)
		if code != 0 {
			t.Fatalf("%q: exit %d: %s", line, code, errs)
		}
		if assign != "" {
			vars[assign] = strings.TrimSpace(out)
		}
	}
	if serveArgs == nil || email == "" || password == "" {
		t.Fatalf("the block lacks serve, the administrator's e-mail or password: %q", lines)
	}
	base, stderr, stop := serveArgsInProcess(t, append(serveArgs, "--addr", "127.0.0.1:0")...)
	defer stop()
	if strings.Contains(stderr(), "暗号鍵が設定されていません") {
		t.Fatalf("serve started without a key: %s", stderr())
	}
	c, status := loginWithEnrolment(t, base, email, password)
	if status != http.StatusOK {
		t.Fatalf("administrator's enrolment: %d", status)
	}
	res, err := c.Get(base + "/admin/users")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("administration after login: %v %v", err, res)
	}
	res.Body.Close()
}

// TestServeWithoutKeySaysSo starts the README block's server without its
// key: a plain line on stderr says so, and the administrator meets a page
// that tells how to make and give the key, not an error.
func TestServeWithoutKeySaysSo(t *testing.T) {
	dsn := newDB(t)
	cli(t, "", "municipality", "add", "--db", dsn, "--code", "131016", "--name", "千代田区")
	_, org, _ := cli(t, "", "org", "add", "--db", dsn, "--name", "福祉総合相談課", "--kind", "municipal_section")
	const pw = "ながくて覚えやすい合言葉"
	cli(t, pw+"\n", "user", "add", "--db", dsn, "--org", strings.TrimSpace(org), "--email", "admin@example.lg.jp", "--name", "管理者", "--role", "municipal_admin", "--password-stdin")
	base, stderr, stop := serveArgsInProcess(t, "serve", "--db", dsn, "--insecure-cookies", "--addr", "127.0.0.1:0")
	defer stop()
	first := strings.SplitN(stderr(), "\n", 2)[0]
	if !strings.HasPrefix(first, "kasane: 警告: 暗号鍵が設定されていません") || !strings.Contains(first, "kasane secret-key create") || !strings.Contains(first, "--secret-key-file") {
		t.Errorf("first line on stderr: %q", first)
	}
	c, _ := loginPassword(t, base, "admin@example.lg.jp", pw)
	res, err := c.Get(base + "/login/mfa")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	for _, want := range []string{"暗号鍵が設定されていない", "kasane secret-key create", "--secret-key-file", "KASANE_SECRET_KEY_FILE", "システム管理者に連絡"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("no-key page lacks %q (status %d)", want, res.StatusCode)
		}
	}
	if res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("no-key page status %d", res.StatusCode)
	}
}

// serveArgsInProcess runs the program with args (a serve command) until the
// test ends: its base URL and what it wrote on stderr so far.
func serveArgsInProcess(t *testing.T, args ...string) (string, func() string, func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	var mu sync.Mutex
	var errb strings.Builder
	errw := writerFunc(func(p []byte) (int, error) { mu.Lock(); defer mu.Unlock(); return errb.Write(p) })
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, args, func(string) string { return "" }, strings.NewReader(""), pw, errw)
		pw.Close()
	}()
	base := ""
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		if m := listenRE.FindStringSubmatch(sc.Text()); m != nil {
			base = m[1]
			break
		}
	}
	go io.Copy(io.Discard, pr)
	stderr := func() string { mu.Lock(); defer mu.Unlock(); return errb.String() }
	if base == "" {
		cancel()
		t.Fatalf("server did not start: %s", stderr())
	}
	return base, stderr, func() {
		cancel()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			t.Error("server did not stop")
		}
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func loginPassword(t *testing.T, base, email, pw string) (*http.Client, string) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.PostForm(base+"/login", url.Values{"email": {email}, "password": {pw}})
	if err != nil || res.StatusCode != http.StatusSeeOther {
		t.Fatalf("password step: %v %v", err, res)
	}
	res.Body.Close()
	return c, res.Header.Get("Location")
}

// loginWithEnrolment logs in and enrols the second factor as a person does
// with an authenticator app; it returns the client and the status of the
// enrolment's answer (200 with the recovery codes).
func loginWithEnrolment(t *testing.T, base, email, pw string) (*http.Client, int) {
	t.Helper()
	c, loc := loginPassword(t, base, email, pw)
	if !strings.HasPrefix(loc, "/login/mfa") {
		t.Fatalf("after the password: %q", loc)
	}
	res, err := c.Get(base + "/login/mfa")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := regexp.MustCompile(`<code class="secret">([A-Z2-7]+)</code>`).FindSubmatch(page)
	if m == nil {
		t.Fatalf("no enrolment secret (status %d): %.400s", res.StatusCode, page)
	}
	code, _ := auth.GenerateTOTPCode(string(m[1]), time.Now())
	res, err = c.PostForm(base+"/login/mfa", url.Values{"code": {code}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return c, res.StatusCode
}
