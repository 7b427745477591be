// Package render is the fourth stage: it turns the linked site into files,
// as values. Templates are parsed once per build from the theme; pages are
// rendered in parallel and returned in a fixed order, so output is the same
// whatever the scheduling. Everything render shows is computed before it
// runs and passed in Options (the graph, the translation report, the names
// of the search indexes); render returns its files and the UI strings it
// showed in English, and calls nothing back.
//
// # Pages
//
// Every page is a [Page]: a [Frame] that all pages share (language, title,
// navigation, language switcher, assets), and the view of its kind, a small
// struct of its own ([Article], [Home], [Topic], [TopicIndex], [Search],
// [Status], [NotFound], [Chooser]) in Page.Data. Page.Template names the
// kind's template; render executes it first, into Page.Main, and then
// layout.html, which draws the frame around Main and knows no kind.
//
// To add a page kind (a progress page, a learning path, a print page):
//
//  1. write its view, a struct with what its template shows, and a function
//     that fills it and returns &Page{Frame: r.newFrame(lang, url),
//     Template: "name", Data: view} (see kinds.go);
//  2. write themes/default/templates/name.html, {{define "name"}}…{{end}},
//     reaching the view as .Data and the frame's strings and links as
//     .T, .S and .Href;
//  3. list its output path in renderGenerated (pages without a source) or,
//     for a kind of content page, choose it in contentPage. A generated
//     page's folder goes first into link.GeneratedPages, and its path is
//     built from the name there: content published into it is then an
//     error naming the file and the page, never silently replaced.
//
// A site's own themes/default/ folder replaces the built-in theme, so a
// site that overrides it must define the new template too.
//
// The built-in theme's templates are also written as Go, generated from
// them (chrome_gen.go, by go generate: see chrome.go), and used for each
// only while the site's theme has it, and what it runs, exactly as built
// in: a template a site changes is executed by html/template. After
// step 2, run go generate ./generator/render.
//
// # Output
//
//	index.html                language chooser
//	404.html                  not-found page, in every language (site.js picks)
//	robots.txt                allows everything; names the sitemap when SiteURL is set
//	sitemap.xml               with xhtml:link hreflang alternates
//	assets/<name>.<hash>.<ext> theme assets, fingerprinted
//	<lang>/index.html          language home
//	<lang>/404.html            not-found page in the language
//	<lang>/<path>/index.html   playbooks
//	<lang>/topics/[<id>/]      topics index and one page per topic
//	<lang>/search/             search page (its index files are the caller's)
//	<lang>/progress/           the reader's progress, kept in the browser
//	<lang>/paths/<id>/         a learning path
//	<lang>/print/<article>/    printable handout of an article
//	<lang>/paths/<id>/print/   printable handout of a learning path
//	<lang>/certificate/        completion certificate, made in the browser
//	status/                    translation status, for the training team
package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"

	"rapport/generator/config"
	"rapport/generator/diag"
	"rapport/generator/learnpath"
	"rapport/generator/link"
	"rapport/generator/locale"
	"rapport/generator/markdown"
	"rapport/generator/memo"
	"rapport/generator/output"
	"rapport/generator/parse"
	"rapport/generator/report"
)

