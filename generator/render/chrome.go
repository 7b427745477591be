package render

import (
	"bytes"
	"html/template"
	"io/fs"
	"sync"
	"text/template/parse"

	"rapport"
)

// The page chrome, compiled. The built-in theme's hottest templates (the
// frame every page has, "layout", and the views of content pages and
// topic pages, "page" and "topic") are also written here as Go, which
// writes what html/template writes for them byte for byte, without its
// reflection: executing them through html/template was most of a large
// site's render time. A site's theme still decides: each compiled
// template is used only when the site's theme defines it, and every
// template it calls, exactly as the built-in theme does (the same parse
// trees); a site that changes any of them gets its own through
// html/template. TestCompiledChromeIsTheTemplates holds the two to the
// same output.
//
// The Go follows the templates line by line, with their text as string
// constants; values are escaped as html/template escapes them in their
// context (escape.go).
//
// # Why Go, and not html/template with precomputed parts, or templ
//
// Measured on 1,000 playbook pages of the benchmark corpus (a prototype
// benchmark, one core, medians of 3 on the shared machine), per page:
//
//	                                      time     allocs   bytes
//	frame + view, html/template           1.8 ms   1,006    48.7 KB
//	  with nav, switcher, alternates and
//	  theme options precomputed as HTML   0.95 ms    892    42.0 KB
//	frame + view, Go (this file)           96 µs      15     0.6 KB
//	view alone, html/template             224 µs     233     7.7 KB
//	view alone, github.com/a-h/templ       56 µs      60     1.9 KB
//	view alone, Go                         26 µs       6     0.3 KB
//	navigation list, html/template        669 µs     783    20.0 KB
//	navigation list, templ                114 µs     196    11.8 KB
//	navigation list, Go                    20 µs       0     0
//
// Precomputing parts of the frame leaves html/template's reflection on
// every per-page hole (about 60 on a playbook): half the time at best.
// templ compiles templates to Go as this file does, but its output is
// not html/template's (it escapes differently and rewrites whitespace),
// so a site's copy of the theme, which html/template must still execute,
// would not render what the built-in theme renders; it is twice the time
// of plain Go here, five times on the navigation, adds a code generator
// and a dependency. Writing Go that gives html/template's bytes keeps one
// theme with two renderers held equal by a test.

// compiled says which templates render through the Go code below.
type compiled struct {
	layout, page, topic, home, status, progress bool
}

// compiledDeps are the templates each compiled one executes (itself, the
// templates it calls and those cachedEach names).
var compiledDeps = map[string][]string{
	"layout":   {"layout", "head-common", "switcher", "theme-options", "nav-item", "switcher-item", "alternate"},
	"page":     {"page", "crumb", "topic-item", "linklist", "link-item"},
	"topic":    {"topic", "crumb", "linklist", "link-item"},
	"home":     {"home"},
	"status":   {"status"},
	"progress": {"progress"},
}

// compile reports which of theme's templates (tmpl, parsed from theme and
// not yet executed) are the built-in theme's: all of them when its
// template files are the built-in ones (a site without a theme of its
// own), else those whose parse trees are.
func compile(theme fs.FS, tmpl *template.Template, funcs template.FuncMap) compiled {
	if sameFiles(theme, rapport.Theme(), "templates") {
		return compiled{true, true, true, true, true, true}
	}
	builtin, err := template.New("").Funcs(funcs).ParseFS(rapport.Theme(), "templates/*.html")
	if err != nil {
		return compiled{}
	}
	same := func(name string) bool {
		for _, n := range compiledDeps[name] {
			a, b := tmpl.Lookup(n), builtin.Lookup(n)
			if a == nil || b == nil || !sameTree(a.Tree, b.Tree) {
				return false
			}
		}
		return true
	}
	return compiled{layout: same("layout"), page: same("page"), topic: same("topic"),
		home: same("home"), status: same("status"), progress: same("progress")}
}

// sameFiles reports whether folder dir holds the same files, with the
// same bytes, in a and b.
func sameFiles(a, b fs.FS, dir string) bool {
	ea, err := fs.ReadDir(a, dir)
	if err != nil {
		return false
	}
	eb, err := fs.ReadDir(b, dir)
	if err != nil || len(ea) != len(eb) {
		return false
	}
	for i := range ea {
		if ea[i].Name() != eb[i].Name() || ea[i].IsDir() || eb[i].IsDir() {
			return false
		}
		da, err := fs.ReadFile(a, dir+"/"+ea[i].Name())
		if err != nil {
			return false
		}
		db, err := fs.ReadFile(b, dir+"/"+eb[i].Name())
		if err != nil || !bytes.Equal(da, db) {
			return false
		}
	}
	return true
}

