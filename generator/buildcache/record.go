package buildcache

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
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
