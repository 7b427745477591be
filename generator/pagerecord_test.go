package generator

import (
	"context"
	"os"
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
// page from the cache and leaves the record as it was.
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
	info, _ := os.Stat(pageRecordFile(t, cacheDir, dir))
	second := build()
	if c := second.CacheStats.Kind("parse"); c.Hits < int64(len(rec.index)) || c.Misses > 0 {
		t.Fatalf("parse: %+v, want %d hits from the record", c, len(rec.index))
	}
	if again, _ := os.Stat(pageRecordFile(t, cacheDir, dir)); !again.ModTime().Equal(info.ModTime()) || !reflect.DeepEqual(readPageRecord(t, cacheDir, dir).index, rec.index) {
		t.Fatal("a build that restored the same pages rewrote the page record")
	}
}

// pageRecordFile is the path of the page record of the site in dir, in
// the cache folder cacheDir.
func pageRecordFile(t *testing.T, cacheDir, dir string) string {
	t.Helper()
	c := &Cache{site: siteName(os.DirFS(dir))}
	if c.site == "" {
		t.Skip("the site folder has no stamp here")
	}
	return cacheDir + "/record-" + c.pagesRecord()
}

// readPageRecord reads the page record of the site in dir.
func readPageRecord(t *testing.T, cacheDir, dir string) *pageRecord {
	t.Helper()
	pageRecordFile(t, cacheDir, dir)
	d, notes := buildcache.Open(cacheDir)
	if d == nil {
		t.Fatal(notes)
	}
	// Not closed: a Dir closed unused lists no packs (they would go).
	c := &Cache{site: siteName(os.DirFS(dir))}
	text, ok := d.RecordText(c.pagesRecord())
	rec := decodePageRecord(text)
	if !ok || rec == nil {
		t.Fatalf("no page record (%v), or it does not decode", ok)
	}
	return rec
}
