package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestKilledBuildKeepsPrevious builds the real binary, publishes a site, then
// starts rebuilds of a larger site and kills them with SIGKILL at different
// moments. After every kill the output must be exactly one complete build:
// the previous one, or the new one when the kill came after the swap.
func TestKilledBuildKeepsPrevious(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and a 1,500-page site")
	}
	dir := t.TempDir()
	bin := buildBinary(t, dir)
	site := filepath.Join(dir, "site")
	writePages(t, site, 3, "first")
	out := filepath.Join(dir, "public")
	if b, err := exec.Command(bin, "build", "-src", site, "-out", out).CombinedOutput(); err != nil {
		t.Fatalf("first build: %v\n%s", err, b)
	}
	writePages(t, site, 1500, "second")
	for _, delay := range []time.Duration{5, 20, 60, 120, 250} {
		cmd := exec.Command(bin, "build", "-src", site, "-out", out)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay * time.Millisecond)
		cmd.Process.Kill()
		cmd.Wait()
		page, err := os.ReadFile(filepath.Join(out, "cs", "p0000", "index.html"))
		if err != nil {
			t.Fatalf("after kill at %v: output broken: %v", delay, err)
		}
		_, errLast := os.Stat(filepath.Join(out, "cs", "p1499", "index.html"))
		switch {
		case strings.Contains(string(page), "first") && errLast != nil:
		case strings.Contains(string(page), "second") && errLast == nil:
		default:
			t.Fatalf("after kill at %v: output is a mix of two builds", delay)
		}
	}
}

func writePages(t *testing.T, site string, n int, word string) {
	t.Helper()
	os.RemoveAll(site)
	dir := filepath.Join(site, "content", "cs")
	os.MkdirAll(dir, 0o755)
	for i := range n {
		body := fmt.Sprintf("---\ntitle: Stránka %d %s\n---\n%s\n", i, word, strings.Repeat("Důvěra je základ vztahů se zákazníky. ", 100))
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("p%04d.md", i)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// buildBinary builds the command into dir and returns the binary's path.
func buildBinary(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "rapport")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}
