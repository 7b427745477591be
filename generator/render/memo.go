package render

import (
	"slices"
	"strings"

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
	// Report names the report stage's run that made Options.Status.
	Report uint64
}

// Memo remembers rendered pages between builds of one site (rapport
// serve), so a rebuild renders only what changed (see package memo). A
// content page is reused when it was made from the same Versions.Setup,
// graph and parsed page (samePage, a pointer comparison), or else when the
// sum of its source, links and page view is the same; a generated page
// when its view, the setup and what it shows besides (its deps) are; the
// sitemap when the setup and graph are. A build with a memo gives the same
// bytes as one without.
type Memo struct {
	pages     *memo.Last[string, rendered]  // content pages, by site path
	generated *memo.Last[string, generated] // generated pages, by output path
	// order is the sorted order of the content pages of a graph.
	order *memo.Last[struct{}, []int]
}

// rendered is a content page's bytes, with what it was made from.
type rendered struct {
	data  []byte
	setup memo.Sum
	graph uint64
	page  *parse.Page // parsed pages are never changed after parse
}

// generated is a generated page's bytes, with the sum of the setup, graph
// and deps it was last made or found again from (see renderer.generate).
type generated struct {
	data  []byte
	quick memo.Sum
}

// NewMemo returns an empty memo that keeps pages when keep is true, and
// otherwise never hits.
func NewMemo(keep bool) *Memo {
	return &Memo{pages: memo.New[string, rendered](keep), generated: memo.New[string, generated](keep), order: memo.New[struct{}, []int](keep)}
}

// samePage returns the page at url when it was made from the same setup,
// graph and parsed page.
func (m *Memo) samePage(url string, v Versions, page *parse.Page) ([]byte, bool) {
	e, ok := m.pages.Peek(url)
	return e.data, ok && e.graph == v.Graph && e.page == page && e.setup == v.Setup
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

// sorted returns pages (in the site's order) sorted by path. The same graph
// has the same pages in the same order, so its permutation is kept.
func (m *Memo) sorted(graph uint64, pages []output.File) []output.File {
	order, sum, ok := m.order.Lookup(struct{}{}, func() memo.Sum { return memo.NewHash().Ints(int(graph), len(pages)).Sum() })
	if !ok {
		order = make([]int, len(pages))
		for i := range order {
			order[i] = i
		}
		slices.SortFunc(order, func(a, b int) int { return strings.Compare(pages[a].Path, pages[b].Path) })
		m.order.Put(struct{}{}, sum, order)
	}
	out := make([]output.File, len(pages))
	for i, j := range order {
		out[i] = pages[j]
	}
	return out
}
