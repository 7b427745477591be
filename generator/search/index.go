package search

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"slices"
	"unicode"
	"unicode/utf8"

	"rapport/generator/memo"
)

// Doc is one playbook to index.
type Doc struct {
	URL      string // site path
	Title    string
	Sections []Section
}

// Section is the text under one heading; Anchor is the heading's id, ""
// for the text before the first heading.
type Section struct {
	Anchor, Heading, Text string
}

// Build returns the index of docs (see Dictionary.Pages), from the same
// terms and text a parsed page gathers (Dictionary.Gather), with a
// dictionary of its own: the index of docs that were never parsed, for
// tests and tools.
func Build(lang string, docs []Doc) []byte {
	dict := NewDictionary()
	entries := make([]Entry, len(docs))
	for i, d := range docs {
		entries[i] = Entry{URL: d.URL, Title: d.Title, Page: dict.Gather(d.Title, d.Sections)}
	}
	return dict.Pages(lang, entries)
}

// Entry is one doc of an index: its URL, its title, and what Gather took
// from its title and sections. Sum, for Dictionary.Update, identifies
// what the doc's entry is made from (its URL, title and what its page
// was gathered from): entries of the same Sum index the same.
type Entry struct {
	URL, Title string
	Page       *Page
	Sum        memo.Sum
}

// gzipLevel is the compression level of the index's chunks (see Chunks),
// with github.com/klauspost/compress's flate writer, which writes the same
// standard deflate stream as compress/flate, much faster. Measured on the JSON
// of a 2000-page-per-language corpus (cmd/corpus -pages 2000: ar, bg, cs,
// he, th, 92 MB of JSON in all), sizes and compression times summed:
//
//	compress/gzip        level 4: 10.29 MB, 1.48 s
//	compress/gzip        level 5:  9.47 MB, 2.83 s
//	compress/gzip        level 6:  9.06 MB, 4.57 s (DefaultCompression)
//	klauspost/compress   level 5: 10.15 MB, 0.42 s
//	klauspost/compress   level 6:  9.77 MB, 0.51 s
//	klauspost/compress   level 7:  9.79 MB, 1.82 s
//
// Level 6 here is 5.5 times faster than the standard library's level 5 for
// 3% more bytes to download (compression was 13% of a build's CPU).
//
// Measured again on the binary index (RPS1) of the same corpus, 85 MB
// before gzip in all, CPU time of one thread, best of 3:
//
//	level 1: 12.84 MB, 0.22 s     level 6:  8.91 MB, 0.42 s
//	level 2: 11.22 MB, 0.24 s     level 7:  8.89 MB, 0.93 s
//	level 3: 10.95 MB, 0.28 s     level 8:  8.41 MB, 1.35 s
//	level 4: 10.01 MB, 0.35 s     level 9:  8.08 MB, 5.67 s
//	level 5:  9.16 MB, 0.37 s
//
// Level 6 stays: below it every 0.05 s saved costs a reader on a slow link
// 3% to 12% more bytes; above it, 5.6% fewer bytes (level 8) cost three
// times the CPU, nearly a second more per build. (These are the whole
// index deflated at once; in chunks, each primed with the 32 KB before
// it, the same corpus's indexes are 0.002% to 0.15% bigger, and deflating
// takes about an eighth more: each chunk's window is filled first.)
const gzipLevel = 6

// localPairsBelow is the size of text under which an index leaves out the
// postings of character pairs (Han, kana, Hangul, Thai, Lao, Khmer,
// Myanmar) and flags them local: search.js then finds them in the
// sections' text when the index loads. Nearly every pair of a few pages of
// Chinese or Japanese is a term of its own, so their postings cost more
// than the text (1.4 to 1.9 times on the test sentences of testdata/langs,
// 0.7 to 0.8 times without them); on a larger site pairs repeat and their
// postings shrink, while finding them in the browser costs about 0.5 ms
// per KB of such text (node, this project's 2-core machine: 232 KB of
// Thai, 34 pages, prepared in 173 ms instead of 57 ms).
const localPairsBelow = 256 << 10

// magic starts every index: the format's name and version.
const magic = "RPS1"

// Format names the index format, for index file names: a browser holding
// an index of another format under the same name would fail to read it.
const Format = magic

// Flags of an index.
const flagLocalPairs = 1 // pairs are left out: see localPairsBelow

