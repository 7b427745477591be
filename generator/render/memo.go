package render

import (
	"fmt"
	"html/template"
	"io/fs"
	"slices"
	"strings"

	"rapport/generator/diag"
	"rapport/generator/link"
	"rapport/generator/memo"
	"rapport/generator/output"
	"rapport/generator/parse"
)

// Versions name, for the Memo, what output depends on besides each page's
// own source and links. With a memo that keeps nothing they are not used.
type Versions struct {
	// Setup identifies the theme files, UI strings, metrics and options.
	Setup memo.Sum
	// Graph names the link stage's run that made the site graph: the same
	// value is the very same graph (pages, titles, links, topics), so a
	// page whose parsed source is the same object renders the same.
	Graph uint64
}

// Memo remembers rendered pages between builds of one site (rapport
// serve), so a rebuild renders only what changed (see package memo). A
// content page is reused when it was made from the same Versions.Setup,
// graph and parsed page (samePage, a pointer comparison); on a new graph,
// when none of the pages its view linked (its deps, recorded as it was
// made: see Frame.Href) changed (see graphDiff); or else when the
// sum of its source, links and page view is the same; a generated page
// when its view, the setup and what it shows besides (its deps) are; the
// sitemap when the setup and graph are. A build with a memo gives the same
// bytes as one without.
type Memo struct {
	policy    memo.Policy                   // of the build's mode: whether pages are kept
	pages     *memo.Last[string, rendered]  // content pages, by site path
	generated *memo.Last[string, generated] // generated pages, by output path
	// order is the sorted order of the content pages of a graph.
	order *memo.Last[struct{}, []int]
	// navs are the languages' navigation lists, by language tag, with
	// the setup and graph they were made from.
	navs *memo.Last[string, *navList]
	// themes is the parsed templates, by the setup (Versions.Setup sums
	// the theme's files).
	themes *memo.Last[struct{}, parsedTheme]
	// rendered is the last render's content pages in the site's order,
	// with the setup and graph they were made from (see lastPages).
	rendered *memo.Last[struct{}, renderedPages]
	// last is the graph the kept pages were last made or checked
	// against, for the next graph's diff.
	last struct {
		site    *link.Site
		version uint64
		shape   memo.Sum          // of its siteFacts
		places  map[string]placed // its pages by address (see diff)
	}
}

// rendered is a content page's bytes, with what it was made from.
type rendered struct {
	data  []byte
	sum   memo.Sum // its Lookup sum (pageSum)
	setup memo.Sum
	graph uint64
	page  *parse.Page // kept parsed pages are never changed (memo.Serve)
	// deps are the site paths the page's view linked when it was made
	// (its navigation, breadcrumbs, related pages, translations…): the
	// pages whose titles, descriptions and links it shows.
	deps []string
}

// generated is a generated page's bytes, with the sum of the setup, graph
// and deps it was last made or found again from (see renderer.generate).
type generated struct {
	data  []byte
	sum   memo.Sum // its Lookup sum (generatedSum)
	quick memo.Sum // quickSum
	base  memo.Sum // the setup and deps without the graph (baseSum)
	graph uint64
	// links are the site paths of the pages whose titles its view showed
	// when it was made (see Frame.shown).
	links []string
}

// sameGenerated returns the generated page at path when it was made from
// the same setup and deps (what it shows besides the graph) and from the
// same graph, or one in which no page moved and none it showed changed (d).
func (m *Memo) sameGenerated(path, deps string, v Versions, d *graphDiff) ([]byte, bool) {
	if !m.policy.Keep {
		return nil, false
	}
	e, ok := m.generated.Peek(path)
	if !ok {
		return nil, false
	}
	quick := quickSum(v, deps)
	if e.quick == quick {
		return e.data, true // the same graph
	}
	if !d.unmoved(e.graph, e.links) || e.base != baseSum(v.Setup, deps) {
		return nil, false
	}
	e.graph, e.quick = v.Graph, quick
	m.generated.Put(path, e.sum, e)
	return e.data, true
}

// putGenerated keeps e, made or found again from view p (sum), as the
// page at path.
func (m *Memo) putGenerated(path string, sum memo.Sum, e generated, deps string, v Versions, p *Page) {
	if !m.policy.Keep {
		return
	}
	e.sum, e.quick, e.base, e.graph = sum, quickSum(v, deps), baseSum(v.Setup, deps), v.Graph
	if p != nil {
		e.links = p.shown.list()
	}
	m.generated.Put(path, sum, e)
}

func baseSum(setup memo.Sum, deps string) memo.Sum {
	return memo.NewHash().Sums(setup).Strings(deps).Sum()
}

// NewMemo returns an empty memo that keeps pages in mode memo.Serve, and
// otherwise never hits.
func NewMemo(mode memo.Mode) *Memo {
	return &Memo{policy: mode.Policy(), pages: memo.New[string, rendered](mode), generated: memo.New[string, generated](mode), order: memo.New[struct{}, []int](mode), navs: memo.New[string, *navList](mode), rendered: memo.New[struct{}, renderedPages](mode), themes: memo.New[struct{}, parsedTheme](mode)}
}

