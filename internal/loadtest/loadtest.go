// Package loadtest is a small closed-loop HTTP load generator: a fixed
// number of workers (users) each send one request after another, chosen by
// weight from a mix, for a bounded time and count, and the latencies are
// reported per kind of request.
package loadtest

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Op is one kind of request in the mix.
type Op struct {
	Name   string
	Weight int
	// Request builds the request for worker w (0 ≤ w < Workers).
	Request func(w int, rnd *rand.Rand) (*http.Request, error)
	// OK says whether the status is a success; nil means 2xx and 3xx.
	OK func(status int) bool
}

// Config bounds a run.
type Config struct {
	Workers     int
	Duration    time.Duration
	MaxRequests int64 // 0: bounded by Duration only
	Ops         []Op
	// Think is the mean pause of a user between two requests (reading the
	// page before the next click), drawn from an exponential distribution
	// and capped at ten times the mean; each user also starts after a
	// uniform pause in [0, Think). 0: each user sends the next request as
	// soon as the last is answered (a stress test, not people).
	Think time.Duration
	// Warmup is the first part of Duration whose requests are counted
	// apart (Result.Warm), not in the figures: the same users go on
	// without a break, so the measured part begins in the steady state
	// (two runs one after the other cut the first one's requests off and
	// start every user again, a burst of its own).
	Warmup time.Duration
}

// Stats summarises the requests of one op (or of all).
type Stats struct {
	Name          string
	Count, Errors int
	RPS           float64
	P50, P95, P99 time.Duration
	Max           time.Duration
	FirstError    string
}

// Result is the outcome of a run.
type Result struct {
	Elapsed time.Duration
	// Unfinished counts the requests still waiting for an answer when the
	// run ended: they are in no percentile (a long tail hides here).
	Unfinished int64
	Total      Stats
	Ops        []Stats
	// SlowBySecond counts, for each second of the run, the requests begun
	// in it that took over 100 ms: a tail spread evenly is a lack of CPU,
	// one in bursts something that stops every request at once.
	SlowBySecond []int
	// Warm are the requests begun in Config.Warmup.
	Warm Stats
}

type sample struct {
	at  time.Time // when it began
	op  int
	d   time.Duration
	err string
}

