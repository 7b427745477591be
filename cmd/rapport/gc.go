package main

import "runtime/debug"

// oneShotGCPercent is the garbage collector's target for the commands
// that build once and exit (build, check, scorm): the heap may grow to
// 1.5 times what is live instead of Go's default of twice. A build's live
// heap is small beside its CPU work (about 150 MB at its peak on 10,000
// playbooks), so collecting more often costs no measurable CPU, and it
// takes the build's peak memory from about 450 to 330 MiB on that corpus
// (bench/hugo.sh; docs/performance.md). rapport serve keeps Go's default:
// its rebuilds are latency-bound.
const oneShotGCPercent = 50

// setOneShotGC applies oneShotGCPercent unless the user chose with the
// GOGC environment variable, which Go's runtime has already applied.
func setOneShotGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(oneShotGCPercent)
	}
}
