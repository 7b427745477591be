// Package buildcache is rapport build's persistent cache: what a stage
// made of its inputs, kept in a folder between processes, so a build after
// one edit parses only the edited page (see docs/performance.md).
//
// An entry is a payload named by the Sum of what it was made from
// (content addressing: a changed input is another name, so nothing is
// ever updated in place). The sums include this binary's build ID and the
// format version (Key), so a cache written by another rapport is never
// read.
//
// # Packs
//
// Entries live in packs: immutable files, each written once by one build
// (its new entries, streamed as they are made, and, when the cache holds
// much that no build reads any more, the entries this build used copied
// from the old packs), with an index at its end and a CRC-32C of the
// index and of every entry. The file "packs" lists the packs in use; a
// build reads it, maps each listed pack into memory whole, and at its end
// (Close) writes a new list: the packs it used and its own, to a
// temporary name renamed into place. Two builds sharing a cache at once
// each read whole packs or none; the last list renamed wins, and a pack
// the other build dropped is a miss for the next one, never a wrong
// entry. A truncated or damaged pack or entry fails its check and is
// ignored with a note.
package buildcache

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"rapport/generator/memo"
)

// Format is the version of the packs' layout and of the entries'
// encodings: a change to what an entry holds (a parse.Snapshot field)
// must change it.
const Format = "rapport-cache 3"

// tag marks a folder as a rapport cache (the CACHEDIR.TAG convention, so
// backup tools skip it too).
const tag = "Signature: 8a477f597d28d172789f06886806bc55\n# This folder is rapport's build cache (rapport build -cache). It can be deleted at any time.\n"

// Dir is an open cache folder: the packs it lists, and the pack this
// build writes.
type Dir struct {
	path string
	id   string // the binary's build ID and Format: part of every key

	packs   []*pack          // the listed packs that read
	entries map[memo.Sum]ref // their entries
	foreign []string         // listed packs of another rapport build

	mu   sync.Mutex
	out  *writer // the new pack, opened on the first Put
	used map[memo.Sum]bool
	// unreleased counts the bytes Get returned since the last release.
	unreleased int
	notes      []string
	counts     map[string]*Count
}

// ref is an entry of a pack.
type ref struct {
	p   *pack
	off int64
	n   int32
	crc uint32
}

// Count says how much of one kind of entry a build found and made.
type Count struct {
	Kind                  string
	Hits, Misses, Written int64
}

// Stats says how much of a build came from the cache, by kind of entry
// (in the order kinds were first asked for), and why it was not used or
// was partly ignored.
type Stats struct {
	Kinds []Count
	Notes []string
}

// Hits returns the hits of every kind.
func (s Stats) Hits() int64 {
	n := int64(0)
	for _, c := range s.Kinds {
		n += c.Hits
	}
	return n
}

// Kind returns the counts of kind.
func (s Stats) Kind(kind string) Count {
	for _, c := range s.Kinds {
		if c.Kind == kind {
			return c
		}
	}
	return Count{Kind: kind}
}

// Open opens (creating it) the cache folder at path and maps the packs
// it lists. A folder that holds files but no rapport tag is not
// rapport's: Open returns nil and a note that says so, and the build runs
// without a cache.
func Open(path string) (*Dir, []string) {
	if err := os.MkdirAll(path, 0o755); err != nil {
		return nil, []string{fmt.Sprintf("%s: cannot use the build cache: %v; building without it", path, err)}
	}
	t, err := os.ReadFile(filepath.Join(path, "CACHEDIR.TAG"))
	switch {
	case err == nil && bytes.HasPrefix(t, []byte(tag[:44])):
	case errors.Is(err, fs.ErrNotExist) && fresh(path):
		if err := writeAtomic(filepath.Join(path, "CACHEDIR.TAG"), []byte(tag)); err != nil {
			return nil, []string{fmt.Sprintf("%s: cannot use the build cache: %v; building without it", path, err)}
		}
	case errors.Is(err, fs.ErrNotExist) && tagged(path):
		// Another build opening the same new cache renamed its tag into
		// place between the read and the listing.
	default:
		return nil, []string{fmt.Sprintf("%s: not a rapport build cache (no CACHEDIR.TAG of rapport's): not used; choose another folder with -cache", path)}
	}
	d := &Dir{path: path, id: BuildID() + "\x00" + Format, entries: map[memo.Sum]ref{}, used: map[memo.Sum]bool{}, counts: map[string]*Count{}}
	d.readPacks()
	return d, nil
}

// tagged reports whether the folder at path holds rapport's tag.
func tagged(path string) bool {
	t, err := os.ReadFile(filepath.Join(path, "CACHEDIR.TAG"))
	return err == nil && bytes.HasPrefix(t, []byte(tag[:44]))
}

