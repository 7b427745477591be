package parse

import (
	"bufio"
	"os"
)

// spilled is where a page's compressed body is in a spill file.
type spilled struct {
	file *os.File
	off  int64
	n    int
}

// SpillBodies moves the compressed bodies of pages into one temporary
// file, so that a one-shot build does not hold them in memory from parse
// to render (a quarter of what parsed pages hold); [Page.HTML] reads each
// back. The file is removed at once: it lives while it is open, and the
// pages keep it open (its descriptor is closed when they are collected).
// On an error the bodies stay in memory, as they were.
//
// Pages of a build with a cache must not be spilled: a later build may
// reuse them after the file is gone.
func SpillBodies(pages []*Page) error {
	f, err := os.CreateTemp("", "rapport-bodies-*")
	if err != nil {
		return err
	}
	if err := os.Remove(f.Name()); err != nil { // where an open file cannot be removed
		f.Close()
		os.Remove(f.Name())
		return err
	}
	w := bufio.NewWriterSize(f, 256<<10)
	for _, p := range pages {
		w.Write(p.html) // an error sticks: Flush returns it
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	var off int64
	for _, p := range pages {
		if len(p.html) > 0 {
			p.spilled = &spilled{file: f, off: off, n: len(p.html)}
			off += int64(len(p.html))
			p.html = nil
		}
	}
	return nil
}

// compressed returns the page's compressed body, reading it back from the
// spill file if it was spilled.
func (p *Page) compressed() []byte {
	s := p.spilled
	if s == nil {
		return p.html
	}
	z := make([]byte, s.n)
	if _, err := s.file.ReadAt(z, s.off); err != nil {
		// The file is open and unlinked: nothing else can change it.
		panic("parse: a page's body cannot be read back from its temporary file: " + err.Error())
	}
	return z
}
