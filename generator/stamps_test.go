package generator

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"rapport/generator/buildcache"
	"rapport/generator/diag"
	"rapport/generator/link"
	"rapport/generator/load"
	"rapport/generator/markdown"
	"rapport/generator/memo"
	"rapport/generator/parse"
	"rapport/generator/search"
)

// TestSettledStamps: the racy-git rule. A page's stamp is recorded only
// when its file's modification and change times are both racyWindow or
// more before the load began; a page without a stamp or sum never is.
func TestSettledStamps(t *testing.T) {
	start := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	at := func(d time.Duration) int64 { return start.Add(d).UnixNano() }
	page := func(mtime, ctime int64) load.Source {
		return load.Source{Sum: memo.Sum{1}, Stamp: load.Stamp{Ino: 7, Size: 10, Mtime: mtime, Ctime: ctime}}
	}
	for _, c := range []struct {
		what string
		p    load.Source
		want bool
	}{
		{"changed an hour before", page(at(-time.Hour), at(-time.Hour)), true},
		{"changed just past the window", page(at(-racyWindow-time.Nanosecond), at(-racyWindow-time.Nanosecond)), true},
		{"modified at the window's start", page(at(-racyWindow), at(-time.Hour)), false},
		{"changed within the window (touch -d back)", page(at(-time.Hour), at(-time.Second)), false},
		{"modified in the future", page(at(time.Hour), at(-time.Hour)), false},
		{"no stamp", load.Source{Sum: memo.Sum{1}}, false},
		{"no sum", load.Source{Stamp: load.Stamp{Ino: 7, Mtime: at(-time.Hour), Ctime: at(-time.Hour)}}, false},
	} {
		if got := settled(c.p, start); got != c.want {
			t.Errorf("%s: settled %v, want %v", c.what, got, c.want)
		}
	}
}

// TestDamagedBodyParsedAgain: a page restored from the cache whose body
// entry does not check when render or the search index reads it is
// parsed again from its file, which must still hold the bytes its facts
// were restored for; a file changed since is an error, never another
// page's body.
func TestDamagedBodyParsedAgain(t *testing.T) {
	dir := t.TempDir()
	page := "---\ntitle: Calls\n---\n# One\n\nText [x](other.md).\n"
	if err := os.MkdirAll(filepath.Join(dir, "content", "en"), 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "content", "en", "calls.md")
	if err := os.WriteFile(path, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	md := markdown.New(markdown.Config{})
	c := newCache(memo.OneShot)
	c.disk, _ = buildcache.Open(t.TempDir()) // empty: every body is a miss
	c.src = os.DirFS(dir)
	c.reparse = func(src load.Source) (*parse.Page, diag.List) {
		return parse.Parse(src, md.Parser(), md.Bodies()(src.Lang), c.terms)
	}
	src := load.Source{Path: "content/en/calls.md", Lang: "en", Rel: "calls.md", Sum: load.SumOf([]byte(page))}
	want, _ := c.reparse(load.Source{Path: src.Path, Lang: "en", Rel: src.Rel, Data: []byte(page)})
	b := c.fetchBody(src, memo.Sum{1})
	if string(b.HTML) != string(want.RawHTML()) || b.Search == nil {
		t.Fatalf("body parsed again: %q, want %q", b.HTML, want.RawHTML())
	}
	if err := os.WriteFile(path, []byte(page+"More.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "content/en/calls.md: the page changed") {
			t.Errorf("a page changed since its facts were restored: %v", r)
		}
	}()
	c.fetchBody(src, memo.Sum{1})
}

// TestLazyBodiesIndexedWhileRendered: a language's search index takes
// the search data of pages restored without their bodies while render
// fetches the same bodies on other goroutines: every page is in the
// index, and (under -race) nothing reads a page's search data outside
// the fetch's once (the index once saw a page not fetched yet, render
// then fetched it, and the index dropped and lost it).
func TestLazyBodiesIndexedWhileRendered(t *testing.T) {
	md := markdown.New(markdown.Config{})
	dict := search.NewDictionary()
	src := load.Source{Path: "content/en/calls.md", Lang: "en", Rel: "calls.md", Data: []byte("---\ntitle: Calls\n---\n# One\n\nText about calls.\n")}
	parsed, _ := parse.Parse(src, md.Parser(), md.Bodies()("en"), dict)
	snap := parsed.Snapshot(dict)
	body := snap.EncodeBody(nil)
	var pages []*link.Page
	for i := range 300 {
		p := parse.RestoreLazy(src, snap, "", func() parse.Body { b, _ := parse.DecodeBody(body); return b })
		pages = append(pages, &link.Page{Kind: link.Playbook, URL: fmt.Sprintf("/en/p%d/", i), Parsed: p})
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, p := range pages {
			p.Parsed.HTML(nil) // render
		}
	}()
	make := searchIndex(dict, "en", pages, false, true)
	<-done
	if index := make(); len(index) == 0 {
		t.Fatal("no index")
	}
	for _, p := range pages {
		if p.Parsed.Search != nil {
			t.Fatalf("%s: search data not dropped", p.URL)
		}
	}
}
