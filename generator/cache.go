package generator

import (
	"fmt"
	"io/fs"
	"sync"
	"time"

	"github.com/klauspost/compress/s2"
	"github.com/yuin/goldmark/parser"

	"rapport"
	"rapport/generator/buildcache"
	"rapport/generator/diag"
	"rapport/generator/link"
	"rapport/generator/load"
	"rapport/generator/locale"
	"rapport/generator/markdown"
	"rapport/generator/memo"
	"rapport/generator/output"
	"rapport/generator/parse"
	"rapport/generator/render"
	"rapport/generator/report"
	"rapport/generator/search"
)

// Cache keeps every stage's last outputs between builds of one site
// (rapport serve), so a rebuild redoes only what changed: one field per
// stage, each a memo.Last of values with the Sum of their inputs (see
// package memo). A build with a Cache gives the same output as one
// without, and Build without one uses a one-shot Cache, which keeps
// nothing, so each stage has one code path.
type Cache struct {
	// policy is the mode's, memo.Serve (NewCache) or memo.OneShot (Build
	// without a cache): what is kept, dropped and spilled.
	policy memo.Policy

	input   *load.Input                     // load: the last input, for load.Reload
	bundles *memo.Last[struct{}, bundled]   // the UI strings, by the locale files
	sources *memo.Last[string, parsed]      // parse: by source path
	sums    *memo.Last[*parse.Page, sums]   // what link and report read of each parsed page
	graphs  *memo.Last[struct{}, linked]    // link: by every page's link sum
	reports *memo.Last[struct{}, reported]  // report: by the graph and each page's shape
	indexes *memo.Last[string, output.File] // search index files, by language
	render  *render.Memo                    // rendered pages, by output path
	// terms numbers the search terms of every page parsed with this
	// cache; the indexes are built with it (kept pages keep its numbers).
	terms *search.Dictionary
	// bases, with disk, names the languages' indexes of the last build
	// and of this one (see searchbase.go).
	bases *searchBases
	// searchSums are the languages' last search sums (searchSum), while
	// their pages are the same ones.
	searchSums map[string]searchInput
	// highlight highlights code blocks: one for every build, so that
	// the highlightings a build abandons count in the next (see
	// markdown.Highlighter).
	highlight *markdown.Highlighter
	// disk, when not nil, is the persistent build cache (Options.CacheDir):
	// parsed pages by the bytes and Markdown setup they were parsed from,
	// search indexes by their search sums, rendered pages (renderStore).
	disk *buildcache.Dir
	// parseKeys holds, with disk, each parsed page's key in it: the sum
	// of its path, bytes and Markdown setup, for renderStore.Source.
	parseKeys sync.Map // *parse.Page → memo.Sum
	// src is the source the last build loaded, for pages known by their
	// stamps and not read (load.Fill); loadStart is when that load
	// began, and site the site's name in its records (see siteName).
	src       fs.FS
	loadStart time.Time
	site      string
	// reparse parses a page again on any goroutine, with this build's
	// Markdown setup: a restored page whose body entry turns out damaged
	// when it is read (fetchBody).
	reparse func(load.Source) (*parse.Page, diag.List)
	// diskSums keeps factSums in a one-shot build with the persistent
	// cache, whose render sums read them after the report did; reportSum
	// is the sum of what its report read (storedReport), renders the
	// render sums of its last build (see rendersums.go).
	diskSums  sync.Map // *parse.Page → sums
	reportSum memo.Sum
	renders   *renderSums
	// pageRecord is the last build's record of its parsed pages, and
	// nextPages this build's (see pagerecord.go); decoders are
	// parse.SnapshotDecoders for restoring from it.
	pageRecords pageRecords
	nextPages   *pageWriter
	decoders    sync.Pool
}

// NewCache returns an empty cache for a series of builds (memo.Serve).
func NewCache() *Cache { return newCache(memo.Serve) }

func newCache(mode memo.Mode) *Cache {
	return &Cache{
		policy:     mode.Policy(),
		bundles:    memo.New[struct{}, bundled](mode),
		sources:    memo.New[string, parsed](mode),
		sums:       memo.New[*parse.Page, sums](mode),
		graphs:     memo.New[struct{}, linked](mode),
		reports:    memo.New[struct{}, reported](mode),
		indexes:    memo.New[string, output.File](mode),
		render:     render.NewMemo(mode),
		terms:      search.NewDictionary(),
		searchSums: map[string]searchInput{},
		bases:      &searchBases{},
		highlight:  markdown.NewHighlighter(),
	}
}

