package search

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"slices"
	"unicode/utf8"

	"github.com/klauspost/compress/s2"
)

// Page is what the index needs of one page, taken from its sections when
// the page is parsed (on the parse stage's workers), so that neither the
// sections' text nor their tokenizing waits for the index: the text the
// browser shows, white space collapsed and compressed, and the page's
// distinct terms with the sections holding each. A nil *Page is a page
// with no sections.
type Page struct {
	// meta is uvarints: the number of sections; each one's anchor,
	// heading and text lengths in UTF-16 code units (what the browser
	// slices by); the number of terms; each term's number in the
	// dictionary, and its sections: 0 for every one (a term of the
	// title), or a count and the page's section numbers as gaps.
	meta []byte
	// text is s2-compressed: every section's anchor, heading and text,
	// valid UTF-8, in order (the browser's strings, see writeIndex).
	text []byte
	size int // TextSize of the page's doc
	// cached, for a page read back from the build cache, holds its
	// terms as bytes until an index numbers them (see resolve).
	cached *cachedTerms
	// spilled, when not nil, holds meta (unless cached) and text, moved
	// out of the heap (see Spill).
	spilled *spilled
}

// Size returns the bytes p holds.
func (p *Page) Size() int {
	if p == nil {
		return 0
	}
	if s := p.spilled; s != nil {
		return len(p.meta) + s.meta.Len() + s.text.Len()
	}
	return len(p.meta) + len(p.text)
}

// Gather takes what the index needs of a page with title and sections.
// Terms are those of title, heading and text apart, as the index of
// title+" "+heading+" "+text per section would have them (a space ends a
// word and starts a normalization segment): the title's are in every
// section.
func (d *Dictionary) Gather(title string, sections []Section) *Page {
	if len(sections) == 0 {
		return &Page{size: len(title)}
	}
	g := d.gatherers.Get().(*gatherer)
	defer d.release(g)
	g.pages++
	p := &Page{size: len(title)}
	g.sec = all
	eachTermPairs(title, g.add, g.addPair)
	meta := binary.AppendUvarint(g.meta[:0], uint64(len(sections)))
	text := g.text[:0]
	for i, s := range sections {
		p.size += len(s.Heading) + len(s.Text)
		g.sec = int32(i)
		headingValid := eachTermPairs(s.Heading, g.add, g.addPair)
		textValid := eachTermPairs(s.Text, g.add, g.addPair)
		var n [3]int
		text, n[0] = appendValid(text, s.Anchor)
		start := len(text)
		text = append(text, s.Heading...)
		text, n[1] = validTailKnown(text, start, headingValid)
		start = len(text)
		if isCompact(s.Text) {
			text = append(text, s.Text...)
		} else {
			text = appendCompact(text, s.Text) // valid if s.Text is: it drops whole runes
		}
		text, n[2] = validTailKnown(text, start, textValid)
		for _, v := range n {
			meta = binary.AppendUvarint(meta, uint64(v))
		}
	}
	d.number(g)
	meta = g.appendTerms(meta)
	// s2.Encode needs room for its worst case, more than the input: the
	// compressed bytes are copied out at their size, so only that is kept.
	if n := s2.MaxEncodedLen(len(text)); cap(g.enc) < n {
		g.enc = make([]byte, n)
	}
	p.meta = bytes.Clone(meta)
	p.text = bytes.Clone(s2.Encode(g.enc, text))
	g.meta, g.text = meta, text
	return p
}

// all is the section of the title's terms: every section of the page.
const all = -1

// gatherer collects a page's distinct terms and the sections of each. It
// keeps the terms it has met from page to page (vocab), with their
// numbers in the dictionary, so that a page's terms are looked up once,
// in vocab, and the dictionary is asked only about terms new to it.
type gatherer struct {
	vocab termTable // every term met, numbered in order of first use
	ids   []uint32  // the dictionary's number + 1 of vocab term n, or 0
	seen  []seen    // vocab term n on the page being read
	pages uint32    // the pages gathered: the page being read
	// The page's terms, in order of first use: their vocab numbers, and
	// the last section each was added for, or all.
	page, last []int32
	occ        []occurrence // term is an index in page
	sec        int32        // the section being read, or all
	// pairs is the table of character pairs met (see addPair), nil until
	// the first.
	pairs *[pairSlots]pairSlot
	// Buffers kept for the next page: its meta and text before and
	// after compression, and appendTerms's.
	meta, text, enc []byte
	first, secs     []int32
}

// seen says that a vocab term is term at of page number page.
type seen struct {
	page uint32
	at   int32
}

// release empties g of its page and returns it to d's gatherers, unless
// it grew too big to keep (a page with a huge text, a vocabulary of over
// a million terms).
func (d *Dictionary) release(g *gatherer) {
	big := g.vocab.len() > 1<<20 || cap(g.text) > 1<<22
	g.page, g.last, g.occ = g.page[:0], g.last[:0], g.occ[:0]
	if !big {
		d.gatherers.Put(g)
	}
}

