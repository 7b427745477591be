package generator

import (
	"maps"
	"slices"
	"sync"

	"rapport/generator/buildcache"
	"rapport/generator/internal/wire"
	"rapport/generator/link"
	"rapport/generator/load"
	"rapport/generator/memo"
	"rapport/generator/parse"
	"rapport/generator/render"
)

// Render sums kept between processes: a content page's render sum (the
// Store's sum: the setup, its parse, its resolved links and its view
// hashed whole) is a function of what its view is made from, so a build
// records, for each content page, the sum of those inputs with the
// render sum they gave, and the next build whose inputs for the page
// are the same takes the render sum from the record, without making the
// page's view, to ask whether the previous output holds the page
// (render.Options.Known).
//
// A page's inputs are its own parsed page (its parse key: path, bytes,
// Markdown setup), its address and resolved links, and what every view
// may read of the whole site: the setup (theme, UI strings, metrics,
// rapport.toml, options, dates), the link stage's inputs (every page's
// parse.LinkFacts, the languages, topics and assets: the graph is made
// of nothing else); not the translation report's, which only the status
// page shows (it records the report's inputs as a read: see
// render.Recorded). Each is the sum
// of typed facts (memo.Value), the keys the serve memos use; none is a
// field listed by hand. An edit of one page's text changes its parse key
// only, unless it changes its links, headings or front matter, which
// every page then reads again.

// renderSums is the record of a build's render sums, and the one being
// made: content pages' by address, generated pages' by output path (see
// render.Recorded).
type renderSums struct {
	site    memo.Sum // the inputs every page shares (see renderInputs)
	last    map[string]renderSum
	gens    map[string]genSum
	mu      sync.Mutex
	next    map[string]renderSum
	nextGen map[string]genSum
	parse   func(*parse.Page) (memo.Sum, bool)
	disk    *buildcache.Dir
}

// renderSum is a content page's inputs' sum and the render sum they gave.
type renderSum struct{ in, out memo.Sum }

// genSum is a generated page's reads (render.Recorded), the sum of its
// inputs (the site-wide ones, its path and its reads' values) and the
// render sum they gave.
type genSum struct {
	reads   []string
	in, out memo.Sum
}

// startRenderSums reads the record of the last build's render sums and
// returns the render sums of this build, whose site-wide inputs are site.
func (c *Cache) startRenderSums(site memo.Sum) *renderSums {
	if c.disk == nil || c.site == "" {
		return nil
	}
	text, _ := c.disk.RecordText(c.recordName("renders"))
	last, gens := decodeRenderSums(text)
	r := &renderSums{site: site, disk: c.disk, last: last, gens: gens, next: map[string]renderSum{}, nextGen: map[string]genSum{},
		parse: func(p *parse.Page) (memo.Sum, bool) { return renderStore{c}.Source(p) }}
	c.renders = r
	return r
}

// renderSite is the sum of the inputs every content page's view shares.
func (c *Cache) renderSite(in *load.Input, site *link.Site, topics []string, setup memo.Sum) memo.Sum {
	pages := make([]*parse.Page, 0, len(site.Pages))
	for _, p := range site.Pages {
		pages = append(pages, p.Parsed)
	}
	return memo.NewHash().Sums(setup, c.linkSum(in, pages, topics)).Sum()
}

// inputs returns the sum of content page p's inputs, and false when its
// parse key is not known (a page not parsed through the cache).
func (r *renderSums) inputs(p *link.Page) (memo.Sum, bool) {
	src, ok := r.parse(p.Parsed)
	if !ok {
		return memo.Sum{}, false
	}
	return memo.NewHash().Sums(r.site, src).Strings(p.URL).Strings(p.Hrefs...).Sum(), true
}

// known returns render.Options.Known, nil without render sums.
func (r *renderSums) known() func(*link.Page) (memo.Sum, bool) {
	if r == nil {
		return nil
	}
	return r.Known
}

// made returns render.Options.Made, nil without render sums.
func (r *renderSums) made() func(*link.Page, memo.Sum) {
	if r == nil {
		return nil
	}
	return r.Made
}

