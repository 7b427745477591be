package generator

import (
	"crypto/sha256"
	"sync"

	"github.com/yuin/goldmark/parser"

	"rapport/generator/diag"
	"rapport/generator/load"
	"rapport/generator/markdown"
	"rapport/generator/parse"
	"rapport/generator/render"
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
}

type cacheEntry struct {
	sum   [32]byte
	page  *parse.Page
	diags diag.List
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{entries: map[string]cacheEntry{}, render: render.NewMemo()} }

// memo returns the render memo, or nil without a cache.
func (c *Cache) memo() *render.Memo {
	if c == nil {
		return nil
	}
	return c.render
}

// parse returns the parsed page for src, from the cache when its bytes are
// unchanged. A nil cache always parses.
func (c *Cache) parse(src load.Source, p parser.Parser, body *markdown.Holes) (*parse.Page, diag.List) {
	if c == nil {
		return parse.Parse(src, p, body)
	}
	sum := sha256.Sum256(append([]byte(src.Path+"\x00"), src.Data...))
	c.mu.Lock()
	e, ok := c.entries[src.Path]
	c.mu.Unlock()
	if ok && e.sum == sum {
		return e.page, e.diags
	}
	page, diags := parse.Parse(src, p, body)
	c.mu.Lock()
	c.entries[src.Path] = cacheEntry{sum: sum, page: page, diags: diags}
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
		return
	}
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
