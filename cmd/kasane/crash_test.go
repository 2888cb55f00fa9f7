package main

import (
	"database/sql"
	"math/rand/v2"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"kasane/internal/sqldb"
)

// ack is a write the server acknowledged: GET path must find it.
type ack struct{ kind, path string }

// TestCrashSIGKILL kills the server with SIGKILL at random moments while
// writers run through the API, 50 times (KASANE_CRASH_ROUNDS to change),
// and after each kill checks that every acknowledged write is there, no case
// lacks its lead team row, PRAGMA integrity_check is ok (SQLite) and the
// audit chain verifies. On SQLite, and on PostgreSQL with
// KASANE_TEST_DATABASE.
func TestCrashSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test is long")
	}
	rounds := 50
	if n, err := strconv.Atoi(os.Getenv("KASANE_CRASH_ROUNDS")); err == nil && n > 0 {
		rounds = n
	}
	bin := kasaneBinary(t)
	dsn := newDB(t)
	tok, orgID := cliSetup(t, dsn, "crash@example.jp")
	client := &http.Client{Timeout: 10 * time.Second}
	var all []ack
	start := time.Now()
	for round := range rounds {
		p := startServe(t, bin, dsn)
		// the previous round's acknowledged writes survived the kill
		if round > 0 {
			checkAcks(t, client, p.base, tok, all, round)
			checkTeams(t, client, p.base, tok, orgID)
		}
		acks := writeUntilKilled(client, p, tok, time.Duration(50+rand.IntN(600))*time.Millisecond)
		all = append(all, acks...)
		checkAfterKill(t, dsn, round)
		checkReadsAudited(t, dsn, acks, round)
	}
	p := startServe(t, bin, dsn)
	defer p.stop()
	checkAcks(t, client, p.base, tok, all, -1)
	checkTeams(t, client, p.base, tok, orgID)
	t.Logf("%d kills, %d acknowledged writes all present, %.1f s", rounds, len(all), time.Since(start).Seconds())
	if len(all) < rounds {
		t.Fatalf("only %d writes acknowledged in %d rounds", len(all), rounds)
	}
}

// writeUntilKilled runs 4 writers (person → case → contacts) and SIGKILLs
// the server after d. It returns the acknowledged writes.
func writeUntilKilled(client *http.Client, p *proc, tok string, d time.Duration) []ack {
	var mu sync.Mutex
	var acks []ack
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				code, m, err := call(client, "POST", p.base+"/api/v1/persons", tok, personBody)
				if err != nil || code != 201 {
					continue
				}
				pid := m["id"].(string)
				mu.Lock()
				acks = append(acks, ack{"person", "/api/v1/persons/" + pid})
				mu.Unlock()
				code, m, err = call(client, "POST", p.base+"/api/v1/cases", tok, caseBody(pid))
				if err != nil || code != 201 {
					continue
				}
				cid := m["id"].(string)
				mu.Lock()
				acks = append(acks, ack{"case", "/api/v1/cases/" + cid})
				mu.Unlock()
				// a read returned is a read on record (SQLite keeps it in the
				// journal of reads until it is moved into the chain)
				if code, _, err := call(client, "GET", p.base+"/api/v1/cases/"+cid, tok, nil); err == nil && code == 200 {
					mu.Lock()
					acks = append(acks, ack{"read", cid})
					mu.Unlock()
				}
				code, m, err = call(client, "POST", p.base+"/api/v1/cases/"+cid+"/contacts", tok, contactBody(w*1000+n))
				if err != nil || code != 201 {
					continue
				}
				mu.Lock()
				acks = append(acks, ack{"contact", "/api/v1/cases/" + cid + "/contacts#" + m["id"].(string)})
				mu.Unlock()
			}
		})
	}
	time.Sleep(d)
	p.kill()
	close(stop)
	wg.Wait()
	return acks
}

