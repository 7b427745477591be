package search

import "rapport/generator/internal/spill"

// spilled is where a page's gathered bytes went (Page.Spill).
type spilled struct {
	meta, text spill.Blob
}

// Spill moves what Gather took of the page (its terms and its compressed
// text) into f, from which the index reads it back once: a one-shot build
// holds no page's search data from parse until its index is built. A page
// read back from the build cache keeps its terms (they are numbered when
// an index is built from it) and moves its text.
func (p *Page) Spill(f *spill.File) {
	if p == nil || p.spilled != nil {
		return
	}
	s := &spilled{text: f.Put(p.text)}
	p.text = nil
	if p.cached == nil {
		s.meta = f.Put(p.meta)
		p.meta = nil
	}
	p.spilled = s
}

// hasMeta reports whether the page has its terms numbered (Gather's, or
// a cached page's once resolved), in memory or spilled.
func (p *Page) hasMeta() bool {
	return p.meta != nil || p.spilled != nil && p.spilled.meta.Len() > 0
}

// metaBytes returns the page's numbered terms (see Page.meta), read back
// into buf if they were spilled.
func (p *Page) metaBytes(buf []byte) []byte {
	if p.meta != nil || p.spilled == nil || p.spilled.meta.Len() == 0 {
		return p.meta
	}
	return p.spilled.meta.Bytes(buf)
}

// textBytes returns the page's compressed text (see Page.text), read back
// into buf if it was spilled.
func (p *Page) textBytes(buf []byte) []byte {
	if p.spilled == nil || p.spilled.text.Len() == 0 {
		return p.text
	}
	return p.spilled.text.Bytes(buf)
}
