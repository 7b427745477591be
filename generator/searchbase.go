package generator

import (
	"maps"
	"slices"
	"sync"

	"rapport/generator/internal/wire"
	"rapport/generator/link"
	"rapport/generator/memo"
	"rapport/generator/search"
)

// Search indexes updated between processes: with the persistent cache, a
// language's index keeps its Base (search.Base: the index before gzip,
// each page's entry sum and sizes) as an "index" entry named by the
// index's search sum, and a record of the site ("search") names each
// language's last index. A build whose language's index changed updates
// that language's last one (search.Dictionary.Update): the pages whose
// entries are the same (indexedPage) are taken from it, and only the
// others' bodies are read back and their terms merged.

// indexedPage is what a page's entry in its language's search index is
// made from (as searchSumOf has it): the setup its page was parsed and
// gathered with, its URL, its title and its title and body's sum.
type indexedPage struct {
	Setup memo.Sum
	URL   string
	Title string
	Body  string // parse.Page.BodySum
}

// searchBases are the languages' index sums, the last build's as
// recorded (last) and this build's (now), for the record.
type searchBases struct {
	once sync.Once
	mu   sync.Mutex
	last map[string]memo.Sum
	now  map[string]memo.Sum
}

// baseKey is the name of the Base of the index of search sum sum.
func (c *Cache) baseKey(sum memo.Sum) memo.Sum {
	return c.disk.Key("index", memo.NewHash().Sums(sum))
}

// lastBase returns the Base of lang's index in the last build, or nil.
func (c *Cache) lastBase(lang string) *search.Base {
	if c.site == "" {
		return nil
	}
	b := c.bases
	b.once.Do(func() {
		data, _ := c.disk.Record(c.recordName("search"))
		b.last = decodeSearchRecord(data)
	})
	sum, ok := b.last[lang]
	if !ok {
		return nil
	}
	data, ok := c.disk.Get("index", c.baseKey(sum))
	if !ok {
		return nil
	}
	base, err := search.DecodeBase(data)
	if err != nil {
		return nil
	}
	return base
}

// usedIndex notes that this build's index of lang is the one of search
// sum sum, and keeps its Base for the next build.
func (c *Cache) usedIndex(lang string, sum memo.Sum) {
	c.disk.Keep(c.baseKey(sum))
	b := c.bases
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.now == nil {
		b.now = map[string]memo.Sum{}
	}
	b.now[lang] = sum
}

// updateIndex returns l's search index (see searchIndex), updated from
// the last build's (lastBase), and keeps its Base for the next build.
func (c *Cache) updateIndex(l *link.Lang, setup, sum memo.Sum, script bool) []byte {
	var pages []*link.Page
	var entries []search.Entry
	for _, p := range l.Pages {
		if p.Kind == link.Home {
			continue
		}
		in := indexedPage{Setup: setup, URL: p.URL, Title: p.Parsed.Meta.Title, Body: p.Parsed.BodySum}
		pages = append(pages, p)
		entries = append(entries, search.Entry{URL: in.URL, Title: in.Title, Sum: memo.NewHash().Value(in).Sum()})
	}
	// Gathered fetches the body of a page restored without it (once,
	// whether render or this asks first), so a page is dropped only
	// once taken: the pages taken from the last index are left alone (a
	// page render is fetching at the same time would race).
	gz, next := c.terms.Update(l.Tag, c.lastBase(l.Tag), entries, func(i int) *search.Page {
		found := pages[i].Parsed.Gathered()
		if c.policy.DropSearch {
			pages[i].Parsed.DropSearch()
		}
		return found
	})
	c.disk.Put("index", c.baseKey(sum), next.AppendBinary(nil))
	c.usedIndex(l.Tag, sum)
	if script {
		return search.Script(l.Tag, gz)
	}
	return gz
}

// saveSearchRecord records the sums of this build's indexes.
func (c *Cache) saveSearchRecord() {
	if c.disk == nil || c.site == "" || c.bases.now == nil {
		return
	}
	e := wire.Encoder{}
	langs := slices.Sorted(maps.Keys(c.bases.now))
	e.Uint(uint64(len(langs)))
	for _, lang := range langs {
		sum := c.bases.now[lang]
		e.String(lang)
		e.B = append(e.B, sum[:]...)
	}
	c.disk.SetRecord(c.recordName("search"), e.B)
}

// decodeSearchRecord decodes a record of saveSearchRecord; one that does
// not decode is empty.
func decodeSearchRecord(data []byte) map[string]memo.Sum {
	d := wire.Decoder{B: data}
	n := d.Len()
	out := make(map[string]memo.Sum, n)
	for range n {
		lang := d.String()
		if d.Err != nil || len(d.B) < len(memo.Sum{}) {
			return nil
		}
		out[lang] = memo.Sum(d.B[:len(memo.Sum{})])
		d.B = d.B[len(memo.Sum{}):]
	}
	if d.Done() != nil {
		return nil
	}
	return out
}
