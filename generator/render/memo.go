package render

import (
	"crypto/sha256"
	"encoding/json"
	"sync"
)

// Memo remembers rendered pages and search indexes between builds of one
// site (rapport serve), so a rebuild re-renders only what changed. An entry
// is reused only when a hash of everything its output depends on is equal:
// for a page, its source, its resolved links and every value its template
// shows (navigation, switcher, related pages, topics…), plus the theme, UI
// strings and options (Options.Key). A build with a Memo gives the same
// bytes as one without. One entry is kept per output path, so memory stays
// bounded by the site's size.
type Memo struct {
	mu     sync.Mutex
	pages  map[string]memoEntry
	search map[string]searchEntry
}

type memoEntry struct {
	key  [32]byte
	data []byte
}

type searchEntry struct {
	key [32]byte
	out searchBuilt
}

// NewMemo returns an empty memo.
func NewMemo() *Memo {
	return &Memo{pages: map[string]memoEntry{}, search: map[string]searchEntry{}}
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

func (m *Memo) putPage(path string, key [32]byte, data []byte) {
	if m == nil {
		return
	}
	m.mu.Lock()
	m.pages[path] = memoEntry{key, data}
	m.mu.Unlock()
}

func (m *Memo) index(lang string, key [32]byte) (searchBuilt, bool) {
	if m == nil {
		return searchBuilt{}, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.search[lang]
	return e.out, ok && e.key == key
}

func (m *Memo) putIndex(lang string, key [32]byte, out searchBuilt) {
	if m == nil {
		return
	}
	m.mu.Lock()
	m.search[lang] = searchEntry{key, out}
	m.mu.Unlock()
}

// viewKey hashes what a page's output depends on besides its content: the
// build's key, the page's source, its resolved links and the view.
func viewKey(build [32]byte, src []byte, hrefs []string, v *View) [32]byte {
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
