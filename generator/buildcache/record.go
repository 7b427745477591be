package buildcache

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"hash"
	"hash/crc32"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unsafe"
)

// # Records
//
// Besides the packs' entries, which are named by what they were made
// from, a build keeps small records under names of its own (what the
// last build knew of a site's source files): a record is replaced
// whole, by renaming a new file over it, so two builds sharing a cache
// leave one or the other's. A record file is the packs' header (Format
// and the SHA-256 of the binary's build ID), the payload and a CRC-32C
// of both: a record of another rapport build is not read, and a damaged
// one is ignored with a note.

// recordFile returns the path of the record name.
func (d *Dir) recordFile(name string) string { return filepath.Join(d.path, "record-"+name) }

// Record returns the payload of the record name, and false when there is
// none, it was written by another rapport build, or it is damaged
// (noted). A nil Dir has none.
func (d *Dir) Record(name string) ([]byte, bool) {
	if d == nil {
		return nil, false
	}
	data, err := os.ReadFile(d.recordFile(name))
	head := header(d.id)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, false
	case err == nil && len(data) >= len(head)+4 && !bytes.HasPrefix(data, head):
		return nil, false // another rapport build's, or another format's
	case err == nil && len(data) >= len(head)+4:
		body, crc := data[:len(data)-4], binary.LittleEndian.Uint32(data[len(data)-4:])
		if crc32.Checksum(body, castagnoli) == crc {
			return body[len(head):], true
		}
	}
	d.mu.Lock()
	d.notef("%s: a damaged cache record: ignored", d.recordFile(name))
	d.mu.Unlock()
	return nil, false
}

// SetRecord replaces the record name with payload. Failing to write is
// noted; the next build then does without it.
func (d *Dir) SetRecord(name string, payload []byte) {
	if d == nil {
		return
	}
	data := append(header(d.id), payload...)
	data = binary.LittleEndian.AppendUint32(data, crc32.Checksum(data, castagnoli))
	if old, err := os.ReadFile(d.recordFile(name)); err == nil && bytes.Equal(old, data) {
		return // the same: the file is left as it is
	}
	if err := writeAtomic(d.recordFile(name), data); err != nil {
		d.mu.Lock()
		d.notef("%s: cannot write to the build cache: %v", d.path, err)
		d.mu.Unlock()
	}
}

// RecordText is Record, its payload as a string: a large record is read
// once, checked once, and its parts kept as strings without a copy each
// (see wire.Text).
func (d *Dir) RecordText(name string) (string, bool) {
	if d == nil {
		return "", false
	}
	text, err := readText(d.recordFile(name), header(d.id))
	switch {
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, errForeign):
		return "", false
	case err != nil:
		d.mu.Lock()
		d.notef("%s: a damaged cache record: ignored", d.recordFile(name))
		d.mu.Unlock()
		return "", false
	}
	return text, true
}

// errForeign is readText's error for a record of another rapport build.
var errForeign = errors.New("a record of another rapport build")

// errDamaged is readText's error for a record that does not check.
var errDamaged = errors.New("a damaged record")

// readText reads the record file at path into a string, checks its
// header (head) and CRC, and returns its payload.
func readText(path string, head []byte) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return "", err
	}
	size := info.Size()
	if size < int64(len(head))+4 || size > maxRecord {
		return "", errDamaged
	}
	data := make([]byte, size)
	if _, err := io.ReadFull(f, data); err != nil {
		return "", errDamaged
	}
	body, sum := data[:size-4], data[size-4:]
	switch {
	case !bytes.HasPrefix(body, head):
		return "", errForeign
	case crc32.Checksum(body, castagnoli) != binary.LittleEndian.Uint32(sum):
		return "", errDamaged
	}
	// data is this function's and is never written again: the string
	// shares its bytes (as strings.Builder's String does) instead of
	// copying 20 MB of page facts.
	return unsafe.String(&data[len(head)], len(body)-len(head)), nil
}

// maxRecord is the largest record file read: a record is the facts of
// one shard of a site's pages, about 1.3 MB a shard at 10,000 playbooks.
const maxRecord = 1 << 31

// RecordWriter writes a record as a stream, for a record too large to
// make in memory first: to a temporary file beside it, renamed over it
// by Commit. A nil *RecordWriter writes nothing.
type RecordWriter struct {
	d    *Dir
	name string
	f    *os.File
	w    *bufio.Writer
	crc  hash.Hash32
	n    int64
	err  error
	buf  [4096]byte
}

