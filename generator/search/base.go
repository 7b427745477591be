package search

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"slices"
	"unicode/utf8"

	"github.com/klauspost/compress/s2"

	"rapport/generator/internal/wire"
	"rapport/generator/memo"
)

// A Base is a language's index as a build wrote it, kept (by the
// persistent build cache) so that the next build can update it
// (Dictionary.Update) instead of merging every page's terms again: the
// index's chunks, each before gzip (s2-compressed) and deflated (see
// Chunks), and each doc's Sum (Entry.Sum), its TextSize and the lengths
// in bytes of its strings. Docs of the same Sum have the same entry in
// the index, so the next build takes an unchanged doc's nums, text and
// postings from the Base, and needs the Page only of a doc that is new or
// changed; and it takes the deflated bytes of the chunks that come out
// the same.
type Base struct {
	lang   string
	docs   []baseDoc
	chunks []chunk
	n      int // the index's length before gzip
	made   int // chunks deflated by the build that made it

	// Read back (DecodeBase): the index, where each chunk starts in it,
	// the chunks by their CRC-32C, and the index's layout.
	raw   []byte
	offs  []int
	byCRC map[uint32][]int
	lay   *layout
}

// baseDoc is what a Base keeps of one doc besides the index.
type baseDoc struct {
	sum  memo.Sum
	size int // TextSize
	head int // bytes of its URL and title in the index's strings
	text int // bytes of its sections' text there
}

// baseFormat is the version of AppendBinary's encoding.
const baseFormat = 2

// AppendBinary appends the encoding of b to out.
func (b *Base) AppendBinary(out []byte) []byte {
	size := len(b.lang) + len(b.docs)*(len(memo.Sum{})+15) + 64
	for _, c := range b.chunks {
		size += len(c.s2) + len(c.z) + 30
	}
	e := wire.Encoder{B: slices.Grow(out, size)}
	e.Uint(baseFormat)
	e.String(b.lang)
	e.Uint(uint64(b.n))
	e.Uint(uint64(len(b.docs)))
	for _, d := range b.docs {
		e.B = append(e.B, d.sum[:]...)
		e.Uint(uint64(d.size))
		e.Uint(uint64(d.head))
		e.Uint(uint64(d.text))
	}
	e.Uint(uint64(len(b.chunks)))
	for _, c := range b.chunks {
		e.Uint(uint64(c.n))
		e.Uint(uint64(c.crc))
		e.Bytes(c.s2)
		e.Bytes(c.z)
	}
	return e.B
}

// errBase is DecodeBase's error for a Base that does not read back.
var errBase = errors.New("search: a kept index does not decode")

// maxBase is the largest index a Base may claim (before gzip), and
// maxRatio the most a chunk may claim per byte of its s2 encoding, so
// that a damaged length allocates nothing huge. (Text compresses to a
// fifth or a tenth; a chunk that compressed better than maxRatio would
// have its index built again.)
const (
	maxBase  = 1 << 31
	maxRatio = 1024
)

// readChunks reads b's chunks and the index from them, checking each
// chunk's length and CRC-32C.
func (b *Base) readChunks(d *wire.Decoder) bool {
	n := d.Len()
	b.chunks = make([]chunk, 0, n)
	for range n {
		c := chunk{n: int(d.Uint()), crc: uint32(d.Uint()), s2: d.Bytes(), z: d.Bytes()}
		if d.Err != nil || c.n < 0 || c.n > b.n {
			return false
		}
		if size, err := s2.DecodedLen(c.s2); err != nil || size != c.n || c.n > maxRatio*len(c.s2) {
			return false
		}
		b.chunks = append(b.chunks, c)
	}
	total := 0
	for _, c := range b.chunks {
		total += c.n
	}
	if total != b.n {
		return false
	}
	b.raw = make([]byte, b.n)
	b.offs = make([]int, len(b.chunks))
	b.byCRC = make(map[uint32][]int, len(b.chunks))
	off := 0
	for j, c := range b.chunks {
		dst := b.raw[off : off+c.n]
		if got, err := s2.Decode(dst, c.s2); err != nil || len(got) != c.n || &got[0] != &dst[0] || crc32.Checksum(dst, castagnoli) != c.crc {
			return false
		}
		b.offs[j] = off
		b.byCRC[c.crc] = append(b.byCRC[c.crc], j)
		off += c.n
	}
	return true
}

