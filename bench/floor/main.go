// Command floor measures what any static site generator pays for a corpus,
// the floor under rapport's build time: converting every Markdown file
// with plain goldmark (no extensions, no front matter, no templates) on
// every core, and writing the results, one folder and index.html each, as
// a site's pages are written. docs/performance.md compares the
// build with it.
//
//	go run ./bench/floor -src CORPUS/content -out /dev/shm/floor
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/yuin/goldmark"
)

func main() {
	src := flag.String("src", "", "folder of Markdown files (read recursively)")
	out := flag.String("out", "", "folder to write the converted files into (emptied first)")
	flag.Parse()
	if *src == "" || *out == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*src, *out); err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
}

func run(src, out string) error {
	var files [][]byte
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") {
			return err
		}
		b, err := os.ReadFile(path)
		files = append(files, b)
		return err
	})
	if err != nil {
		return err
	}
	html := make([][]byte, len(files))
	cpu := measure("goldmark", len(files), func() error { convert(files, html); return nil })
	if err := os.RemoveAll(out); err != nil {
		return err
	}
	var werr error
	cpu += measure("write", len(files), func() error { werr = write(out, html); return werr })
	fmt.Printf("floor: %.2f s of CPU in all\n", cpu.Seconds())
	return werr
}

// measure runs f and prints its wall time and the process's CPU time
// (user + system) it took; it returns the CPU time.
func measure(name string, n int, f func() error) time.Duration {
	before, start := cpuTime(), time.Now()
	f()
	wall, cpu := time.Since(start), cpuTime()-before
	fmt.Printf("%-8s %d files: %.2f s wall, %.2f s CPU on %d cores\n", name, n, wall.Seconds(), cpu.Seconds(), runtime.GOMAXPROCS(0))
	return cpu
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// convert renders files into html on one goroutine per core.
func convert(files, html [][]byte) {
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			md := goldmark.New()
			for i := range next {
				var b bytes.Buffer
				md.Convert(files[i], &b)
				html[i] = b.Bytes()
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
}

// write writes html[i] to out/i/index.html, as a site's pages are.
func write(out string, html [][]byte) error {
	for i, b := range html {
		dir := filepath.Join(out, fmt.Sprint(i))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "index.html"), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}