// recorded returns render.Options.Recorded, nil without render sums.
func (r *renderSums) recorded() render.Recorded {
	if r == nil {
		return nil
	}
	return r
}

// genInputs is the sum of a generated page's inputs: the site-wide ones,
// its path and the sum of its reads' values (in).
func (r *renderSums) genInputs(path string, in memo.Sum) memo.Sum {
	return memo.NewHash().Sums(r.site).Strings(path).Sums(in).Sum()
}

// Reads is render.Recorded's.
func (r *renderSums) Reads(path string) ([]string, bool) {
	g, ok := r.gens[path]
	return g.reads, ok
}

// Generated is render.Recorded's: the page's render sum from the record,
// when its inputs are the ones it was made from.
func (r *renderSums) Generated(path string, in memo.Sum) (memo.Sum, bool) {
	g, ok := r.gens[path]
	hit := ok && g.in == r.genInputs(path, in)
	r.disk.Tally("generated view", hit)
	return g.out, hit
}

// MadeGenerated is render.Recorded's.
func (r *renderSums) MadeGenerated(path string, reads []string, in, out memo.Sum) {
	r.mu.Lock()
	r.nextGen[path] = genSum{reads, r.genInputs(path, in), out}
	r.mu.Unlock()
}

// Known is render.Options.Known: p's render sum from the record, when
// its inputs are the ones it was made from.
func (r *renderSums) Known(p *link.Page) (memo.Sum, bool) {
	in, ok := r.inputs(p)
	if !ok {
		return memo.Sum{}, false
	}
	last, ok := r.last[p.URL]
	if hit := ok && last.in == in; !hit {
		r.disk.Tally("view", false)
		return memo.Sum{}, false
	}
	r.disk.Tally("view", true)
	r.record(p.URL, renderSum{in, last.out})
	return last.out, true
}

// Made is render.Options.Made: content page p's render sum, made.
func (r *renderSums) Made(p *link.Page, sum memo.Sum) {
	if in, ok := r.inputs(p); ok {
		r.record(p.URL, renderSum{in, sum})
	}
}

func (r *renderSums) record(url string, s renderSum) {
	r.mu.Lock()
	r.next[url] = s
	r.mu.Unlock()
}

// save records this build's render sums for the next build.
func (c *Cache) saveRenderSums() {
	r := c.renders
	if r == nil {
		return
	}
	e := wire.Encoder{}
	e.Uint(uint64(len(r.next)))
	for _, url := range slices.Sorted(maps.Keys(r.next)) {
		s := r.next[url]
		e.String(url)
		e.Bytes(s.in[:])
		e.Bytes(s.out[:])
	}
	e.Uint(uint64(len(r.nextGen)))
	for _, path := range slices.Sorted(maps.Keys(r.nextGen)) {
		g := r.nextGen[path]
		e.String(path)
		e.Strings(g.reads)
		e.Bytes(g.in[:])
		e.Bytes(g.out[:])
	}
	c.disk.SetRecord(c.recordName("renders"), e.B)
}

// decodeRenderSums decodes a record of saveRenderSums (its strings are
// parts of text): the content pages' render sums and the generated
// pages'; a record that does not decode is empty.
func decodeRenderSums(text string) (map[string]renderSum, map[string]genSum) {
	d := wire.Text{S: text}
	n := d.Len()
	pages := make(map[string]renderSum, n)
	for range n {
		url := d.String()
		var s renderSum
		if copy(s.in[:], d.String()) != len(s.in) || copy(s.out[:], d.String()) != len(s.out) {
			return nil, nil
		}
		pages[url] = s
	}
	n = d.Len()
	gens := make(map[string]genSum, n)
	for range n {
		path := d.String()
		g := genSum{reads: d.Strings()}
		if copy(g.in[:], d.String()) != len(g.in) || copy(g.out[:], d.String()) != len(g.out) {
			return nil, nil
		}
		gens[path] = g
	}
	if d.Done() != nil {
		return nil, nil
	}
	return pages, gens
}