// Sections returns the sections p was gathered from as the index has
// them: their text with its white space collapsed, valid UTF-8.
func (p *Page) Sections() []Section {
	if p == nil || !p.hasMeta() {
		return nil
	}
	meta := p.metaBytes(nil) // a cached page's when resolved
	text, err := s2.Decode(nil, p.textBytes(nil))
	if err != nil {
		panic("search: a gathered page does not decode") // written by Gather: a bug
	}
	r := reader{b: meta}
	out := make([]Section, r.num())
	for i := range out {
		out[i] = Section{Anchor: r.take(&text), Heading: r.take(&text), Text: r.take(&text)}
	}
	return out
}

// take reads a length in UTF-16 code units and returns that much of the
// front of *text, which it advances.
func (r *reader) take(text *[]byte) string {
	i := 0
	for n := r.num(); n > 0; {
		_, size := utf8.DecodeRune((*text)[i:])
		i += size
		n--
		if size == 4 {
			n--
		}
	}
	s := string((*text)[:i])
	*text = (*text)[i:]
	return s
}

// occurrence says that the page's term (an index in gatherer.page)
// occurs in section sec.
type occurrence struct{ term, sec int32 }

// add records term t in the section being read.
func (g *gatherer) add(t []byte) { g.addNum(g.number(t)) }

// number returns the vocab number of term t, adding it if it is new.
func (g *gatherer) number(t []byte) int32 {
	n, added := g.vocab.add(t)
	if added {
		g.ids = append(g.ids, 0)
		g.seen = append(g.seen, seen{})
	}
	return n
}

// addPair records the character pair t, of runes a and b, in the
// section being read. Pairs are most of the terms of a Thai or Japanese
// text, and they repeat: they are looked up by their runes in a table of
// pairSlots first (one multiplication and one load), and only when not
// there in vocab, hashing their bytes: one pair in twelve of the Thai of
// the 10,000-playbook corpus (4.7 million), whose gathering then takes
// 25% less CPU time.
func (g *gatherer) addPair(a, b rune, t []byte) {
	if g.pairs == nil {
		g.pairs = new([pairSlots]pairSlot)
	}
	key := uint64(a)<<21 | uint64(b) // runes have 21 bits: never 0 for a pair
	s := &g.pairs[key*0x9e3779b97f4a7c15>>(64-pairBits)]
	if s.key != key {
		*s = pairSlot{key: key, n: g.number(t)}
	}
	g.addNum(s.n)
}

// pairBits is log2 of the slots of a gatherer's table of pairs.
const (
	pairBits  = 14
	pairSlots = 1 << pairBits
)

// pairSlot is a character pair in a gatherer's table: its runes (a<<21 |
// b, 0 for none) and its number in vocab.
type pairSlot struct {
	key uint64
	n   int32
}

// addNum records vocab term n in the section being read.
func (g *gatherer) addNum(n int32) {
	if s := &g.seen[n]; s.page != g.pages {
		k := int32(len(g.page))
		*s = seen{g.pages, k}
		g.page = append(g.page, n)
		g.last = append(g.last, g.sec)
		if g.sec != all {
			g.occ = append(g.occ, occurrence{k, g.sec})
		}
		return
	}
	k := g.seen[n].at
	if l := g.last[k]; l != all && l != g.sec {
		g.last[k] = g.sec
		g.occ = append(g.occ, occurrence{k, g.sec})
	}
}

// appendTerms appends the terms' numbers (g.ids) and their sections to
// meta.
func (g *gatherer) appendTerms(meta []byte) []byte {
	// Group the occurrences by term, keeping their order (sections rise).
	terms := len(g.page)
	first := slices.Grow(g.first[:0], terms+1)[:terms+1]
	clear(first)
	for _, o := range g.occ {
		first[o.term+1]++
	}
	for i := 1; i < len(first); i++ {
		first[i] += first[i-1]
	}
	secs := slices.Grow(g.secs[:0], len(g.occ))[:len(g.occ)]
	g.first, g.secs = first, secs
	for _, o := range g.occ { // first[t] moves to the end of term t's
		secs[first[o.term]] = o.sec
		first[o.term]++
	}
	copy(first[1:], first) // and back to its start
	first[0] = 0
	meta = binary.AppendUvarint(meta, uint64(terms))
	for n := range int32(terms) {
		meta = binary.AppendUvarint(meta, uint64(g.ids[g.page[n]]-1))
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

// validTailKnown is validTail, which need not check b[start:] when valid
// (eachTerm found the text it was made of valid).
func validTailKnown(b []byte, start int, valid bool) ([]byte, int) {
	if valid {
		return b, utf16Len(b[start:])
	}
	return validTail(b, start)
}

// utf16Len returns the length of valid UTF-8 b in UTF-16 code units: one
// per rune, two for a rune of four bytes; that is, one per byte, less the
// continuation bytes (10xxxxxx), plus the four-byte leads (11110xxx),
// counted eight bytes at a time.
func utf16Len(b []byte) int {
	const high = 0x8080808080808080
	n := len(b)
	for len(b) >= 8 {
		w := binary.LittleEndian.Uint64(b)
		b = b[8:]
		if w&high == 0 {
			continue // ASCII
		}
		cont := w &^ (w << 1) & high                      // bit 7 set, bit 6 clear
		four := w & (w << 1) & (w << 2) & (w << 3) & high // bits 7..4 set
		n += bits.OnesCount64(four) - bits.OnesCount64(cont)
	}
	for _, c := range b {
		if c&0xc0 == 0x80 {
			n--
		}
		if c >= 0xf0 {
			n++
		}
	}
	return n
}
