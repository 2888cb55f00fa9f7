package main

import "runtime/debug"

// serverGC sets the garbage collector for a server process, unless the
// operator set GOGC or GOMEMLIMIT (the Go runtime reads them itself).
//
// Go's default (GOGC=100) collects whenever the heap has doubled since the
// last collection. Under the load of a city (issue 24: 1,000 users pausing
// 2 s, ~500 requests a second on two cores) that cost 12% of the CPU in
// collection and mark assists; at GOGC=200 it was half that, and CPU per
// request fell 8% (BENCH.md "1,000 users pausing 2 s"). The soft memory
// limit keeps a server with a large live heap (a million persons' name
// index, ~140 MB) under the 400 MB of the start-up goal: near the limit the
// collector runs earlier again.
func serverGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(360 << 20)
	}
}
