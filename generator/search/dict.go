package search

import (
	"hash/maphash"
	"sync"
)

// A Dictionary numbers every term gathered for a site's indexes, so that
// a gathered page keeps each of its terms as a number (two or three bytes)
// instead of its bytes, and merging pages looks nothing up: on the
// 10,000-playbook corpus, pages' terms held until the index is built
// shrink from 58 MB (38 MB s2-compressed) to 21 MB, with no compression
// to undo. Pages gathered with one Dictionary are indexed with it
// ([Dictionary.Pages]): a build makes one (generator.Cache holds it while
// rapport serve keeps gathered pages, so that their numbers keep their
// meaning); it only grows (new terms), never changes a number. It is safe
// for concurrent use: parse's workers gather pages at once, and an index
// may be built while the next build gathers.
type Dictionary struct {
	mu    sync.Mutex
	terms termTable
	pairs []bool // term n is a character pair (isPair)
	// gatherers keeps gatherers for reuse, with their tables and buffers
	// grown: parse gathers one page after another on each worker. A
	// gatherer's vocabulary holds numbers of this dictionary.
	gatherers sync.Pool
}

// NewDictionary returns an empty dictionary.
func NewDictionary() *Dictionary {
	d := &Dictionary{}
	d.gatherers.New = func() any { return new(gatherer) }
	return d
}

// termSeed hashes terms in every termTable, so that a page's table and
// the dictionary hash a term once.
var termSeed = maphash.MakeSeed()

// number gives every term of g's page a number in d (g.ids), taking
// the lock only if one of them is new to g.
func (d *Dictionary) number(g *gatherer) {
	locked := false
	for _, n := range g.page {
		if g.ids[n] != 0 {
			continue
		}
		if !locked {
			d.mu.Lock()
			defer d.mu.Unlock()
			locked = true
		}
		t := g.vocab.term(n)
		id, added := d.terms.addHashed(t, g.vocab.hashes[n])
		if added {
			d.pairs = append(d.pairs, isPair(t))
		}
		g.ids[n] = uint32(id) + 1
	}
}

// view returns the terms numbered so far, to read without the lock:
// numbered terms are never changed or moved in the slices it returns
// (adding appends past them, or to new arrays).
func (d *Dictionary) view() dictView {
	d.mu.Lock()
	defer d.mu.Unlock()
	return dictView{terms: d.terms.terms, ends: d.terms.ends, pairs: d.pairs}
}

// dictView is a dictionary's terms at one time.
type dictView struct {
	terms []byte
	ends  []int32
	pairs []bool
}

// term returns term n.
func (v *dictView) term(n uint32) []byte {
	start := int32(0)
	if n > 0 {
		start = v.ends[n-1]
	}
	return v.terms[start:v.ends[n]]
}
