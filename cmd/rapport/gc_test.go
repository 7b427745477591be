package main

import (
	"runtime/debug"
	"testing"
)

func TestSetOneShotGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	for _, tc := range []struct {
		env  string
		want int
	}{
		{"", oneShotGCPercent}, // not chosen: the one-shot target
		{"200", 200},           // chosen (and applied by the runtime): kept
		{"off", 200},
	} {
		debug.SetGCPercent(200) // as the runtime would have from GOGC=200
		setOneShotGC(func(k string) string {
			if k == "GOGC" {
				return tc.env
			}
			return ""
		})
		if got := debug.SetGCPercent(100); got != tc.want {
			t.Errorf("GOGC=%q: GC percent %d, want %d", tc.env, got, tc.want)
		}
	}
}
