package generator

import (
	"io/fs"
	"slices"

	"github.com/yuin/goldmark/parser"

	"rapport"
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
	// searchSums are the languages' last search sums (searchSum), while
	// their pages are the same ones.
	searchSums map[string]searchInput
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
	}
}

// load reads the source, reusing the bytes of files that did not change
// since the last build when the caller says which did (changed != nil).
func (c *Cache) load(fsys fs.FS, changed []string) (*load.Input, diag.List) {
	var in *load.Input
	var diags diag.List
	if changed == nil || c.input == nil {
		in, diags = load.Load(fsys)
	} else {
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
	page, diags := parse.Parse(src, p, body, c.terms)
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

// sums are what the link and report stages read of a parsed page, hashed
// once per parse.
type sums struct {
	link  memo.Sum // place, front matter with lines, headings and links
	shape memo.Sum // structure (see parse.Shape) and knowledge-check questions
}

// sumsOf returns p's sums: a page whose body text changed and nothing
// else has the same link sum.
func (c *Cache) sumsOf(p *parse.Page) sums {
	if s, ok := c.sums.Peek(p); ok {
		return s
	}
	h := memo.NewHash().Strings(p.Path, p.Lang, p.Rel).JSON(p.Meta).JSON(p.Lines).JSON(p.TopicLines)
	for _, hd := range p.Headings {
		h.Strings(hd.ID, hd.Text).Ints(hd.Level, hd.Line)
	}
	for _, l := range p.Links {
		h.Strings(l.Dest, l.Pos.File).Ints(l.Pos.Line, l.Pos.Col, boolInt(l.Image))
	}
	s := sums{link: h.Sum(), shape: memo.NewHash().Value(p.ShapeFacts()).Sum()}
	c.sums.Put(p, memo.Sum{}, s)
	return s
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
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
	last, sum, ok := c.graphs.Lookup(struct{}{}, func() memo.Sum {
		h := memo.NewHash().Strings(in.Langs...).Strings("\x01").Strings(topics...)
		for _, a := range in.Assets {
			h.Strings(a.Path, a.Out)
		}
		for _, p := range pages {
			h.Sums(c.sumsOf(p).link)
		}
		return h.Sum()
	})
	if ok {
		// The same paths as the last graph: each takes this build's page,
		// the one the parse memo holds for its path.
		for _, lp := range last.site.Pages {
			if e, ok := c.sources.Peek(lp.Path); ok { // not a generated home page
				lp.Page = e.page
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
// and place the sum of that graph's pages' places (see placeSum).
type reported struct {
	report  *report.Report
	version uint64
	graph   uint64
	place   memo.Sum
}

// translations runs the report (run), or takes the last one when the
// Markdown setup (md: the locales) and, for every page, what the report
// reads of it are the same (reportSum): its place, translations, shape and
// whether it is stale. A new graph with such pages (a title edit) gets the
// last report pointed into it (see rebase).
func (c *Cache) translations(g linked, md memo.Sum, run func() *report.Report) reported {
	prev, _ := c.reports.Peek(struct{}{})
	place := prev.place
	if prev.graph != g.version {
		place = placeSum(g)
	}
	last, sum, ok := c.reports.Lookup(struct{}{}, func() memo.Sum { return c.reportSum(g, md, place) })
	if ok {
		if last.graph != g.version {
			last = rebase(last, g)
			c.reports.Put(struct{}{}, sum, last)
		}
		return last
	}
	out := reported{run(), prev.version + 1, g.version, place}
	c.reports.Put(struct{}{}, sum, out)
	return out
}

// rebase points the cells of last, a report made from another graph with
// the same pages, translations and shapes, at the pages of g, and titles
// each group, as report.Translations does, with its first language's
// page's title. The version changes only when a title does: the report
// then reads the same.
func rebase(last reported, g linked) reported {
	byPath := make(map[string]*link.Page, len(g.site.Pages))
	for _, p := range g.site.Pages {
		byPath[p.Path] = p
	}
	rep := *last.report
	rep.Groups = slices.Clone(rep.Groups)
	titled := false
	for i, gr := range rep.Groups {
		gr.Cells = slices.Clone(gr.Cells)
		first := true
		for j, cell := range gr.Cells {
			if cell.Page == nil {
				continue
			}
			gr.Cells[j].Page = byPath[cell.Page.Path]
			if first && gr.Title != gr.Cells[j].Page.Meta.Title {
				gr.Title, titled = gr.Cells[j].Page.Meta.Title, true
			}
			first = false
		}
		rep.Groups[i] = gr
	}
	out := reported{&rep, last.version, g.version, last.place}
	if titled {
		out.version = last.version + 1 // a new report for the status page
	}
	return out
}

// placeSum hashes every page's place in graph g as the report reads it
// (path, address, kind, language, translations, the page it was
// translated from), not its title (see rebase): the same graph has the
// same.
func placeSum(g linked) memo.Sum {
	h := memo.NewHash()
	for _, l := range g.site.Langs {
		h.Strings(l.Tag)
	}
	for _, p := range g.site.Pages {
		h.Strings(p.Path, p.URL, p.Lang.Tag, p.Meta.TranslatedFrom, p.Meta.SourceHash)
		for _, t := range p.Translations {
			h.Strings(t.Path)
		}
		h.Ints(int(p.Kind), len(p.Translations), p.Lines["sourceHash"])
	}
	return h.Sum()
}

// reportSum hashes what the report reads: the pages' places (place), the
// Markdown setup, and every page's shape (sumsOf) and stale state.
func (c *Cache) reportSum(g linked, md, place memo.Sum) memo.Sum {
	var byPath map[string]*link.Page // only if some page is a translation
	for _, p := range g.site.Pages {
		if p.Meta.TranslatedFrom != "" {
			byPath = make(map[string]*link.Page, len(g.site.Pages))
			for _, p := range g.site.Pages {
				byPath[p.Path] = p
			}
			break
		}
	}
	h := memo.NewHash().Sums(md, place)
	for _, p := range g.site.Pages {
		h.Sums(c.sumsOf(p.Page).shape)
		stale := -1
		if p.Meta.TranslatedFrom != "" {
			if src, ok := byPath[p.Meta.TranslatedFrom]; ok {
				stale = boolInt(src.BodySum != p.Meta.SourceHash)
			}
		}
		h.Ints(stale)
	}
	return h.Sum()
}
