package main

import (
	"fmt"
	"go/types"
	"html/template"
	"sort"
	"strings"
)

// frame is the template render runs around every page's view, with the
// same *Page: written as Go, like the views.
const frame = "layout"

// gen writes the Go of the templates of set.
type gen struct {
	pkg   *renderPkg
	set   *template.Template // executed once: its trees are escaped
	views map[string]types.Type
	page  types.Type // *Page, the dot of the page templates
	item  types.Type // Item, what cachedEach lists
	fns   map[string]*fn
	names map[string]int // Go names given, for the next suffix
	order []*fn
	// pages are the page templates tried, by name: nil when written.
	pages   map[string]error
	imports map[string]bool
}

// fn is one template written as a Go function for one type of dot.
type fn struct {
	tmpl   string
	dot    val    // the function's parameter as its body sees it
	goName string // "tPage"
	code   []string
	uses   map[string]bool // the templates it runs: itself, those it calls, cachedEach's
	err    error
	done   bool
}

func newGen(pkg *renderPkg, set *template.Template) *gen {
	scope := pkg.types.Scope()
	return &gen{pkg: pkg, set: set, views: pkg.views(),
		page: types.NewPointer(scope.Lookup("Page").Type()), item: scope.Lookup("Item").Type(),
		fns: map[string]*fn{}, names: map[string]int{}, pages: map[string]error{}, imports: map[string]bool{}}
}

// entries are the templates render executes with a page: the frame and
// every page template, sorted.
func (g *gen) entries() []string {
	names := []string{frame}
	for name := range g.views {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// entry writes page template name, or notes why it cannot.
func (g *gen) entry(name string) {
	if name != frame && g.views[name] == nil {
		g.pages[name] = fmt.Errorf("its pages' .Data are of more than one type")
		return
	}
	f := g.function(name, val{code: "d0", typ: g.page, addr: true})
	g.pages[name] = f.err
}

// function returns the Go function of template name for a dot like dot,
// writing it the first time.
func (g *gen) function(name string, dot val) *fn {
	key := fmt.Sprintf("%s\x00%s\x00%v", name, types.TypeString(dot.typ, nil), dot.addr)
	if f, ok := g.fns[key]; ok {
		if !f.done {
			f.err = fmt.Errorf("template %q runs itself", name)
		}
		return f
	}
	f := &fn{tmpl: name, goName: g.goName(name), uses: map[string]bool{name: true}}
	f.dot = val{code: "d0", typ: dot.typ, addr: dot.addr, ptr: isStruct(dot.typ)}
	g.fns[key] = f
	t := g.set.Lookup(name)
	if t == nil || t.Tree == nil {
		f.err = fmt.Errorf("no template %q", name)
		f.done = true
		return f
	}
	c := &compiler{g: g, f: f, tree: t.Tree}
	body, err := c.list(t.Tree.Root, &scope{dot: f.dot, vars: []variable{{name: "$", v: f.dot}}})
	f.done = true
	if err == nil && f.err == nil {
		f.code = c.function(f.goName, []variable{{name: "$", v: f.dot}}, body)
		f.code = append(f.code, c.parts...)
		g.order = append(g.order, f)
	} else if f.err == nil {
		f.err = err
	}
	return f
}

// goName returns a Go name for template name: "tNavItem" for "nav-item".
func (g *gen) goName(name string) string {
	var b strings.Builder
	b.WriteString("t")
	up := true
	for _, r := range name {
		switch {
		case r == '-' || r == '_' || r == '.' || r == ' ':
			up = true
		case up:
			b.WriteString(strings.ToUpper(string(r)))
			up = false
		default:
			b.WriteRune(r)
		}
	}
	s := b.String()
	g.names[s]++
	if n := g.names[s]; n > 1 {
		s = fmt.Sprintf("%s%d", s, n)
	}
	return s
}

// notes says which page templates are left to html/template, and why.
func (g *gen) notes() []string {
	var out []string
	for _, name := range g.entries() {
		if err := g.pages[name]; err != nil {
			out = append(out, fmt.Sprintf("%s stays on html/template: %v", name, err))
		}
	}
	return out
}

// isStruct reports whether t is a struct (not a pointer to one): the
// functions take such a dot by pointer.
func isStruct(t types.Type) bool {
	_, ok := t.Underlying().(*types.Struct)
	return ok
}
