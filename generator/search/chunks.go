package search

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"

	"github.com/klauspost/compress/flate"
	"github.com/klauspost/compress/s2"
)

// # Chunks
//
// An index is gzip-compressed in chunks, as pigz compresses in parallel:
// each chunk is deflated on its own, its window primed with the 32 KB of
// the index before it (flate's preset dictionary), and ended with a sync
// flush, so the chunks one after another are one deflate stream that any
// gzip reader reads, about as small as the whole index deflated at once
// (0.05% bigger at chunkMin 256 KB on the 10,000-playbook corpus). A
// chunk's deflated bytes are then a function of its bytes and the 32 KB
// before it alone, so an index updated from a Base takes the deflated
// bytes of every chunk whose bytes and 32 KB before it are the Base's,
// and deflates only the few an edit changed: the same bytes as
// deflating them all.
//
// Where a chunk ends is chosen by the index's content, so that an edit
// moves no chunk's end but near it: the index's writer offers a cut after
// each term (in the terms' nums and in their strings) and each doc's text
// (cutAt), and a chunk ends at the first cut offered whose term or URL
// hashes to a multiple of cutEvery once it is chunkMin long.

// Chunking's sizes: the least a chunk holds, and the window it is
// primed with (flate's, all deflate can reach back).
const (
	chunkMin = 256 << 10
	window   = 32 << 10
	cutEvery = 8
)

// gzipHeader starts the index: a gzip member of no name, time or flags,
// from an unknown system, as gzip.Writer writes one.
var gzipHeader = []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff}

// castagnoli is the CRC-32C table: a chunk's key (chunk.crc).
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// cutAt reports whether a cut may be offered after the term or doc URL
// key (FNV-1a).
func cutAt(key []byte) bool {
	h := uint32(2166136261)
	for _, c := range key {
		h = (h ^ uint32(c)) * 16777619
	}
	return h%cutEvery == 0
}

// chunk is one chunk of an index: its length and CRC-32C before
// compression, its bytes s2-compressed (kept in a Base only), and
// deflated.
type chunk struct {
	n   int
	crc uint32
	s2  []byte
	z   []byte
}

// chunker gzip-compresses an index written to it in chunks (see Chunks),
// taking the chunks of base that fit, and with keep keeps the chunks for
// the next Base.
type chunker struct {
	zw     *flate.Writer
	out    []byte // the gzip stream so far
	crc    uint32 // the index's CRC-32 so far
	n      int    // its length so far
	buf    []byte // the chunk being written
	hist   []byte // the window before it
	base   *Base
	keep   bool
	chunks []chunk
	made   int // chunks deflated, not taken from base
	// Buffers for deflate and s2, whose results are kept at their size.
	z   bytes.Buffer
	enc []byte
}

// newChunker returns a chunker taking chunks from base (or none).
func newChunker(base *Base, keep bool) *chunker {
	zw, _ := flate.NewWriter(nil, gzipLevel)
	return &chunker{zw: zw, out: append([]byte(nil), gzipHeader...), base: base, keep: keep}
}

// Write adds p to the chunk being written.
func (c *chunker) Write(p []byte) (int, error) {
	c.buf = append(c.buf, p...)
	return len(p), nil
}

// cut ends the chunk here if it is chunkMin long: the writer offers a
// cut where cutAt says.
func (c *chunker) cut() {
	if len(c.buf) >= chunkMin {
		c.flush()
	}
}

// flush ends the chunk being written.
func (c *chunker) flush() {
	if len(c.buf) == 0 {
		return
	}
	crc := crc32.Checksum(c.buf, castagnoli)
	ch, ok := c.base.chunk(crc, c.buf, c.hist)
	if !ok {
		ch = c.deflate(crc)
		c.made++
	}
	c.out = append(c.out, ch.z...)
	c.crc = crc32.Update(c.crc, crc32.IEEETable, c.buf)
	c.n += len(c.buf)
	if c.keep {
		if !ok { // kept at their sizes: c's buffers are reused
			c.enc = s2.Encode(c.enc[:cap(c.enc)], c.buf)
			ch.s2, ch.z = bytes.Clone(c.enc), bytes.Clone(ch.z)
		}
		c.chunks = append(c.chunks, ch)
	}
	if len(c.buf) >= window {
		c.hist = append(c.hist[:0], c.buf[len(c.buf)-window:]...)
	} else {
		c.hist = append(c.hist, c.buf...)
		c.hist = append(c.hist[:0], c.hist[max(0, len(c.hist)-window):]...)
	}
	c.buf = c.buf[:0]
}

// deflate returns the chunk being written, deflated with the window
// before it (z is c's buffer until the next chunk).
func (c *chunker) deflate(crc uint32) chunk {
	c.z.Reset()
	c.zw.ResetDict(&c.z, c.hist)
	c.zw.Write(c.buf)
	c.zw.Flush()
	return chunk{n: len(c.buf), crc: crc, z: c.z.Bytes()}
}

// close ends the index and returns it, gzip-compressed.
func (c *chunker) close() []byte {
	c.flush()
	c.out = append(c.out, 3, 0) // an empty final block
	c.out = binary.LittleEndian.AppendUint32(c.out, c.crc)
	c.out = binary.LittleEndian.AppendUint32(c.out, uint32(c.n))
	return c.out
}

// chunk returns b's chunk of CRC-32C crc whose bytes are buf and the
// window before it hist, if b has one.
func (b *Base) chunk(crc uint32, buf, hist []byte) (chunk, bool) {
	if b == nil {
		return chunk{}, false
	}
	for _, j := range b.byCRC[crc] {
		off := b.offs[j]
		ch := b.chunks[j]
		if ch.n == len(buf) && bytes.Equal(b.raw[off:off+ch.n], buf) && bytes.Equal(b.raw[max(0, off-window):off], hist) {
			return ch, true
		}
	}
	return chunk{}, false
}
