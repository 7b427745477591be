package parse

import (
	"sync"

	"rapport/generator/internal/wire"
	"rapport/generator/load"
	"rapport/generator/search"
)

// # Restoring a page without its body
//
// The build cache keeps a parsed page in two entries: its facts (the
// Snapshot without HTML and Search: what link, the report and a page's
// view read) and its body (the compressed HTML and what search gathered,
// EncodeBody). A rebuild restores every page's facts and fetches a
// page's body only when a stage reads it: render, for a page it renders
// (not one kept from the previous output), or a search index being
// built again. Most pages of a one-edit rebuild never read theirs.

// Body is the part of a parsed page the build cache keeps apart from
// its facts.
type Body struct {
	HTML   []byte // compressed, as Page holds it
	Search *search.Page
}

// lazyBody fetches a restored page's Body, once.
type lazyBody struct {
	once  sync.Once
	fetch func() Body
}

// EncodeBody appends the encoding of s's HTML and Search to b.
func (s *Snapshot) EncodeBody(b []byte) []byte {
	e := wire.Encoder{B: b}
	e.Bytes(s.HTML)
	e.Bytes(s.Search)
	return e.B
}

// DecodeBody reads back what EncodeBody wrote; data is not kept (what
// the Body needs is copied).
func DecodeBody(data []byte) (Body, error) {
	d := wire.Decoder{B: data}
	html := d.Bytes()
	raw := d.Raw()
	if err := d.Done(); err != nil {
		return Body{}, err
	}
	found, err := search.DecodePage(raw)
	return Body{HTML: html, Search: found}, err
}

// RestoreLazy returns the page of src that s, a snapshot without HTML
// and Search, was taken from; fetch returns its Body the first time HTML
// or Gathered needs it. fetch may be called from any goroutine. shape,
// when not empty, is s's Shape as SnapshotDecoder.DecodeFacts left it,
// decoded the first time ShapeFacts needs it.
func RestoreLazy(src load.Source, s Snapshot, shape string, fetch func() Body) *Page {
	s.HTML = nil
	p := restored(src, s)
	p.lazy = &lazyBody{fetch: fetch}
	if shape != "" {
		p.lazyShape = &lazyShape{text: shape}
	}
	return p
}

// lazyShape is a restored page's Shape, still encoded.
type lazyShape struct {
	once sync.Once
	text string
}

// fillShape decodes a lazily restored page's Shape, once. The encoding
// was checked when the page's facts were read: one that does not read
// back (a bug) panics, an error at the page.
func (p *Page) fillShape() {
	if l := p.lazyShape; l != nil {
		l.once.Do(func() {
			var d SnapshotDecoder
			shape, err := d.decodeShape(l.text)
			if err != nil {
				panic(p.Path + ": its shape in the build cache does not read back")
			}
			p.Shape, l.text = shape, ""
		})
	}
}

// Gathered returns what search gathered of the page (Search), fetching
// a lazily restored page's body first.
func (p *Page) Gathered() *search.Page {
	p.fill()
	return p.Search
}

// fill fetches a lazily restored page's body, once.
func (p *Page) fill() {
	if l := p.lazy; l != nil {
		l.once.Do(func() {
			b := l.fetch()
			p.html, p.Search = b.HTML, b.Search
		})
	}
}

// RawHTML returns the page's compressed body, as Body holds it.
func (p *Page) RawHTML() []byte { return p.compressed(nil) }