// Pages returns the gzip-compressed index of entries (deterministic: the
// same entries give the same bytes). Titles are indexed as part of every
// section of their doc. The format, after gzip, is
//
//	magic, uvarint flags, uvarint len(nums), nums, strings
//
// where strings is valid UTF-8, every string of the index one after the
// other, and nums is uvarints that give their lengths in UTF-16 code units,
// in the same order (n below), and the rest:
//
//	n(lang), len(docs), per doc: n(url), n(title), len(its sections),
//	per section, in order: n(anchor), n(heading), n(text)
//	len(terms), per term, in sorted order: the length (UTF-16) it shares
//	  with the term before it, n(the rest of it), len(its sections), the
//	  sections as gaps
//
// Sections are numbered in order over all docs; a term's sections are
// gaps: the first number is a section, each next one is added to the
// previous (runs of small gaps, mostly 1 for common terms, compress to
// almost nothing). The browser decodes the strings once and slices them
// (search.js, decode).
func (d *Dictionary) Pages(lang string, entries []Entry) []byte {
	gz, _ := d.pages(lang, entries, false)
	return gz
}

// pages is Pages, and with keep the index's Base (see Dictionary.Update).
func (d *Dictionary) pages(lang string, entries []Entry, keep bool) ([]byte, *Base) {
	size := 0
	for _, e := range entries {
		size += e.Page.textSize()
	}
	p := gatherPostings(d, entries, size < localPairsBelow)
	ix := p.sorted(lang)
	ix.text = pageTexts(entries)
	ix.size = func(i int) int { return entries[i].Page.textSize() }
	return ix.compress(entries, nil, keep)
}

// textSize returns the TextSize of p's doc (0 for a nil page).
func (p *Page) textSize() int {
	if p == nil {
		return 0
	}
	return p.size
}

// postings are an index's terms and their sections.
type postings struct {
	local bool      // pairs left out
	dict  dictView  // the terms' bytes
	index []int32   // the index's number + 1 of dictionary term n, or 0
	ids   []uint32  // the dictionary's number of term n
	lists [][]int32 // the sections of term n
	docs  []byte    // nums of the docs
	sects []byte    // nums of the sections
	secs  int       // sections in all
}

// gatherPostings merges the entries' terms: each page's distinct terms
// are looked up once.
func gatherPostings(d *Dictionary, entries []Entry, local bool) *postings {
	p := newPostings(d, entries, local)
	var buf []byte // a spilled page's meta, read back
	for _, e := range entries {
		buf = p.addEntry(e, buf)
	}
	return p
}

// newPostings returns empty postings over d, once the entries' pages
// read back from the build cache have their terms numbered in d.
func newPostings(d *Dictionary, entries []Entry, local bool) *postings {
	for _, e := range entries {
		if e.Page != nil && e.Page.cached != nil {
			e.Page.resolve(d, nil)
		}
	}
	p := &postings{local: local, dict: d.view()}
	p.index = make([]int32, len(p.dict.ends))
	return p
}

// addEntry adds e's doc, its sections and terms; buf is for a spilled
// page's meta, which it returns for the next page.
func (p *postings) addEntry(e Entry, buf []byte) []byte {
	var meta []byte
	if e.Page != nil {
		meta = e.Page.metaBytes(buf)
		if e.Page.spilled != nil {
			buf = meta
		}
	}
	if meta == nil {
		p.docs = appendNums(p.docs, utf16Len(valid(e.URL)), utf16Len(valid(e.Title)), 0)
		return buf
	}
	p.docs = appendNums(p.docs, utf16Len(valid(e.URL)), utf16Len(valid(e.Title)))
	p.addPage(meta)
	return buf
}

// addPage adds the sections and terms of one page's meta (see Page).
func (p *postings) addPage(meta []byte) {
	r := reader{b: meta}
	n := r.num()
	p.docs = binary.AppendUvarint(p.docs, uint64(n))
	for range 3 * n {
		p.sects = binary.AppendUvarint(p.sects, uint64(r.num()))
	}
	base := int32(p.secs)
	p.secs += n
	for terms := r.num(); terms > 0; terms-- {
		id := uint32(r.num())
		count := r.num()
		if p.local && p.dict.pairs[id] {
			r.skip(count)
			continue
		}
		k := p.index[id] - 1
		if k < 0 {
			k = int32(len(p.ids))
			p.index[id] = k + 1
			p.ids = append(p.ids, id)
			p.lists = append(p.lists, nil)
		}
		if count == 0 {
			for s := range int32(n) {
				p.lists[k] = append(p.lists[k], base+s)
			}
			continue
		}
		s := base
		for range count {
			s += int32(r.num())
			p.lists[k] = append(p.lists[k], s)
		}
	}
}

// order returns the postings' terms (indexes in p.ids) in sorted order.
func (p *postings) order() []int32 {
	order := make([]int32, len(p.ids))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return bytes.Compare(p.dict.term(p.ids[a]), p.dict.term(p.ids[b])) })
	return order
}

