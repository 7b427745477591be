package search

import (
	"encoding/binary"
	"unicode/utf8"
	"unsafe"

	"github.com/klauspost/compress/s2"
)

// Page is what the index needs of one page, taken from its sections when
// the page is parsed (on the parse stage's workers), so that neither the
// sections' text nor their tokenizing waits for the index: the text the
// browser shows, white space collapsed and compressed, and the page's
// distinct terms with the sections holding each. A nil *Page is a page
// with no sections.
type Page struct {
	// meta is s2-compressed uvarints and term bytes: the number of
	// sections; each one's anchor, heading and text lengths in UTF-16
	// code units (what the browser slices by); the number of terms; each
	// term's length in bytes, its bytes, and its sections: 0 for every
	// one (a term of the title), or a count and the page's section
	// numbers as gaps.
	meta []byte
	// text is s2-compressed: every section's anchor, heading and text,
	// valid UTF-8, in order (the browser's strings, see writeIndex).
	text []byte
	size int // TextSize of the page's doc
}

// Size returns the bytes p holds.
func (p *Page) Size() int {
	if p == nil {
		return 0
	}
	return len(p.meta) + len(p.text)
}

// Gather takes what the index needs of a page with title and sections.
// Terms are those of title, heading and text apart, as the index of
// title+" "+heading+" "+text per section would have them (a space ends a
// word and starts a normalization segment): the title's are in every
// section.
func Gather(title string, sections []Section) *Page {
	if len(sections) == 0 {
		return &Page{size: len(title)}
	}
	g := gatherer{index: make(map[string]int32, 256)}
	p := &Page{size: len(title)}
	g.sec = all
	eachTerm(title, g.add)
	meta := binary.AppendUvarint(make([]byte, 0, 4096), uint64(len(sections)))
	var text []byte
	for i, s := range sections {
		p.size += len(s.Heading) + len(s.Text)
		var n [3]int
		text, n[0] = appendValid(text, s.Anchor)
		text, n[1] = appendValid(text, s.Heading)
		start := len(text)
		if isCompact(s.Text) {
			text = append(text, s.Text...)
		} else {
			text = appendCompact(text, s.Text)
		}
		text, n[2] = validTail(text, start)
		for _, v := range n {
			meta = binary.AppendUvarint(meta, uint64(v))
		}
		g.sec = int32(i)
		eachTerm(s.Heading, g.add)
		eachTerm(s.Text, g.add)
	}
	meta = g.appendTerms(meta)
	p.meta = s2.Encode(nil, meta)
	p.text = s2.Encode(nil, text)
	return p
}

// all is the section of the title's terms: every section of the page.
const all = -1

// gatherer collects a page's distinct terms and the sections of each.
type gatherer struct {
	index map[string]int32 // term → its number, in order of first use
	// terms holds the terms' bytes one after the other, never changed
	// once written: index's keys point into it.
	terms []byte
	ends  []int32 // terms[ends[n-1]:ends[n]] is term n
	last  []int32 // the last section term n was added for, or all
	occ   []occurrence
	sec   int32 // the section being read, or all
}

// occurrence says that term occurs in section sec.
type occurrence struct{ term, sec int32 }

// add records term t in the section being read.
func (g *gatherer) add(t []byte) {
	n, ok := g.index[string(t)]
	if !ok {
		start := len(g.terms)
		g.terms = append(g.terms, t...)
		// The key shares terms' bytes, which are never written again (a
		// longer terms is a copy): one allocation less per distinct term.
		n = int32(len(g.ends))
		g.index[unsafe.String(&g.terms[start], len(t))] = n
		g.ends = append(g.ends, int32(len(g.terms)))
		g.last = append(g.last, g.sec)
		if g.sec != all {
			g.occ = append(g.occ, occurrence{n, g.sec})
		}
		return
	}
	if l := g.last[n]; l != all && l != g.sec {
		g.last[n] = g.sec
		g.occ = append(g.occ, occurrence{n, g.sec})
	}
}

// appendTerms appends the terms and their sections to meta.
func (g *gatherer) appendTerms(meta []byte) []byte {
	// Group the occurrences by term, keeping their order (sections rise).
	first := make([]int32, len(g.ends)+1)
	for _, o := range g.occ {
		first[o.term+1]++
	}
	for i := 1; i < len(first); i++ {
		first[i] += first[i-1]
	}
	secs := make([]int32, len(g.occ))
	next := append([]int32(nil), first[:len(g.ends)]...)
	for _, o := range g.occ {
		secs[next[o.term]] = o.sec
		next[o.term]++
	}
	meta = binary.AppendUvarint(meta, uint64(len(g.ends)))
	start := int32(0)
	for n, end := range g.ends {
		meta = binary.AppendUvarint(meta, uint64(end-start))
		meta = append(meta, g.terms[start:end]...)
		start = end
		if g.last[n] == all {
			meta = append(meta, 0)
			continue
		}
		list := secs[first[n]:first[n+1]]
		meta = binary.AppendUvarint(meta, uint64(len(list)))
		prev := int32(0)
		for _, s := range list {
			meta = binary.AppendUvarint(meta, uint64(s-prev))
			prev = s
		}
	}
	return meta
}

// appendValid appends s to b as validTail does, returning its length in
// UTF-16 code units.
func appendValid(b []byte, s string) ([]byte, int) {
	start := len(b)
	return validTail(append(b, s...), start)
}

// validTail makes b[start:] valid UTF-8 the way json.Marshal does (each
// byte that does not start a valid rune becomes U+FFFD) and returns b and
// the length of b[start:] in UTF-16 code units, as JavaScript counts it.
func validTail(b []byte, start int) ([]byte, int) {
	if !utf8.Valid(b[start:]) {
		bad := string(b[start:])
		b = b[:start]
		for i := 0; i < len(bad); {
			r, size := utf8.DecodeRuneInString(bad[i:])
			if r == utf8.RuneError && size == 1 {
				b = append(b, "\uFFFD"...)
			} else {
				b = append(b, bad[i:i+size]...)
			}
			i += size
		}
	}
	return b, utf16Len(b[start:])
}

// utf16Len returns the length of valid UTF-8 b in UTF-16 code units: one
// per rune, two for a rune of four bytes.
func utf16Len(b []byte) int {
	n := 0
	for _, c := range b {
		if c&0xc0 != 0x80 {
			n++
		}
		if c >= 0xf0 {
			n++
		}
	}
	return n
}
