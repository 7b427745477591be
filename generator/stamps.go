package generator

import (
	"fmt"
	"io/fs"
	"time"

	"rapport/generator/internal/wire"
	"rapport/generator/load"
	"rapport/generator/memo"
)

// Pages not read again (see load.LoadKnown): with the persistent cache,
// a build records each page's stamp (device, inode, size, modification
// and change times) with the sum of the bytes it read, and the next build
// takes a page whose stamp is the same by that sum, without reading it.
//
// The racy-git rule: a stamp is recorded only when the file's
// modification and change times are older than racyWindow before the
// build began to load. A file changed again within its time stamp's
// granularity (a second on some file systems, a clock tick on others)
// after it was read could keep every field of its stamp; a file last
// changed that long before the build cannot have been read before a
// change that keeps its stamp. Such a file is read again by every build
// until one begins racyWindow after its change.
const racyWindow = 3 * time.Second

// sourceRecord is what a build knew of one page's file.
type sourceRecord struct {
	stamp load.Stamp
	sum   memo.Sum
}

// sourcesName names the record of the site in fsys: its folder's device
// and inode (so sites sharing a cache folder keep a record each), or ""
// when the folder has no stamp (an in-memory fs.FS).
func sourcesName(fsys fs.FS) string {
	st, ok := load.FolderStamp(fsys)
	if !ok {
		return ""
	}
	return fmt.Sprintf("sources-%x-%x", st.Dev, st.Ino)
}

// knownSources returns load.Known over the record the last build of the
// site in fsys left in the persistent cache, and notes the time loading
// began, for recordSources.
func (c *Cache) knownSources(fsys fs.FS, now func() time.Time) load.Known {
	c.loadStart = now()
	c.sourcesName = sourcesName(fsys)
	if c.sourcesName == "" {
		return nil
	}
	data, _ := c.disk.Record(c.sourcesName)
	known := decodeSources(data)
	disk := c.disk
	return func(path string, st load.Stamp) (memo.Sum, bool) {
		r, ok := known[path]
		hit := ok && r.stamp == st
		disk.Tally("source", hit)
		return r.sum, hit
	}
}

// recordSources records in the persistent cache the stamps and sums of
// in's pages, those of files changed racyWindow or more before loading
// began.
func (c *Cache) recordSources(in *load.Input) {
	if c.disk == nil || c.sourcesName == "" || in == nil {
		return
	}
	e := wire.Encoder{}
	n := 0
	for _, p := range in.Pages {
		if settled(p, c.loadStart) {
			n++
		}
	}
	e.Uint(uint64(n))
	for _, p := range in.Pages {
		if st := p.Stamp; settled(p, c.loadStart) {
			e.String(p.Path)
			e.Uint(st.Dev)
			e.Uint(st.Ino)
			e.Int(int(st.Size))
			e.Int(int(st.Mtime))
			e.Int(int(st.Ctime))
			e.Bytes(p.Sum[:])
		}
	}
	c.disk.SetRecord(c.sourcesName, e.B)
}

// settled reports whether the stamp of p, loaded by a load that began
// at start, may be recorded: p was loaded with a stamp and sum, and its
// file last changed racyWindow or more before start.
func settled(p load.Source, start time.Time) bool {
	before := start.Add(-racyWindow).UnixNano()
	return p.Sum != (memo.Sum{}) && p.Stamp != (load.Stamp{}) && p.Stamp.Mtime < before && p.Stamp.Ctime < before
}

// decodeSources decodes a record of recordSources; a record that does
// not decode is empty.
func decodeSources(data []byte) map[string]sourceRecord {
	d := wire.Decoder{B: data}
	n := d.Len()
	out := make(map[string]sourceRecord, n)
	for range n {
		path := d.String()
		r := sourceRecord{stamp: load.Stamp{Dev: d.Uint(), Ino: d.Uint(), Size: int64(d.Int()), Mtime: int64(d.Int()), Ctime: int64(d.Int())}}
		if copy(r.sum[:], d.Raw()) != len(r.sum) {
			return nil
		}
		out[path] = r
	}
	if d.Done() != nil {
		return nil
	}
	return out
}
