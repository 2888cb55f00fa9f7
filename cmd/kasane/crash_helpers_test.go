package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

var (
	buildOnce sync.Once
	buildDir  string
	buildBin  string
	buildErr  error
)

// kasaneBinary builds the program once per test run with `go build -o`.
func kasaneBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		buildDir, buildErr = os.MkdirTemp("", "kasane-bin-")
		if buildErr != nil {
			return
		}
		buildBin = filepath.Join(buildDir, "kasane")
		out, err := exec.Command("go", "build", "-o", buildBin, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return buildBin
}

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// proc is a running `kasane serve`.
type proc struct {
	cmd  *exec.Cmd
	base string
	logs *bytes.Buffer
	done chan struct{}
}

var listenRE = regexp.MustCompile(`listening on (http://\S+)/`)

// startServe starts `kasane serve --db dsn --addr 127.0.0.1:0` and waits for
// its address.
func startServe(t *testing.T, bin, dsn string, extraEnv ...string) *proc {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--db", dsn, "--addr", "127.0.0.1:0", "--log-level", "warn")
	cmd.Env = append(os.Environ(), extraEnv...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &proc{cmd: cmd, logs: &bytes.Buffer{}, done: make(chan struct{})}
	cmd.Stderr = p.logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := listenRE.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
				break
			}
		}
		_, _ = io.Copy(io.Discard, out)
		close(addr)
	}()
	go func() { _ = cmd.Wait(); close(p.done) }()
	select {
	case a, ok := <-addr:
		if !ok {
			<-p.done
			t.Fatalf("server exited: %s", p.logs.String())
		}
		p.base = a
	case <-time.After(20 * time.Second):
		p.kill()
		t.Fatalf("server did not start: %s", p.logs.String())
	}
	return p
}

// kill sends SIGKILL and waits for the process to be gone.
func (p *proc) kill() {
	_ = p.cmd.Process.Kill()
	<-p.done
}

// stop ends the server gracefully (SIGTERM), killing it after 15 s.
func (p *proc) stop() {
	_ = p.cmd.Process.Signal(os.Interrupt)
	select {
	case <-p.done:
	case <-time.After(15 * time.Second):
		p.kill()
	}
}

// call does one JSON request and decodes the answer into a map (nil when the
// body is not an object).
func call(c *http.Client, method, url, token string, body any) (int, map[string]any, error) {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		return 0, nil, err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := c.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return res.StatusCode, nil, err
	}
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	return res.StatusCode, m, nil
}

// cliSetup creates (kasane migrate, a no-op on a migrated database) an
// organization, a worker and a token with the CLI and returns the token and
// the organization id.
func cliSetup(t *testing.T, dsn, email string) (token, orgID string) {
	t.Helper()
	if code, _, errs := cli(t, "", "migrate", "--db", dsn); code != 0 {
		t.Fatalf("migrate: %s", errs)
	}
	code, out, errs := cli(t, "", "org", "add", "--db", dsn, "--name", "地域包括支援センター（試験）", "--kind", "community_support_center")
	if code != 0 {
		t.Fatalf("org add: %s", errs)
	}
	orgID = strings.TrimSpace(out)
	if code, _, errs = cli(t, "", "user", "add", "--db", dsn, "--org", orgID, "--email", email, "--name", "試験 職員", "--role", "worker"); code != 0 {
		t.Fatalf("user add: %s", errs)
	}
	code, out, errs = cli(t, "", "token", "create", "--db", dsn, "--user", email)
	if code != 0 {
		t.Fatalf("token create: %s", errs)
	}
	return strings.TrimSpace(out), orgID
}

var personBody = map[string]any{"family_name": "試験", "given_name": "一郎", "family_name_kana": "シケン", "given_name_kana": "イチロウ",
	"birth_date": "S50.4.1", "sex": "male"}

func caseBody(personID string) map[string]any {
	return map[string]any{"focus_person_id": personID, "received_on": time.Now().AddDate(0, 0, -10).Format("2006-01-02"), "route": "家族", "method": "来所",
		"bunya": []string{"kaigo"}, "problems": []string{"介護"}, "complaint": "母の介護（試験）"}
}

func contactBody(n int) map[string]any {
	return map[string]any{"at": time.Now().Add(-2 * time.Hour).Format(time.RFC3339), "method": "訪問", "content": fmt.Sprintf("訪問記録 %d", n), "minutes": 30}
}