// Options configure rendering. Everything render shows is computed before
// it runs and passed in as a value: the site graph, the report, the names
// of the search indexes.
type Options struct {
	BaseURL  string // path the site is served under: "/" or "/training/"
	SiteURL  string // optional scheme://host, for absolute sitemap URLs
	Portable bool   // relative links ending in index.html, for file://
	Theme    fs.FS  // templates/*.html and assets/*
	Locales  *locale.Bundle
	// Settings are the site's rapport.toml (the "edit this page" pattern);
	// nil is a site without one.
	Settings *config.Config
	// Updated maps a page's source path to the date (YYYY-MM-DD) of its
	// last commit, for pages whose front matter has no lastmod.
	Updated map[string]string
	// Search, when not nil, names each language's search index files
	// (built by the caller): the language gets a search page loading them.
	Search map[string]SearchIndex
	// Status, when not nil, returns the translation report the status
	// page shows and the version of the report stage's run that made it
	// (a new version is a report that may read differently). Render
	// calls it when it comes to that page: the report may still be in
	// the making while the content pages render.
	Status func() (*report.Report, uint64)
	// Paths are the learning paths, by language: each gets a page.
	Paths map[string][]learnpath.InLang
	// Pages, when not nil, receives each content page and each generated
	// page (topics, status, search…) as soon as it is rendered, from the
	// rendering goroutines, and Render does not keep the page's bytes:
	// the returned File has the path only. The other files (assets,
	// handouts' stylesheets, sitemap) are returned as usual. Render does
	// not close it.
	Pages chan<- output.File
	// Memo keeps rendered pages between builds; nil keeps nothing.
	Memo *Memo
	// Versions name what output depends on besides the pages, for Memo.
	Versions Versions
	// Store, when not nil, keeps rendered pages between processes (the
	// persistent build cache): see Store.
	Store Store
	// Reuse, with a Store, reports whether the previous output holds the
	// content page at path made from the same Store sum: the page is then
	// neither rendered nor read from the Store, and its File is Reused.
	Reuse func(path string, sum memo.Sum) bool
	// Known, with Reuse, returns the Store sum content page p had in an
	// earlier build whose inputs for p's view were the same (kept by the
	// caller, see Made), so p is reused without its view being made;
	// false when it is not known.
	Known func(p *link.Page) (memo.Sum, bool)
	// Made, when set, is told the Store sum of each content page whose
	// view was made and hashed.
	Made func(p *link.Page, sum memo.Sum)
	// Recorded, with a Store, keeps the generated pages' Store sums
	// between builds with what their views read, so that, with Reuse, an
	// unchanged generated page is linked without its view being made
	// (see Recorded).
	Recorded Recorded
	// Report, with Recorded, is the sum of what the translation report
	// was made from (its inputs, see Status): the status page, the only
	// view that reads the report, records it as a read.
	Report memo.Sum
}

// Store keeps rendered pages by the sum of everything they are made
// from, content-derived so that another process finds them: a content
// page by the setup (Versions.Setup), its parse (Store.Source), its
// resolved links and its view hashed whole (memo.Hash.Value); a
// generated page by the setup, what it shows besides (its deps) and its
// view. Pages rendered with a diagnostic are not kept.
type Store interface {
	// Source returns the sum of what p was parsed from (path, bytes,
	// Markdown setup), and false when it is not known.
	Source(p *parse.Page) (memo.Sum, bool)
	Get(sum memo.Sum) ([]byte, bool)
	Put(sum memo.Sum, data []byte)
	// Keep says the page of sum was used without Get (Options.Reuse).
	Keep(sum memo.Sum)
}

// SearchIndex names a language's search index: Index, fetched by the
// search page, or, in a portable build, Script, loaded as a script. Both
// are site paths.
type SearchIndex struct{ Index, Script string }

// CSP is the Content-Security-Policy every page declares when the site
// allows images from no other host (see [Policy]).
const CSP = "default-src 'self'"

// Policy returns the Content-Security-Policy of a site's pages, and of
// every file rapport serve sends: [CSP], and, when rapport.toml's
// [assets] imageHosts lists hosts, an img-src allowing their images over
// https. A nil c is a site without rapport.toml.
func Policy(c *config.Config) string {
	if c == nil || len(c.Assets.ImageHosts) == 0 {
		return CSP
	}
	var b strings.Builder
	b.WriteString(CSP + "; img-src 'self'")
	for _, h := range c.Assets.ImageHosts {
		b.WriteString(" https://" + h)
	}
	return b.String()
}

// Result is what Render produces.
type Result struct {
	Files []output.File // sorted by path
	// Fallbacks are the UI strings the pages rendered by this call showed
	// in English; pages taken from the memo were rendered with the same
	// strings by an earlier call, which returned theirs.
	Fallbacks *locale.Fallbacks
	// ThemeChanged are the built-in templates written as Go that the
	// site's theme changes, sorted: they, and the templates running them,
	// render through html/template (see chrome.go).
	ThemeChanged []string
}

// Render renders every page of site.
func Render(site *link.Site, opts Options) (Result, diag.List) {
	var diags diag.List
	if opts.Memo == nil {
		opts.Memo = NewMemo(memo.OneShot)
	}
	r, err := newRenderer(site, opts)
	if err != nil {
		diags.Errorf(diag.Pos{File: "themes/default/templates"}, "%v", err)
		return Result{Fallbacks: &locale.Fallbacks{}}, diags
	}
	r.diff = opts.Memo.diff(site, opts.Versions.Graph, opts.Search != nil)
	gen := r.startGenerated()
	pages := r.renderPages(&diags)
	files := append(r.assetFiles(), gen(&diags)...)
	for _, a := range site.Assets {
		files = append(files, output.File{Path: a.Out, Data: a.Data})
	}
	sm := r.sitemapFile()
	r.send(&sm) // written as the pages are, with its Key
	files = append(files, sm, output.File{Path: "robots.txt", Data: robots(opts)})
	slices.SortFunc(files, byPath)
	return Result{Files: output.MergeOrder(pages, opts.Memo.sortOrder(opts.Versions.Graph, pages), files), Fallbacks: r.fell, ThemeChanged: r.chrome.changed}, diags
}

