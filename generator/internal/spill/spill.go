// Package spill keeps byte slices in one temporary file instead of the
// heap, for a one-shot build: what parse makes of each page and render or
// the search index reads back once, much later (compressed bodies, the
// terms and text search gathered), would otherwise be held in memory by
// every page at once.
//
// Slices are gathered in chunks of [ChunkSize] and each full chunk is
// written with one write: a [Blob] reads its bytes from the chunk while
// it is in memory and from the file once it is written. A chunk that
// cannot be written (a full disk) stays in memory and no later one is
// written, so a failure costs memory, never data. The file is removed as
// soon as it is made: it lives while it is open, and it is closed when
// the File and every Blob of it are collected.
package spill

import (
	"os"
	"sync"
)

// ChunkSize is the size of the chunks written to the file.
const ChunkSize = 1 << 20

// File is a temporary file that slices are moved into. It is safe for
// concurrent use.
type File struct {
	mu     sync.Mutex
	f      *os.File
	cur    *chunk // the chunk being filled
	off    int64  // where cur goes in the file
	failed bool   // a write failed: chunks stay in memory
}

// chunk is a run of slices, in memory until written.
type chunk struct {
	file *File
	data []byte // nil once written
	off  int64  // its place in the file
}

// Blob is a slice moved into a File. Its zero value is an empty slice.
type Blob struct {
	c   *chunk
	at  int32 // offset in its chunk
	len int32
}

// New makes a File in the directory for temporary files ($TMPDIR):
// moved bytes leave the process's memory for the page cache (or, on a
// tmpfs, for the tmpfs's memory).
func New() (*File, error) {
	f, err := os.CreateTemp("", "rapport-spill-*")
	if err != nil {
		return nil, err
	}
	if err := os.Remove(f.Name()); err != nil { // where an open file cannot be removed
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	return &File{f: f}, nil
}

// Put copies b into the file and returns where it is.
func (f *File) Put(b []byte) Blob {
	if len(b) == 0 {
		return Blob{}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.cur != nil && len(f.cur.data)+len(b) > max(ChunkSize, cap(f.cur.data)) {
		f.write()
	}
	if f.cur == nil {
		f.cur = &chunk{file: f, data: make([]byte, 0, max(ChunkSize, len(b))), off: f.off}
	}
	at := len(f.cur.data)
	f.cur.data = append(f.cur.data, b...)
	return Blob{c: f.cur, at: int32(at), len: int32(len(b))}
}

// Flush writes the chunk being filled, so that the bytes put so far
// leave memory. A nil File has nothing to flush.
func (f *File) Flush() {
	if f == nil {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.cur != nil {
		f.write()
	}
}

// write writes the current chunk, with f.mu held, and starts none.
func (f *File) write() {
	c := f.cur
	f.cur = nil
	if f.failed {
		return
	}
	if _, err := f.f.WriteAt(c.data, c.off); err != nil {
		f.failed = true
		return
	}
	f.off += int64(len(c.data))
	c.data = nil
}

// Len returns the length of b's bytes.
func (b Blob) Len() int { return int(b.len) }

// Bytes returns b's bytes, in buf when it is long enough, else in a new
// slice.
func (b Blob) Bytes(buf []byte) []byte {
	if b.len == 0 {
		return buf[:0]
	}
	out := buf[:0]
	if cap(buf) < int(b.len) {
		out = make([]byte, 0, b.len)
	}
	out = out[:b.len]
	f := b.c.file
	f.mu.Lock()
	if data := b.c.data; data != nil {
		copy(out, data[b.at:])
		f.mu.Unlock()
		return out
	}
	f.mu.Unlock()
	if _, err := f.f.ReadAt(out, b.c.off+int64(b.at)); err != nil {
		// The file is open and unlinked: nothing else can change it.
		panic("spill: bytes cannot be read back from the temporary file: " + err.Error())
	}
	return out
}

// Slice returns the blob of b's bytes [i:j].
func (b Blob) Slice(i, j int) Blob {
	if i < 0 || j < i || j > int(b.len) {
		panic("spill: slice out of range")
	}
	if i == j {
		return Blob{}
	}
	return Blob{c: b.c, at: b.at + int32(i), len: int32(j - i)}
}