// sorted returns the index of p's docs, its terms in sorted order.
func (p *postings) sorted(lang string) *written {
	order := p.order()
	ix := &written{lang: lang, local: p.local, docs: p.docs, sects: p.sects,
		terms: make([][]byte, len(order)), lists: make([][]int32, len(order))}
	for i, k := range order {
		ix.terms[i], ix.lists[i] = p.dict.term(p.ids[k]), p.lists[k]
	}
	return ix
}

// written is an index ready to write (see Dictionary.Pages): its docs'
// and sections' nums, its terms in sorted order with their sections,
// and each doc's text (text(i), valid until the next call) and
// TextSize (size(i)).
type written struct {
	lang        string
	local       bool
	docs, sects []byte
	terms       [][]byte
	lists       [][]int32
	text        func(i int) []byte
	size        func(i int) int
}

// compress returns the gzip-compressed index of entries, taking the
// chunks of base that fit (see Chunks), and with keep its Base.
func (ix *written) compress(entries []Entry, base *Base, keep bool) ([]byte, *Base) {
	c := newChunker(base, keep)
	var next *Base
	var docs []baseDoc
	if keep {
		next = &Base{lang: ix.lang, docs: make([]baseDoc, len(entries))}
		for i, e := range entries {
			next.docs[i] = baseDoc{sum: e.Sum, size: ix.size(i), head: len(valid(e.URL)) + len(valid(e.Title))}
		}
		docs = next.docs
	}
	ix.write(c, entries, docs)
	gz := c.close()
	if keep {
		next.chunks, next.n, next.made = c.chunks, c.n, c.made
	}
	// At its size: the buffer grew by doubling, and the index is held
	// until it is written, with up to as much again unused.
	return bytes.Clone(gz), next
}

// write writes the index (see Dictionary.Pages) to c, offering cuts
// after the terms and docs cutAt chooses, and each doc's text length in
// bytes to docs, when not nil.
func (ix *written) write(c *chunker, entries []Entry, docs []baseDoc) {
	nums, tail, numCuts, tailCuts := ix.termNums()
	head := appendNums(nil, utf16Len(valid(ix.lang)), len(entries))
	flags := 0
	if ix.local {
		flags |= flagLocalPairs
	}
	top := appendNums([]byte(magic), flags, len(head)+len(ix.docs)+len(ix.sects)+len(nums))
	for _, b := range [][]byte{top, head, ix.docs, ix.sects} {
		c.Write(b)
	}
	writeCut(c, nums, numCuts)
	c.Write(valid(ix.lang))
	for _, e := range entries {
		c.Write(valid(e.URL))
		c.Write(valid(e.Title))
	}
	for i, e := range entries {
		text := ix.text(i)
		if docs != nil {
			docs[i].text = len(text)
		}
		c.Write(text)
		if cutAt(valid(e.URL)) {
			c.cut()
		}
	}
	writeCut(c, tail, tailCuts)
	c.flush()
}

// termNums returns the terms' nums and strings (see Dictionary.Pages),
// and where cuts are offered in each: after the terms cutAt chooses.
func (ix *written) termNums() (nums, tail []byte, numCuts, tailCuts []int) {
	postings := 0
	for _, l := range ix.lists {
		postings += len(l)
	}
	// Most gaps take one byte, and each term three more.
	nums = make([]byte, 0, postings+4*len(ix.terms)+binary.MaxVarintLen64)
	nums = binary.AppendUvarint(nums, uint64(len(ix.terms)))
	var prev []byte
	for i, t := range ix.terms {
		shared := sharedPrefix(prev, t)
		tail = append(tail, t[shared:]...)
		nums = appendNums(nums, utf16Len(t[:shared]), utf16Len(t[shared:]), len(ix.lists[i]))
		last := int32(0)
		for _, s := range ix.lists[i] {
			nums = binary.AppendUvarint(nums, uint64(s-last))
			last = s
		}
		if cutAt(t) {
			numCuts, tailCuts = append(numCuts, len(nums)), append(tailCuts, len(tail))
		}
		prev = t
	}
	return nums, tail, numCuts, tailCuts
}

// writeCut writes b to c, offering a cut at each of cuts (offsets in b).
func writeCut(c *chunker, b []byte, cuts []int) {
	at := 0
	for _, n := range cuts {
		c.Write(b[at:n])
		c.cut()
		at = n
	}
	c.Write(b[at:])
}

// sharedPrefix returns the length in bytes of the longest common prefix of
// a and b that ends between runes.
func sharedPrefix(a, b []byte) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	for n > 0 && n < len(b) && !utf8.RuneStart(b[n]) {
		n--
	}
	return n
}

// valid returns s as valid UTF-8 (see validTail).
func valid(s string) []byte {
	b, _ := validTail([]byte(s), 0)
	return b
}

