package main

import (
	"bytes"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestFullDisk runs the built binary for every file rapport writes in
// place (check -mark-current, new, new -from, init, scorm and cmi5
// packages, translate import and export -out, the build's output folder)
// with too little room to write it: under bash's ulimit -f (RLIMIT_FSIZE),
// a write past the limit fails with EFBIG as one on a full disk fails
// with ENOSPC (Go ignores the SIGXFSZ that comes with it). Each must exit
// 1 with the file's name and why, and leave every file of the site (and
// of the output folders) byte for byte as it was, with no temporary file
// beside them; init must leave nothing, so that it can be run again. The
// build cache in the site folder may be updated (each file of it replaced
// whole), never left with a temporary file.
func TestFullDisk(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs each command under a file size limit")
	}
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash for ulimit -f")
	}
	bin := buildBinary(t, t.TempDir())
	site, git := gitSite(t)
	he := filepath.Join(site, "content/he/global-perspective/full.md")
	os.WriteFile(he, []byte("---\ntitle: מלא\n---\n"+strings.Repeat("פסקה ארוכה מאוד.\n\n", 200)), 0o644)
	git("add", ".")
	git("commit", "-q", "-m", "a long page")
	out := t.TempDir()
	for _, args := range [][]string{
		{"new", "-src", site, "-from", "he", "cs/global-perspective/full.md"},
		{"build", "-src", site, "-out", filepath.Join(out, "public")},
		{"scorm", "-src", site, "-out", filepath.Join(out, "scorm"), "-lang", "cs"},
		{"cmi5", "-src", site, "-out", filepath.Join(out, "cmi5"), "-lang", "cs"},
	} {
		if code, stderr := limited(t, bin, -1, args...); code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, stderr)
		}
	}
	// The Czech translation made long, and its Hebrew source edited: it
	// is stale, for -mark-current; the export's first translation changed,
	// for import.
	cs := filepath.Join(site, "content/cs/global-perspective/full.md")
	data, _ := os.ReadFile(cs)
	os.WriteFile(cs, append(data, strings.Repeat("Velmi dlouhý odstavec.\n\n", 300)...), 0o644)
	os.WriteFile(he, []byte("---\ntitle: מלא\n---\n"+strings.Repeat("פסקה ארוכה.\n\n", 200)), 0o644)
	export := []string{"translate", "export", "-src", site, "-lang", "cs", "-from", "he", "-format", "po", "-out", filepath.Join(out, "cs.po")}
	if code, stderr := limited(t, bin, -1, export...); code != 0 {
		t.Fatalf("%v: exit %d\n%s", export, code, stderr)
	}
	po, _ := os.ReadFile(filepath.Join(out, "cs.po"))
	po = regexp.MustCompile(`(?m)^msgstr "Budování`).ReplaceAll(po, []byte(`msgstr "Vytváření`))
	os.WriteFile(filepath.Join(out, "changed.po"), po, 0o644)

	// The build cache records a page's file stamp only when its file is
	// 3 s old (as git's index trusts a stamp): wait, so that the build
	// below has stamps to record whatever the machine's speed (it records
	// them only once its output is published, which fails here).
	time.Sleep(3100 * time.Millisecond)
	for _, tt := range []struct {
		args []string
		kb   int
		want string // in stderr
	}{
		{[]string{"check", "-src", site, "-mark-current", "cs/global-perspective/full.md"}, 2, "content/cs/global-perspective/full.md: cannot write it: file too large; the file there is unchanged"},
		{[]string{"new", "-src", site, "cs/fresh.md"}, 0, "content/cs/fresh.md: cannot write it: file too large; nothing was written"},
		{[]string{"new", "-src", site, "-from", "he", "th/global-perspective/full.md"}, 0, "content/th/global-perspective/full.md: cannot write it: file too large; nothing was written"},
		{[]string{"init", filepath.Join(out, "new-site"), "-langs", "he,cs"}, 0, "README.md: cannot write it: file too large; nothing was written"},
		{[]string{"scorm", "-src", site, "-out", filepath.Join(out, "scorm"), "-lang", "cs"}, 16, "cs.zip: cannot write it: file too large; the file there is unchanged"},
		{[]string{"cmi5", "-src", site, "-out", filepath.Join(out, "cmi5"), "-lang", "cs"}, 16, "cs.zip: cannot write it: file too large; the file there is unchanged"},
		{[]string{"translate", "import", "-src", site, filepath.Join(out, "changed.po")}, 0, ": cannot write it: file too large; the file there is unchanged"},
		{[]string{"translate", "export", "-src", site, "-lang", "bg", "-from", "he", "-format", "po", "-out", filepath.Join(out, "cs.po")}, 0, "cs.po: cannot write it: file too large; the file there is unchanged"},
		{[]string{"build", "-src", site, "-out", filepath.Join(out, "public")}, 4, "file too large"},
	} {
		before, beforeOut := tree(t, site), tree(t, out)
		code, stderr := limited(t, bin, tt.kb, tt.args...)
		if code != 1 || !strings.Contains(stderr, tt.want) {
			if len(stderr) > 2000 {
				stderr = stderr[:1000] + "\n…\n" + stderr[len(stderr)-1000:]
			}
			t.Errorf("%v under ulimit -f %d: exit %d, stderr:\n%s\nwant exit 1 and %q", tt.args, tt.kb, code, stderr, tt.want)
		}
		for _, d := range []struct {
			name          string
			before, after map[string]string
		}{{"site", before, tree(t, site)}, {"output", beforeOut, tree(t, out)}} {
			cacheIsWhole(t, tt.args, d.after)
			if !maps.Equal(withoutCache(d.before), withoutCache(d.after)) {
				t.Errorf("%v: the %s's files changed: %s", tt.args, d.name, treeDiff(d.before, d.after))
			}
		}
	}
	// The build cache a build left under the limit is whole: a build
	// with room uses it and succeeds.
	if code, stderr := limited(t, bin, -1, "build", "-src", site, "-out", filepath.Join(out, "public")); code != 0 {
		t.Errorf("build again: exit %d\n%s", code, stderr)
	}
	// init left nothing in its way: run again with room, it succeeds.
	if code, stderr := limited(t, bin, -1, "init", filepath.Join(out, "new-site")); code != 0 {
		t.Errorf("init again: exit %d\n%s", code, stderr)
	}
}

