package generator

import (
	"bytes"
	"context"
	"io/fs"
	"testing"
	"testing/fstest"

	"rapport"
)

// TestServeThemeEditsEqualClean: rapport serve keeps the parsed templates
// between builds while the setup (which sums the theme's files) is the
// same. A body edit, then edits of the site's own copy of a template
// (html/template then draws the pages that use it), then its removal:
// each build through the cache equals a clean build byte for byte.
func TestServeThemeEditsEqualClean(t *testing.T) {
	src := fstest.MapFS{
		"content/he/_index.md": {Data: []byte("---\nweight: 0\n---\n")},
		"content/he/a.md":      {Data: []byte("---\ntitle: א\n---\nטקסט\n")},
		"content/he/b.md":      {Data: []byte("---\ntitle: ב\n---\nעוד טקסט\n")},
	}
	theme := map[string][]byte{}
	fs.WalkDir(rapport.Theme(), ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			theme[p], err = fs.ReadFile(rapport.Theme(), p)
		}
		return err
	})
	setTheme := func(page []byte) {
		for p, data := range theme {
			if p == "templates/page.html" && page != nil {
				data = page
			}
			src["themes/default/"+p] = &fstest.MapFile{Data: data}
		}
	}
	setTheme(nil)
	page := theme["templates/page.html"]
	cache := NewCache()
	steps := []struct {
		what    string
		changed string
		edit    func()
	}{
		{"first build", "", func() {}},
		{"a body edit", "content/he/a.md", func() { src["content/he/a.md"].Data = []byte("---\ntitle: א\n---\nטקסט חדש\n") }},
		{"the page template", "themes/default/templates/page.html", func() { setTheme(bytes.Replace(page, []byte("<h1>"), []byte("<h1 data-one>"), 1)) }},
		{"a body edit", "content/he/b.md", func() { src["content/he/b.md"].Data = []byte("---\ntitle: ב\n---\nשוב\n") }},
		{"the page template again", "themes/default/templates/page.html", func() { setTheme(bytes.Replace(page, []byte("<h1>"), []byte("<h1 data-two>"), 1)) }},
		{"the template as built in", "themes/default/templates/page.html", func() { setTheme(nil) }},
	}
	for _, s := range steps {
		s.edit()
		var changed []string
		if s.changed != "" {
			changed = []string{s.changed}
		}
		inc, err := Build(context.Background(), Options{Src: src, Cache: cache, Changed: changed})
		if err != nil || inc.Diags.HasErrors() {
			t.Fatalf("%s: %v %s", s.what, err, inc.Diags)
		}
		clean, err := Build(context.Background(), Options{Src: src})
		if err != nil {
			t.Fatal(err)
		}
		if len(inc.Files) != len(clean.Files) {
			t.Fatalf("%s: %d files, clean build %d", s.what, len(inc.Files), len(clean.Files))
		}
		for i, f := range clean.Files {
			if inc.Files[i].Path != f.Path || !bytes.Equal(inc.Files[i].Bytes(), f.Bytes()) {
				t.Fatalf("%s: %s differs from a clean build", s.what, f.Path)
			}
		}
	}
}