// Ours reports whether Open would use the folder at path: it is a
// rapport cache, or missing, or empty. The caller may then keep files of
// its own there (the write stage's manifest of the output).
func Ours(path string) bool {
	t, err := os.ReadFile(filepath.Join(path, "CACHEDIR.TAG"))
	if err == nil {
		return bytes.HasPrefix(t, []byte(tag[:44]))
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return true
	}
	return fresh(path)
}

// Identity names this program for what it keeps outside the cache's
// packs: its build ID and Format.
func Identity() string { return strings.ReplaceAll(BuildID()+"/"+Format, " ", "-") }

// fresh reports whether the folder at path is empty, but for temporary
// files (another build opening the same new cache at once is writing its
// tag).
func fresh(path string) bool {
	es, err := os.ReadDir(path)
	if err != nil {
		return false
	}
	for _, e := range es {
		if !strings.HasPrefix(e.Name(), ".tmp-") {
			return false
		}
	}
	return true
}

// Key returns the name of an entry of kind made from what h hashed
// (h is ended): the binary's build ID and Format are part of it. A nil
// Dir has no entries.
func (d *Dir) Key(kind string, h *memo.Hash) memo.Sum {
	if d == nil {
		return memo.Sum{}
	}
	return memo.NewHash().Strings(d.id, kind).Sums(h.Sum()).Sum()
}

// count returns kind's counts; d.mu is held.
func (d *Dir) count(kind string) *Count {
	c := d.counts[kind]
	if c == nil {
		c = &Count{Kind: kind}
		d.counts[kind] = c
	}
	return c
}

// Get returns the payload of the entry kind/key, and false when there is
// none or it does not check (noted). The payload is valid until Close:
// a caller copies what it keeps.
func (d *Dir) Get(kind string, key memo.Sum) ([]byte, bool) {
	if d == nil {
		return nil, false
	}
	r, ok := d.entries[key]
	var payload []byte
	if ok {
		payload, ok = r.p.payload(r)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	c := d.count(kind)
	if !ok {
		c.Misses++
		if r.p != nil {
			d.notef("%s: a corrupt or truncated cache entry: ignored, remade", r.p.path)
		}
		return nil, false
	}
	c.Hits++
	d.used[key] = true
	if d.unreleased += len(payload); d.unreleased > releaseEvery {
		d.unreleased = 0
		d.release()
	}
	return payload, true
}

// releaseEvery is how many bytes of entries a build reads before the
// pages they were read from leave its resident memory (see Release):
// callers copy what they keep, so a restore holds at most this much of
// the packs at once besides what it made of them.
const releaseEvery = 32 << 20

// Has reports whether the cache lists the entry key (its payload is
// checked when Get reads it).
func (d *Dir) Has(key memo.Sum) bool {
	if d == nil {
		return false
	}
	_, ok := d.entries[key]
	return ok
}

// Keep marks the entry kind/key, if there is one, as used by this build
// without reading it (its value was found elsewhere, e.g. a page kept
// from the previous output), so that Close keeps it for the next build.
func (d *Dir) Keep(key memo.Sum) {
	if d == nil {
		return
	}
	if _, ok := d.entries[key]; ok {
		d.mu.Lock()
		d.used[key] = true
		d.mu.Unlock()
	}
}

// Put stores payload as the entry kind/key, in this build's pack.
// Failing to write is noted once; the build goes on.
func (d *Dir) Put(kind string, key memo.Sum, payload []byte) {
	if d == nil {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.out == nil {
		w, err := newWriter(d.path, d.id)
		if err != nil {
			d.notef("%s: cannot write to the build cache: %v", d.path, err)
			return
		}
		d.out = w
	}
	if d.out.has(key) {
		return
	}
	if err := d.out.add(key, payload); err != nil {
		d.notef("%s: cannot write to the build cache: %v", d.path, err)
		return
	}
	d.count(kind).Written++
}

// Tally counts a hit or miss of kind found outside the packs (a record's
// facts, such as the pages known by their stamps).
func (d *Dir) Tally(kind string, hit bool) {
	if d == nil {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if c := d.count(kind); hit {
		c.Hits++
	} else {
		c.Misses++
	}
}

// notef adds a note; d.mu is held.
func (d *Dir) notef(format string, args ...any) {
	if len(d.notes) < 20 {
		d.notes = append(d.notes, fmt.Sprintf(format, args...))
	}
}

// Stats returns the counts so far and the notes.
func (d *Dir) Stats() Stats {
	if d == nil {
		return Stats{}
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	var s Stats
	for _, c := range d.counts {
		s.Kinds = append(s.Kinds, *c)
	}
	sort.Slice(s.Kinds, func(i, j int) bool { return s.Kinds[i].Kind < s.Kinds[j].Kind })
	s.Notes = append([]string(nil), d.notes...)
	return s
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
