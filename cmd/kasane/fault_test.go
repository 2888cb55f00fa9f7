package main

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	"kasane/internal/config"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
	"kasane/internal/web"
)

// cutProxy forwards TCP to a target; cut closes the listener and every
// connection (the database "goes away"), restore listens again on the same
// port. The shared PostgreSQL server itself is never touched.
type cutProxy struct {
	target, addr string
	mu           sync.Mutex
	ln           net.Listener
	conns        map[net.Conn]bool
}

func newCutProxy(t *testing.T, target string) *cutProxy {
	p := &cutProxy{target: target, conns: map[net.Conn]bool{}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.addr = ln.Addr().String()
	p.serve(ln)
	t.Cleanup(p.cut)
	return p
}

func (p *cutProxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go p.pipe(c)
		}
	}()
}

func (p *cutProxy) pipe(c net.Conn) {
	up, err := net.Dial("tcp", p.target)
	if err != nil {
		c.Close()
		return
	}
	p.mu.Lock()
	p.conns[c], p.conns[up] = true, true
	p.mu.Unlock()
	go func() { _, _ = io.Copy(up, c); up.Close() }()
	_, _ = io.Copy(c, up)
	c.Close()
}

func (p *cutProxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for c := range p.conns {
		c.Close()
	}
	p.conns = map[net.Conn]bool{}
}

func (p *cutProxy) restore(t *testing.T) {
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		t.Fatalf("proxy listen again: %v", err)
	}
	p.serve(ln)
}

// inProcess serves kasane on dsn in the test process.
func inProcess(t *testing.T, dsn string) string {
	t.Helper()
	db, err := openDB(context.Background(), config.Config{DB: dsn})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	cfg := config.Default()
	cfg.DB = dsn
	logw := io.Discard
	if os.Getenv("KASANE_FAULT_LOG") != "" {
		logw = os.Stderr
	}
	s, err := web.New(cfg, db, slog.New(slog.NewJSONHandler(logw, &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestPostgresOutageRecovers cuts the connection to PostgreSQL during load
// (through a proxy: the shared server keeps running): requests fail with 503
// problem+json "unavailable", never another 5xx, and succeed again by
// themselves once the database is back.
func TestPostgresOutageRecovers(t *testing.T) {
	base := os.Getenv("KASANE_TEST_DATABASE")
	if base == "" || testing.Short() {
		t.Skip("needs KASANE_TEST_DATABASE")
	}
	dsn := sqldbtest.DSN(t)
	u, _ := url.Parse(dsn)
	proxy := newCutProxy(t, u.Host)
	u.Host = proxy.addr
	q := u.Query()
	q.Set("connect_timeout", "2")
	u.RawQuery = q.Encode()
	pdsn := u.String()
	tok, _ := cliSetup(t, pdsn, "outage@example.jp")
	srv := inProcess(t, pdsn)
	client := &http.Client{Timeout: 15 * time.Second}
	_, m, _ := call(client, "POST", srv+"/api/v1/persons", tok, personBody)
	pid := m["id"].(string)

	var mu sync.Mutex
	counts := map[int]int{}
	var bad []string
	phase := "before"
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				var code int
				var m map[string]any
				var err error
				if (w+i)%2 == 0 {
					code, m, err = call(client, "GET", srv+"/api/v1/persons/"+pid, tok, nil)
				} else {
					code, m, err = call(client, "POST", srv+"/api/v1/persons", tok, personBody)
				}
				mu.Lock()
				counts[code]++
				if err != nil || (code != 200 && code != 201 && code != 503) || (code == 503 && m["code"] != "unavailable") {
					bad = append(bad, phase+": "+http.StatusText(code)+" "+errString(err)+" "+mapString(m))
				}
				mu.Unlock()
				time.Sleep(5 * time.Millisecond)
			}
		})
	}
	time.Sleep(500 * time.Millisecond)
	mu.Lock()
	phase = "outage"
	mu.Unlock()
	proxy.cut()
	time.Sleep(1500 * time.Millisecond)
	mu.Lock()
	during := counts[503]
	phase = "after"
	mu.Unlock()
	proxy.restore(t)
	// recovery: within 15 s a request succeeds again without restarting
	deadline := time.Now().Add(15 * time.Second)
	for {
		code, _, _ := call(client, "GET", srv+"/api/v1/persons/"+pid, tok, nil)
		if code == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no recovery after the database came back: %d", code)
		}
		time.Sleep(100 * time.Millisecond)
	}
	mu.Lock()
	counts = map[int]int{}
	mu.Unlock()
	time.Sleep(time.Second)
	close(stop)
	wg.Wait()
	if during == 0 {
		t.Fatal("no 503 during the outage")
	}
	if len(bad) > 0 {
		t.Fatalf("unclean failures (want only 503 unavailable): %d, first %v", len(bad), bad[:min(5, len(bad))])
	}
	if counts[503] > 0 {
		t.Fatalf("503 after recovery: %v", counts)
	}
	t.Logf("503 during the outage: %d; after recovery %v", during, counts)
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func mapString(m map[string]any) string {
	if m == nil {
		return ""
	}
	s, _ := m["code"].(string)
	return s
}

// TestDiskFull fills a 3 MiB tmpfs under a SQLite database (2 MiB no longer
// holds the migrated schema with its write-ahead log since migration 0019): the writes that
// do not fit get a clear 503 "disk full" answer, the file stays intact and
// the audit chain verifies.
func TestDiskFull(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	dir := t.TempDir()
	if out, err := execCombined("mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", dir); err != nil {
		t.Skipf("cannot mount a small tmpfs here: %v %s", err, out)
	}
	t.Cleanup(func() { _, _ = execCombined("umount", dir) })
	dsn := dir + "/kasane.db"
	tok, _ := cliSetup(t, dsn, "full@example.jp")
	srv := inProcess(t, dsn)
	client := &http.Client{Timeout: 15 * time.Second}
	body := personBody
	var full map[string]any
	ok := 0
	for i := 0; i < 20000; i++ {
		code, m, err := call(client, "POST", srv+"/api/v1/persons", tok, body)
		if err != nil {
			t.Fatal(err)
		}
		if code == 201 {
			ok++
			continue
		}
		if code != http.StatusServiceUnavailable || m["code"] != "unavailable" {
			t.Fatalf("disk full answered %d %v", code, m)
		}
		full = m
		break
	}
	if full == nil {
		t.Fatal("the disk never filled")
	}
	t.Logf("%d persons saved, then: %v", ok, full["title"])
	db, err := sql.Open("sqlite", "file:"+dsn+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	var res string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&res); err != nil || res != "ok" {
		t.Fatalf("integrity_check %q %v", res, err)
	}
	db.Close()
	// space comes back: the same server saves again, the chain verifies
	if out, err := execCombined("mount", "-o", "remount,size=16m", dir); err != nil {
		t.Fatalf("remount: %v %s", err, out)
	}
	if code, _, err := call(client, "POST", srv+"/api/v1/persons", tok, body); err != nil || code != 201 {
		t.Fatalf("after space came back: %d %v", code, err)
	}
	vdb, err := sqldb.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	r, verr := vdb.VerifyAudit(context.Background())
	vdb.Close()
	if verr != nil || r.BrokenSeq != 0 {
		t.Fatalf("audit after disk full: %v %+v", verr, r)
	}
}
