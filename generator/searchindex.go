package generator

import (
	"bytes"
	"encoding/hex"
	"strings"
	"sync"

	"rapport/generator/diag"
	"rapport/generator/link"
	"rapport/generator/memo"
	"rapport/generator/output"
	"rapport/generator/parse"
	"rapport/generator/render"
	"rapport/generator/search"
)

// searchAtOnce is how many languages' search indexes are built at the
// same time: an index in the making holds its language's postings and
// compressed text, so building them all at once would hold every one.
const searchAtOnce = 2

// searchIndexes names each language's search index file by the hash of
// what it is built from, so pages can link it before it is built, and
// starts building them, searchAtOnce at a time, while the caller renders:
// without a cache they are built now, with one (rapport serve) on first
// use (see memo.Policy's IndexesNow). files waits for them and returns
// them in language order.
func (c *Cache) searchIndexes(site *link.Site, setup memo.Sum, portable bool) (names map[string]render.SearchIndex, files func() []output.File) {
	names = map[string]render.SearchIndex{}
	out := make([]output.File, len(site.Langs))
	var g diag.Group
	sem := make(chan struct{}, searchAtOnce)
	for i, l := range site.Langs {
		sum := c.searchSum(setup, l)
		// A site on a server fetches the index; one opened from disk
		// (-portable) cannot, and loads it as a script: each gets one form.
		f := output.File{Path: "assets/search-" + l.Tag + "." + hex.EncodeToString(sum[:4]) + ".bin"}
		names[l.Tag] = render.SearchIndex{Index: f.Path}
		if portable {
			f.Path = strings.TrimSuffix(f.Path, ".bin") + ".js"
			names[l.Tag] = render.SearchIndex{Script: f.Path}
		}
		if last, _, ok := c.indexes.Lookup(l.Tag, func() memo.Sum { return sum }); ok {
			out[i] = last
			continue
		}
		key := c.disk.Key("search", memo.NewHash().Sums(sum).Strings(f.Path))
		if data, ok := c.disk.Get("search", key); ok {
			c.usedIndex(l.Tag, sum)
			f.Data = bytes.Clone(data)
			for _, p := range l.Pages {
				if c.policy.DropSearch {
					p.Parsed.DropSearch()
				}
			}
			out[i] = f
			c.indexes.Put(l.Tag, sum, f)
			continue
		}
		g.Go(diag.Pos{File: "content/" + l.Tag}, "the search index", func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			var make func() []byte
			if c.disk != nil {
				data := c.updateIndex(l, setup, sum, portable)
				c.disk.Put("search", key, data)
				make = func() []byte { return data }
			} else {
				make = searchIndex(c.terms, l.Tag, l.Pages, portable, c.policy.DropSearch)
			}
			if c.policy.IndexesNow {
				f.Data = make()
			} else {
				f.Lazy = sync.OnceValue(make)
			}
			out[i] = f
			c.indexes.Put(l.Tag, sum, f)
		})
	}
	return names, func() []output.File { g.Wait(); return out }
}

// searchSum is searchSumOf(setup, l), reused from the last build when
// setup and l's pages are the very same (the same parsed pages, at the
// same URLs): an edit re-parses one page, so the other languages' indexes
// are not hashed again (30,000 strings a build on 10,000 playbooks).
func (c *Cache) searchSum(setup memo.Sum, l *link.Lang) memo.Sum {
	if !c.policy.Keep {
		return searchSumOf(setup, l)
	}
	last, ok := c.searchSums[l.Tag]
	if ok && last.setup == setup && samePages(last.pages, last.urls, l.Pages) {
		return last.sum
	}
	in := searchInput{setup: setup, sum: searchSumOf(setup, l)}
	for _, p := range l.Pages {
		in.pages = append(in.pages, p.Parsed)
		in.urls = append(in.urls, p.URL)
	}
	c.searchSums[l.Tag] = in
	return in.sum
}

// searchInput is what a language's search sum was made from: the setup,
// its pages (a kept parsed page is never changed: an edit makes a new one,
// see memo.Serve) and their URLs.
type searchInput struct {
	setup memo.Sum
	pages []*parse.Page
	urls  []string
	sum   memo.Sum
}

func samePages(pages []*parse.Page, urls []string, now []*link.Page) bool {
	if len(pages) != len(now) {
		return false
	}
	for i, p := range now {
		if p.Parsed != pages[i] || p.URL != urls[i] {
			return false
		}
	}
	return true
}

// searchSumOf hashes what a language's search index depends on: its pages'
// URLs, titles and sources, the index format, and everything else output
// depends on.
func searchSumOf(setup memo.Sum, l *link.Lang) memo.Sum {
	h := memo.NewHash().Sums(setup).Strings(search.Format)
	for _, p := range l.Pages {
		h.Strings(p.URL, p.Parsed.Meta.Title, p.Parsed.BodySum)
	}
	return h.Sum()
}

// searchIndex returns the builder of one language's search index, from
// what parse gathered of its pages (the language home excluded): the
// compressed index, for fetch, or, with script, the same bytes in a
// script, for pages opened from disk. It takes what it needs from the
// pages now: what parse gathered is not changed afterwards, but with drop
// (memo.Policy's DropSearch, a one-shot build) the pages let go of it at
// once, and the index then holds it alone, until it is built.
func searchIndex(dict *search.Dictionary, lang string, pages []*link.Page, script, drop bool) func() []byte {
	var entries []search.Entry
	for _, p := range pages {
		if p.Kind == link.Home {
			continue
		}
		// Gathered fetches the body of a page restored without it (once,
		// whether render or this asks first), so none is dropped before
		// it is taken.
		entries = append(entries, search.Entry{URL: p.URL, Title: p.Parsed.Meta.Title, Page: p.Parsed.Gathered()})
		if drop {
			p.Parsed.DropSearch()
		}
	}
	return func() []byte {
		gz := dict.Pages(lang, entries)
		if script {
			return search.Script(lang, gz)
		}
		return gz
	}
}