// load reads the source, reusing the bytes of files that did not change
// since the last build when the caller says which did (changed != nil).
func (c *Cache) load(fsys fs.FS, changed []string, now func() time.Time) (*load.Input, diag.List) {
	var in *load.Input
	var diags diag.List
	c.src = fsys
	switch {
	case c.disk != nil && !c.policy.Keep:
		known := c.knownSources(fsys, now) // names the site's records
		// The page records are read while the walk waits on the file
		// system, each on a core of its own.
		var g diag.Group
		g.Go(diag.Pos{File: "content"}, "reading the build cache's page records", c.loadPageRecords)
		in, diags = load.LoadKnown(fsys, known)
		g.Wait()
	case changed == nil || c.input == nil:
		in, diags = load.Load(fsys)
	default:
		in, diags = load.Reload(fsys, c.input, changed)
	}
	if c.policy.Keep {
		c.input = in
	}
	return in, diags
}

// bundled is the locales stage's output. fell collects the UI strings
// shown in English by every build since the bundle was loaded: pages the
// parse and render memos reuse noted theirs when they were made.
type bundled struct {
	bundle *locale.Bundle
	diags  diag.List
	fell   *locale.Fallbacks
}

// locales loads the UI strings, or takes the last bundle when the site's
// locale files are byte for byte the same.
func (c *Cache) locales(files []load.Source) bundled {
	last, sum, ok := c.bundles.Lookup(struct{}{}, func() memo.Sum {
		h := memo.NewHash()
		for _, f := range files {
			h.Strings(f.Path).Bytes(f.Data)
		}
		return h.Sum()
	})
	if ok {
		return last
	}
	b, d := locale.Load(rapport.Locales(), files)
	out := bundled{b, d, &locale.Fallbacks{}}
	c.bundles.Put(struct{}{}, sum, out)
	return out
}

// parsed is the parse stage's output for one source file.
type parsed struct {
	data     []byte   // the bytes parsed: a reloaded, unchanged file has the same
	markdown memo.Sum // the Markdown setup it was parsed with (extensions.sum)
	page     *parse.Page
	diags    diag.List
}

// unchanged returns the last page of src when src holds the very bytes it
// was parsed from (see load.Reload) with the same Markdown setup (md).
func (c *Cache) unchanged(src load.Source, md memo.Sum) (*parse.Page, diag.List, bool) {
	e, ok := c.sources.Peek(src.Path)
	if ok && e.markdown == md && sameBytes(e.data, src.Data) {
		return e.page, e.diags, true
	}
	return nil, nil, false
}

// parse returns the parsed page for src, the last one when its bytes and
// the Markdown setup (md) hash the same (a file saved again unchanged;
// parseAll has already taken the pages whose very bytes were reused, see
// unchanged).
func (c *Cache) parse(src load.Source, md memo.Sum, p parser.Parser, body *markdown.Holes) (*parse.Page, diag.List) {
	e, sum, ok := c.sources.Lookup(src.Path, func() memo.Sum {
		return memo.NewHash().Sums(md).Strings(src.Path).Bytes(src.Data).Sum()
	})
	if ok {
		e.data = src.Data
		c.sources.Put(src.Path, sum, e)
		return e.page, e.diags
	}
	page, diags := c.parseOrRestore(src, md, p, body)
	if c.policy.DropSources && page != nil {
		page.DropSource() // nothing will parse it again
	}
	if last, ok := c.sources.Peek(src.Path); ok {
		c.sums.Delete(last.page) // the page it replaces: forget need not look
	}
	c.sources.Put(src.Path, sum, parsed{src.Data, md, page, diags})
	return page, diags
}

// forget drops, after parse, the parsed pages of files not in srcs, and
// the sums of pages no longer kept.
func (c *Cache) forget(srcs []load.Source) {
	if c.sources.Len() > len(srcs) {
		live := make(map[string]bool, len(srcs))
		for _, s := range srcs {
			live[s.Path] = true
		}
		c.sources.Keep(func(path string, _ parsed) bool { return live[path] })
	}
	if c.sums.Len() > c.sources.Len() {
		live := map[*parse.Page]bool{}
		c.sources.Keep(func(_ string, e parsed) bool { live[e.page] = true; return true })
		c.sums.Keep(func(p *parse.Page, _ sums) bool { return live[p] })
	}
}

