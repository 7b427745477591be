package main

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
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

// TestInitWritesEachLanguage: rapport init -langs th,cs writes pages in
// Thai and Czech (no sentence of the English sample), with a knowledge
// check and a learning path; check finds nothing and the site builds
// with the path's page and the quiz. A language rapport has no sample
// text in (de) gets placeholder pages that check and build report, each.
func TestInitWritesEachLanguage(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"init", dir, "-langs", "th,cs"}, &stdout, &stderr); code != 0 {
		t.Fatalf("init: exit %d: %s", code, stderr.String())
	}
	english := englishSentences(t)
	for _, l := range []string{"th", "cs"} {
		for _, page := range skeletonPages {
			data, err := os.ReadFile(filepath.Join(dir, "content", l, page))
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range english {
				if bytes.Contains(data, []byte(s)) {
					t.Errorf("content/%s/%s has the English sample's %q", l, page, s)
				}
			}
			if l == "th" && !strings.ContainsFunc(string(data), func(r rune) bool { return unicode.Is(unicode.Thai, r) }) {
				t.Errorf("content/th/%s has no Thai text", page)
			}
		}
	}
	stdout.Reset()
	stderr.Reset()
	if code := run([]string{"check", "-src", dir}, &stdout, &stderr); code != 0 || !strings.Contains(stdout.String(), "0 errors, 0 warnings, 0 notes") {
		t.Errorf("check: exit %d, want 0 and no findings:\n%s%s", code, stdout.String(), stderr.String())
	}
	out := filepath.Join(t.TempDir(), "public")
	if code := run([]string{"build", "-src", dir, "-out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("build: exit %d: %s", code, stderr.String())
	}
	for _, f := range []string{"th/paths/before-the-first-call/index.html", "cs/paths/before-the-first-call/index.html"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("no learning path page: %v", err)
		}
	}
	quiz, _ := os.ReadFile(filepath.Join(out, "th/check-your-knowledge/index.html"))
	if bytes.Count(quiz, []byte(`<section class="quiz"`)) != 2 {
		t.Errorf("th/check-your-knowledge/ has no knowledge check")
	}

	de := t.TempDir()
	run([]string{"init", de, "-langs", "de,he"}, &stdout, &stderr)
	for _, cmd := range [][]string{{"check", "-src", de}, {"build", "-src", de, "-out", filepath.Join(t.TempDir(), "public")}} {
		stdout.Reset()
		stderr.Reset()
		run(cmd, &stdout, &stderr)
		got := stdout.String() + stderr.String()
		for _, page := range skeletonPages {
			want := "content/de/" + page + ":"
			if !strings.Contains(got, want) || strings.Count(got, ": warning: placeholder text, not yet written in Deutsch") != len(skeletonPages) {
				t.Errorf("%s does not report %s as placeholder text, once a page:\n%s", cmd[0], want, got)
			}
		}
		if strings.Contains(got, "content/he/") && strings.Contains(got, "placeholder") {
			t.Errorf("%s reports a Hebrew page as a placeholder:\n%s", cmd[0], got)
		}
	}
}

// englishSentences are the lines of text of the English sample pages.
func englishSentences(t *testing.T) []string {
	t.Helper()
	var lines []string
	for _, page := range skeletonPages {
		data, err := fs.ReadFile(siteSkeleton, "skeleton/content/en/"+page)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(string(data), "\n") {
			l = strings.TrimLeft(l, "-#>[] x")
			if len(l) > 12 && !strings.ContainsAny(l, ":`=") {
				lines = append(lines, l)
			}
		}
	}
	if len(lines) < 10 {
		t.Fatalf("only %d English sentences found", len(lines))
	}
	return lines
}
