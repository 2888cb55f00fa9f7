//go:build !unix

package main

import "time"

// processCPU is unknown here (Windows): the benchmarks print 0 for it.
func processCPU() time.Duration { return 0 }

// maxRSS is unknown here (Windows): the benchmarks print 0 for it.
func maxRSS() uint64 { return 0 }