// sameBytes reports whether a and b are the same slice of the same array.
func sameBytes(a, b []byte) bool {
	return len(a) == len(b) && len(a) > 0 && &a[0] == &b[0]
}

// sums are a parsed page's facts for the link and report stages
// (parse.LinkFacts, parse.ShapeFacts), each hashed whole, once per parse.
type sums struct {
	link  memo.Sum
	shape memo.Sum
}

// factSums returns p's sums, hashing its facts on the first call for p.
func (c *Cache) factSums(p *parse.Page) sums {
	if s, ok := c.sums.Peek(p); ok {
		return s
	}
	if s, ok := c.diskSums.Load(p); ok { // a one-shot build with the persistent cache
		return s.(sums)
	}
	s := sums{link: memo.NewHash().Value(p.LinkFacts()).Sum(), shape: memo.NewHash().Value(p.ShapeFacts()).Sum()}
	c.sums.Put(p, memo.Sum{}, s)
	if c.disk != nil && !c.policy.Keep {
		c.diskSums.Store(p, s)
	}
	return s
}

// linkSum hashes what the link stage reads: the languages, topics and
// assets, and every page's link facts.
func (c *Cache) linkSum(in *load.Input, pages []*parse.Page, topics []string) memo.Sum {
	h := memo.NewHash().Strings(in.Langs...).Strings("\x01").Strings(topics...)
	for _, a := range in.Assets {
		h.Strings(a.Path, a.Out)
	}
	for _, p := range pages {
		h.Sums(c.factSums(p).link)
	}
	return h.Sum()
}

// linked is the link stage's output. version counts the link stage's runs
// on this cache: the same version is the very same graph, which render's
// memo uses to know a page's links are unchanged without hashing them.
type linked struct {
	site    *link.Site
	diags   diag.List
	version uint64
}

// link builds the site graph, or takes the last one when every page's link
// sum, the languages, assets and topics are the same: the pages of the
// last graph then get this build's parsed pages (new bodies, same links).
func (c *Cache) link(in *load.Input, pages []*parse.Page, topics []string) linked {
	last, sum, ok := c.graphs.Lookup(struct{}{}, func() memo.Sum { return c.linkSum(in, pages, topics) })
	if ok {
		// The same paths as the last graph: each takes this build's page,
		// the one the parse memo holds for its path.
		for _, lp := range last.site.Pages {
			if e, ok := c.sources.Peek(lp.Parsed.Path); ok { // not a generated home page
				lp.Parsed = e.page
			}
		}
		return last
	}
	prev, _ := c.graphs.Peek(struct{}{})
	site, d := link.Link(in.Langs, pages, in.Assets, topics)
	out := linked{site, d, prev.version + 1}
	c.graphs.Put(struct{}{}, sum, out)
	return out
}

// reported is the report stage's output; version counts its runs, as
// linked's does, graph is the version of the graph its cells point into,
// and place the sum of that graph's report.Facts.
type reported struct {
	report  *report.Report
	version uint64
	graph   uint64
	place   memo.Sum
	// pending, when not nil, waits for the report being read back from
	// the persistent cache (see storedReport) and returns it.
	pending func() *report.Report
}

// translations runs the report (run), or takes the last one when the
// Markdown setup (md: the locales) and what the report reads are the
// same: the graph's report.Facts, every page's parse.ShapeFacts and
// report.Freshness. A new graph with such pages (a title edit) gets the
// last report pointed into it (report.Rebase); the version changes only
// when a title does: the report then reads the same.
func (c *Cache) translations(g linked, md memo.Sum, run func() *report.Report) reported {
	prev, _ := c.reports.Peek(struct{}{})
	place := prev.place
	if prev.graph != g.version {
		place = memo.NewHash().Value(report.FactsOf(g.site)).Sum()
	}
	sumOf := func() memo.Sum {
		h := memo.NewHash().Sums(md, place)
		for _, p := range g.site.Pages {
			h.Sums(c.factSums(p.Parsed).shape)
		}
		return h.Value(report.Freshness(g.site)).Sum()
	}
	last, sum, ok := c.reports.Lookup(struct{}{}, sumOf)
	if ok {
		if last.graph != g.version {
			rep, retitled := report.Rebase(last.report, g.site)
			last = reported{report: rep, version: last.version, graph: g.version, place: last.place}
			if retitled {
				last.version++ // a new report for the status page
			}
			c.reports.Put(struct{}{}, sum, last)
		}
		return last
	}
	out := reported{version: prev.version + 1, graph: g.version, place: place}
	if out.pending = c.storedReport(g.site, sumOf, run); out.pending == nil {
		out.report = run()
	}
	c.reports.Put(struct{}{}, sum, out)
	return out
}

