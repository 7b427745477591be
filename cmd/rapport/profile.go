package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
)

// startCPUProfile starts writing a CPU profile to path; the returned
// function stops it and closes the file.
func startCPUProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// writeHeapProfile writes the live heap to path, reporting failure on
// stderr (the build itself has already succeeded or failed by then).
func writeHeapProfile(path string, stderr io.Writer) {
	f, err := os.Create(path)
	if err == nil {
		runtime.GC()
		err = pprof.WriteHeapProfile(f)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "rapport: heap profile: %v\n", err)
	}
}

// startTrace starts writing an execution trace to path (go tool trace:
// where the cores sit idle); the returned function stops it and closes
// the file.
func startTrace(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("trace: %w", err)
	}
	if err := trace.Start(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("trace: %w", err)
	}
	return func() { trace.Stop(); f.Close() }, nil
}

// startProfiles starts the CPU profile and the trace of the flags that
// are set; stop ends them and writes the heap profile.
func startProfiles(cpu, mem, traceFile string, stderr io.Writer) (stop func(), err error) {
	var stops []func()
	stop = func() {
		for i := len(stops) - 1; i >= 0; i-- {
			stops[i]()
		}
	}
	if cpu != "" {
		s, err := startCPUProfile(cpu)
		if err != nil {
			return nil, err
		}
		stops = append(stops, s)
	}
	if traceFile != "" {
		s, err := startTrace(traceFile)
		if err != nil {
			stop()
			return nil, err
		}
		stops = append(stops, s)
	}
	if mem != "" {
		stops = append(stops, func() { writeHeapProfile(mem, stderr) })
	}
	return stop, nil
}
