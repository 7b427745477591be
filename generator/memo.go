package generator

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"io"
	"io/fs"

	"rapport"
	"rapport/generator/diag"
	"rapport/generator/link"
	"rapport/generator/load"
	"rapport/generator/locale"
	"rapport/generator/output"
	"rapport/generator/parse"
	"rapport/generator/report"
)

// The stages after parse are memoized inside the one build path, for
// rapport serve: each keeps its last output with a hash of everything it
// read, and a build whose inputs hash the same takes the output instead of
// computing it. Nothing is reused on a guess: a changed input changes the
// hash. Without a Cache every stage runs.

// load reads the source, reusing the bytes of files that did not change
// since the last build when the caller says which did (changed != nil).
func (c *Cache) load(fsys fs.FS, changed []string) (*load.Input, diag.List) {
	if c == nil {
		return load.Load(fsys)
	}
	var in *load.Input
	var diags diag.List
	if changed == nil || c.input == nil {
		in, diags = load.Load(fsys)
	} else {
		in, diags = load.Reload(fsys, c.input, changed)
	}
	c.input = in
	return in, diags
}

// linkSum hashes what the link stage reads of a page: its place, front
// matter with lines, headings and links. A page whose body text changed
// and nothing else has the same sum.
func linkSum(p *parse.Page) [32]byte {
	h := sha256.New()
	writeStrings(h, p.Path, p.Lang, p.Rel)
	e := json.NewEncoder(h)
	e.Encode(p.Meta)
	e.Encode(p.Lines) // map keys are sorted
	e.Encode(p.TopicLines)
	for _, hd := range p.Headings {
		writeStrings(h, hd.ID, hd.Text)
		writeInts(h, hd.Level, hd.Line)
	}
	for _, l := range p.Links {
		writeStrings(h, l.Dest, l.Pos.File)
		writeInts(h, l.Pos.Line, l.Pos.Col, boolInt(l.Image))
	}
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// link builds the site graph, or takes the last one when every page's
// linkSum, the languages, assets and topics are the same: the pages of the
// last graph then get this build's parsed pages (new bodies, same links).
func (c *Cache) link(in *load.Input, pages []*parse.Page, topics []string) (*link.Site, diag.List, uint64) {
	if c == nil {
		site, d := link.Link(in.Langs, pages, in.Assets, topics)
		return site, d, 0
	}
	h := sha256.New()
	w := bufio.NewWriterSize(h, 64<<10) // many small writes, few hash calls
	writeStrings(w, in.Langs...)
	writeStrings(w, "\x01")
	writeStrings(w, topics...)
	for _, a := range in.Assets {
		writeStrings(w, a.Path, a.Out)
	}
	c.mu.Lock()
	for _, p := range pages {
		s, ok := c.sums[p]
		if !ok {
			s = linkSum(p)
			c.sums[p] = s
		}
		w.Write(s[:])
	}
	c.mu.Unlock()
	w.Flush()
	var key [32]byte
	h.Sum(key[:0])
	if c.site != nil && key == c.siteKey {
		// The same paths as the last graph: each takes this build's page,
		// the one the parse cache holds for its path.
		c.mu.Lock()
		for _, lp := range c.site.Pages {
			if e, ok := c.entries[lp.Path]; ok { // not a generated home page
				lp.Page = e.page
			}
		}
		c.mu.Unlock()
		return c.site, c.siteDiags, c.graph
	}
	site, d := link.Link(in.Langs, pages, in.Assets, topics)
	c.site, c.siteDiags, c.siteKey = site, d, key
	c.graph++
	return site, d, c.graph
}

// translations runs the report (run), or takes the last one when the
// graph and the locales (config) are the same and so is, for every page,
// its structure and whether it is stale.
func (c *Cache) translations(site *link.Site, graph uint64, config [32]byte, run func() *report.Report) *report.Report {
	if c == nil {
		return run()
	}
	var byPath map[string]*link.Page // only if some page is a translation
	for _, p := range site.Pages {
		if p.Meta.TranslatedFrom != "" {
			byPath = make(map[string]*link.Page, len(site.Pages))
			for _, p := range site.Pages {
				byPath[p.Path] = p
			}
			break
		}
	}
	h := sha256.New()
	w := bufio.NewWriterSize(h, 64<<10)
	writeInts(w, int(graph))
	w.Write(config[:])
	for _, p := range site.Pages {
		s := c.shapeSum(p.Page)
		w.Write(s[:])
		stale := -1
		if p.Meta.TranslatedFrom != "" {
			if src, ok := byPath[p.Meta.TranslatedFrom]; ok {
				stale = boolInt(src.BodySum != p.Meta.SourceHash)
			}
		}
		writeInts(w, stale, p.Formulas, p.ListItems, p.Calculators)
	}
	w.Flush()
	var key [32]byte
	h.Sum(key[:0])
	if c.report != nil && key == c.reportKey {
		return c.report
	}
	c.report, c.reportKey = run(), key
	c.reportGen++
	return c.report
}

func writeStrings(w io.Writer, ss ...string) {
	for _, s := range ss {
		writeInts(w, len(s))
		io.WriteString(w, s)
	}
}

func writeInts(w io.Writer, ns ...int) {
	var b [8]byte
	for _, n := range ns {
		binary.LittleEndian.PutUint64(b[:], uint64(n))
		w.Write(b[:])
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// reportVersion counts the report's changes; 0 without a cache.
func (c *Cache) reportVersion() uint64 {
	if c == nil {
		return 0
	}
	return c.reportGen
}

// shapeSum hashes a parsed page's structure (see parse.Shape), once per
// parse.
func (c *Cache) shapeSum(p *parse.Page) [32]byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.shapes[p]; ok {
		return s
	}
	h := sha256.New()
	json.NewEncoder(h).Encode(p.Shape)
	var s [32]byte
	h.Sum(s[:0])
	c.shapes[p] = s
	return s
}

// locales loads the UI strings, or takes the last bundle when the site's
// locale files are byte for byte the same.
func (c *Cache) locales(files []load.Source) (*locale.Bundle, diag.List) {
	if c == nil {
		return locale.Load(rapport.Locales(), files)
	}
	h := sha256.New()
	for _, f := range files {
		writeStrings(h, f.Path, string(f.Data))
	}
	var key [32]byte
	h.Sum(key[:0])
	if c.bundle != nil && key == c.bundleKey {
		return c.bundle, c.bundleDiags
	}
	c.bundle, c.bundleDiags = locale.Load(rapport.Locales(), files)
	c.bundleKey, c.fell = key, &locale.Fallbacks{}
	return c.bundle, c.bundleDiags
}

// fallbacks returns the UI strings shown in English by this build (fell)
// and, with a cache, by the earlier builds with the same locale files:
// pages the parse and render memos reuse noted theirs when they were made.
func (c *Cache) fallbacks(fell *locale.Fallbacks) *locale.Fallbacks {
	if c == nil {
		return fell
	}
	c.fell.Merge(fell)
	return c.fell
}

// searchIndex returns the last index file of lang when it was built from
// the same inputs (sum).
func (c *Cache) searchIndex(lang string, sum [32]byte) (output.File, bool) {
	if c == nil {
		return output.File{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.search[lang]
	return e.file, ok && e.sum == sum
}

func (c *Cache) putSearchIndex(lang string, sum [32]byte, f output.File) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.search[lang] = searchEntry{sum, f}
	c.mu.Unlock()
}

type searchEntry struct {
	sum  [32]byte
	file output.File
}
