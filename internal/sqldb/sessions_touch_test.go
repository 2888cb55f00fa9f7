package sqldb_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

// TestSessionTouchesQueued: with last_seen_at written in batches
// (sessions_touch.go), every session check gives what writing each touch
// at once gave — a model of the synchronous rule decides each answer —
// while the queue is flushed at random moments by another goroutine and
// several goroutines check sessions at the same time; ended sessions stay
// ended; after a flush the stored last_seen_at is the model's. Random
// clock steps around the idle timeout, both databases.
func TestSessionTouchesQueued(t *testing.T) {
	db := sqldbtest.Open(t)
	ctx := context.Background()
	seed := time.Now().UnixNano()
	t.Logf("seed %d", seed)
	rnd := rand.New(rand.NewPCG(uint64(seed), 11))
	var clockMu sync.Mutex
	clock := time.Date(2026, 12, 7, 1, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { clockMu.Lock(); defer clockMu.Unlock(); return clock }
	sys := sqldbtest.Muni(t, db)
	org := sqldbtest.Org(t, db, sys, "時計センター", "community_support_center")
	settings, err := db.Settings(ctx, sys.MunicipalityID)
	if err != nil {
		t.Fatal(err)
	}
	type model struct {
		hash          string
		u             casework.User
		created, seen time.Time
		ended         bool
	}
	const workers, perWorker = 3, 4
	var sessions [workers][]*model
	for w := range workers {
		for i := range perWorker {
			u, _ := sqldbtest.User(t, db, sys, org, fmt.Sprintf("touch%d-%d@example.invalid", w, i), "worker")
			m := &model{hash: fmt.Sprintf("touch-%d-%d-%d", seed, w, i), u: u, created: clock, seen: clock}
			if err := db.StartSession(ctx, u, m.hash, false, "127.0.0.1"); err != nil {
				t.Fatal(err)
			}
			sessions[w] = append(sessions[w], m)
		}
	}
	// check is the synchronous rule: what Session answered before the queue
	check := func(m *model, now time.Time) bool {
		if m.ended {
			return false
		}
		if ok, _ := casework.SessionState(m.created, m.seen, now, settings); !ok {
			m.ended = true
			return false
		}
		if now.Sub(m.seen) > 30*time.Second {
			m.seen = now
		}
		return true
	}
	for step := range 60 {
		// the clock moves between rounds: mostly seconds, sometimes
		// minutes, now and then past the idle timeout
		var d time.Duration
		switch r := rnd.IntN(10); {
		case r < 5:
			d = time.Duration(rnd.IntN(40)) * time.Second
		case r < 9:
			d = time.Duration(rnd.IntN(25)) * time.Minute
		default:
			d = time.Duration(25+rnd.IntN(10)) * time.Minute
		}
		clockMu.Lock()
		clock = clock.Add(d)
		now := clock
		clockMu.Unlock()
		stop := make(chan struct{})
		var flusher sync.WaitGroup
		flusher.Go(func() { // flushes at random moments meanwhile
			fr := rand.New(rand.NewPCG(uint64(seed), uint64(step)))
			for {
				select {
				case <-stop:
					return
				case <-time.After(time.Duration(fr.IntN(3)) * time.Millisecond):
					if err := sqldb.FlushTouchesForTest(ctx, db); err != nil {
						t.Error(err)
					}
				}
			}
		})
		var wg sync.WaitGroup
		for w := range workers {
			wr := rand.New(rand.NewPCG(uint64(seed)+uint64(step), uint64(w)))
			wg.Go(func() {
				for range 6 {
					m := sessions[w][wr.IntN(perWorker)]
					if wr.IntN(25) == 0 && !m.ended { // logout, with a touch perhaps queued
						if err := db.EndSession(ctx, sqldb.ActorFor(m.u), m.hash); err != nil {
							t.Error(err)
						}
						m.ended = true
						continue
					}
					want := check(m, now)
					_, err := db.Session(ctx, m.hash)
					if got := err == nil; got != want {
						t.Errorf("step %d, %s: session accepted %v, the synchronous rule says %v (%v)", step, m.hash, got, want, err)
					}
				}
			})
		}
		wg.Wait()
		close(stop)
		flusher.Wait()
	}
	if err := sqldb.FlushTouchesForTest(ctx, db); err != nil {
		t.Fatal(err)
	}
	for w := range workers {
		for _, m := range sessions[w] {
			seen, ended, err := sqldb.LastSeenForTest(ctx, db, m.hash)
			if err != nil {
				t.Fatal(err)
			}
			if m.ended != (ended != "") {
				t.Errorf("%s: ended %q, the model says ended %v", m.hash, ended, m.ended)
			}
			if !m.ended && seen != m.seen.UTC().Format(casework.TimeFormat) {
				t.Errorf("%s: last_seen_at %s after the flush, the model says %s", m.hash, seen, m.seen.UTC().Format(casework.TimeFormat))
			}
		}
	}
}
