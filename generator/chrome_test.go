package generator

import (
	"bytes"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"rapport"
)

// withTheme returns site src with the built-in theme, its files changed by
// edit, as its themes/default. Of src's top-level folders it copies only
// those a site has (not the source code around the sample site).
func withTheme(t *testing.T, src fs.FS, edit func(path string, data []byte) []byte) fs.FS {
	t.Helper()
	m := fstest.MapFS{}
	copyTree := func(fsys fs.FS, root, prefix string) {
		err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && prefix == "" && strings.Count(p, "/") == 0 && skipDir[p] {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil // a link to a folder (.cache in a worktree)
			}
			if err != nil || d.IsDir() {
				return err
			}
			data, err := fs.ReadFile(fsys, p)
			if prefix != "" {
				data = edit(p, data)
			}
			m[prefix+p] = &fstest.MapFile{Data: data}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	copyTree(src, ".", "")
	copyTree(rapport.Theme(), ".", "themes/default/")
	return m
}

var skipDir = map[string]bool{".git": true, ".cache": true, ".ci": true, "docs": true, "themes": true, "generator": true, "cmd": true, "bench": true, "testdata": true}

// TestCompiledChromeIsTheTemplates builds sites (testdata/features,
// testdata/site and the sample site) with the built-in theme,
// whose frame and content and topic views are written by Go code
// (render/chrome.go), and with a site theme whose every template does the
// same as the built-in's but is not the same template (a no-op {{if}}
// before each {{end}}), so html/template executes all of them: the output
// must be the same, byte for byte, in every build mode.
func TestCompiledChromeIsTheTemplates(t *testing.T) {
	noop := func(p string, data []byte) []byte {
		return bytes.ReplaceAll(data, []byte("{{end}}"), []byte("{{if false}}{{end}}{{end}}"))
	}
	for _, dir := range []string{"../testdata/features", "../testdata/site", ".."} { // ..: the sample site
		for _, opts := range []Options{{}, {Portable: true}, {BaseURL: "https://example.org/training/"}} {
			opts.Src = os.DirFS(dir)
			compiled := build(t, opts)
			opts.Src = withTheme(t, opts.Src, noop)
			templates := build(t, opts)
			if compiled.Diags.HasErrors() || templates.Diags.HasErrors() {
				t.Fatalf("%s: %s\n%s", dir, compiled.Diags, templates.Diags)
			}
			if len(compiled.Files) != len(templates.Files) {
				t.Fatalf("%s: %d files, and %d with the templates", dir, len(compiled.Files), len(templates.Files))
			}
			// The search indexes are named by a hash that covers the theme's
			// files: the search pages name them.
			var names []string
			for i, f := range compiled.Files {
				if strings.HasPrefix(f.Path, "assets/search-") {
					names = append(names, templates.Files[i].Path, f.Path)
				}
			}
			rename := strings.NewReplacer(names...)
			pages := 0
			for i, f := range compiled.Files {
				g := templates.Files[i]
				if strings.HasPrefix(f.Path, "assets/search-") {
					continue
				}
				if f.Path != g.Path || string(f.Bytes()) != rename.Replace(string(g.Bytes())) {
					t.Errorf("%s %+v: %s differs from the templates' %s", dir, opts.BaseURL, f.Path, g.Path)
				} else if bytes.Contains(f.Bytes(), []byte(`<nav class="site-nav"`)) {
					pages++
				}
			}
			if pages < 5 {
				t.Errorf("%s: only %d pages with the frame compared", dir, pages)
			}
		}
	}
}

// TestThemeOverridesCompiledChrome: a site theme that changes the frame,
// a content page's view or a topic page's view is the one drawn.
func TestThemeOverridesCompiledChrome(t *testing.T) {
	mark := func(p string, data []byte) []byte {
		switch p {
		case "templates/layout.html":
			return bytes.Replace(data, []byte(`<main id="main"`), []byte(`<main data-site-layout id="main"`), 1)
		case "templates/topics.html":
			return bytes.Replace(data, []byte(`<div class="topic-page">`), []byte(`<div class="topic-page" data-site-topic>`), 1)
		}
		return data
	}
	res := build(t, Options{Src: withTheme(t, os.DirFS("../testdata/site"), mark)})
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags)
	}
	layouts, topics := 0, 0
	for _, f := range res.Files {
		layouts += bytes.Count(f.Bytes(), []byte("data-site-layout"))
		topics += bytes.Count(f.Bytes(), []byte("data-site-topic"))
	}
	if layouts < 10 || topics < 1 {
		t.Errorf("the site's layout drew %d pages and its topic template %d", layouts, topics)
	}
}
