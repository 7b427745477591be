package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestInstalledBinary builds the command as `go install` would, then, in
// an empty temporary folder far from this repository, runs
// `rapport init mysite -langs he,ar,en` and `rapport build -src mysite`
// with it: the binary needs nothing else on disk.
func TestInstalledBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t, t.TempDir())
	work := t.TempDir()
	run := func(args ...string) (string, error) {
		cmd := exec.Command(bin, args...)
		cmd.Dir = work
		cmd.Env = []string{"HOME=" + work, "PATH=/nonexistent"} // no go, no git, no repository
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := run("init", "mysite", "-langs", "he,ar,en"); err != nil {
		t.Fatalf("init: %v\n%s", err, out)
	}
	out, err := run("build", "-src", "mysite")
	if err != nil || strings.Contains(out, "warning") {
		t.Fatalf("build: %v\n%s", err, out)
	}
	for _, f := range []string{"index.html", "he/index.html", "he/getting-started/index.html", "ar/getting-started/index.html", "en/getting-started/index.html"} {
		if _, err := os.Stat(filepath.Join(work, "mysite/public", f)); err != nil {
			t.Errorf("%s not built: %v", f, err)
		}
	}
	page, _ := os.ReadFile(filepath.Join(work, "mysite/public/he/getting-started/index.html"))
	for _, want := range []string{`lang="he" dir="rtl"`, "צעדים ראשונים", `class="callout callout-tip"`, "calculator"} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("he/getting-started lacks %q", want)
		}
	}
}

func TestInitNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"init", dir, "-langs", "bg,th"}, &stdout, &stderr); code != 0 {
		t.Fatalf("init: exit %d: %s", code, stderr.String())
	}
	for _, f := range []string{".gitignore", "README.md", "rapport.toml", "content/metrics.toml", "content/bg/_index.md", "content/th/getting-started.md"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s missing: %v", f, err)
		}
	}
	th, _ := os.ReadFile(filepath.Join(dir, "content/th/getting-started.md"))
	if !bytes.Contains(th, []byte("Getting started")) {
		t.Errorf("a language without its own example should get the English one: %s", th)
	}
	toml, _ := os.ReadFile(filepath.Join(dir, "rapport.toml"))
	if !bytes.Contains(toml, []byte(`defaultLanguage = "bg"`)) {
		t.Errorf("rapport.toml: %s", toml)
	}
	os.WriteFile(filepath.Join(dir, "README.md"), []byte("mine"), 0o644)
	os.Remove(filepath.Join(dir, "content/bg/_index.md"))
	stderr.Reset()
	if code := run([]string{"init", dir}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "never overwrites") {
		t.Errorf("second init: exit %d, %s", code, stderr.String())
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "README.md")); string(data) != "mine" {
		t.Errorf("README.md overwritten")
	}
	if _, err := os.Stat(filepath.Join(dir, "content/bg/_index.md")); err == nil {
		t.Errorf("a refused init wrote files")
	}
	for _, args := range [][]string{{"init"}, {"init", dir, "-langs", "he,he"}, {"init", dir, "-langs", "../x"}, {"init", "a", "b"}} {
		if code := run(args, &stdout, &stderr); code != 2 {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
	}
}