// storedReport returns, with the persistent cache, a function returning
// the report of the last build whose report read the same (sum: see
// translations), pointed into site's pages (report.Rebase) and read back
// on a goroutine of its own meanwhile; else the report, run on a
// goroutine of its own (render needs only its sum) and kept there. A report kept there that does not read back is run then (the
// caller keeps the pages' shapes until the function returns). Without
// the cache it returns nil.
func (c *Cache) storedReport(site *link.Site, sum func() memo.Sum, run func() *report.Report) func() *report.Report {
	if c.disk == nil {
		return nil
	}
	c.reportSum = sum()
	key := c.disk.Key("report", memo.NewHash().Sums(c.reportSum))
	data, ok := c.disk.Get("report", key)
	var rep *report.Report
	var g diag.Group
	if !ok { // made beside render: only the status page shows it
		g.Go(diag.Pos{File: "content"}, "the translation report", func() {
			rep = run()
			c.disk.Put("report", key, encodeReport(rep))
		})
		return sync.OnceValue(func() *report.Report { g.Wait(); return rep })
	}
	g.Go(diag.Pos{File: "content"}, "the translation report", func() {
		r, err := decodeReport(data, site)
		if err != nil {
			rep = run()
			c.disk.Put("report", key, encodeReport(rep))
			return
		}
		rep, _ = report.Rebase(r, site) // the titles are not in the sum
	})
	return sync.OnceValue(func() *report.Report { g.Wait(); return rep })
}

// parseOrRestore parses src, or restores its page from the persistent
// cache (c.disk) when a page of the very same bytes, path and Markdown
// setup (md) was parsed by this binary before: its facts now, its body
// when a stage reads it (see restore). Only pages parsed without any
// diagnostic are kept there, as two entries: "parse" (the snapshot's
// facts) and "body" (its compressed HTML and search data).
func (c *Cache) parseOrRestore(src load.Source, md memo.Sum, p parser.Parser, body *markdown.Holes) (*parse.Page, diag.List) {
	if c.disk == nil {
		var diags diag.List
		if load.Fill(c.src, &src, &diags); src.Data == nil {
			return nil, diags // (a page loaded by its stamp, then the cache was not used)
		}
		return parse.Parse(src, p, body, c.terms)
	}
	if src.Sum == (memo.Sum{}) { // not loaded by load.LoadKnown
		src.Sum = load.SumOf(src.Data)
	}
	key := c.parseKey(src, md)
	if page := c.restore(src, key); page != nil {
		return page, nil
	}
	if src.Data == nil { // known by its stamp, and not read (see stamps.go)
		var diags diag.List
		if load.Fill(c.src, &src, &diags); src.Data == nil {
			return nil, diags
		}
		key = c.parseKey(src, md)
	}
	page, diags := parse.Parse(src, p, body, c.terms)
	if page != nil && len(diags) == 0 {
		s := page.Snapshot(c.terms)
		c.disk.Put("body", c.bodyKey(key), s.EncodeBody(nil))
		s.HTML, s.Search = nil, nil
		facts := s.Encode(nil)
		c.disk.Put("parse", key, facts)
		c.nextPages.add(key, facts)
		c.parseKeys.Store(page, key)
	}
	return page, diags
}

// parseKey is the name of src's parsed page in the persistent cache:
// its path, the sum of its bytes and the Markdown setup (md).
func (c *Cache) parseKey(src load.Source, md memo.Sum) memo.Sum {
	return c.disk.Key("parse", memo.NewHash().Sums(md, src.Sum).Strings(src.Path, src.Lang, src.Rel))
}

