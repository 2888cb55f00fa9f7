package main

import (
	"fmt"
	"io"
	"time"

	"kasane/internal/loadtest"
)

func printCPUPerRequest(w io.Writer, cpu time.Duration, r loadtest.Result) {
	if r.Total.Count == 0 || cpu <= 0 {
		return
	}
	fmt.Fprintf(w, "  CPU of this process (server and client): %.2f ms per request\n", float64(cpu)/float64(time.Millisecond)/float64(r.Total.Count+r.Warm.Count)) // a warm-up of the same run (Config.Warmup) used CPU too
}
