package parse

import (
	"sync"

	"rapport/generator/internal/spill"
)

// Spill moves the page's compressed body, and what search gathered of it,
// into f, as soon as the page is parsed: a one-shot build then holds
// neither from parse until render and the search index read them back
// (together more than half of what a parsed page holds). [Page.HTML]
// reads the body back.
//
// Pages of a build with a cache must not be spilled: a later build may
// reuse them after the file is gone.
func (p *Page) Spill(f *spill.File) {
	if len(p.html) > 0 {
		p.spilt = f.Put(p.html)
		p.html = nil
	}
	p.Search.Spill(f)
}

// compressed returns the page's compressed body, reading it back from
// the spill file if it was spilled, into buf when it is long enough.
func (p *Page) compressed(buf []byte) []byte {
	p.fill()
	if p.spilt.Len() == 0 {
		return p.html
	}
	return p.spilt.Bytes(buf)
}

// readBuffers keeps buffers that spilled bodies are read back into
// before they are decoded (see HTML).
var readBuffers = sync.Pool{New: func() any { return new([]byte) }}
