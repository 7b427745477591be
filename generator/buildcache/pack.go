package buildcache

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"rapport/generator/memo"
)

// A pack is, in order:
//
//	Format, '\n', the SHA-256 of the Dir's id (build ID and Format)
//	the entries' payloads, one after another
//	the index: per entry, its key (32 bytes), offset (8), length (4)
//	  and the CRC-32C of its payload (4), little-endian
//	the number of entries (4), the CRC-32C of the header and index (4),
//	  and packEnd
//
// so a build streams its entries into a pack as it makes them and writes
// the index last.
const packEnd = "RPK\n"

const (
	indexEntry = 32 + 8 + 4 + 4
	footer     = 4 + 4 + len(packEnd)
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func header(id string) []byte {
	sum := sha256.Sum256([]byte(id))
	return append([]byte(Format+"\n"), sum[:]...)
}

// pack is a pack mapped into memory.
type pack struct {
	path, name string
	data       []byte
	size       int64
}

// payload returns r's payload, and false when its CRC does not match.
func (p *pack) payload(r ref) ([]byte, bool) {
	b := p.data[r.off : r.off+int64(r.n)]
	return b, crc32.Checksum(b, castagnoli) == r.crc
}

// readPacks maps the packs the list names and indexes their entries. A
// list or pack that does not check is noted and left out.
func (d *Dir) readPacks() {
	list, err := os.ReadFile(filepath.Join(d.path, "packs"))
	if err != nil {
		return // a new cache
	}
	lines := strings.Split(string(list), "\n")
	if len(lines) < 3 || lines[0] != Format || lines[len(lines)-2] != "end" || lines[len(lines)-1] != "" {
		d.notef("%s: written by another version of rapport, or damaged: not used", filepath.Join(d.path, "packs"))
		return
	}
	head := header(d.id)
	foreign := 0
	for _, name := range lines[1 : len(lines)-2] {
		p, ok := openPack(filepath.Join(d.path, name), head)
		switch {
		case p == nil && ok:
			foreign++ // another binary's (another build ID): not ours to read
			d.foreign = append(d.foreign, filepath.Join(d.path, name))
		case p == nil && gone(filepath.Join(d.path, name)):
			// Removed by a build that ran at the same time: its entries
			// are in the pack that build listed.
		case p == nil:
			d.notef("%s: a corrupt or truncated cache pack: ignored", filepath.Join(d.path, name))
		default:
			p.name = name
			d.index(p)
		}
	}
	if foreign > 0 {
		d.notef("%s: %d cache pack(s) written by another build of rapport: not used; this build's replace them", d.path, foreign)
	}
}

// gone reports whether there is no file at path.
func gone(path string) bool {
	_, err := os.Lstat(path)
	return errors.Is(err, fs.ErrNotExist)
}

// openPack maps the pack at path and checks its header, footer and
// index. It returns nil and true for a whole pack of another binary.
func openPack(path string, head []byte) (*pack, bool) {
	data, err := mapFile(path)
	if err != nil {
		return nil, false
	}
	n := len(data)
	if n < len(head)+footer || string(data[n-len(packEnd):]) != packEnd {
		unmap(data)
		return nil, false
	}
	if !bytes.Equal(data[:len(head)], head) {
		ours := bytes.HasPrefix(data, []byte(Format+"\n"))
		unmap(data)
		return nil, ours
	}
	count := int(binary.LittleEndian.Uint32(data[n-footer:]))
	start := n - footer - count*indexEntry
	crc := crc32.Update(crc32.Checksum(data[:len(head)], castagnoli), castagnoli, data[max(start, 0):n-footer])
	if start < len(head) || crc != binary.LittleEndian.Uint32(data[n-footer+4:]) {
		unmap(data)
		return nil, false
	}
	return &pack{path: path, data: data, size: int64(n)}, true
}

// index adds p's entries to d.entries.
func (d *Dir) index(p *pack) {
	n := len(p.data)
	count := int(binary.LittleEndian.Uint32(p.data[n-footer:]))
	start := n - footer - count*indexEntry
	hl := len(header(d.id))
	for i := range count {
		e := p.data[start+i*indexEntry:]
		var key memo.Sum
		copy(key[:], e[:32])
		r := ref{p: p, off: int64(binary.LittleEndian.Uint64(e[32:])), n: int32(binary.LittleEndian.Uint32(e[40:])), crc: binary.LittleEndian.Uint32(e[44:])}
		if r.off < int64(hl) || r.n < 0 || r.off+int64(r.n) > int64(start) {
			continue // the index's CRC held: written so by a bug, not damage
		}
		d.entries[key] = r
	}
	d.packs = append(d.packs, p)
}

// writer streams a new pack into a temporary file.
type writer struct {
	f     *os.File
	w     *bufio.Writer
	head  []byte
	off   int64
	index []byte
	keys  map[memo.Sum]bool
	err   error
}

func newWriter(dir, id string) (*writer, error) {
	f, err := os.CreateTemp(dir, ".tmp-pack-*")
	if err != nil {
		return nil, err
	}
	w := &writer{f: f, w: bufio.NewWriterSize(f, 1<<20), head: header(id), keys: map[memo.Sum]bool{}}
	w.w.Write(w.head)
	w.off = int64(len(w.head))
	return w, nil
}

func (w *writer) has(key memo.Sum) bool { return w.keys[key] }

// add appends an entry.
func (w *writer) add(key memo.Sum, payload []byte) error {
	if w.err != nil {
		return w.err
	}
	if _, err := w.w.Write(payload); err != nil {
		w.err = err
		return err
	}
	w.index = append(w.index, key[:]...)
	w.index = binary.LittleEndian.AppendUint64(w.index, uint64(w.off))
	w.index = binary.LittleEndian.AppendUint32(w.index, uint32(len(payload)))
	w.index = binary.LittleEndian.AppendUint32(w.index, crc32.Checksum(payload, castagnoli))
	w.off += int64(len(payload))
	w.keys[key] = true
	return nil
}

// finish writes the index and renames the pack into place: it returns
// its name.
func (w *writer) finish(dir string) (string, error) {
	crc := crc32.Update(crc32.Checksum(w.head, castagnoli), castagnoli, w.index)
	tail := binary.LittleEndian.AppendUint32(nil, uint32(len(w.keys)))
	tail = append(binary.LittleEndian.AppendUint32(tail, crc), packEnd...)
	w.w.Write(w.index)
	w.w.Write(tail)
	err := w.err
	if ferr := w.w.Flush(); err == nil {
		err = ferr
	}
	if cerr := w.f.Close(); err == nil {
		err = cerr
	}
	name := "pack-" + strings.TrimPrefix(filepath.Base(w.f.Name()), ".tmp-pack-")
	if err == nil {
		err = os.Rename(w.f.Name(), filepath.Join(dir, name))
	}
	if err != nil {
		os.Remove(w.f.Name())
		return "", err
	}
	return name, nil
}

// Release drops the packs' pages read so far from the process's
// resident memory (not from the page cache): a build calls it after a
// stage that read many entries, so that the entries it restored are not
// counted twice in its peak memory, once mapped and once decoded.
func (d *Dir) Release() {
	if d == nil {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.release()
}

// release is Release; d.mu is held.
func (d *Dir) release() {
	for _, p := range d.packs {
		release(p.data)
	}
}

// maxPacks is how many packs a cache lists before a build copies what it
// used into one; a build also does so when more than a quarter of the
// listed bytes are entries it did not use.
const maxPacks = 8

// Close finishes the build's pack, lists it with the packs whose entries
// this build used (or, when the cache holds many packs or much that went
// unused, copies the entries used into the new pack and lists it alone),
// removes packs no longer listed, and unmaps the packs: payloads from Get
// are invalid after it.
func (d *Dir) Close() {
	if d == nil {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	defer func() {
		for _, p := range d.packs {
			unmap(p.data)
		}
		d.packs, d.entries = nil, nil
	}()
	if len(d.foreign) > 0 {
		d.pruneRecords() // another build's packs were listed: its records go too
	}
	live := map[*pack]int64{}
	var used, total int64
	for key := range d.used {
		r := d.entries[key]
		live[r.p] += int64(r.n)
		used += int64(r.n)
	}
	for _, p := range d.packs {
		total += p.size
	}
	compact := len(live) >= maxPacks || total-used > total/4 && total > 1<<20
	if compact && d.out == nil && used > 0 {
		w, err := newWriter(d.path, d.id)
		if err != nil {
			d.notef("%s: cannot write to the build cache: %v", d.path, err)
			return
		}
		d.out = w
	}
	if !compact && d.out == nil && len(live) == len(d.packs) && len(d.foreign) == 0 {
		return // nothing new, nothing to drop
	}
	d.list(live, compact)
}

// list writes the new pack and the list of packs, and removes the packs
// it leaves out; d.mu is held.
func (d *Dir) list(live map[*pack]int64, compact bool) {
	var names []string
	keep := map[string]bool{}
	for _, p := range d.packs {
		if live[p] > 0 && !compact {
			names = append(names, p.name)
			keep[p.name] = true
		}
	}
	if d.out != nil {
		if compact {
			d.copyUsed()
		}
		name, err := d.out.finish(d.path)
		d.out = nil
		if err != nil {
			d.notef("%s: cannot write to the build cache: %v", d.path, err)
			return
		}
		names = append(names, name)
		keep[name] = true
	}
	text := Format + "\n" + strings.Join(append(names, "end"), "\n") + "\n"
	if err := writeAtomic(filepath.Join(d.path, "packs"), []byte(text)); err != nil {
		d.notef("%s: cannot write to the build cache: %v", d.path, err)
		return
	}
	d.removeUnlisted(keep)
}

// copyUsed adds the entries this build used from the old packs to the
// new one, in key order.
func (d *Dir) copyUsed() {
	keys := make([]memo.Sum, 0, len(d.used))
	for k := range d.used {
		if !d.out.has(k) {
			keys = append(keys, k)
		}
	}
	sortSums(keys)
	for _, k := range keys {
		r := d.entries[k]
		if payload, ok := r.p.payload(r); ok {
			d.out.add(k, payload)
		}
	}
}

// removeUnlisted removes the packs this build read and no longer lists,
// the packs of another rapport build that the list named, and packs and temporary files nobody listed that are over an hour old
// (left by a build that was killed, or by one that lost the race to
// list its pack). Format 1's folder of entries goes too.
func (d *Dir) removeUnlisted(keep map[string]bool) {
	for _, p := range d.packs {
		if !keep[p.name] {
			os.Remove(p.path)
		}
	}
	for _, f := range d.foreign { // listed no more
		os.Remove(f)
	}
	es, _ := os.ReadDir(d.path)
	for _, e := range es {
		name := e.Name()
		if keep[name] || !strings.HasPrefix(name, "pack-") && !strings.HasPrefix(name, ".tmp-") {
			continue
		}
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > time.Hour {
			os.Remove(filepath.Join(d.path, name))
		}
	}
	os.RemoveAll(filepath.Join(d.path, "parse"))
}

func sortSums(s []memo.Sum) {
	slices.SortFunc(s, func(a, b memo.Sum) int { return bytes.Compare(a[:], b[:]) })
}
