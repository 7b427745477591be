//go:build unix

package generator

import (
	"syscall"
	"time"
)

// cpuTime is the processor time the process has used (user and system,
// every thread, the collector's too): on a shared machine a rebuild's
// processor time moves less than its wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
