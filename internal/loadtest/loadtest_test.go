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
