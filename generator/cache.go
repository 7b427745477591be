package generator

import (
	"crypto/sha256"
	"sync"

	"github.com/yuin/goldmark/parser"

	"rapport/generator/diag"
	"rapport/generator/link"
	"rapport/generator/load"
	"rapport/generator/locale"
	"rapport/generator/markdown"
	"rapport/generator/parse"
	"rapport/generator/render"
	"rapport/generator/report"
)

// Cache memoizes the parse stage across builds: a page whose path and bytes
// are unchanged is not parsed again. Entries for files that no longer exist
// are dropped at the next build. The zero value is not usable: NewCache.
type Cache struct {
	// render keeps rendered pages and search indexes.
	render  *render.Memo
	mu      sync.Mutex
	entries map[string]cacheEntry
	// parser identifies the configuration entries were parsed with: a
	// change of extensions (metrics) invalidates everything.
	key [32]byte

	// The later stages' last outputs, with the hash of their inputs (see
	// memo.go). graph counts the link stage's runs: render's memo keys
	// use it to know the graph is the very same.
	input       *load.Input
	sums        map[*parse.Page][32]byte // linkSum of each cached page
	shapes      map[*parse.Page][32]byte // shapeSum of each cached page
	site        *link.Site
	siteDiags   diag.List
	siteKey     [32]byte
	graph       uint64
	bundle      *locale.Bundle
	bundleDiags diag.List
	bundleKey   [32]byte
	fell        *locale.Fallbacks // shown in English since the bundle was loaded
	search      map[string]searchEntry
	report      *report.Report
	reportKey   [32]byte
	reportGen   uint64
}

type cacheEntry struct {
	data  []byte // the bytes parsed: a reloaded, unchanged file has the same
	sum   [32]byte
	page  *parse.Page
	diags diag.List
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{entries: map[string]cacheEntry{}, render: render.NewMemo(), search: map[string]searchEntry{}, sums: map[*parse.Page][32]byte{}, shapes: map[*parse.Page][32]byte{}}
}

// memo returns the render memo, or nil without a cache.
func (c *Cache) memo() *render.Memo {
	if c == nil {
		return nil
	}
	return c.render
}

// unchanged returns the cached page of src when src holds the very bytes
// it was parsed from (see load.Reload).
func (c *Cache) unchanged(src load.Source) (*parse.Page, diag.List, bool) {
	if c == nil {
		return nil, nil, false
	}
	c.mu.Lock()
	e, ok := c.entries[src.Path]
	c.mu.Unlock()
	if ok && sameBytes(e.data, src.Data) {
		return e.page, e.diags, true
	}
	return nil, nil, false
}

// parse returns the parsed page for src, from the cache when its bytes hash
// the same (a file saved again unchanged; parseAll has already taken the
// pages whose very bytes were reused, see unchanged). A nil cache always
// parses.
func (c *Cache) parse(src load.Source, p parser.Parser, body *markdown.Holes) (*parse.Page, diag.List) {
	if c == nil {
		return parse.Parse(src, p, body)
	}
	c.mu.Lock()
	e, ok := c.entries[src.Path]
	c.mu.Unlock()
	sum := sha256.Sum256(append([]byte(src.Path+"\x00"), src.Data...))
	if ok && e.sum == sum {
		c.mu.Lock()
		e.data = src.Data
		c.entries[src.Path] = e
		c.mu.Unlock()
		return e.page, e.diags
	}
	page, diags := parse.Parse(src, p, body)
	c.mu.Lock()
	c.entries[src.Path] = cacheEntry{data: src.Data, sum: sum, page: page, diags: diags}
	c.mu.Unlock()
	return page, diags
}

// reset drops every entry when the parser configuration changed, and the
// entries of files not in keep.
func (c *Cache) reset(config [32]byte, keep []load.Source) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.key != config {
		c.entries = map[string]cacheEntry{}
		c.key = config
		c.pruneSums()
		return
	}
	if len(keep) == len(c.entries) && allCached(c.entries, keep) {
		return // the same files as last time: nothing to drop
	}
	defer c.pruneSums()
	live := map[string]bool{}
	for _, s := range keep {
		live[s.Path] = true
	}
	for k := range c.entries {
		if !live[k] {
			delete(c.entries, k)
		}
	}
}

// sameBytes reports whether a and b are the same slice of the same array.
func sameBytes(a, b []byte) bool {
	return len(a) == len(b) && len(a) > 0 && &a[0] == &b[0]
}

// pruneSums forgets the link sums of pages no longer cached.
func (c *Cache) pruneSums() {
	live := make(map[*parse.Page]bool, len(c.entries))
	for _, e := range c.entries {
		live[e.page] = true
	}
	for p := range c.sums {
		if !live[p] {
			delete(c.sums, p)
		}
	}
	for p := range c.shapes {
		if !live[p] {
			delete(c.shapes, p)
		}
	}
}

func allCached(entries map[string]cacheEntry, srcs []load.Source) bool {
	for _, s := range srcs {
		if _, ok := entries[s.Path]; !ok {
			return false
		}
	}
	return true
}
