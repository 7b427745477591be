package generator

import (
	"bytes"
	"encoding/binary"
	"slices"
	"strconv"
	"sync"

	"rapport/generator/buildcache"
	"rapport/generator/memo"
)

// # The page record
//
// A build keeps, in records per site (pagesRecord, pageShards of them by
// the first byte of the parse key), every parsed page
// of its output by its parse key: its facts (a parse.Snapshot without
// HTML and Search: what link, the report and the views read) and its
// fact sums (factSums: its parse.LinkFacts' and parse.ShapeFacts', made
// of its facts alone). The next build reads each record whole into one
// string (buildcache.Dir.RecordText: one read, one check) and restores
// each page whose parse key it holds from it: its facts decoded with
// parse.SnapshotDecoder (strings are parts of the record, lists parts of
// shared blocks) and its sums taken as they are, instead of reading,
// checking and decoding one pack entry a page and hashing its facts
// again. A page the record lacks (the record lost or damaged, or of
// another site folder, as in a CI job's fresh checkout) is restored from
// its "parse" entry, which every parse still writes.
//
// A record's payload: its pages' facts one after another, then an index of
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

// pageShards is how many records a site's pages are kept in, by the
// first byte of their parse keys: an edit rewrites the one or two that
// hold the page's old and new keys, not every page's facts.
const pageShards = 16

// shardOf returns the shard of the page of parse key key.
func shardOf(key memo.Sum) int { return int(key[0]) % pageShards }

// pageRecords are the last build's page records, by shard.
type pageRecords [pageShards]*pageRecord

// find returns the entry of parse key key, and its record.
func (rs *pageRecords) find(key memo.Sum) (*pageRecord, pageEntry, bool) {
	r := rs[shardOf(key)]
	e, ok := r.find(key)
	return r, e, ok
}

// pagesRecord is the name of the site's page record of shard k.
func (c *Cache) pagesRecord(k int) string { return c.recordName("pages" + strconv.Itoa(k)) }

// loadPageRecords reads the last build's page records, and starts this
// build's.
func (c *Cache) loadPageRecords() {
	if c.disk == nil || c.site == "" {
		return
	}
	c.nextPages = &pageWriter{disk: c.disk, name: c.pagesRecord}
	for k := range pageShards {
		if text, ok := c.disk.RecordText(c.pagesRecord(k)); ok {
			c.pageRecords[k] = decodePageRecord(text)
		}
	}
}

// span is where a page's facts are in the record being written.
type span struct{ off, n uint32 }

// pageWriter is the page records being written: the facts of pages this
// build parsed or took from a pack entry are streamed into their
// shard's as they come; those of pages it restored from the last
// records are copied at the end (savePageRecords), as are the indexes.
type pageWriter struct {
	disk   *buildcache.Dir
	name   func(shard int) string
	mu     sync.Mutex
	shards [pageShards]shardWriter
}

// shardWriter is one shard's record being written.
type shardWriter struct {
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
	pw.addLocked(key, len(facts), func(w *buildcache.RecordWriter) { w.Write(facts) })
}

// addLocked records n bytes of key's facts written by write; pw.mu is
// held.
func (pw *pageWriter) addLocked(key memo.Sum, n int, write func(*buildcache.RecordWriter)) {
	k := shardOf(key)
	sw := &pw.shards[k]
	if sw.w == nil && !sw.full {
		sw.w, sw.fresh = pw.disk.CreateRecord(pw.name(k)), map[memo.Sum]span{}
	}
	if _, ok := sw.fresh[key]; ok || sw.w == nil || sw.full {
		return
	}
	off := sw.w.Len()
	if off+int64(n) >= 1<<32 {
		sw.full = true
		return
	}
	write(sw.w)
	sw.fresh[key] = span{uint32(off), uint32(n)}
}

// savePageRecords writes this build's page records: every page parsed
// or restored through the cache, with its fact sums. A shard's last
// record is left alone when this build restored exactly its pages from
// it.
func (c *Cache) savePageRecords() {
	pw := c.nextPages
	if pw == nil {
		return
	}
	var index [pageShards][]pageEntry
	c.diskSums.Range(func(p, s any) bool {
		if key, ok := c.parseKeys.Load(p); ok {
			k := shardOf(key.(memo.Sum))
			index[k] = append(index[k], pageEntry{key: key.(memo.Sum), sums: s.(sums)})
		}
		return true
	})
	pw.mu.Lock()
	defer pw.mu.Unlock()
	for k := range pageShards {
		old := c.pageRecords[k]
		if len(pw.shards[k].fresh) == 0 && (old == nil && len(index[k]) == 0 || old != nil && len(index[k]) == len(old.index)) {
			continue // the same pages: all restored from it, none added
		}
		pw.saveShard(k, index[k], old)
	}
}

// saveShard writes shard k's record, of the pages of index, those not
// streamed into it copied from the last build's record old; pw.mu is
// held.
func (pw *pageWriter) saveShard(k int, index []pageEntry, old *pageRecord) {
	slices.SortFunc(index, func(a, b pageEntry) int { return bytes.Compare(a.key[:], b.key[:]) })
	sw := &pw.shards[k]
	kept := index[:0]
	for _, e := range index {
		if _, ok := sw.fresh[e.key]; !ok {
			if o, ok := old.find(e.key); ok {
				facts := old.facts(o)
				pw.addLocked(e.key, len(facts), func(w *buildcache.RecordWriter) { w.WriteString(facts) })
			}
		}
		if sp, ok := sw.fresh[e.key]; ok {
			e.off, e.n = sp.off, sp.n
			kept = append(kept, e)
		}
	}
	if sw.w == nil && !sw.full { // no page left in the shard
		sw.w = pw.disk.CreateRecord(pw.name(k))
	}
	if sw.full {
		sw.w.Abort()
		return
	}
	sw.w.Write(encodeIndex(kept))
	sw.w.Commit()
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
