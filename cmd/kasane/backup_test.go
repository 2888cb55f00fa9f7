package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"maps"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"kasane/internal/sqldb"
)

func runCmd(t *testing.T, f func(context.Context, env, []string) error, args ...string) (string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	e := env{getenv: func(string) string { return "" }, stdin: strings.NewReader(""), stdout: &out, stderr: &errb}
	err := f(context.Background(), e, args)
	return out.String(), err
}

// newTarget returns a DSN for a new empty database to restore into: a file
// name for SQLite, a database created for the test on PostgreSQL (dropped
// after) whose schema is named schema.
func newTarget(t *testing.T, src, schema string) string {
	t.Helper()
	if !sqldb.IsPostgres(src) {
		return filepath.Join(t.TempDir(), "restored.db")
	}
	var b [5]byte
	_, _ = rand.Read(b[:])
	name := "kasane_rt_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("pgx", os.Getenv("KASANE_TEST_DATABASE"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		admin.Close()
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		_, _ = admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
		admin.Close()
	})
	u, _ := url.Parse(os.Getenv("KASANE_TEST_DATABASE"))
	u.Path = "/" + name
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func tableCounts(t *testing.T, dsn string) map[string]int64 {
	t.Helper()
	db, err := sqldb.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	c, err := db.TableCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestBackupUnderLoadAndRestore backs up while writers run, then again at
// rest; both restore into new databases with a verifying audit chain, the
// one at rest with identical row counts; a non-empty target is refused.
func TestBackupUnderLoadAndRestore(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the server")
	}
	dsn := newDB(t)
	tok, _ := cliSetup(t, dsn, "backup@example.jp")
	p := startServe(t, kasaneBinary(t), dsn)
	client := &http.Client{Timeout: 10 * time.Second}
	var acked atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				code, m, err := call(client, "POST", p.base+"/api/v1/persons", tok, personBody)
				if err == nil && code == 201 {
					acked.Add(1)
					_, _, _ = call(client, "POST", p.base+"/api/v1/cases", tok, caseBody(m["id"].(string)))
				}
			}
		})
	}
	dir := t.TempDir()
	time.Sleep(300 * time.Millisecond)
	before := acked.Load()
	live := filepath.Join(dir, "live.backup")
	if out, err := runCmd(t, cmdBackup, "--db", dsn, live); err != nil {
		t.Fatalf("backup under load: %v", err)
	} else if !strings.Contains(out, "backup written") {
		t.Fatalf("backup output %q", out)
	}
	time.Sleep(200 * time.Millisecond)
	close(stop)
	wg.Wait()
	p.stop()
	if acked.Load() <= before {
		t.Fatal("writers made no progress while the backup ran")
	}
	if _, err := runCmd(t, cmdBackup, "--db", dsn, live); err == nil || !strings.Contains(err.Error(), "既にあります") {
		t.Fatalf("backup over an existing file: %v", err)
	}
	rest := filepath.Join(dir, "rest.backup")
	if _, err := runCmd(t, cmdBackup, "--db", dsn, rest); err != nil {
		t.Fatalf("backup at rest: %v", err)
	}
	want := tableCounts(t, dsn)

	target := newTarget(t, dsn, "public")
	out, err := runCmd(t, cmdRestore, "--db", target, rest)
	if err != nil || !strings.Contains(out, "audit chain ok") {
		t.Fatalf("restore: %v %s", err, out)
	}
	if got := tableCounts(t, target); !maps.Equal(got, want) {
		t.Fatalf("row counts differ after restore:\n got %v\nwant %v", got, want)
	}
	if _, err := runCmd(t, cmdRestore, "--db", target, rest); err == nil || !strings.Contains(err.Error(), "空ではありません") {
		t.Fatalf("restore into a non-empty database: %v", err)
	}

	target2 := newTarget(t, dsn, "kasane_restored")
	if out, err := runCmd(t, cmdRestore, "--db", target2, live); err != nil || !strings.Contains(out, "audit chain ok") {
		t.Fatalf("restore of the backup under load: %v %s", err, out)
	}
	got := tableCounts(t, target2)
	if got["persons"] < before || got["persons"] > want["persons"] || got["audit_events"] > want["audit_events"] {
		t.Fatalf("backup under load: %d persons (≥ %d acknowledged before, ≤ %d)", got["persons"], before, want["persons"])
	}
	t.Logf("under load: %d of %d persons, at rest: identical counts over %d tables", got["persons"], want["persons"], len(want))
}