// bodyKey is the name of the body of the parsed page named key.
func (c *Cache) bodyKey(key memo.Sum) memo.Sum {
	return c.disk.Key("body", memo.NewHash().Sums(key))
}

// restore returns src's page from the persistent cache, its body to be
// fetched when read (fetchBody): its facts from the last build's page
// record, or else from the entry key; nil when the cache has neither,
// or not its body.
func (c *Cache) restore(src load.Source, key memo.Sum) *parse.Page {
	bk := c.bodyKey(key)
	if !c.disk.Has(bk) {
		c.disk.Tally("parse", false)
		return nil
	}
	d := c.decoder()
	defer c.decoders.Put(d)
	if r, e, ok := c.pageRecords.find(key); ok {
		if s, shape, err := d.DecodeFacts(r.facts(e)); err == nil {
			c.disk.Tally("parse", true)
			page := c.restored(src, key, bk, s, shape)
			c.diskSums.Store(page, e.sums) // see factSums
			return page
		}
	}
	data, ok := c.disk.Get("parse", key)
	if !ok {
		return nil
	}
	s, shape, err := d.DecodeFacts(string(data))
	if err != nil {
		return nil
	}
	c.nextPages.add(key, data) // data is the pack's until Close
	return c.restored(src, key, bk, s, shape)
}

// decoder returns a parse.SnapshotDecoder of the pool.
func (c *Cache) decoder() *parse.SnapshotDecoder {
	if d, ok := c.decoders.Get().(*parse.SnapshotDecoder); ok {
		return d
	}
	return &parse.SnapshotDecoder{}
}

// restored returns the page of src restored from s and its encoded
// shape, its facts under parse key key, its body to be fetched from the
// entry bk.
func (c *Cache) restored(src load.Source, key, bk memo.Sum, s parse.Snapshot, shape string) *parse.Page {
	c.disk.Keep(bk) // kept for the next build, read or not
	page := parse.RestoreLazy(src, s, shape, func() parse.Body { return c.fetchBody(src, bk) })
	c.parseKeys.Store(page, key)
	return page
}

// fetchBody returns the body of src's restored page from the persistent
// cache's entry bk, or, when that entry does not check, src parsed again
// (read again if it was not: its bytes must still be the ones its facts
// were restored for).
func (c *Cache) fetchBody(src load.Source, bk memo.Sum) parse.Body {
	if data, ok := c.disk.Get("body", bk); ok {
		if b, err := parse.DecodeBody(data); err == nil {
			return b
		}
	}
	sum := src.Sum
	var diags diag.List
	if load.Fill(c.src, &src, &diags); src.Data == nil || src.Sum != sum {
		panic(fmt.Sprintf("%s: the page changed while the build ran, or its build cache entry is damaged: build again", src.Path))
	}
	page, _ := c.reparse(src)
	if page == nil {
		panic(src.Path + ": the page no longer parses as its build cache entry says it did")
	}
	return parse.Body{HTML: page.RawHTML(), Search: page.Search}
}

// store returns render's Store over the persistent build cache, or nil
// without one.
func (c *Cache) store() render.Store {
	if c.disk == nil {
		return nil
	}
	return renderStore{c}
}

// renderStore is render.Store over the persistent build cache: pages
// kept s2-compressed (HTML shrinks to about a fifth).
type renderStore struct{ c *Cache }

func (s renderStore) Source(p *parse.Page) (memo.Sum, bool) {
	k, ok := s.c.parseKeys.Load(p)
	if !ok {
		return memo.Sum{}, false
	}
	return k.(memo.Sum), true
}

func (s renderStore) Get(sum memo.Sum) ([]byte, bool) {
	z, ok := s.c.disk.Get("render", s.c.disk.Key("render", memo.NewHash().Sums(sum)))
	if !ok {
		return nil, false
	}
	data, err := s2.Decode(nil, z)
	return data, err == nil
}

func (s renderStore) Keep(sum memo.Sum) {
	s.c.disk.Keep(s.c.disk.Key("render", memo.NewHash().Sums(sum)))
}

func (s renderStore) Put(sum memo.Sum, data []byte) {
	s.c.disk.Put("render", s.c.disk.Key("render", memo.NewHash().Sums(sum)), s2.Encode(nil, data))
}