func sameTree(a, b *parse.Tree) bool {
	return a != nil && b != nil && a.Root.String() == b.Root.String()
}

// w writes a page: static text as it is, values escaped.
type w struct{ *bytes.Buffer }

func (o w) s(s string)        { o.WriteString(s) }         // template text
func (o w) h(s string)        { escHTML(o.Buffer, s) }     // a string in text or a quoted attribute
func (o w) u(s string)        { escURL(o.Buffer, s) }      // a whole URL attribute
func (o w) t(s template.HTML) { o.WriteString(string(s)) } // HTML in text

// link writes open (template text ending in `href="`), the URL href, and
// text as the link's content: open{{href}}">{{text}}</a>.
func (o w) link(open, href, text string) {
	o.s(open)
	o.u(href)
	o.s("\">")
	o.h(text)
	o.s("</a>")
}

// layoutTop writes "layout" up to and including <main>'s start tag.
func layoutTop(o w, p *Page) {
	o.s("<!DOCTYPE html>\n<html lang=\"")
	o.h(p.Lang.Tag)
	o.s("\" dir=\"")
	o.h(p.Lang.Dir)
	o.s("\">\n<head>\n")
	headCommon(o, p.Frame)
	o.s("<title>")
	o.h(p.Title)
	if p.SiteTitle != "" {
		o.s(" · ")
		o.h(p.SiteTitle)
	}
	o.s("</title>\n")
	layoutScripts(o, p.Frame)
	o.s("</head>\n<body>\n<a class=\"skip-link\" href=\"#main\">")
	o.t(p.T("nav.skip"))
	o.s("</a>\n<header class=\"site-header\">\n  ")
	layoutHeader(o, p.Frame)
	o.s("\n</header>\n<div class=\"site-body\">\n")
	if len(p.Nav) > 0 {
		layoutDrawer(o, p.Frame)
	}
	o.s("\n<main id=\"main\" tabindex=\"-1\">\n")
}

// layoutBottom writes "layout" from Main on.
func layoutBottom(o w, p *Page) {
	o.s("\n</main>\n</div>\n<footer class=\"site-footer\">\n  <p>")
	o.t(p.T("site.tagline"))
	o.s("</p>\n</footer>\n</body>\n</html>\n")
}

func layoutScripts(o w, f *Frame) {
	if f.NoIndex {
		o.s("<meta name=\"robots\" content=\"noindex\">\n")
	}
	for _, s := range f.Scripts {
		o.s("<script src=\"")
		o.u(s)
		o.s("\" defer></script>\n")
	}
	if f.ShowSearch {
		o.s("<script src=\"")
		o.u(f.Assets.Keys)
		o.s("\" defer data-search=\"")
		o.h(f.Href(f.SearchURL))
		o.s("\"></script>\n")
	}
	if s := f.Progress; len(f.Nav) > 0 && s != nil {
		o.s("<script src=\"")
		o.u(s.Src)
		o.s("\" defer data-lang=\"")
		o.h(f.Lang.Tag)
		o.s("\" data-root=\"")
		o.h(s.Root)
		o.s("\" data-home=\"")
		o.h(s.Home)
		o.s("\" data-page=\"")
		o.h(s.Page)
		o.s("\" data-messages=\"")
		f.r.frags.messages.write(o, s.Messages, func() { o.h(s.Messages) }) // a language's pages have the same
		o.s("\"></script>\n")
	}
	if s := f.Quiz; s != nil {
		o.s("<script src=\"")
		o.u(s.Src)
		o.s("\" defer data-lang=\"")
		o.h(f.Lang.Tag)
		o.s("\" data-page=\"")
		o.h(s.Page)
		o.s("\" data-messages=\"")
		f.r.frags.messages.write(o, s.Messages, func() { o.h(s.Messages) }) // a language's pages have the same
		o.s("\"></script>\n")
	}
}

func layoutHeader(o w, f *Frame) {
	if len(f.Nav) > 0 {
		o.s("<a class=\"menu-button\" href=\"#site-nav\" data-menu-button><span class=\"menu-icon\" aria-hidden=\"true\"></span>")
		o.t(f.T("drawer.open"))
		o.s("</a>")
	}
	o.s("\n  <a class=\"site-title\" href=\"")
	o.u(f.Href(f.Lang.Home))
	o.s("\">")
	if f.Assets.Logo != "" {
		o.s("<img class=\"site-logo\" src=\"")
		o.u(f.Assets.Logo)
		o.s("\" alt=\"\">")
	}
	o.t(f.T("site.title"))
	o.s("</a>\n  ")
	if f.ShowSearch {
		o.s("<form class=\"site-search\" role=\"search\" action=\"")
		o.u(f.Href(f.SearchURL))
		o.s("\" method=\"get\">\n    <label class=\"visually-hidden\" for=\"site-search-q\">")
		o.t(f.T("search.label"))
		o.s("</label>\n    <input id=\"site-search-q\" name=\"q\" type=\"search\" placeholder=\"")
		o.h(f.S("search.placeholder"))
		o.s("\" aria-keyshortcuts=\"/ Control+K Meta+K\">\n    <button type=\"submit\">")
		o.t(f.T("search.submit"))
		o.s("</button>\n  </form>")
	}
	o.s("\n  ")
	switcher(o, f)
	o.s("\n  <div class=\"theme-choice\" data-theme-choice hidden><label for=\"theme-choice\">")
	o.t(f.T("theme.label"))
	o.s("</label> <select id=\"theme-choice\">")
	themeOptions(o, f)
	o.s("</select></div>")
}