// checkAcks GETs acknowledged writes: after each round the newest 60 (the
// previous round's), and all of them at the end (round -1).
func checkAcks(t *testing.T, client *http.Client, base, tok string, all []ack, round int) {
	t.Helper()
	todo := all
	if round >= 0 && len(todo) > 60 {
		todo = todo[len(todo)-60:]
	}
	contacts := map[string]map[string]bool{}
	for _, a := range todo {
		if a.kind == "read" {
			continue // checkReadsAudited
		}
		path, contactID := a.path, ""
		if a.kind == "contact" {
			path, contactID = a.path[:len(a.path)-37], a.path[len(a.path)-36:]
		}
		if contactID != "" && contacts[path] != nil {
			if !contacts[path][contactID] {
				t.Fatalf("round %d: acknowledged contact %s lost", round, contactID)
			}
			continue
		}
		code, m, err := call(client, "GET", base+path, tok, nil)
		if err != nil || code != 200 {
			t.Fatalf("round %d: acknowledged %s %s lost: %d %v", round, a.kind, path, code, err)
		}
		if contactID != "" {
			seen := map[string]bool{}
			for _, it := range m["items"].([]any) {
				seen[it.(map[string]any)["id"].(string)] = true
			}
			contacts[path] = seen
			if !seen[contactID] {
				t.Fatalf("round %d: acknowledged contact %s lost", round, contactID)
			}
		}
	}
}

// checkTeams lists the newest cases and checks each has its lead team row.
func checkTeams(t *testing.T, client *http.Client, base, tok, orgID string) {
	t.Helper()
	code, m, err := call(client, "GET", base+"/api/v1/cases", tok, nil)
	if err != nil || code != 200 {
		t.Fatalf("case list: %d %v", code, err)
	}
	for _, it := range m["items"].([]any) {
		c := it.(map[string]any)
		lead := false
		for _, tm := range c["team"].([]any) {
			tm := tm.(map[string]any)
			lead = lead || (tm["basis"] == "lead" && tm["organization_id"] == orgID)
		}
		if !lead {
			t.Fatalf("case %v has no lead team row (half-written)", c["id"])
		}
	}
}

// checkReadsAudited checks, after checkAfterKill's audit verify, that every
// case read the killed server answered has its view event in the chain,
// once (each new case is read once before the next round reads it again).
func checkReadsAudited(t *testing.T, dsn string, acks []ack, round int) {
	t.Helper()
	driver, src := "sqlite", "file:"+dsn+"?mode=ro"
	if sqldb.IsPostgres(dsn) {
		driver, src = "pgx", dsn
	}
	db, err := sql.Open(driver, src)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	q := "SELECT COUNT(*) FROM audit_events WHERE action = 'view' AND object_type = 'case' AND object_id = ?"
	if driver == "pgx" {
		q = strings.Replace(q, "?", "$1", 1)
	}
	for _, a := range acks {
		if a.kind != "read" {
			continue
		}
		var n int
		if err := db.QueryRow(q, a.path).Scan(&n); err != nil || n != 1 {
			t.Fatalf("round %d: the answered read of case %s has %d view events, want exactly 1 (%v)", round, a.path, n, err)
		}
	}
}

// checkAfterKill checks the files (SQLite) and the audit chain while the
// server is down.
func checkAfterKill(t *testing.T, dsn string, round int) {
	t.Helper()
	if !sqldb.IsPostgres(dsn) {
		db, err := sql.Open("sqlite", "file:"+dsn+"?mode=ro")
		if err != nil {
			t.Fatal(err)
		}
		var res string
		var orphans int
		err = db.QueryRow("PRAGMA integrity_check").Scan(&res)
		if err == nil {
			err = db.QueryRow("SELECT COUNT(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM case_team t WHERE t.case_id = c.id AND t.basis = 'lead')").Scan(&orphans)
		}
		db.Close()
		if err != nil || res != "ok" || orphans != 0 {
			t.Fatalf("round %d: integrity_check %q, %d cases without lead team, %v", round, res, orphans, err)
		}
	}
	code, out, errs := cli(t, "", "audit", "verify", "--db", dsn)
	if code != 0 {
		t.Fatalf("round %d: audit verify: %s %s", round, out, errs)
	}
}
