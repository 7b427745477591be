package render

import (
	"crypto/sha256"
	"encoding/json"
	"slices"
	"strings"
	"sync"

	"rapport/generator/output"
	"rapport/generator/parse"
)

// Memo remembers rendered pages between builds of one
// site (rapport serve), so a rebuild re-renders only what changed. An entry
// is reused only when a hash of everything its output depends on is equal:
// for a page, its source, its resolved links and every value its template
// shows (navigation, switcher, related pages, topics…), plus the theme, UI
// strings and options (Options.Key). A build with a Memo gives the same
// bytes as one without. One entry is kept per output path, so memory stays
// bounded by the site's size.
type Memo struct {
	mu    sync.Mutex
	pages map[string]memoEntry
	// order is the sorted order of the content pages of graph orderGraph.
	order      []int
	orderGraph uint64
	// generated keeps pages without a source (topics, search, status…):
	// they depend on the graph, the build key and what deps says.
	generated map[string]generatedEntry
}

type memoEntry struct {
	key  [32]byte
	data []byte
	// build, graph and page say the same as key, cheaper: the entry was
	// rendered with this build key, from this very graph and parsed page
	// (parsed pages are never changed after parse; the entry keeps the
	// page alive, so its address cannot be reused by another).
	build [32]byte
	graph uint64
	page  *parse.Page
}

// NewMemo returns an empty memo.
func NewMemo() *Memo {
	return &Memo{pages: map[string]memoEntry{}, generated: map[string]generatedEntry{}}
}

func (m *Memo) page(path string, key [32]byte) ([]byte, bool) {
	if m == nil {
		return nil, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.pages[path]
	return e.data, ok && e.key == key
}

// samePage returns the page at path when it was rendered with the same
// build key, from the same graph (graph != 0) and the same parsed page.
func (m *Memo) samePage(path string, build [32]byte, graph uint64, page *parse.Page) ([]byte, bool) {
	if m == nil || graph == 0 {
		return nil, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.pages[path]
	return e.data, ok && e.graph == graph && e.page == page && e.build == build
}

func (m *Memo) putPage(path string, key [32]byte, data []byte, build [32]byte, graph uint64, page *parse.Page) {
	if m == nil {
		return
	}
	m.mu.Lock()
	m.pages[path] = memoEntry{key: key, data: data, build: build, graph: graph, page: page}
	m.mu.Unlock()
}

// viewKey hashes what a page's output depends on besides its content: the
// build's key, the page's source, its resolved links and the view.
func viewKey(build [32]byte, src []byte, hrefs []string, v *Page) [32]byte {
	h := sha256.New()
	h.Write(build[:])
	h.Write(src)
	for _, s := range hrefs {
		h.Write([]byte(s + "\x00"))
	}
	json.NewEncoder(h).Encode(v) // exported fields: everything the template shows
	var k [32]byte
	h.Sum(k[:0])
	return k
}

type generatedEntry struct {
	deps  string
	build [32]byte
	graph uint64
	data  []byte
}

// sameGenerated returns the generated page at path when it was rendered
// from the same graph (graph != 0), build key and deps.
func (m *Memo) sameGenerated(path, deps string, build [32]byte, graph uint64) ([]byte, bool) {
	if m == nil || graph == 0 {
		return nil, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.generated[path]
	return e.data, ok && e.graph == graph && e.build == build && e.deps == deps
}

func (m *Memo) putGenerated(path, deps string, build [32]byte, graph uint64, data []byte) {
	if m == nil || graph == 0 {
		return
	}
	m.mu.Lock()
	m.generated[path] = generatedEntry{deps: deps, build: build, graph: graph, data: data}
	m.mu.Unlock()
}

// sorted returns pages (in the site's order) sorted by path. The same graph
// has the same pages in the same order, so its permutation is kept.
func (m *Memo) sorted(graph uint64, pages []output.File) []output.File {
	var order []int
	if m != nil && graph != 0 {
		m.mu.Lock()
		if m.orderGraph == graph && len(m.order) == len(pages) {
			order = m.order
		}
		m.mu.Unlock()
	}
	if order == nil {
		order = make([]int, len(pages))
		for i := range order {
			order[i] = i
		}
		slices.SortFunc(order, func(a, b int) int { return strings.Compare(pages[a].Path, pages[b].Path) })
		if m != nil && graph != 0 {
			m.mu.Lock()
			m.order, m.orderGraph = order, graph
			m.mu.Unlock()
		}
	}
	out := make([]output.File, len(pages))
	for i, j := range order {
		out[i] = pages[j]
	}
	return out
}
