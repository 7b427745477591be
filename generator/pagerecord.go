package generator

import (
	"bytes"
	"encoding/binary"
	"slices"
	"sync"

	"rapport/generator/buildcache"
	"rapport/generator/memo"
)

// # The page record
//
// A build keeps, in one record per site (pagesRecord), every parsed page
// of its output by its parse key: its facts (a parse.Snapshot without
// HTML and Search: what link, the report and the views read) and its
// fact sums (factSums: its parse.LinkFacts' and parse.ShapeFacts', made
// of its facts alone). The next build reads the record whole into one
// string (buildcache.Dir.RecordText: one read, one check) and restores
// each page whose parse key it holds from it: its facts decoded with
// parse.SnapshotDecoder (strings are parts of the record, lists parts of
// shared blocks) and its sums taken as they are, instead of reading,
// checking and decoding one pack entry a page and hashing its facts
// again. A page the record lacks (the record lost or damaged, or of
// another site folder, as in a CI job's fresh checkout) is restored from
// its "parse" entry, which every parse still writes.
//
// The payload: the pages' facts one after another, then an index of
// pageEntrySize bytes a page sorted by parse key (the key, the link sum
// and the shape sum, 32 bytes each, then the offset and length of its
// facts, 4 bytes each, little-endian), then the number of pages (4
// bytes).

const pageEntrySize = 3*32 + 4 + 4

// pageEntry is a page of the record.
type pageEntry struct {
	key    memo.Sum
	sums   sums
	off, n uint32
}

// pageRecord is the last build's page record.
type pageRecord struct {
	text  string
	index []pageEntry // sorted by key
}

// decodePageRecord reads a page record's payload; nil when it does not
// decode (a damaged record is caught by its check before: this is a
// record written by a bug).
func decodePageRecord(text string) *pageRecord {
	if len(text) < 4 {
		return nil
	}
	n := int(binary.LittleEndian.Uint32([]byte(text[len(text)-4:])))
	start := len(text) - 4 - n*pageEntrySize
	if n < 0 || start < 0 || n > len(text)/pageEntrySize {
		return nil
	}
	r := &pageRecord{text: text, index: make([]pageEntry, n)}
	ix := []byte(text[start : len(text)-4])
	for i := range r.index {
		b := ix[i*pageEntrySize:]
		e := pageEntry{key: memo.Sum(b[:32]), sums: sums{link: memo.Sum(b[32:64]), shape: memo.Sum(b[64:96])},
			off: binary.LittleEndian.Uint32(b[96:]), n: binary.LittleEndian.Uint32(b[100:])}
		if int64(e.off)+int64(e.n) > int64(start) || i > 0 && bytes.Compare(r.index[i-1].key[:], e.key[:]) >= 0 {
			return nil
		}
		r.index[i] = e
	}
	return r
}

// find returns the entry of parse key key.
func (r *pageRecord) find(key memo.Sum) (pageEntry, bool) {
	if r == nil {
		return pageEntry{}, false
	}
	i, ok := slices.BinarySearchFunc(r.index, key, func(e pageEntry, k memo.Sum) int { return bytes.Compare(e.key[:], k[:]) })
	if !ok {
		return pageEntry{}, false
	}
	return r.index[i], true
}

// facts returns the encoded facts of e.
func (r *pageRecord) facts(e pageEntry) string { return r.text[e.off : e.off+e.n] }

// pagesRecord is the name of the site's page record, "" without one.
func (c *Cache) pagesRecord() string { return c.recordName("pages") }

// loadPageRecord reads the last build's page record, and starts this
// build's.
func (c *Cache) loadPageRecord() {
	if c.disk == nil || c.site == "" {
		return
	}
	c.nextPages = &pageWriter{disk: c.disk, name: c.pagesRecord(), fresh: map[memo.Sum]span{}}
	if text, ok := c.disk.RecordText(c.pagesRecord()); ok {
		c.pageRecord = decodePageRecord(text)
	}
}

// span is where a page's facts are in the record being written.
type span struct{ off, n uint32 }

// pageWriter is the page record being written: the facts of pages this
// build parsed or took from a pack entry are streamed into it as they
// come; those of pages it restored from the last record are copied at
// the end (savePageRecord), as is the index.
type pageWriter struct {
	disk  *buildcache.Dir
	name  string
	mu    sync.Mutex
	w     *buildcache.RecordWriter
	fresh map[memo.Sum]span
	// full: the record would outgrow its 4-byte offsets; it is not kept.
	full bool
}

// add streams the facts of the page of parse key key.
func (pw *pageWriter) add(key memo.Sum, facts []byte) {
	if pw == nil {
		return
	}
	pw.mu.Lock()
	defer pw.mu.Unlock()
	pw.addLocked(key, len(facts), func() { pw.w.Write(facts) })
}

// addLocked records n bytes of key's facts written by write; pw.mu is
// held.
func (pw *pageWriter) addLocked(key memo.Sum, n int, write func()) {
	if pw.w == nil && !pw.full {
		pw.w = pw.disk.CreateRecord(pw.name)
	}
	if _, ok := pw.fresh[key]; ok || pw.w == nil || pw.full {
		return
	}
	off := pw.w.Len()
	if off+int64(n) >= 1<<32 {
		pw.full = true
		return
	}
	write()
	pw.fresh[key] = span{uint32(off), uint32(n)}
}

// savePageRecord writes this build's page record: every page parsed or
// restored through the cache, with its fact sums. It leaves the last one
// alone when this build restored exactly its pages from it.
func (c *Cache) savePageRecord() {
	pw := c.nextPages
	if pw == nil {
		return
	}
	var index []pageEntry
	c.diskSums.Range(func(p, s any) bool {
		if key, ok := c.parseKeys.Load(p); ok {
			index = append(index, pageEntry{key: key.(memo.Sum), sums: s.(sums)})
		}
		return true
	})
	old := c.pageRecord
	if len(pw.fresh) == 0 && old != nil && len(index) == len(old.index) {
		return // the same pages: all restored from it, none added
	}
	slices.SortFunc(index, func(a, b pageEntry) int { return bytes.Compare(a.key[:], b.key[:]) })
	pw.mu.Lock()
	defer pw.mu.Unlock()
	kept := index[:0]
	for _, e := range index {
		if _, ok := pw.fresh[e.key]; !ok {
			if o, ok := old.find(e.key); ok {
				facts := old.facts(o)
				pw.addLocked(e.key, len(facts), func() { pw.w.WriteString(facts) })
			}
		}
		if sp, ok := pw.fresh[e.key]; ok {
			e.off, e.n = sp.off, sp.n
			kept = append(kept, e)
		}
	}
	if pw.w == nil || pw.full {
		pw.w.Abort()
		return
	}
	pw.w.Write(encodeIndex(kept))
	pw.w.Commit()
}

// encodeIndex returns the index of a page record and its count.
func encodeIndex(index []pageEntry) []byte {
	b := make([]byte, 0, len(index)*pageEntrySize+4)
	for _, e := range index {
		b = append(append(append(b, e.key[:]...), e.sums.link[:]...), e.sums.shape[:]...)
		b = binary.LittleEndian.AppendUint32(binary.LittleEndian.AppendUint32(b, e.off), e.n)
	}
	return binary.LittleEndian.AppendUint32(b, uint32(len(index)))
}
