package search

import (
	"encoding/binary"
	"errors"
	"sync"

	"rapport/generator/internal/wire"
)

// What the persistent build cache keeps of a gathered page (package
// buildcache): its meta with every term as its bytes instead of its
// number in a dictionary (each build numbers terms anew), its compressed
// text and size. A page read back holds its terms as bytes until an
// index is built from it (resolve): a build that finds a language's
// index in the cache never numbers that language's terms at all.

// AppendBinary appends the encoding of p, gathered with d, to b.
func (p *Page) AppendBinary(b []byte, d *Dictionary) []byte {
	e := wire.Encoder{B: b}
	if p == nil {
		e.Bool(false)
		return e.B
	}
	e.Bool(true)
	e.Int(p.size)
	e.Bytes(p.textBytes(nil))
	meta := p.metaBytes(nil)
	if p.cached != nil {
		meta = p.cached.meta
	}
	if meta == nil {
		e.Bool(false)
		return e.B
	}
	e.Bool(true)
	if p.cached != nil {
		return append(e.B, meta...) // already in this encoding
	}
	v := d.view()
	r := reader{b: meta}
	n := r.num()
	for range 3 * n {
		r.num()
	}
	e.B = append(e.B, meta[:r.i]...) // the sections' lengths
	terms := r.num()
	e.Uint(uint64(terms))
	for range terms {
		e.Bytes(v.term(uint32(r.num())))
		count := r.num()
		e.Uint(uint64(count))
		for range count {
			e.Uint(uint64(r.num()))
		}
	}
	return e.B
}

// cachedTerms is a page read back from the build cache: meta as
// AppendBinary wrote it, terms as bytes, until resolve numbers them.
type cachedTerms struct {
	once sync.Once
	meta []byte
}

// errMeta is DecodePage's error for meta that does not read back.
var errMeta = errors.New("search: a cached page's terms do not decode")

// DecodePage reads back a page AppendBinary wrote (data is not kept:
// what the page needs is copied). Its terms are read, and numbered in
// the dictionary, when an index is built from it: the build cache has
// checked the entry's CRC, and terms that fail to read then (a bug, not
// damage) end the page's list of terms there.
func DecodePage(data []byte) (*Page, error) {
	dec := wire.Decoder{B: data}
	if !dec.Bool() {
		return nil, dec.Done()
	}
	p := &Page{size: dec.Int(), text: dec.Bytes()}
	if !dec.Bool() {
		return p, dec.Done()
	}
	if dec.Err != nil {
		return nil, errMeta
	}
	p.cached = &cachedTerms{meta: append([]byte(nil), dec.B...)}
	return p, nil
}

// resolve gives a page read from the cache its meta, its terms numbered
// in d, once; other pages are as they are.
func (p *Page) resolve(d *Dictionary, buf []byte) []byte {
	if p == nil {
		return nil
	}
	if p.cached == nil {
		return p.metaBytes(buf)
	}
	p.cached.once.Do(func() { p.meta = d.numberCached(p.cached.meta) })
	return p.meta
}

// numberCached returns meta (AppendBinary's terms) with each term's number
// in d instead of its bytes, as Gather writes it.
func (d *Dictionary) numberCached(meta []byte) []byte {
	g := d.gatherers.Get().(*gatherer)
	defer d.release(g)
	g.pages++
	r := wire.Decoder{B: meta}
	n := r.Len()
	for range 3 * n {
		r.Uint()
	}
	out := append([]byte(nil), meta[:len(meta)-len(r.B)]...)
	terms := r.Len()
	at := len(r.B)
	for range terms {
		t := r.Raw()
		k, added := g.vocab.add(t)
		if added {
			g.ids = append(g.ids, 0)
			g.seen = append(g.seen, seen{})
		}
		g.page = append(g.page, k)
		for count := r.Len(); count > 0; count-- {
			r.Uint()
		}
	}
	if r.Done() != nil { // not as AppendBinary wrote it: a bug, not damage
		return []byte{0, 0} // no sections, no terms
	}
	d.number(g)
	r = wire.Decoder{B: meta[len(meta)-at:]}
	out = binary.AppendUvarint(out, uint64(terms))
	for i := range terms {
		r.Raw()
		out = binary.AppendUvarint(out, uint64(g.ids[g.page[i]]-1))
		count := r.Len()
		out = binary.AppendUvarint(out, uint64(count))
		for range count {
			out = binary.AppendUvarint(out, r.Uint())
		}
	}
	return out
}
