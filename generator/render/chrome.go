package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"html/template"
	"slices"
	"sync"
	"text/template/parse"
)

//go:generate go run ./internal/chromegen

// The page chrome, generated. chrome_gen.go is the built-in theme's
// templates written as Go by chromegen (internal/chromegen), from the
// parse trees html/template escapes: each action's value goes through the
// helper (escape.go) that gives the bytes of the escapers html/template
// chose for its context. Executing the templates through html/template
// was most of a large site's render time (its reflection on about 60
// holes a page); the Go writes the same bytes without it.
//
// A site's theme still decides: the Go of a template is used only while
// the site's theme parses to the same trees for it and for every template
// it runs (the sums in chrome_gen.go); a site that changes one gets its own
// through html/template, and `rapport build -v` names the templates.
// TestCompiledChromeIsTheTemplates holds the two to the same output.
//
// After editing a template in themes/default/templates, run
//
//	go generate ./generator/render
//
// Until then the edited template renders through html/template (its sum
// differs), and CI fails on the stale file.

// goTemplate is a template written as Go (see chrome_gen.go).
type goTemplate struct {
	write func(o w, p *Page)
	// view reports whether a page's Data is of the type the Go was written
	// for; nil for the frame, which shows no Data.
	view func(p *Page) bool
	// uses are the templates it runs: itself, those it calls and those
	// cachedEach names.
	uses []string
}

// isView reports whether p's view is a T.
func isView[T any](p *Page) bool {
	_, ok := p.Data.(T)
	return ok
}

// chrome is which templates of a site's theme render through their Go.
type chrome struct {
	templates map[string]goTemplate
	// changed are the templates with Go that the site's theme changes (or
	// lacks), sorted: they, and the templates running them, render
	// through html/template.
	changed []string
}

// compile returns the templates of tmpl (parsed, not yet executed) that
// render through Go: those whose trees, and those of every template they
// run, are the ones the Go was written from.
func compile(tmpl *template.Template) chrome {
	same := map[string]bool{}
	var c chrome
	for name, sum := range templateSums() {
		t := tmpl.Lookup(name)
		if same[name] = t != nil && treeSum(t.Tree) == sum; !same[name] {
			c.changed = append(c.changed, name)
		}
	}
	slices.Sort(c.changed)
	c.templates = map[string]goTemplate{}
	for name, g := range generatedTemplates() {
		if !slices.ContainsFunc(g.uses, func(u string) bool { return !same[u] }) {
			c.templates[name] = g
		}
	}
	return c
}

// treeSum is the SHA-256 of a template's parse tree, as chromegen sums it.
func treeSum(t *parse.Tree) string {
	if t == nil || t.Root == nil {
		return ""
	}
	sum := sha256.Sum256([]byte(t.Root.String()))
	return hex.EncodeToString(sum[:])
}

// writer returns the Go of template name for page p, or nil when it
// renders through html/template.
func (c chrome) writer(name string, p *Page) func(w, *Page) {
	g, ok := c.templates[name]
	if !ok || g.view != nil && !g.view(p) {
		return nil
	}
	return g.write
}

// w writes a page for the generated templates: their text as it is,
// values through the escapers of escape.go.
type w struct {
	*bytes.Buffer
	// holes are template.HTML values written by a function instead of
	// held: the view inside the frame (Page.Main), an article's body.
	holes []hole
	// long keeps long values escaped (see h).
	long *escapeCache
}

// hole is the value at, written by fill when the page writes it.
type hole struct {
	at   *template.HTML
	fill func(w)
}

func (o w) s(s string)        { o.WriteString(s) }         // template text
func (o w) u(s string)        { escURL(o.Buffer, s) }      // a whole URL attribute
func (o w) un(s string)       { escURLPath(o.Buffer, s) }  // a URL attribute's path after text
func (o w) uf(s string)       { escURLText(o.Buffer, s) }  // a URL inside an attribute's text
func (o w) uq(s string)       { escURLQuery(o.Buffer, s) } // a URL attribute's query or fragment
func (o w) t(s template.HTML) { o.WriteString(string(s)) } // HTML in text

// h writes s in text, a quoted attribute or <title>.
func (o w) h(s string) {
	if len(s) < longString || o.long == nil {
		escHTML(o.Buffer, s)
		return
	}
	o.long.write(o.Buffer, s)
}

// html writes the HTML field at v: a hole's function writes it.
func (o w) html(v *template.HTML) {
	for i := range o.holes {
		if h := &o.holes[i]; h.at == v && h.fill != nil {
			h.fill(o)
			return
		}
	}
	o.WriteString(string(*v))
}

// get returns the HTML field at v for a use other than writing it (a
// condition, a with): a hole's function then makes its value first.
func (o w) get(v *template.HTML) template.HTML {
	for i := range o.holes {
		if h := &o.holes[i]; h.at == v && h.fill != nil {
			fill := h.fill
			h.fill = nil
			var b bytes.Buffer
			fill(w{Buffer: &b, holes: o.holes, long: o.long})
			*v = template.HTML(b.String())
		}
	}
	return *v
}

// each writes {{cachedEach name items}}: write, the Go of template name,
// for each item. cachedEach keeps what html/template wrote for an item
// (fragments.go); in Go, writing an item again costs less than finding
// it (measured: a map keyed by an item's fields took several times the
// time of writing them), and its long values are kept escaped (w.h).
func (o w) each(items []Item, write func(w, *Item)) {
	for i := range items {
		write(o, &items[i])
	}
}

// longString is the length from which w.h keeps what it wrote for a
// string: the long values of a page (a script's messages, an article's
// page list in the navigation) are the same on every page of a language,
// and finding them again costs less than escaping them again.
const longString = 256

// escapeCache keeps long strings escaped for HTML (see w.h).
type escapeCache struct {
	mu sync.RWMutex
	m  map[string][]byte
}

// write writes s escaped for HTML, as escHTML does.
func (c *escapeCache) write(b *bytes.Buffer, s string) {
	c.mu.RLock()
	e, ok := c.m[s]
	c.mu.RUnlock()
	if ok {
		b.Write(e)
		return
	}
	start := b.Len()
	escHTML(b, s)
	e = bytes.Clone(b.Bytes()[start:])
	c.mu.Lock()
	c.m[s] = e
	c.mu.Unlock()
}
