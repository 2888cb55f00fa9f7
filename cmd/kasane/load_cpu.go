package main

import (
	"fmt"
	"io"
	"syscall"
	"time"

	"kasane/internal/loadtest"
)

// processCPU is the CPU time (user and system) this process has used so far.
// The load test's client runs in the same process, so its share is in it too;
// on a shared machine CPU per request varies far less between runs than
// requests per second do.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func printCPUPerRequest(w io.Writer, cpu time.Duration, r loadtest.Result) {
	if r.Total.Count == 0 || cpu <= 0 {
		return
	}
	fmt.Fprintf(w, "  CPU of this process (server and client): %.2f ms per request\n", float64(cpu)/float64(time.Millisecond)/float64(r.Total.Count))
}
