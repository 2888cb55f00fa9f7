package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

// TestAdmitBoundsRequestsInProgress: no more than the slots are worked on
// at once, the next waits and is served as soon as one ends, static files
// pass, and a request whose client gave up while waiting is not served.
func TestAdmitBoundsRequestsInProgress(t *testing.T) {
	slots := admitPerCPU * runtime.GOMAXPROCS(0)
	release := make(chan struct{})
	var inside, most, served atomic.Int32
	h := (&Server{}).admit(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inside.Add(1)
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		if r.URL.Path != "/static/app.css" {
			<-release
		}
		served.Add(1)
		inside.Add(-1)
	}))
	done := make(chan struct{})
	for range slots + 5 {
		go func() {
			h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/cases", nil))
			done <- struct{}{}
		}()
	}
	deadline := time.Now().Add(10 * time.Second)
	for inside.Load() < int32(slots) && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	// a static file passes while every slot is taken
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/static/app.css", nil))
	// a client that gives up while waiting is not served
	ctx, cancel := context.WithCancel(context.Background())
	gone := make(chan struct{})
	go func() {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/cases", nil).WithContext(ctx))
		close(gone)
	}()
	cancel()
	<-gone
	if got := served.Load(); got != 1 {
		t.Fatalf("served %d requests while every slot was taken (the static file only, 1, expected)", got)
	}
	close(release)
	for range slots + 5 {
		<-done
	}
	if most.Load() > int32(slots)+1 { // + the static file
		t.Fatalf("%d requests were worked on at once, the slots are %d", most.Load(), slots)
	}
	if served.Load() != int32(slots)+6 {
		t.Fatalf("served %d, want %d", served.Load(), slots+6)
	}
}
