package main

import (
	"bytes"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestRebuildKeepsUnchangedPages: rapport build with its cache, after an
// edit, links the previous output's unchanged pages into the new output
// (same inode) and writes the edited page; after an output file was
// changed by hand, or another build (-cache off) replaced the output,
// nothing is linked that the clean build would not write. Each time the
// output is byte for byte a clean build's.
func TestRebuildKeepsUnchangedPages(t *testing.T) {
	work := t.TempDir()
	site, out, clean := filepath.Join(work, "site"), filepath.Join(work, "public"), filepath.Join(work, "clean")
	if err := os.CopyFS(site, os.DirFS("../../testdata/site")); err != nil {
		t.Fatal(err)
	}
	build := func(args ...string) string {
		t.Helper()
		var stderr bytes.Buffer
		if code := run(append([]string{"build", "-src", site, "-v"}, args...), io.Discard, &stderr); code != 0 {
			t.Fatalf("build %v: exit %d\n%s", args, code, stderr.String())
		}
		return stderr.String()
	}
	same := func(what string) {
		t.Helper()
		build("-cache", "off", "-out", clean)
		if a, b := treeText(t, out), treeText(t, clean); a != b {
			t.Fatalf("%s: the output differs from a clean build's", what)
		}
	}
	page, edited := filepath.Join(out, "ar", "trust", "index.html"), filepath.Join(out, "he", "guide", "metrics", "index.html")
	build("-out", out)
	before, beforeEdited := inode(t, page), inode(t, edited)
	f, _ := os.OpenFile(filepath.Join(site, "content", "he", "guide", "metrics.md"), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("\nOne more sentence.\n")
	f.Close()
	if log := build("-out", out); !strings.Contains(log, "kept (linked)") {
		t.Errorf("no page kept:\n%s", log)
	}
	if inode(t, page) != before || inode(t, edited) == beforeEdited {
		t.Error("the unchanged page was not linked, or the edited one was")
	}
	same("after an edit")

	// Words added to the page's last paragraph (its shape, and so the
	// translation report, the same): the generated pages and the sitemap
	// are linked too, but for the search pages (they name the language's
	// index, which has a new name).
	generated := []string{"sitemap.xml", "index.html", "404.html", "ar/topics/index.html", "he/progress/index.html", "status/index.html"}
	inodes := map[string]uint64{}
	for _, g := range generated {
		inodes[g] = inode(t, filepath.Join(out, g))
	}
	f, _ = os.OpenFile(filepath.Join(site, "content", "he", "guide", "metrics.md"), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("And a few words more.\n")
	f.Close()
	build("-out", out)
	for _, g := range generated {
		if inode(t, filepath.Join(out, g)) != inodes[g] {
			t.Errorf("%s was made again", g)
		}
	}
	same("after words were added")

	// Edits every page shows: a title in the navigation, UI strings.
	metrics := filepath.Join(site, "content", "he", "guide", "metrics.md")
	data, _ := os.ReadFile(metrics)
	os.WriteFile(metrics, bytes.Replace(data, []byte("title: "), []byte("title: New "), 1), 0o644)
	build("-out", out)
	same("after a title edit")
	os.MkdirAll(filepath.Join(site, "locales"), 0o755)
	he, _ := os.ReadFile("../../locales/he.toml")
	os.WriteFile(filepath.Join(site, "locales", "he.toml"), bytes.Replace(he, []byte(`tagline = "`), []byte(`tagline = "New `), 1), 0o644)
	build("-out", out)
	same("after a UI string edit")

	os.WriteFile(page, []byte("changed by hand"), 0o644) // in place: same inode, new time
	build("-out", out)
	same("after a page of the output was changed by hand")

	build("-cache", "off", "-out", out)
	before = inode(t, page)
	if log := build("-out", out); strings.Contains(log, "kept (linked)") || inode(t, page) == before {
		t.Errorf("pages of an output another build made were kept:\n%s", log)
	}
	same("after a build without the cache")
}

func inode(t *testing.T, path string) uint64 {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return uint64(info.Sys().(*syscall.Stat_t).Ino)
}

// treeText returns every file under dir with its bytes, as one string.
func treeText(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			b.WriteString(rel + "\n" + string(data) + "\n")
		}
		return nil
	})
	return b.String()
}