func byPath(a, b output.File) int { return strings.Compare(a.Path, b.Path) }

type renderer struct {
	site *link.Site
	opts Options
	tmpl *template.Template
	// chrome is which templates render through their Go (chrome.go);
	// long keeps the long values they wrote escaped.
	chrome chrome
	long   escapeCache
	assets map[string]string // asset name → fingerprinted site path
	data   map[string][]byte // fingerprinted site path → content
	// fell collects the UI strings shown in English.
	fell *locale.Fallbacks
	// diff is what changed since the memo's last graph (see deps.go).
	diff *graphDiff
	// navs keeps each language's navigation list (see navEntries).
	navMu sync.Mutex
	navs  map[*link.Lang]*navList
	// bufs are the buffers pages are executed into (see execute).
	bufs sync.Pool
	// topicLists keeps the items of topic pages' lists (see topicItems).
	topicMu    sync.Mutex
	topicLists map[topicKey]func() []Item
	// nativeNames keeps each language's name in itself (see nativeName).
	nativeNames sync.Map
	// progressMessages keeps each language's progress.js strings as JSON
	// (by language tag): every page of the language has the same.
	progressMessages sync.Map
	// pageAt returns the content pages by address, made on first use.
	pageAt func() map[string]*link.Page
}

func newRenderer(site *link.Site, opts Options) (*renderer, error) {
	th, err := opts.Memo.theme(opts.Theme, opts.Versions)
	if err != nil {
		return nil, err
	}
	r := &renderer{site: site, opts: opts, tmpl: th.tmpl, chrome: th.chrome, long: escapeCache{m: map[string][]byte{}}, topicLists: map[topicKey]func() []Item{}, assets: map[string]string{}, data: map[string][]byte{}, navs: map[*link.Lang]*navList{}, fell: &locale.Fallbacks{}}
	r.bufs.New = func() any { return new(bytes.Buffer) }
	r.pageAt = sync.OnceValue(func() map[string]*link.Page {
		m := make(map[string]*link.Page, len(site.Pages))
		for _, p := range site.Pages {
			m[p.URL] = p
		}
		return m
	})
	if err := r.loadAssets(); err != nil {
		return nil, err
	}
	return r, nil
}

// nativeName returns the name of language tag in itself, found once per
// render: finding it parses the tag, and every foreign link shows it.
func (r *renderer) nativeName(tag string) string {
	if n, ok := r.nativeNames.Load(tag); ok {
		return n.(string)
	}
	n, _ := r.nativeNames.LoadOrStore(tag, r.opts.Locales.NativeName(tag))
	return n.(string)
}

// loc returns the localizer of lang, noting its fallbacks in r.fell.
func (r *renderer) loc(lang string) *locale.Localizer {
	return r.opts.Locales.For(lang).Into(r.fell)
}

func (r *renderer) loadAssets() error {
	entries, err := fs.ReadDir(r.opts.Theme, "assets")
	if err != nil {
		return fmt.Errorf("read theme assets: %w", err)
	}
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		data, err := fs.ReadFile(r.opts.Theme, "assets/"+e.Name())
		if err != nil {
			return fmt.Errorf("read theme asset: %w", err)
		}
		p := Fingerprint("assets/"+e.Name(), data)
		r.assets[e.Name()] = p
		r.data[p] = data
	}
	r.brandAssets()
	return nil
}

// brandAssets publishes rapport.toml's look: its colours and paper as
// assets/settings.css (a stylesheet, not inline styles, for the pages'
// Content-Security-Policy) and its logo as assets/logo.<ext>, both
// fingerprinted like the theme's.
func (r *renderer) brandAssets() {
	if r.opts.Settings == nil {
		return
	}
	if css := r.opts.Settings.CSS(); css != nil {
		p := Fingerprint("assets/settings.css", css)
		r.assets["settings.css"], r.data[p] = p, css
	}
	b := r.opts.Settings.Brand
	if b.LogoData != nil {
		p := Fingerprint("assets/logo"+strings.ToLower(path.Ext(b.Logo)), b.LogoData)
		r.assets["logo"], r.data[p] = p, b.LogoData
	}
}

