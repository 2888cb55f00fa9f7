package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"kasane/internal/auth"
)

// serveInProcess runs `kasane serve` with args until the test ends and
// returns its base URL.
func serveInProcess(t *testing.T, args ...string) (base string, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0", "--insecure-cookies"}, args...), func(string) string { return "" }, strings.NewReader(""), pw, io.Discard)
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		if m := listenRE.FindStringSubmatch(sc.Text()); m != nil {
			base = m[1]
			break
		}
	}
	go io.Copy(io.Discard, pr)
	if base == "" {
		cancel()
		t.Fatal("server did not start")
	}
	return base, func() {
		cancel()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			t.Fatal("server did not stop")
		}
	}
}

// TestTOTPLoginAfterRestartWithSameKey enrols the second factor on one
// server process and logs in with a TOTP code on the next one.
func TestTOTPLoginAfterRestartWithSameKey(t *testing.T) {
	dsn := newDB(t)
	key := newKeyFile(t)
	_, orgID, _ := cli(t, "", "org", "add", "--db", dsn, "--name", "自立相談支援機関", "--kind", "self_reliance_support")
	const pw = "十分に長い合言葉です"
	cli(t, pw+"\n", "user", "add", "--db", dsn, "--org", strings.TrimSpace(orgID), "--email", "r@example.jp", "--name", "再起 太郎", "--role", "worker", "--password-stdin")

	login := func(base string) *http.Client {
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		res, err := c.PostForm(base+"/login", url.Values{"email": {"r@example.jp"}, "password": {pw}})
		if err != nil || res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login/mfa") {
			t.Fatalf("password step: %v %v", err, res)
		}
		res.Body.Close()
		return c
	}
	base, stop := serveInProcess(t, "--db", dsn, "--secret-key-file", key)
	c := login(base)
	res, err := c.Get(base + "/login/mfa")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := regexp.MustCompile(`<code class="secret">([A-Z2-7]+)</code>`).FindSubmatch(page)
	if m == nil {
		t.Fatalf("no secret on the enrolment page: %d", res.StatusCode)
	}
	secret := string(m[1])
	code, _ := auth.GenerateTOTPCode(secret, time.Now().Add(-30*time.Second))
	res, err = c.PostForm(base+"/login/mfa", url.Values{"code": {code}})
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("enrol: %v %v", err, res)
	}
	res.Body.Close()
	stop()

	base, stop = serveInProcess(t, "--db", dsn, "--secret-key-file", key)
	defer stop()
	c = login(base)
	code, _ = auth.GenerateTOTPCode(secret, time.Now())
	res, err = c.PostForm(base+"/login/mfa", url.Values{"code": {code}})
	if err != nil || res.StatusCode != http.StatusSeeOther {
		t.Fatalf("TOTP login after restart: %v %v", err, res)
	}
	res.Body.Close()
	res, _ = c.Get(base + "/")
	if res.StatusCode != 200 {
		t.Fatalf("home after login: %d", res.StatusCode)
	}
	res.Body.Close()
}