// CreateRecord starts writing the record name; nil (noted) when the
// cache folder cannot take a file, or the Dir is nil.
func (d *Dir) CreateRecord(name string) *RecordWriter {
	if d == nil {
		return nil
	}
	f, err := os.CreateTemp(d.path, ".tmp-record-*")
	if err != nil {
		d.mu.Lock()
		d.notef("%s: cannot write to the build cache: %v", d.path, err)
		d.mu.Unlock()
		return nil
	}
	w := &RecordWriter{d: d, name: name, f: f, w: bufio.NewWriterSize(f, 64<<10), crc: crc32.New(castagnoli)}
	head := header(d.id)
	w.w.Write(head)
	w.crc.Write(head)
	return w
}

// Write appends p to the payload.
func (w *RecordWriter) Write(p []byte) {
	if w == nil || w.err != nil {
		return
	}
	_, w.err = w.w.Write(p)
	w.crc.Write(p)
	w.n += int64(len(p))
}

// WriteString appends s to the payload.
func (w *RecordWriter) WriteString(s string) {
	if w == nil || w.err != nil {
		return
	}
	for len(s) > 0 && w.err == nil { // through buf: a hash takes no string
		n := copy(w.buf[:], s)
		w.Write(w.buf[:n])
		s = s[n:]
	}
}

// Len returns how many bytes of payload were written.
func (w *RecordWriter) Len() int64 {
	if w == nil {
		return 0
	}
	return w.n
}

// Commit ends the record and puts it in place of the record of its name.
// Failing to write is noted; the next build then does without it.
func (w *RecordWriter) Commit() {
	if w == nil {
		return
	}
	err := w.err
	if err == nil {
		err = binary.Write(w.w, binary.LittleEndian, w.crc.Sum32())
	}
	if ferr := w.w.Flush(); err == nil {
		err = ferr
	}
	if cerr := w.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(w.f.Name(), w.d.recordFile(w.name))
	}
	if err != nil {
		os.Remove(w.f.Name())
		w.d.mu.Lock()
		w.d.notef("%s: cannot write to the build cache: %v", w.d.path, err)
		w.d.mu.Unlock()
	}
}

// Abort drops the record being written: the record of its name stays as
// it was.
func (w *RecordWriter) Abort() {
	if w == nil {
		return
	}
	w.f.Close()
	os.Remove(w.f.Name())
}

// pruneRecords removes the records of another rapport build (another
// build ID or format): this one never reads them, and the records of a
// site it builds are written again under the same names.
func (d *Dir) pruneRecords() {
	es, err := os.ReadDir(d.path)
	if err != nil {
		return
	}
	head := header(d.id)
	got := make([]byte, len(head))
	for _, e := range es {
		if !strings.HasPrefix(e.Name(), "record-") || !e.Type().IsRegular() {
			continue
		}
		path := filepath.Join(d.path, e.Name())
		f, err := os.Open(path)
		if err != nil {
			continue
		}
		_, err = io.ReadFull(f, got)
		f.Close()
		if err == nil && !bytes.Equal(got, head) && bytes.HasPrefix(got, []byte("rapport-cache ")) {
			os.Remove(path)
		}
	}
}

// PruneSites removes the records of every site but site and the keep-1
// others whose records were written last. A record is named kind-site
// (kind without a dash, site the site folder's identity, see
// generator's siteName): a CI job that builds a fresh checkout each time
// names another site at every run, and would otherwise add a set of
// records at every run to a cache it restores.
func (d *Dir) PruneSites(site string, keep int) {
	if d == nil || site == "" {
		return
	}
	es, err := os.ReadDir(d.path)
	if err != nil {
		return
	}
	files := map[string][]string{}
	last := map[string]int64{}
	for _, e := range es {
		kind, other, ok := strings.Cut(strings.TrimPrefix(e.Name(), "record-"), "-")
		if !ok || kind == "" || !strings.HasPrefix(e.Name(), "record-") || !e.Type().IsRegular() || other == site {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		files[other] = append(files[other], e.Name())
		last[other] = max(last[other], info.ModTime().UnixNano())
	}
	others := slices.SortedFunc(maps.Keys(files), func(a, b string) int { return cmp.Compare(last[b], last[a]) })
	for _, other := range others[min(len(others), max(keep-1, 0)):] {
		for _, name := range files[other] {
			os.Remove(filepath.Join(d.path, name))
		}
	}
}