// DecodeBase reads back a Base AppendBinary wrote (data is not kept),
// and the index in it, checking that every part of it is where the
// docs' lengths say: a Base that fails to is an error, never an index.
func DecodeBase(data []byte) (*Base, error) {
	d := wire.Decoder{B: data}
	if d.Uint() != baseFormat {
		return nil, errBase
	}
	b := &Base{lang: d.String(), n: int(d.Uint())}
	docs := d.Len()
	if d.Err != nil || b.n < 0 || b.n > maxBase || docs > len(d.B)/35 {
		return nil, errBase
	}
	b.docs = make([]baseDoc, docs)
	for i := range b.docs {
		if len(d.B) < len(memo.Sum{}) {
			return nil, errBase
		}
		doc := &b.docs[i]
		copy(doc.sum[:], d.B)
		d.B = d.B[len(doc.sum):]
		doc.size, doc.head, doc.text = int(d.Uint()), int(d.Uint()), int(d.Uint())
		if doc.size < 0 || doc.head < 0 || doc.text < 0 || doc.head > b.n || doc.text > b.n {
			return nil, errBase
		}
	}
	if !b.readChunks(&d) || d.Done() != nil {
		return nil, errBase
	}
	lay, ok := readLayout(b.raw, b.lang, b.docs)
	if !ok {
		return nil, errBase
	}
	b.lay = lay
	return b, nil
}

// layout is where the parts of an index are (see Dictionary.Pages), as
// read back from a Base.
type layout struct {
	local bool
	docs  []docNums
	// sects[i] is where doc i's sections' nums start in the index;
	// sects[len(docs)] where they end.
	sects []int
	// first[i] is doc i's first section; first[len(docs)] the sections
	// in all.
	first []int32
	terms [][]byte  // sorted
	lists [][]int32 // each term's sections
	lens  [][2]int  // each term's nums: shared, rest (see Pages)
	// texts[i] is where doc i's text starts in the index,
	// texts[len(docs)] where the last one ends.
	texts []int
}

// docNums are a doc's nums: the lengths of its URL and title in UTF-16
// code units, and its number of sections.
type docNums struct{ url, title, sections int }

// readLayout reads the index raw of a Base of lang with docs.
func readLayout(raw []byte, lang string, docs []baseDoc) (*layout, bool) {
	if !bytes.HasPrefix(raw, []byte(magic)) {
		return nil, false
	}
	r := safeReader{b: raw, i: len(magic)}
	flags := r.num()
	size := r.num()
	strs := r.i + size
	if r.bad || strs > len(raw) || flags&^flagLocalPairs != 0 {
		return nil, false
	}
	r.b = raw[:strs]
	lay := &layout{local: flags&flagLocalPairs != 0}
	if r.num() != utf16Len(valid(lang)) || r.num() != len(docs) || !lay.readDocs(&r, len(docs)) || !lay.readTerms(&r) || r.i != strs {
		return nil, false
	}
	return lay, lay.readStrings(raw[strs:], strs, len(valid(lang)), docs)
}

// readDocs reads the docs' and sections' nums.
func (lay *layout) readDocs(r *safeReader, n int) bool {
	if n > r.left() {
		return false
	}
	lay.docs = make([]docNums, n)
	lay.first = make([]int32, n+1)
	secs := 0
	for i := range lay.docs {
		d := docNums{r.num(), r.num(), r.num()}
		secs += d.sections
		if r.bad || secs > r.left() {
			return false
		}
		lay.docs[i] = d
		lay.first[i+1] = int32(secs)
	}
	lay.sects = make([]int, n+1)
	for i, d := range lay.docs {
		lay.sects[i] = r.i
		r.skip(3 * d.sections)
	}
	lay.sects[n] = r.i
	return !r.bad
}

