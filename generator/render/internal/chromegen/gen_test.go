package main

import (
	"bytes"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"rapport"
)

// TestUnknownNodeLeavesTemplate: a template with a node chromegen has no
// Go for (printf) stays on html/template, with a note naming it and the
// node, and so do the templates running it; the others are written.
func TestUnknownNodeLeavesTemplate(t *testing.T) {
	theme := fstest.MapFS{}
	err := fs.WalkDir(rapport.Theme(), "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(rapport.Theme(), p)
		switch p {
		case "templates/home.html":
			data = bytes.Replace(data, []byte("<h1>{{.Title}}</h1>"), []byte(`<h1>{{printf "%s" .Title}}</h1>`), 1)
		case "templates/layout.html":
			data = bytes.Replace(data, []byte(`{{define "crumb"}}<li>`), []byte(`{{define "crumb"}}<li>{{len .Children | printf "%d"}}`), 1)
		}
		theme[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	src, notes, err := generate("../..", "chrome_gen.go", theme)
	if err != nil {
		t.Fatal(err)
	}
	joined := strings.Join(notes, "\n")
	for _, want := range []string{"home stays on html/template: home.html:2:8:", "printf", "page stays on html/template: page.html:3:10: crumb, which it runs: layout.html:76:", "topic stays on html/template: topics.html:11:10: crumb"} {
		if !strings.Contains(joined, want) {
			t.Errorf("notes lack %q:\n%s", want, joined)
		}
	}
	for _, gone := range []string{"func tHome(", `"home":`, `"page":`, `"topic":`} {
		if bytes.Contains(src, []byte(gone)) {
			t.Errorf("the Go has %s", gone)
		}
	}
	for _, kept := range []string{"func tLayout(", `"layout":`, "func tHandout(", `"status":`} {
		if !bytes.Contains(src, []byte(kept)) {
			t.Errorf("the Go lacks %s", kept)
		}
	}
}