// NewClient returns a client that keeps one connection per worker alive.
func NewClient(workers int) *http.Client {
	tr := &http.Transport{MaxIdleConns: workers * 2, MaxIdleConnsPerHost: workers * 2, MaxConnsPerHost: 0,
		IdleConnTimeout: 90 * time.Second, DisableCompression: true}
	return &http.Client{Transport: tr, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// Run sends requests until Duration has passed, MaxRequests were sent or ctx
// ends, and reports what happened.
func Run(ctx context.Context, client *http.Client, cfg Config) Result {
	if cfg.Workers <= 0 {
		cfg.Workers = 1
	}
	total := 0
	for _, o := range cfg.Ops {
		total += o.Weight
	}
	ctx, cancel := context.WithTimeout(ctx, cfg.Duration)
	defer cancel()
	var sent, unfinished atomic.Int64
	per := make([][]sample, cfg.Workers)
	var wg sync.WaitGroup
	start := time.Now()
	for w := range cfg.Workers {
		wg.Go(func() {
			rnd := rand.New(rand.NewPCG(uint64(w)+1, uint64(start.UnixNano())))
			if cfg.Think > 0 && !pause(ctx, time.Duration(rnd.Int64N(int64(cfg.Think)))) {
				return
			}
			for ctx.Err() == nil {
				if cfg.MaxRequests > 0 && sent.Add(1) > cfg.MaxRequests {
					return
				}
				i := pick(cfg.Ops, total, rnd)
				began := time.Now()
				s := once(ctx, client, cfg.Ops[i], w, rnd)
				s.at = began
				if s.err != "" && ctx.Err() != nil {
					unfinished.Add(1)
					return // cut off by the end of the run, not a server error
				}
				s.op = i
				per[w] = append(per[w], s)
				if cfg.Think > 0 && !pause(ctx, min(time.Duration(rnd.ExpFloat64()*float64(cfg.Think)), 10*cfg.Think)) {
					return
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	all := slices.Concat(per...)
	var warm []sample
	if cfg.Warmup > 0 {
		measured := all[:0:0]
		for _, s := range all {
			if s.at.Sub(start) < cfg.Warmup {
				warm = append(warm, s)
			} else {
				measured = append(measured, s)
			}
		}
		all, elapsed, start = measured, elapsed-cfg.Warmup, start.Add(cfg.Warmup)
	}
	res := Result{Elapsed: elapsed, Unfinished: unfinished.Load(), Total: summarise("total", all, elapsed), Warm: summarise("warm-up", warm, cfg.Warmup)}
	res.SlowBySecond = make([]int, max(int(elapsed/time.Second)+1, 1))
	for _, s := range all {
		if s.d > 100*time.Millisecond {
			res.SlowBySecond[max(0, min(int(s.at.Sub(start)/time.Second), len(res.SlowBySecond)-1))]++
		}
	}
	for i, o := range cfg.Ops {
		var mine []sample
		for _, s := range all {
			if s.op == i {
				mine = append(mine, s)
			}
		}
		res.Ops = append(res.Ops, summarise(o.Name, mine, elapsed))
	}
	return res
}

func pick(ops []Op, total int, rnd *rand.Rand) int {
	if total <= 0 {
		return 0
	}
	n := rnd.IntN(total)
	for i, o := range ops {
		if n < o.Weight {
			return i
		}
		n -= o.Weight
	}
	return len(ops) - 1
}

func once(ctx context.Context, client *http.Client, op Op, w int, rnd *rand.Rand) sample {
	req, err := op.Request(w, rnd)
	if err != nil {
		return sample{err: "request: " + err.Error()}
	}
	t0 := time.Now()
	res, err := client.Do(req.WithContext(ctx))
	if err != nil {
		return sample{d: time.Since(t0), err: err.Error()}
	}
	_, err = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	d := time.Since(t0)
	ok := res.StatusCode < 400
	if op.OK != nil {
		ok = op.OK(res.StatusCode)
	}
	switch {
	case err != nil:
		return sample{d: d, err: "body: " + err.Error()}
	case !ok:
		return sample{d: d, err: fmt.Sprintf("%s %s: status %d", req.Method, req.URL.Path, res.StatusCode)}
	}
	return sample{d: d}
}

func summarise(name string, ss []sample, elapsed time.Duration) Stats {
	st := Stats{Name: name, Count: len(ss)}
	if len(ss) == 0 {
		return st
	}
	ds := make([]time.Duration, 0, len(ss))
	for _, s := range ss {
		ds = append(ds, s.d)
		if s.err != "" {
			st.Errors++
			if st.FirstError == "" {
				st.FirstError = s.err
			}
		}
	}
	slices.Sort(ds)
	q := func(p float64) time.Duration { return ds[min(len(ds)-1, int(p*float64(len(ds))))] }
	st.P50, st.P95, st.P99, st.Max = q(0.50), q(0.95), q(0.99), ds[len(ds)-1]
	st.RPS = float64(len(ss)) / elapsed.Seconds()
	return st
}

// Format writes a result as a table.
func Format(w io.Writer, title string, r Result) {
	fmt.Fprintf(w, "%s (%.1f s)\n", title, r.Elapsed.Seconds())
	fmt.Fprintf(w, "  %-14s %9s %9s %7s %9s %9s %9s %9s\n", "request", "count", "req/s", "errors", "p50", "p95", "p99", "max")
	rows := append(slices.Clone(r.Ops), r.Total)
	if len(r.Ops) == 1 {
		rows = r.Ops
	}
	for _, s := range rows {
		fmt.Fprintf(w, "  %-14s %9d %9.1f %7d %9s %9s %9s %9s\n", s.Name, s.Count, s.RPS, s.Errors, ms(s.P50), ms(s.P95), ms(s.P99), ms(s.Max))
		if s.FirstError != "" && s.Name != "total" {
			fmt.Fprintf(w, "    first error: %s\n", s.FirstError)
		}
	}
	if r.Unfinished > 0 {
		fmt.Fprintf(w, "  (%d requests unanswered when the run ended, not counted above)\n", r.Unfinished)
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000) }

// HelloWorld serves "hello" with plain net/http on a loopback port, the
// ceiling the machine reaches for an HTTP round trip. Close the server after.
func HelloWorld() (*http.Server, string, error) {
	return serveLoopback(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = io.WriteString(w, "hello, world\n")
	}))
}

// StaticPage serves body as an HTML page with plain net/http on a loopback
// port: the cost of moving a page of that size, with nothing worked out.
// Close the server after.
func StaticPage(body []byte) (*http.Server, string, error) {
	return serveLoopback(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(body)
	}))
}

// pause waits d unless ctx ends first; it reports whether d passed.
func pause(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