// readTerms reads the terms' nums: their lengths (kept in lay.lens
// until the strings are read) and sections, each list in order within
// the sections.
func (lay *layout) readTerms(r *safeReader) bool {
	n := r.num()
	if n > r.left() {
		return false
	}
	lay.terms = make([][]byte, n)
	lay.lists = make([][]int32, n)
	lay.lens = make([][2]int, n)
	secs := int(lay.first[len(lay.docs)])
	all := make([]int32, 0, r.left()) // a section takes a byte at least
	for i := range n {
		lay.lens[i] = [2]int{r.num(), r.num()}
		count := r.num()
		if r.bad || count > r.left() {
			return false
		}
		start := len(all)
		last := 0
		for j := range count {
			gap := r.num()
			if j > 0 && gap == 0 || gap >= secs || last+gap >= secs {
				return false
			}
			last += gap
			all = append(all, int32(last))
		}
		lay.lists[i] = all[start:len(all):len(all)]
	}
	return !r.bad
}

// readStrings finds the docs' texts in strs, the index's strings (at
// off in it), and reads the terms' strings at its end.
func (lay *layout) readStrings(strs []byte, off, lang int, docs []baseDoc) bool {
	at := lang
	for _, d := range docs {
		at += d.head
	}
	lay.texts = make([]int, len(docs)+1)
	for i, d := range docs {
		lay.texts[i] = off + at
		at += d.text
		if at > len(strs) {
			return false
		}
	}
	lay.texts[len(docs)] = off + at
	return lay.readTermStrings(strs[at:])
}

// readTermStrings reads the terms from tail, the end of the index's
// strings, and checks they are in sorted order and fill it.
func (lay *layout) readTermStrings(tail []byte) bool {
	buf := make([]byte, 0, len(tail)+len(lay.terms)*8)
	var prev []byte
	for i, l := range lay.lens {
		shared, ok := unitsBytes(prev, l[0])
		if !ok {
			return false
		}
		rest, ok := unitsBytes(tail, l[1])
		if !ok {
			return false
		}
		start := len(buf)
		buf = append(append(buf, prev[:shared]...), tail[:rest]...)
		tail = tail[rest:]
		t := buf[start:len(buf):len(buf)]
		if i > 0 && bytes.Compare(prev, t) >= 0 {
			return false
		}
		lay.terms[i], prev = t, t
	}
	lay.lens = nil
	return len(tail) == 0
}

// unitsBytes returns the length in bytes of the front of b that is
// units UTF-16 code units long, as utf16Len counts them, and false when
// b is shorter.
func unitsBytes(b []byte, units int) (int, bool) {
	i := 0
	for units > 0 {
		if i >= len(b) {
			return 0, false
		}
		r, size := utf8.DecodeRune(b[i:])
		i += size
		units--
		if r >= 0x10000 {
			units--
		}
	}
	return i, units == 0
}

// safeReader reads uvarints of a Base, any of which may be wrong: a
// number that does not read, or is past 1<<31, sets bad and reads as 0.
type safeReader struct {
	b   []byte
	i   int
	bad bool
}

// num reads a uvarint.
func (r *safeReader) num() int {
	v, n := binary.Uvarint(r.b[min(r.i, len(r.b)):])
	if n <= 0 || v >= 1<<31 {
		r.bad, r.i = true, len(r.b)
		return 0
	}
	r.i += n
	return int(v)
}

// skip reads n numbers.
func (r *safeReader) skip(n int) {
	for range n {
		r.num()
	}
}

// left returns the bytes left to read.
func (r *safeReader) left() int { return len(r.b) - r.i }