func layoutDrawer(o w, f *Frame) {
	o.s("<div id=\"site-nav\" class=\"drawer\">\n  <a class=\"drawer-close\" href=\"#main\" data-drawer-close>")
	o.t(f.T("drawer.close"))
	o.s("</a>\n  <div class=\"drawer-tools\">")
	switcher(o, f)
	o.s("<div class=\"theme-choice\" data-theme-choice hidden><label for=\"theme-choice-drawer\">")
	o.t(f.T("theme.label"))
	o.s("</label> <select id=\"theme-choice-drawer\">")
	themeOptions(o, f)
	o.s("</select></div></div>\n<nav class=\"site-nav\" aria-label=\"")
	o.h(f.S("nav.main"))
	o.s("\">\n  <ul>\n  ")
	for i := range f.Nav {
		it := &f.Nav[i]
		if it.Current || len(it.Children) > 0 {
			navItem(o, it)
			continue
		}
		// Every other page shows the entry the same way.
		f.r.frags.nav.write(o, navKey{it.Href, it.Text, it.Pages}, func() { navItem(o, it) })
	}
	o.s("<li><a href=\"")
	o.u(f.Href(f.TopicsURL))
	o.s("\">")
	o.t(f.T("topics.title"))
	o.s("</a></li>\n  <li><a href=\"")
	o.u(f.Href(f.ProgressURL))
	o.s("\">")
	o.t(f.T("progress.title"))
	o.s("</a></li>\n  </ul>\n</nav>\n</div>")
}

func themeOptions(o w, f *Frame) {
	o.s("<option value=\"system\">")
	o.h(f.S("theme.system"))
	o.s("</option><option value=\"light\">")
	o.h(f.S("theme.light"))
	o.s("</option><option value=\"dark\">")
	o.h(f.S("theme.dark"))
	o.s("</option>")
}

func switcher(o w, f *Frame) {
	if len(f.Switcher) == 0 {
		return
	}
	o.s("<nav class=\"lang-switcher\" aria-label=\"")
	o.h(f.S("nav.languages"))
	o.s("\">\n  <ul>\n  ")
	for i := range f.Switcher {
		switcherItem(o, &f.Switcher[i])
	}
	o.s("</ul>\n</nav>")
}

func switcherItem(o w, it *Item) {
	switch {
	case it.Current:
		o.s("<li><span aria-current=\"true\" lang=\"")
		langDir(o, it)
		o.s(" class=\"current\">")
		o.h(it.Text)
		o.s("</span>")
	case it.Href != "":
		o.s("<li><a href=\"")
		o.u(it.Href)
		o.s("\" hreflang=\"")
		o.h(it.Lang)
		o.s("\" lang=\"")
		langDir(o, it)
		o.s(">")
		o.h(it.Text)
		o.s("</a>")
	default:
		o.s("<li><span class=\"missing\" lang=\"")
		langDir(o, it)
		o.s(">")
		o.h(it.Text)
		o.s("</span> <span class=\"missing-note\">")
		o.t(it.Label)
		o.s("</span>")
	}
	o.s("</li>\n  ")
}

// langDir writes an item's language and direction after lang=".
func langDir(o w, it *Item) {
	o.h(it.Lang)
	o.s("\" dir=\"")
	o.h(it.Dir)
	o.s("\"")
}

func navItem(o w, it *Item) {
	o.s("<li")
	if it.Current {
		o.s(" class=\"current\"")
	}
	if it.Pages != "" {
		o.s(" data-pages=\"")
		o.h(it.Pages)
		o.s("\"")
	}
	navLink(o, it)
	o.s("\n    ")
	if len(it.Children) > 0 {
		o.s("<ul>\n    ")
		for i := range it.Children {
			c := &it.Children[i]
			o.s("<li")
			if c.Current {
				o.s(" class=\"current\"")
			}
			navLink(o, c)
			o.s("</li>\n    ")
		}
		o.s("</ul>")
	}
	o.s("\n  </li>\n  ")
}