// Fingerprint inserts a short content hash before a file's extension, so
// browsers can cache it forever: assets/style.css → assets/style.1a2b3c4d.css.
func Fingerprint(name string, data []byte) string {
	sum := sha256.Sum256(data)
	ext := path.Ext(name)
	return strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:4]) + ext
}

func (r *renderer) assetFiles() []output.File {
	var files []output.File
	for p, d := range r.data {
		files = append(files, output.File{Path: p, Data: d})
	}
	return files
}

// renderPages renders every content page in parallel.
func (r *renderer) renderPages(diags *diag.List) []output.File {
	pages := r.site.Pages
	out := make([]output.File, len(pages))
	errs := make([]diag.List, len(pages))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				out[i], errs[i] = r.safePage(pages[i])
				if len(errs[i]) == 0 {
					r.send(&out[i])
				}
			}
		}()
	}
	last := r.opts.Memo.lastPages(r.opts.Versions, len(pages))
	for i, p := range pages {
		if last != nil && last.parsed[i] == p.Parsed {
			out[i] = last.files[i] // the same graph and setup: see lastPages
			r.send(&out[i])
			continue
		}
		if data, ok := r.opts.Memo.samePage(p.URL, r.opts.Versions, p.Parsed, r.diff); ok {
			out[i] = output.File{Path: p.URL + "index.html", Data: data} // no need to wake a worker
			r.send(&out[i])
			continue
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	for _, e := range errs {
		diags.Merge(e)
	}
	r.opts.Memo.keepPages(r.opts.Versions, pages, out, errs)
	return out
}

// send passes a rendered page on to Options.Pages, keeping only its path.
func (r *renderer) send(f *output.File) {
	if r.opts.Pages != nil {
		r.opts.Pages <- *f
		f.Data = nil
	}
}

// safePage is renderPage with a panic turned into an error naming the
// page's file: the build fails with it instead of crashing (a net for
// bugs; content errors are found by earlier stages).
func (r *renderer) safePage(p *link.Page) (f output.File, diags diag.List) {
	f.Path = p.URL + "index.html"
	defer diag.Recover(&diags, diag.Pos{File: p.Parsed.Path}, "render")
	return r.renderPage(p)
}

// renderPage renders a content page that renderPages did not find in the
// memo as it was (samePage): its page is made without content and looked
// up by its sum; only a miss fills in the content and executes templates.
func (r *renderer) renderPage(p *link.Page) (output.File, diag.List) {
	var diags diag.List
	out := p.URL + "index.html"
	if key, ok := r.known(p); ok && r.opts.Reuse(out, key) {
		r.opts.Store.Keep(key)
		return output.File{Path: out, Key: key, Reused: true}, nil
	}
	page, content := r.contentPage(p)
	v := r.opts.Versions
	e, sum, ok := r.opts.Memo.pages.Lookup(p.URL, func() memo.Sum { return pageSum(v.Setup, p.Parsed.Data, p.Hrefs, page) })
	var key *memo.Sum
	if !ok {
		key = r.contentKey(p, page)
		if key != nil && r.opts.Reuse != nil && r.opts.Reuse(out, *key) {
			r.opts.Store.Keep(*key)
			return output.File{Path: out, Key: *key, Reused: true}, nil
		}
		e.data = r.stored(key, func() []byte { return r.executeContent(page, p, content, &diags) }, &diags)
	}
	f := output.File{Path: out, Data: e.data}
	if len(diags) == 0 {
		r.opts.Memo.pages.Put(p.URL, sum, rendered{data: e.data, sum: sum, setup: v.Setup, graph: v.Graph, page: p.Parsed, deps: page.deps.list()})
		if key != nil {
			f.Key = *key
		}
	}
	return f, diags
}

// contentKey returns the Store's sum of content page p with view page,
// or nil without a Store or p's parse sum.
func (r *renderer) contentKey(p *link.Page, page *Page) *memo.Sum {
	if r.opts.Store == nil {
		return nil
	}
	src, ok := r.opts.Store.Source(p.Parsed)
	if !ok {
		return nil
	}
	k := memo.NewHash().Sums(r.opts.Versions.Setup, src).Strings(p.Hrefs...).Value(page).Sum()
	if r.opts.Made != nil {
		r.opts.Made(p, k)
	}
	return &k
}

// known returns the Store sum of content page p that Options.Known
// knows, when the previous output may hold the page (Options.Reuse).
func (r *renderer) known(p *link.Page) (memo.Sum, bool) {
	if r.opts.Known == nil || r.opts.Reuse == nil || r.opts.Store == nil {
		return memo.Sum{}, false
	}
	return r.opts.Known(p)
}

// stored returns the Store's page of key, or else makes it and, when
// making it noted nothing in diags, stores it. A nil key: make it.
func (r *renderer) stored(key *memo.Sum, make func() []byte, diags *diag.List) []byte {
	if key == nil {
		return make()
	}
	if data, ok := r.opts.Store.Get(*key); ok {
		return data
	}
	before := len(*diags)
	data := make()
	if len(*diags) == before {
		r.opts.Store.Put(*key, data)
	}
	return data
}

// executeContent executes content page p's view page, whose Content is
// *content: a view written as Go writes the body straight into the page.
func (r *renderer) executeContent(page *Page, p *link.Page, content *template.HTML, diags *diag.List) []byte {
	return r.execute(page, p.Parsed.Path, diags, hole{at: content, fill: func(o w) { r.body(o.Buffer, page.Frame, p) }})
}

// body writes p's HTML with its link holes filled with hrefs from frame f.
func (r *renderer) body(dst *bytes.Buffer, f *Frame, p *link.Page) {
	f.read(readBody, p.URL)
	html := r.bufs.Get().(*bytes.Buffer)
	defer r.bufs.Put(html)
	html.Reset()
	html.Grow(64 << 10) // bodies are rarely longer; a longer one is decoded into a slice of its own
	markdown.FillHoles(dst, p.Parsed.HTML(html.AvailableBuffer()), p.Parsed.Holes, func(i int) string {
		dest := p.Hrefs[i]
		if dest != "" && !markdown.IsExternal(dest) && !strings.HasPrefix(dest, "#") {
			dest = f.Href(dest)
		}
		return dest
	})
}

// execute runs the page's kind template and then, unless the page is
// standalone, the layout around it, each through its Go (chrome.go) or
// html/template. holes are values of the view that a function writes (an
// article's body): straight into the page when the view is Go.
func (r *renderer) execute(p *Page, file string, diags *diag.List, holes ...hole) []byte {
	if p.Description == "" { // every page is described, for search results and previews
		p.Description = p.S("site.tagline")
	}
	// The page is written into a reused buffer and copied out at its
	// size (done): growing a new buffer for each page was a quarter of a
	// build's allocations, and the slack stayed with the page.
	b := r.bufs.Get().(*bytes.Buffer)
	b.Reset()
	o := w{Buffer: b, holes: holes, long: &r.long}
	view := r.chrome.writer(p.Template, p)
	kind := func(o w) {
		if view != nil {
			view(o, p)
			return
		}
		for _, h := range holes {
			o.get(h.at)
		}
		if err := r.tmpl.ExecuteTemplate(o.Buffer, p.Template, p); err != nil {
			diags.Errorf(diag.Pos{File: file}, "template: %v", err)
		}
	}
	if p.Standalone {
		kind(o)
		return r.done(b)
	}
	o.holes = append(o.holes, hole{at: &p.Main, fill: kind})
	if layout := r.chrome.writer("layout", p); layout != nil {
		layout(o, p)
		return r.done(b)
	}
	o.get(&p.Main)
	if err := r.tmpl.ExecuteTemplate(b, "layout", p); err != nil {
		diags.Errorf(diag.Pos{File: file}, "template: %v", err)
	}
	return r.done(b)
}

// bigPage is the size above which a page's buffer is not copied or
// reused: the page keeps it (see done).
const bigPage = 16 << 20

// done returns the page written into b, copied out at its size, and puts
// b back into the pool. A page of more than bigPage (a large site's
// status page: 82 MB at 100,000 playbooks) takes b's bytes instead: a
// copy would double it at the heap's peak, and the pool would keep the
// buffer, which grew to up to twice the page, for the pages after it.
func (r *renderer) done(b *bytes.Buffer) []byte {
	if b.Cap() > bigPage {
		return slices.Clip(b.Bytes())
	}
	data := bytes.Clone(b.Bytes())
	r.bufs.Put(b)
	return data
}

// topicUsed reports whether some page, in any language, is on topic id.
func (r *renderer) topicUsed(id string) bool {
	for _, l := range r.site.Langs {
		if len(r.site.Topics[l.Tag][id]) > 0 {
			return true
		}
	}
	return false
}
