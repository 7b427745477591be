// Package buildcache is rapport build's persistent cache: what a stage
// made of its inputs, kept in a folder between processes, so a build after
// one edit parses only the edited page (see docs/performance.md).
//
// An entry is a file named by the Sum of what its value was made from
// (content addressing: a changed input is another name, so nothing is
// ever updated in place). The sums include this binary's build ID and the
// format version (Key), so a cache written by another rapport is never
// read. Each file holds a header, the SHA-256 of its payload and the
// payload: a truncated or corrupt file fails the check and is ignored
// with a note, never trusted. Files are written to a temporary name and
// renamed into place, so two builds sharing a cache at once each read
// either nothing or a whole entry. There is no index file to lock.
package buildcache

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"

	"rapport/generator/memo"
)

// Format is the version of the entries' layout and encoding: a change to
// what an entry holds (a parse.Snapshot field) must change it.
const Format = "rapport-cache 1"

// tag marks a folder as a rapport cache (the CACHEDIR.TAG convention, so
// backup tools skip it too).
const tag = "Signature: 8a477f597d28d172789f06886806bc55\n# This folder is rapport's build cache (rapport build -cache). It can be deleted at any time.\n"

// Dir is an open cache folder.
type Dir struct {
	path string
	id   string // the binary's build ID and Format: part of every key

	mu    sync.Mutex
	notes []string

	hits, misses, written atomic.Int64
}

// Stats says how much of a build came from the cache.
type Stats struct {
	Hits, Misses, Written int64
	Notes                 []string
}

// Open opens (creating it) the cache folder at path. A folder that holds
// files but no rapport tag is not rapport's: Open returns nil and a note
// that says so, and the build runs without a cache.
func Open(path string) (*Dir, []string) {
	if err := os.MkdirAll(path, 0o755); err != nil {
		return nil, []string{fmt.Sprintf("%s: cannot use the build cache: %v; building without it", path, err)}
	}
	t, err := os.ReadFile(filepath.Join(path, "CACHEDIR.TAG"))
	switch {
	case err == nil && bytes.HasPrefix(t, []byte(tag[:44])):
	case errors.Is(err, fs.ErrNotExist) && empty(path):
		if err := writeAtomic(filepath.Join(path, "CACHEDIR.TAG"), []byte(tag)); err != nil {
			return nil, []string{fmt.Sprintf("%s: cannot use the build cache: %v; building without it", path, err)}
		}
	default:
		return nil, []string{fmt.Sprintf("%s: not a rapport build cache (no CACHEDIR.TAG of rapport's): not used; choose another folder with -cache", path)}
	}
	return &Dir{path: path, id: BuildID() + "\x00" + Format}, nil
}

// empty reports whether the folder at path has no entries.
func empty(path string) bool {
	es, err := os.ReadDir(path)
	return err == nil && len(es) == 0
}

// Key returns the name of an entry of kind made from what h hashed
// (h is ended): the binary's build ID and Format are part of it.
func (d *Dir) Key(kind string, h *memo.Hash) memo.Sum {
	return memo.NewHash().Strings(d.id, kind).Sums(h.Sum()).Sum()
}

func (d *Dir) file(kind string, key memo.Sum) string {
	name := hex.EncodeToString(key[:])
	return filepath.Join(d.path, kind, name[:2], name[2:])
}

// Get returns the payload of the entry kind/key, and false when there is
// none or it does not check (noted).
func (d *Dir) Get(kind string, key memo.Sum) ([]byte, bool) {
	if d == nil {
		return nil, false
	}
	data, err := os.ReadFile(d.file(kind, key))
	if err != nil {
		d.misses.Add(1)
		return nil, false
	}
	payload, ok := check(data)
	if !ok {
		d.misses.Add(1)
		d.note(fmt.Sprintf("%s: a corrupt or truncated cache entry: ignored, remade", d.file(kind, key)))
		return nil, false
	}
	d.hits.Add(1)
	return payload, true
}

// Put stores payload as the entry kind/key (a temporary file renamed into
// place). Failing to write is noted once; the build goes on.
func (d *Dir) Put(kind string, key memo.Sum, payload []byte) {
	if d == nil {
		return
	}
	sum := sha256.Sum256(payload)
	data := make([]byte, 0, len(Format)+1+len(sum)+len(payload))
	data = append(append(append(append(data, Format...), '\n'), sum[:]...), payload...)
	f := d.file(kind, key)
	err := os.MkdirAll(filepath.Dir(f), 0o755)
	if err == nil {
		err = writeAtomic(f, data)
	}
	if err != nil {
		d.note(fmt.Sprintf("%s: cannot write to the build cache: %v", d.path, err))
		return
	}
	d.written.Add(1)
}

// check returns the payload of an entry's bytes, and false when its
// header or checksum is wrong.
func check(data []byte) ([]byte, bool) {
	head := len(Format) + 1
	if len(data) < head+sha256.Size || string(data[:len(Format)]) != Format || data[len(Format)] != '\n' {
		return nil, false
	}
	payload := data[head+sha256.Size:]
	sum := sha256.Sum256(payload)
	return payload, bytes.Equal(sum[:], data[head:head+sha256.Size])
}

func (d *Dir) note(msg string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.notes) < 20 {
		d.notes = append(d.notes, msg)
	}
}

// Stats returns the counts so far and the notes.
func (d *Dir) Stats() Stats {
	if d == nil {
		return Stats{}
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	return Stats{Hits: d.hits.Load(), Misses: d.misses.Load(), Written: d.written.Load(), Notes: append([]string(nil), d.notes...)}
}

// writeAtomic writes data to a temporary file beside path and renames it
// to path.
func writeAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
