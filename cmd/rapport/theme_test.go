package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	builtin "rapport"
)

// TestVerboseNamesChangedTemplates: build -v says, in one line, which of
// the built-in templates the site's theme changes (they render through
// html/template), and says nothing of the kind for a site without a
// theme of its own.
func TestVerboseNamesChangedTemplates(t *testing.T) {
	site := t.TempDir()
	page := filepath.Join(site, "content", "en", "guide.md")
	os.MkdirAll(filepath.Dir(page), 0o755)
	if err := os.WriteFile(page, []byte("---\ntitle: Guide\n---\nText.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	build := func() string {
		var stdout, stderr bytes.Buffer
		if code := run([]string{"build", "-v", "-src", site, "-out", filepath.Join(site, "public")}, &stdout, &stderr); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
		return stderr.String()
	}
	if out := build(); strings.Contains(out, "html/template") {
		t.Errorf("built-in theme:\n%s", out)
	}
	theme := filepath.Join(site, "themes", "default")
	err := fs.WalkDir(builtin.Theme(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(builtin.Theme(), p)
		if err != nil {
			return err
		}
		if p == "templates/page.html" {
			data = bytes.Replace(data, []byte(`<article class="playbook">`), []byte(`<article class="playbook site">`), 1)
		}
		if p == "templates/layout.html" {
			data = bytes.Replace(data, []byte(`{{define "crumb"}}<li>`), []byte(`{{define "crumb"}}<li class="crumb">`), 1)
		}
		os.MkdirAll(filepath.Join(theme, filepath.Dir(p)), 0o755)
		return os.WriteFile(filepath.Join(theme, p), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	var notes []string
	for _, l := range strings.Split(build(), "\n") {
		if strings.Contains(l, "html/template") {
			notes = append(notes, l)
		}
	}
	if len(notes) != 1 || !strings.Contains(notes[0], "changes crumb, page:") {
		t.Errorf("notes %q, want one naming crumb and page", notes)
	}
}
