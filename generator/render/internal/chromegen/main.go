// Chromegen writes chrome_gen.go: the built-in theme's templates
// (themes/default/templates) as Go that writes what html/template writes
// for them, byte for byte, without its reflection. go generate runs it in
// generator/render:
//
//	go run ./internal/chromegen
//
// # How
//
// It parses the templates as render does, with html/template, and
// executes each once: html/template then escapes it, rewriting every
// action's pipeline to end in the escapers of its context (for example
// {{.Href | _html_template_urlfilter | _html_template_urlnormalizer |
// _html_template_attrescaper}} in an href). It walks those escaped trees
// (Lookup(name).Tree) and writes a Go function for each template, calling
// for each escaper chain the helper of render/escape.go that gives that
// chain's bytes; the chains are html/template's, never chosen here. The
// Go types of the values come from package render's own source (go/types):
// a field or method is looked up as text/template looks it up, and a
// page template's .Data has the type render gives it in its
// &Page{Template: "name", Data: view} literal.
//
// A template is written as Go only when every node of it, and of every
// template it runs, is one chromegen knows (text, fields and methods,
// if/with/range/else, template calls, len, comparisons, and, or, not,
// cachedEach, the escapers of text, attributes, <title> and URLs, for
// strings, integers, template.HTML and template.HTMLAttr); any other
// leaves it to html/template, and chromegen says which and why on
// standard error.
//
// Each template's parse tree, before escaping, is recorded by its SHA-256:
// render uses the Go of a template only while the site's theme parses to
// the same trees for it and every template it runs.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"io/fs"
	"os"

	"rapport"
)

func main() {
	out := flag.String("out", "chrome_gen.go", "the Go `file` to write, in package render's folder")
	flag.Parse()
	src, notes, err := generate(".", *out, rapport.Theme())
	for _, n := range notes {
		fmt.Fprintln(os.Stderr, "chromegen:", n)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "chromegen:", err)
		os.Exit(1)
	}
	formatted, err := format.Source(src)
	if err != nil {
		os.WriteFile(*out+".broken", src, 0o644)
		fmt.Fprintf(os.Stderr, "chromegen: the generated Go does not parse (%v): see %s.broken\n", err, *out)
		os.Exit(1)
	}
	if old, err := os.ReadFile(*out); err == nil && bytes.Equal(old, formatted) {
		return // unchanged: keep the file's time
	}
	if err := os.WriteFile(*out, formatted, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "chromegen:", err)
		os.Exit(1)
	}
}

// generate returns the source of the file out, in package render's
// folder dir, for the templates of theme, and notes on those left to
// html/template.
func generate(dir, out string, theme fs.FS) ([]byte, []string, error) {
	pkg, err := loadRender(dir, out)
	if err != nil {
		return nil, nil, err
	}
	set, sums, err := parseTheme(theme)
	if err != nil {
		return nil, nil, err
	}
	g := newGen(pkg, set)
	for _, name := range g.entries() {
		g.entry(name)
	}
	return g.file(sums), g.notes(), nil
}
