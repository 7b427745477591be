package generator

import (
	"fmt"
	"io/fs"
	"slices"
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

// siteName names the site in fsys for its records: its folder's device
// and inode (so sites sharing a cache folder keep records each), or ""
// when the folder has no stamp (an in-memory fs.FS).
func siteName(fsys fs.FS) string {
	st, ok := load.FolderStamp(fsys)
	if !ok {
		return ""
	}
	return fmt.Sprintf("%x-%x", st.Dev, st.Ino)
}

// keptSites is how many sites' records a cache keeps (see
// buildcache.Dir.PruneSites).
const keptSites = 8

// recordName is the name of this site's record of kind (sources,
// renders, facts), or "" when the site has none (see siteName).
func (c *Cache) recordName(kind string) string {
	if c.site == "" {
		return ""
	}
	return kind + "-" + c.site
}

// knownSources returns load.Known over the record the last build of the
// site in fsys left in the persistent cache, and notes the time loading
// began, for recordSources.
func (c *Cache) knownSources(fsys fs.FS, now func() time.Time) load.Known {
	c.loadStart = now()
	c.site = siteName(fsys)
	if c.site == "" {
		return nil
	}
	text, _ := c.disk.RecordText(c.recordName("sources"))
	known := decodeSources(text)
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
	if c.disk == nil || c.site == "" || in == nil {
		return
	}
	pages := slices.DeleteFunc(slices.Clone(in.Pages), func(p load.Source) bool { return !settled(p, c.loadStart) })
	e := wire.Encoder{}
	e.Uint(uint64(len(pages)))
	for _, p := range pages {
		st := p.Stamp
		e.String(p.Path)
		e.Uint(st.Dev)
		e.Uint(st.Ino)
		e.Int(int(st.Size))
		e.Int(int(st.Mtime))
		e.Int(int(st.Ctime))
		e.Bytes(p.Sum[:])
	}
	c.disk.SetRecord(c.recordName("sources"), e.B)
}

// settled reports whether the stamp of p, loaded by a load that began
// at start, may be recorded: p was loaded with a stamp and sum, and its
// file last changed racyWindow or more before start.
func settled(p load.Source, start time.Time) bool {
	before := start.Add(-racyWindow).UnixNano()
	return p.Sum != (memo.Sum{}) && p.Stamp != (load.Stamp{}) && p.Stamp.Mtime < before && p.Stamp.Ctime < before
}

// decodeSources decodes a record of recordSources (its paths are parts
// of text); a record that does not decode is empty.
func decodeSources(text string) map[string]sourceRecord {
	d := wire.Text{S: text}
	n := d.Len()
	out := make(map[string]sourceRecord, n)
	for range n {
		path := d.String()
		r := sourceRecord{stamp: load.Stamp{Dev: d.Uint(), Ino: d.Uint(), Size: int64(d.Int()), Mtime: int64(d.Int()), Ctime: int64(d.Int())}}
		if copy(r.sum[:], d.String()) != len(r.sum) {
			return nil
		}
		out[path] = r
	}
	if d.Done() != nil {
		return nil
	}
	return out
}