// navLink writes a navigation entry's link, after its <li's attributes.
func navLink(o w, it *Item) {
	o.s("><a href=\"")
	o.u(it.Href)
	o.s("\"")
	if it.Current {
		o.s(" aria-current=\"page\"")
	}
	o.s(">")
	o.h(it.Text)
	o.s("</a>")
}

func headCommon(o w, f *Frame) {
	o.s("<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	if f.CSP != "" {
		o.s("<meta http-equiv=\"Content-Security-Policy\" content=\"")
		o.h(f.CSP)
		o.s("\">\n")
	}
	o.s("<meta name=\"generator\" content=\"rapport\">\n<link rel=\"stylesheet\" href=\"")
	o.u(f.Assets.CSS)
	o.s("\">\n")
	if f.Assets.Brand != "" {
		o.s("<link rel=\"stylesheet\" href=\"")
		o.u(f.Assets.Brand)
		o.s("\">\n")
	}
	o.s("<script src=\"")
	o.u(f.Assets.Site)
	o.s("\"></script>\n<link rel=\"icon\" href=\"")
	o.u(f.Assets.Icon)
	o.s("\" type=\"image/svg+xml\">\n")
	for i := range f.Alternates {
		o.s("<link rel=\"alternate\" hreflang=\"")
		o.h(f.Alternates[i].Lang)
		o.s("\" href=\"")
		o.u(f.Alternates[i].Href)
		o.s("\">\n")
	}
	headMeta(o, f)
}

func headMeta(o w, f *Frame) {
	if f.Canonical != "" {
		o.s("<link rel=\"canonical\" href=\"")
		o.u(f.Canonical)
		o.s("\">\n<meta property=\"og:url\" content=\"")
		o.h(f.Canonical)
		o.s("\">\n")
	}
	if f.Description != "" {
		o.s("<meta name=\"description\" content=\"")
		o.h(f.Description)
		o.s("\">\n<meta property=\"og:description\" content=\"")
		o.h(f.Description)
		o.s("\">\n")
	}
	o.s("<meta property=\"og:type\" content=\"")
	o.h(f.OGType)
	o.s("\">\n<meta property=\"og:title\" content=\"")
	o.h(f.Title)
	o.s("\">\n<meta property=\"og:site_name\" content=\"")
	o.h(f.SiteTitle)
	o.s("\">\n")
	if l := f.OGLocale(); l != "" {
		o.s("<meta property=\"og:locale\" content=\"")
		o.h(l)
		o.s("\">\n")
	}
	o.s("<meta name=\"twitter:card\" content=\"summary\">\n")
}

// view returns the compiled writer of p's kind, or nil when its template
// is not compiled. body, when not nil, writes an article's body in place
// of its Content.
func (r *renderer) view(p *Page, body func(w)) func(w) {
	switch d := p.Data.(type) {
	case *Article:
		if r.compiled.page && p.Template == "page" {
			if body == nil {
				body = func(o w) { o.t(d.Content) }
			}
			return func(o w) { articleView(o, p, d, body) }
		}
	case *Topic:
		if r.compiled.topic && p.Template == "topic" {
			return func(o w) { topicView(o, p, d) }
		}
	case *Home:
		if r.compiled.home && p.Template == "home" {
			return func(o w) { homeView(o, p, d) }
		}
	case *Status:
		if r.compiled.status && p.Template == "status" {
			return func(o w) { statusView(o, p, d) }
		}
	case *ProgressView:
		if r.compiled.progress && p.Template == "progress" {
			return func(o w) { progressView(o, p, d) }
		}
	}
	return nil
}

// chromeFragments keeps what the compiled templates write once per render
// and copy after: navigation entries, pages' links in topic lists, and
// scripts' messages (the same on every page of a language) escaped.
type chromeFragments struct {
	nav       fragmentCache[navKey]
	pageLinks fragmentCache[pageLink]
	messages  fragmentCache[string]
}

// fragmentCache keeps what compiled templates wrote for a value of K,
// which holds everything the writing reads: the same key writes the same
// bytes, copied instead of written again.
type fragmentCache[K comparable] struct {
	mu sync.RWMutex
	m  map[K][]byte
}

// write writes the bytes of k, written by write the first time.
func (c *fragmentCache[K]) write(o w, k K, write func()) {
	c.mu.RLock()
	b, ok := c.m[k]
	c.mu.RUnlock()
	if ok {
		o.Write(b)
		return
	}
	start := o.Len()
	write()
	b = bytes.Clone(o.Bytes()[start:])
	c.mu.Lock()
	if c.m == nil {
		c.m = map[K][]byte{}
	}
	c.m[k] = b
	c.mu.Unlock()
}

// navKey is what navItem reads of an entry neither current nor expanded.
type navKey struct{ href, text, pages string }
