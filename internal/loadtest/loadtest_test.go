package loadtest

import (
	"bytes"
	"context"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestRunIsBoundedAndCounts(t *testing.T) {
	srv, url, err := HelloWorld()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ops := []Op{
		{Name: "hello", Weight: 3, Request: Get(url)},
		{Name: "want404", Weight: 1, Request: func(int, *rand.Rand) (*http.Request, error) { return http.NewRequest("GET", url+"/x", nil) },
			OK: func(s int) bool { return s == 404 }}, // hello world answers 200: all errors
	}
	r := Run(context.Background(), NewClient(4), Config{Workers: 4, Duration: 10 * time.Second, MaxRequests: 200, Ops: ops})
	if r.Total.Count != 200 || r.Ops[0].Count+r.Ops[1].Count != 200 {
		t.Fatalf("count %d (%d+%d)", r.Total.Count, r.Ops[0].Count, r.Ops[1].Count)
	}
	if r.Ops[0].Errors != 0 || r.Ops[1].Errors != r.Ops[1].Count || r.Ops[1].Count == 0 {
		t.Fatalf("errors %+v", r.Ops)
	}
	if r.Total.P50 > r.Total.P99 || r.Total.P99 > r.Total.Max {
		t.Fatalf("percentiles %+v", r.Total)
	}
	var b bytes.Buffer
	Format(&b, "t", r)
	if !strings.Contains(b.String(), "first error") || !strings.Contains(b.String(), "total") {
		t.Fatal(b.String())
	}
}

// With think time each user pauses between requests: 4 users pausing 100 ms
// on average for 1 s send tens of requests, not thousands. Bounds are loose
// (counts, not timings, of a shared machine).
func TestThinkTimePacesUsers(t *testing.T) {
	srv, url, err := HelloWorld()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	r := Run(context.Background(), NewClient(4), Config{Workers: 4, Duration: time.Second, Ops: []Op{{Name: "hello", Weight: 1, Request: Get(url)}}, Think: 100 * time.Millisecond})
	if r.Total.Count == 0 || r.Total.Count > 400 || r.Total.Errors != 0 {
		t.Fatalf("%d requests, %d errors: think time not applied", r.Total.Count, r.Total.Errors)
	}
}

// A warm-up is the first part of the same run: its requests are counted
// apart, every request is in one of the two, and the slow ones are counted
// by the second of the measured part they began in.
func TestWarmupIsCountedApart(t *testing.T) {
	srv, url, err := HelloWorld()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	var sent int
	slow := func(int, *rand.Rand) (*http.Request, error) {
		sent++ // one worker: no race
		return http.NewRequest("GET", url, nil)
	}
	r := Run(context.Background(), NewClient(1), Config{Workers: 1, Duration: 1500 * time.Millisecond, Warmup: 500 * time.Millisecond,
		Ops: []Op{{Name: "hello", Weight: 1, Request: slow}}, Think: 20 * time.Millisecond})
	if r.Warm.Count == 0 || r.Total.Count == 0 {
		t.Fatalf("warm-up %d, measured %d: both parts should hold requests", r.Warm.Count, r.Total.Count)
	}
	if got := r.Warm.Count + r.Total.Count + int(r.Unfinished); got != sent {
		t.Fatalf("%d requests sent, %d counted", sent, got)
	}
	if r.Elapsed >= 1500*time.Millisecond || len(r.SlowBySecond) < 1 || len(r.SlowBySecond) > 3 {
		t.Fatalf("measured part %s, %d seconds of slow counts", r.Elapsed, len(r.SlowBySecond))
	}
}