// appendNums appends uvarints.
func appendNums(b []byte, v ...int) []byte {
	for _, n := range v {
		b = binary.AppendUvarint(b, uint64(n))
	}
	return b
}

// reader reads what Gather wrote.
type reader struct {
	b []byte
	i int
}

// num reads a uvarint; one byte (most: gaps, counts, lengths) inline.
func (r *reader) num() int {
	if c := r.b[r.i]; c < 0x80 {
		r.i++
		return int(c)
	}
	return r.long()
}

// long reads a uvarint of more than one byte.
func (r *reader) long() int {
	v, n := binary.Uvarint(r.b[r.i:])
	r.i += n
	return int(v)
}

// skip reads n numbers.
func (r *reader) skip(n int) {
	for range n {
		r.num()
	}
}

// isPair reports whether term t is a character pair, or a lone character,
// of a paired script.
func isPair(t []byte) bool {
	if len(t) == 0 || t[0] < 0xe0 {
		return false // one- and two-byte runes are not paired
	}
	r, _ := utf8.DecodeRune(t)
	return paired(r)
}

// appendCompact appends s with its white space collapsed, which the page
// shows as one space anyway: strings.Join(strings.Fields(s), " "). It
// copies runs of words separated by single spaces at once.
func appendCompact(b []byte, s string) []byte {
	start, n := -1, len(b) // start of the run being read
	for i := 0; i < len(s); {
		c := s[i]
		if !maySpace[c] {
			if start < 0 {
				start = i
			}
			i++
			continue
		}
		if c == ' ' && start >= 0 && i+1 < len(s) && !maySpace[s[i+1]] {
			i++ // one space between words: the run goes on
			continue
		}
		space, size := spaceAt(s, i)
		switch {
		case space && start >= 0:
			if len(b) > n {
				b = append(b, ' ')
			}
			b = append(b, s[start:i]...)
			start = -1
		case !space && start < 0:
			start = i
		}
		i += size
	}
	if start >= 0 {
		if len(b) > n {
			b = append(b, ' ')
		}
		b = append(b, s[start:]...)
	}
	return b
}

// isCompact reports whether appendCompact would append s itself: its only
// white space is single spaces between words.
func isCompact(s string) bool {
	afterSpace := true // or at the start
	for i := 0; i < len(s); {
		if !afterSpace && !maySpace[s[i]] {
			i++
			continue
		}
		space, size := spaceAt(s, i)
		if space && (afterSpace || s[i] != ' ') {
			return false
		}
		afterSpace = space
		i += size
	}
	return !afterSpace || s == ""
}

// spaceAt reports whether the rune at s[i] is white space
// (unicode.IsSpace), and its length. Only the bytes that can start white
// space are decoded; stepping over the others one at a time meets the
// same white space as decoding every rune, since those bytes can be
// neither in a rune starting with one of them nor such a rune's end.
func spaceAt(s string, i int) (bool, int) {
	switch c := s[i]; {
	case c < utf8.RuneSelf:
		return asciiSpace[c] != 0, 1
	case c == 0xc2 || c == 0xe1 || c == 0xe2 || c == 0xe3: // U+0085, U+00A0, U+1680, U+2000..U+205F, U+3000
		r, size := utf8.DecodeRuneInString(s[i:])
		return unicode.IsSpace(r), size
	}
	return false, 1
}

// maySpace holds the bytes that may start white space: spaceAt is false
// for the others, and their length is 1.
var maySpace = func() (t [256]bool) {
	for c := range t {
		t[c] = asciiSpace[c] != 0 || c == 0xc2 || c == 0xe1 || c == 0xe2 || c == 0xe3
	}
	return t
}()

var asciiSpace = [256]uint8{'\t': 1, '\n': 1, '\v': 1, '\f': 1, '\r': 1, ' ': 1}

// Script wraps an index in JavaScript for pages opened from disk, where
// fetch is blocked: it registers the compressed bytes, base64-encoded, on
// a global that search.js reads.
func Script(lang string, gz []byte) []byte {
	var b bytes.Buffer
	b.WriteString(`(self.rapportSearch = self.rapportSearch || {})[`)
	l, _ := json.Marshal(lang)
	b.Write(l)
	b.WriteString(`] = "`)
	b.WriteString(base64.StdEncoding.EncodeToString(gz))
	b.WriteString("\";\n")
	return b.Bytes()
}

// TextSize is the size in bytes of the plain text an index covers, to
// compare with the index's size.
func TextSize(docs []Doc) int {
	n := 0
	for _, d := range docs {
		n += len(d.Title)
		for _, s := range d.Sections {
			n += len(s.Heading) + len(s.Text)
		}
	}
	return n
}
