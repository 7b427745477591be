package generator

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"rapport/generator/buildcache"
	"rapport/generator/memo"
	"rapport/generator/parse"
)

// TestPageRecord: after a build with the cache, the site's page record
// holds every parsed page by its parse key, with facts that read back as
// the page's and the sums of its facts; the next build restores every
// page from the cache and leaves the records as they were; an edit of a
// page rewrites one or two of them.
func TestPageRecord(t *testing.T) {
	dir, cacheDir := t.TempDir(), t.TempDir()
	copyTree(t, "../testdata/site", dir)
	later := func() time.Time { return time.Now().Add(time.Hour) }
	build := func() *Result {
		t.Helper()
		res, err := Build(context.Background(), Options{Src: os.DirFS(dir), CacheDir: cacheDir, now: later})
		if err != nil || res.Diags.HasErrors() {
			t.Fatalf("build: %v %s", err, res.Diags)
		}
		res.SaveCache()
		return res
	}
	first := build()
	rec := readPageRecord(t, cacheDir, dir)
	if len(rec.index) == 0 || len(rec.index) < len(first.Site.Pages)-len(first.Site.Langs) {
		t.Fatalf("%d pages in the record, %d in the site", len(rec.index), len(first.Site.Pages))
	}
	for _, e := range rec.index {
		var d parse.SnapshotDecoder
		s, err := d.Decode(rec.facts(e))
		if err != nil {
			t.Fatalf("%x: %v", e.key[:4], err)
		}
		if e.sums.shape != memo.NewHash().Value(parse.ShapeFacts{Sections: s.Shape, Questions: s.Questions, Units: s.Units}).Sum() {
			t.Fatalf("%x: the recorded shape sum is not its facts'", e.key[:4])
		}
	}
	var times []time.Time
	for _, f := range pageRecordFiles(t, cacheDir, dir) {
		info, err := os.Stat(f)
		if err != nil {
			times = append(times, time.Time{}) // no page in the shard
			continue
		}
		times = append(times, info.ModTime())
	}
	second := build()
	if c := second.CacheStats.Kind("parse"); c.Hits < int64(len(rec.index)) || c.Misses > 0 {
		t.Fatalf("parse: %+v, want %d hits from the record", c, len(rec.index))
	}
	for i, f := range pageRecordFiles(t, cacheDir, dir) {
		if info, err := os.Stat(f); err == nil && !info.ModTime().Equal(times[i]) || err != nil && !times[i].IsZero() {
			t.Fatalf("%s: a build that restored the same pages rewrote it", f)
		}
	}
	if !reflect.DeepEqual(readPageRecord(t, cacheDir, dir).index, rec.index) {
		t.Fatal("the page records changed")
	}
	// A sentence added to one page: the shards of its old and new parse
	// keys are written again, no other.
	page := filepath.Join(dir, "content", "he", "guide", "metrics.md")
	data, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(page, append(data, "\nOne sentence more.\n"...), 0o644)
	build()
	changed := 0
	for i, f := range pageRecordFiles(t, cacheDir, dir) {
		if info, err := os.Stat(f); err == nil && !info.ModTime().Equal(times[i]) {
			changed++
		}
	}
	if after := readPageRecord(t, cacheDir, dir); changed < 1 || changed > 2 || len(after.index) != len(rec.index) {
		t.Fatalf("an edit of one page rewrote %d page records, and left %d pages (%d before)", changed, len(after.index), len(rec.index))
	}
}

// pageRecordFiles are the paths of the page records of the site in dir,
// in the cache folder cacheDir.
func pageRecordFiles(t *testing.T, cacheDir, dir string) []string {
	t.Helper()
	c := &Cache{site: siteName(os.DirFS(dir))}
	if c.site == "" {
		t.Skip("the site folder has no stamp here")
	}
	var files []string
	for k := range pageShards {
		files = append(files, cacheDir+"/record-"+c.pagesRecord(k))
	}
	return files
}

// readPageRecord reads the page records of the site in dir as one.
func readPageRecord(t *testing.T, cacheDir, dir string) *pageRecord {
	t.Helper()
	pageRecordFiles(t, cacheDir, dir)
	d, notes := buildcache.Open(cacheDir)
	if d == nil {
		t.Fatal(notes)
	}
	// Not closed: a Dir closed unused lists no packs (they would go).
	c := &Cache{site: siteName(os.DirFS(dir))}
	all := &pageRecord{}
	for k := range pageShards {
		text, ok := d.RecordText(c.pagesRecord(k))
		if !ok {
			continue // no page in the shard
		}
		rec := decodePageRecord(text)
		if rec == nil {
			t.Fatalf("page record %d does not decode", k)
		}
		for _, e := range rec.index {
			if shardOf(e.key) != k {
				t.Fatalf("%x in the record of shard %d", e.key[:4], k)
			}
			e.off += uint32(len(all.text))
			all.index = append(all.index, e)
		}
		all.text += text
	}
	return all
}