// samePage returns the page at url when it was made from the same setup
// and parsed page, and from the same graph or one in which neither the
// page nor any of its deps changed (d); the page is then kept as made from
// this graph.
func (m *Memo) samePage(url string, v Versions, page *parse.Page, d *graphDiff) ([]byte, bool) {
	e, ok := m.pages.Peek(url)
	if !ok || e.page != page || e.setup != v.Setup {
		return nil, false
	}
	if e.graph == v.Graph {
		return e.data, true
	}
	if !d.unaffected(url, e.graph, e.deps) {
		return nil, false
	}
	e.graph = v.Graph
	m.pages.Put(url, e.sum, e)
	return e.data, true
}

// pageSum hashes what a page's output depends on besides its body: the
// setup, its source, its resolved links and its view.
func pageSum(setup memo.Sum, src []byte, hrefs []string, p *Page) memo.Sum {
	return memo.NewHash().Sums(setup).Bytes(src).Strings(hrefs...).Value(p).Sum()
}

// generatedSum hashes what a generated page depends on: the setup, deps
// (what it shows besides) and its view.
//
// quickSum is what a generated page depends on when the graph is the very
// same one (an edit of a page's text): the setup, the graph's version and
// deps. Its view need not be made then.
func quickSum(v Versions, deps string) memo.Sum {
	return memo.NewHash().Sums(v.Setup).Ints(int(v.Graph)).Strings(deps).Sum()
}

func generatedSum(setup memo.Sum, deps string, p *Page) memo.Sum {
	return memo.NewHash().Sums(setup).Strings(deps).Value(p).Sum()
}

// sortOrder returns the permutation of pages (in the site's order) that
// sorts them by path. The same graph has the same pages in the same
// order, so its permutation is kept.
func (m *Memo) sortOrder(graph uint64, pages []output.File) []int {
	order, sum, ok := m.order.Lookup(struct{}{}, func() memo.Sum { return memo.NewHash().Ints(int(graph), len(pages)).Sum() })
	if !ok {
		order = make([]int, len(pages))
		for i := range order {
			order[i] = i
		}
		slices.SortFunc(order, func(a, b int) int { return strings.Compare(pages[a].Path, pages[b].Path) })
		m.order.Put(struct{}{}, sum, order)
	}
	return order
}

// NavOf returns the navigation list the memo keeps for language tag, a
// value that is the same one while the memo reuses it (for tests: an
// edit of a page's text must not make it again).
func (m *Memo) NavOf(tag string) (any, bool) {
	n, ok := m.navs.Peek(tag)
	return n, ok
}

// renderedPages are a render's content pages, files[i] made from
// parsed[i] (nil where the page had a problem: it is made again, to
// report it again).
type renderedPages struct {
	parsed []*parse.Page
	files  []output.File
}

// lastPages returns the last render's content pages when it rendered n
// pages of the same graph (v.Graph, the very same pages in the same
// order) with the same setup: a page whose parsed page is the same one is
// then the same file, found without a lookup by its address (samePage's
// first case, for all pages at once: an edit of a page's text).
func (m *Memo) lastPages(v Versions, n int) *renderedPages {
	last, _, ok := m.rendered.Lookup(struct{}{}, func() memo.Sum { return renderedSum(v, n) })
	if !ok || len(last.parsed) != n {
		return nil
	}
	return &last
}

// keepPages keeps a render's content pages for lastPages, unless they were
// passed on as they were made (Options.Pages: files without their bytes).
func (m *Memo) keepPages(v Versions, pages []*link.Page, files []output.File, errs []diag.List) {
	if !m.policy.Keep {
		return
	}
	parsed := make([]*parse.Page, len(pages))
	for i, p := range pages {
		if len(errs[i]) == 0 {
			parsed[i] = p.Parsed
		}
		if files[i].Data == nil {
			return // sent on (Options.Pages)
		}
	}
	m.rendered.Put(struct{}{}, renderedSum(v, len(pages)), renderedPages{parsed, files})
}

func renderedSum(v Versions, n int) memo.Sum {
	return memo.NewHash().Sums(v.Setup).Ints(int(v.Graph), n).Sum()
}

// parsedTheme is a theme's templates, parsed, and which of them render
// through their Go (compile, which reads the trees before any execution).
// Executing templates does not change what they write: a render takes
// the last one's while the setup is the same. Their fragments memo
// (cachedEach) is keyed by the items themselves.
type parsedTheme struct {
	tmpl   *template.Template
	chrome chrome
}

// theme returns the templates of fsys, parsed, or the last render's when
// the setup (v.Setup, which sums the theme's files) is the same.
func (m *Memo) theme(fsys fs.FS, v Versions) (parsedTheme, error) {
	t, sum, ok := m.themes.Lookup(struct{}{}, func() memo.Sum { return memo.NewHash().Sums(v.Setup).Sum() })
	if ok {
		return t, nil
	}
	frags := newFragments()
	tmpl, err := template.New("").Funcs(frags.funcs()).ParseFS(fsys, "templates/*.html")
	if err != nil {
		return parsedTheme{}, fmt.Errorf("parse templates: %w", err)
	}
	frags.tmpl = tmpl
	t = parsedTheme{tmpl, compile(tmpl)}
	m.themes.Put(struct{}{}, sum, t)
	return t, nil
}