// withoutCache returns files without the build cache's (.rapport-cache/):
// a build may update the cache's records and packs, each whole, even when
// its output cannot be written.
func withoutCache(files map[string]string) map[string]string {
	return maps.Collect(func(yield func(string, string) bool) {
		for p, data := range files {
			if !strings.HasPrefix(p, ".rapport-cache/") && !yield(p, data) {
				return
			}
		}
	})
}

// cacheIsWhole fails when the build cache holds a temporary file: a
// record or pack that could not be written must leave nothing behind.
func cacheIsWhole(t *testing.T, args []string, files map[string]string) {
	t.Helper()
	for p := range files {
		if strings.HasPrefix(p, ".rapport-cache/") && strings.HasPrefix(filepath.Base(p), ".tmp") {
			t.Errorf("%v: a half-written cache file was left: %s", args, p)
		}
	}
}

// limited runs bin with args under ulimit -f kb (in KiB; -1: no limit)
// and returns its exit code and standard error. Its output goes to pipes,
// which the limit does not cover.
func limited(t *testing.T, bin string, kb int, args ...string) (int, string) {
	t.Helper()
	limit := "unlimited"
	if kb >= 0 {
		limit = strconv.Itoa(kb)
	}
	cmd := exec.Command("bash", append([]string{"-c", `ulimit -f "$0" && exec "$@"`, limit, bin}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), stderr.String()
	} else if err != nil {
		t.Fatal(err)
	}
	return 0, stderr.String()
}

// tree returns every regular file under dir (but .git) by slash path, with
// its bytes.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.Name() == ".git" {
			return fs.SkipDir
		}
		if d.Type().IsRegular() {
			data, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			files[filepath.ToSlash(rel)] = string(data)
		}
		return nil
	})
	return files
}

// treeDiff names the files added, removed and changed between two trees.
func treeDiff(a, b map[string]string) string {
	var out []string
	for _, p := range slices.Sorted(maps.Keys(a)) {
		if _, ok := b[p]; !ok {
			out = append(out, "removed "+p)
		} else if a[p] != b[p] {
			out = append(out, "changed "+p)
		}
	}
	for _, p := range slices.Sorted(maps.Keys(b)) {
		if _, ok := a[p]; !ok {
			out = append(out, "added "+p)
		}
	}
	return strings.Join(out, ", ")
}
