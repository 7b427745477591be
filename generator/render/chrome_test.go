package render

import (
	"bytes"
	"html/template"
	"io/fs"
	"testing"
	"testing/fstest"

	"rapport"
)

// pageTemplates are the templates render executes with a page: the frame
// and every page kind's.
var pageTemplates = []string{"layout", "page", "home", "topic", "topics", "search", "status", "progress",
	"path", "handout", "certificate", "chooser", "notfound", "notfound-all"}

// TestBuiltinThemeIsGenerated: every page template of the built-in theme
// renders through its Go, and chrome_gen.go was generated from the
// templates as they are (else go generate ./generator/render).
func TestBuiltinThemeIsGenerated(t *testing.T) {
	tmpl, err := template.New("").Funcs(newFragments().funcs()).ParseFS(rapport.Theme(), "templates/*.html")
	if err != nil {
		t.Fatal(err)
	}
	c := compile(tmpl)
	if len(c.changed) > 0 {
		t.Errorf("chrome_gen.go is stale for %v: run go generate ./generator/render", c.changed)
	}
	for _, name := range pageTemplates {
		if _, ok := c.templates[name]; !ok {
			t.Errorf("template %q renders through html/template", name)
		}
	}
}

// TestChangedTemplateLeavesItsPages: a site theme that changes one
// template (a fragment of the frame) leaves to html/template the
// templates running it, names it, and keeps the Go of the others.
func TestChangedTemplateLeavesItsPages(t *testing.T) {
	theme := fstest.MapFS{}
	entries, err := fs.ReadDir(rapport.Theme(), "templates")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := fs.ReadFile(rapport.Theme(), "templates/"+e.Name())
		if err != nil {
			t.Fatal(err)
		}
		if e.Name() == "layout.html" {
			data = bytes.Replace(data, []byte(`{{define "switcher-item"}}<li>`), []byte(`{{define "switcher-item"}}<li class="site">`), 1)
		}
		theme["templates/"+e.Name()] = &fstest.MapFile{Data: data}
	}
	tmpl, err := template.New("").Funcs(newFragments().funcs()).ParseFS(theme, "templates/*.html")
	if err != nil {
		t.Fatal(err)
	}
	c := compile(tmpl)
	if len(c.changed) != 1 || c.changed[0] != "switcher-item" {
		t.Errorf("changed %v, want [switcher-item]", c.changed)
	}
	if _, ok := c.templates["layout"]; ok {
		t.Error("layout, which runs switcher-item, still renders through Go")
	}
	for _, name := range []string{"page", "topic", "home", "handout"} {
		if _, ok := c.templates[name]; !ok {
			t.Errorf("%s, which does not run switcher-item, left Go", name)
		}
	}
}
