// Package render is the fourth stage: it turns the linked site into files,
// as values. Templates are parsed once per build from the theme; pages are
// rendered in parallel and returned in a fixed order, so output is the same
// whatever the scheduling.
//
// # Output
//
//	index.html                language chooser
//	404.html                  not-found page, in every language
//	sitemap.xml               with xhtml:link hreflang alternates
//	assets/<name>.<hash>.<ext> theme assets, fingerprinted
//	<lang>/index.html          language home
//	<lang>/<path>/index.html   playbooks
//	<lang>/topics/[<id>/]      topics index and one page per topic
//	<lang>/search/             search page (with its index files)
package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"rapport/generator/diag"
	"rapport/generator/link"
	"rapport/generator/locale"
	"rapport/generator/markdown"
	"rapport/generator/output"
)

// Options configure rendering.
type Options struct {
	BaseURL  string // path the site is served under: "/" or "/training/"
	SiteURL  string // optional scheme://host, for absolute sitemap URLs
	Portable bool   // relative links ending in index.html, for file://
	Theme    fs.FS  // templates/*.html and assets/*
	Locales  *locale.Bundle
	// Search, when set, returns the builder of a language's search index,
	// compressed or, with script, in a script: build, called once, perhaps
	// later and from another goroutine, must not read pages (a later build
	// may change them), only what Search took from them.
	Search func(lang string, pages []*link.Page, script bool) (build func() []byte)
	// Status, when set, returns the HTML body of the translation status page.
	Status func(href func(string) string) template.HTML
	// Emit, when set, receives each page as soon as it is rendered, from
	// the rendering goroutines, and Render does not keep the page's bytes:
	// the returned File has the path only. Files rendered at the end
	// (assets, indexes, generated pages, sitemap) are returned as usual.
	Emit func(output.File)
	// Memo, when set, keeps rendered pages and indexes between builds.
	Memo *Memo
	// Graph, with a Memo, names the site graph: a build with the same
	// Graph as the last one has the very same graph (same pages, titles,
	// links, topics), so a page whose parsed source is the same object
	// renders the same. 0 says nothing.
	Graph uint64
	// StatusVersion, with a Memo, names the translation report: the same
	// non-zero value means the same report.
	StatusVersion uint64
	// Key identifies everything besides the site graph that output depends
	// on (theme, UI strings, metrics, options): memo entries of another key
	// are not reused.
	Key [32]byte
}

// CSP is the Content-Security-Policy every page declares.
const CSP = "default-src 'self'"

// Result is what Render produces.
type Result struct {
	Files []output.File // sorted by path
	// Fallbacks are the UI strings the pages rendered by this call showed
	// in English; pages taken from the memo were rendered with the same
	// strings by an earlier call, which returned theirs.
	Fallbacks *locale.Fallbacks
}

// Render renders every page of site.
func Render(site *link.Site, opts Options) (Result, diag.List) {
	var diags diag.List
	r, err := newRenderer(site, opts)
	if err != nil {
		diags.Errorf(diag.Pos{File: "themes/default/templates"}, "%v", err)
		return Result{Fallbacks: &locale.Fallbacks{}}, diags
	}
	pages := r.renderPages(&diags)
	r.collectSearch() // the search indexes were built alongside the pages
	files := r.assetFiles()
	files = append(files, r.renderGenerated(&diags)...)
	for _, a := range site.Assets {
		files = append(files, output.File{Path: a.Out, Data: a.Data})
	}
	sm, ok := opts.Memo.sameGenerated("sitemap.xml", "", opts.Key, opts.Graph)
	if !ok {
		sm = sitemap(site, opts)
		opts.Memo.putGenerated("sitemap.xml", "", opts.Key, opts.Graph, sm)
	}
	files = append(files, output.File{Path: "sitemap.xml", Data: sm})
	slices.SortFunc(files, byPath)
	return Result{Files: mergeSorted(opts.Memo.sorted(opts.Graph, pages), files), Fallbacks: r.fell}, diags
}

func byPath(a, b output.File) int { return strings.Compare(a.Path, b.Path) }

// mergeSorted merges two lists sorted by path.
func mergeSorted(a, b []output.File) []output.File {
	out := make([]output.File, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if byPath(a[0], b[0]) <= 0 {
			out, a = append(out, a[0]), a[1:]
		} else {
			out, b = append(out, b[0]), b[1:]
		}
	}
	return append(append(out, a...), b...)
}

type renderer struct {
	site   *link.Site
	opts   Options
	tmpl   *template.Template
	assets map[string]string // asset name → fingerprinted site path
	data   map[string][]byte // fingerprinted site path → content
	search map[string][2]string
	extra  []output.File
	// searchDone is released when every language's search index is built.
	searchDone sync.WaitGroup
	searchOut  []searchBuilt
	// fell collects the UI strings shown in English.
	fell *locale.Fallbacks
	// navs keeps each language's navigation list (see navEntries).
	navMu sync.Mutex
	navs  map[*link.Lang]*navList
}

func newRenderer(site *link.Site, opts Options) (*renderer, error) {
	frags := newFragments()
	tmpl, err := template.New("").Funcs(frags.funcs()).ParseFS(opts.Theme, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("parse templates: %w", err)
	}
	frags.tmpl = tmpl
	r := &renderer{site: site, opts: opts, tmpl: tmpl, assets: map[string]string{}, data: map[string][]byte{}, search: map[string][2]string{}, navs: map[*link.Lang]*navList{}, fell: &locale.Fallbacks{}}
	if err := r.loadAssets(); err != nil {
		return nil, err
	}
	if opts.Search != nil {
		r.buildSearch()
	}
	return r, nil
}

// searchBuilt is one language's search index.
type searchBuilt struct {
	files         []output.File
	index, script string
}

// searchAtOnce is how many languages' search indexes are built at the
// same time: an index in the making holds its language's postings and
// compressed text, so building them all at once would hold every one.
const searchAtOnce = 2

// buildSearch starts building the languages' search indexes, searchAtOnce
// at a time, while pages render; collectSearch gathers them.
func (r *renderer) buildSearch() {
	r.searchOut = make([]searchBuilt, len(r.site.Langs))
	sem := make(chan struct{}, searchAtOnce)
	for i, l := range r.site.Langs {
		r.searchDone.Add(1)
		go func() {
			defer r.searchDone.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			key := searchKey(r.opts.Key, l)
			if out, ok := r.opts.Memo.index(l.Tag, key); ok {
				r.searchOut[i] = out
				return
			}
			r.searchOut[i] = r.searchFiles(l, key)
			r.opts.Memo.putIndex(l.Tag, key, r.searchOut[i])
		}()
	}
}

// searchFiles names a language's index files by the hash of what they are
// built from (key), so a page can link them before they are built: without
// a memo they are built now, with one (rapport serve) on first use.
func (r *renderer) searchFiles(l *link.Lang, key [32]byte) searchBuilt {
	// A site on a server fetches the index; one opened from disk
	// (-portable) cannot, and loads it as a script: each gets one form.
	build := r.opts.Search(l.Tag, l.Pages, r.opts.Portable)
	f := output.File{Path: "assets/search-" + l.Tag + "." + hex.EncodeToString(key[:4]) + ".bin"}
	out := searchBuilt{index: f.Path}
	if r.opts.Portable {
		f.Path = strings.TrimSuffix(f.Path, ".bin") + ".js"
		out = searchBuilt{script: f.Path}
	}
	if r.opts.Memo == nil {
		f.Data = build()
	} else {
		f.Lazy = sync.OnceValue(build)
	}
	out.files = []output.File{f}
	return out
}

// searchKey hashes what a language's search index depends on: its pages'
// URLs, titles and sources, and everything else output depends on.
func searchKey(build [32]byte, l *link.Lang) [32]byte {
	h := sha256.New()
	h.Write(build[:])
	buf := make([]byte, 0, 64<<10)
	for _, p := range l.Pages {
		// each string after its length: no two lists hash alike
		for _, s := range [...]string{p.URL, p.Meta.Title, p.BodySum} {
			buf = binary.LittleEndian.AppendUint32(buf, uint32(len(s)))
			buf = append(buf, s...)
		}
		if len(buf) > 60<<10 {
			h.Write(buf)
			buf = buf[:0]
		}
	}
	h.Write(buf)
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// collectSearch waits for the search indexes and records them in language
// order, so output does not depend on which finished first.
func (r *renderer) collectSearch() {
	r.searchDone.Wait()
	for i, l := range r.site.Langs {
		if i < len(r.searchOut) {
			r.extra = append(r.extra, r.searchOut[i].files...)
			r.search[l.Tag] = [2]string{r.searchOut[i].index, r.searchOut[i].script}
		}
	}
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
	return nil
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
	return append(files, r.extra...)
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
				out[i], errs[i] = r.renderPage(pages[i])
				if r.opts.Emit != nil && len(errs[i]) == 0 {
					r.opts.Emit(out[i])
					out[i].Data = nil
				}
			}
		}()
	}
	for i, p := range pages {
		if data, ok := r.opts.Memo.samePage(p.URL, r.opts.Key, r.opts.Graph, p.Page); ok {
			out[i] = output.File{Path: p.URL + "index.html", Data: data} // no need to wake a worker
			if r.opts.Emit != nil {
				r.opts.Emit(out[i])
				out[i].Data = nil
			}
			continue
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	for _, e := range errs {
		diags.Merge(e)
	}
	return out
}

func (r *renderer) renderPage(p *link.Page) (output.File, diag.List) {
	var diags diag.List
	out := p.URL + "index.html"
	if data, ok := r.opts.Memo.samePage(p.URL, r.opts.Key, r.opts.Graph, p.Page); ok {
		return output.File{Path: out, Data: data}, nil
	}
	v := r.newView(p.Lang, p.URL)
	var key [32]byte
	if r.opts.Memo != nil {
		v.fillPage(p, "")
		key = viewKey(r.opts.Key, p.Data, p.Hrefs, v)
		if data, ok := r.opts.Memo.page(p.URL, key); ok {
			r.opts.Memo.putPage(p.URL, key, data, r.opts.Key, r.opts.Graph, p.Page)
			return output.File{Path: out, Data: data}, nil
		}
		v = r.newView(p.Lang, p.URL)
	}
	var content bytes.Buffer
	content.Grow(len(p.HTML) + 256)
	markdown.FillHoles(&content, p.HTML, p.Holes, func(i int) string {
		dest := p.Hrefs[i]
		if dest != "" && !markdown.IsExternal(dest) && !strings.HasPrefix(dest, "#") {
			dest = v.Href(dest)
		}
		return dest
	})
	v.fillPage(p, template.HTML(content.String()))
	data := r.execute("layout", v, p.Path, &diags)
	if len(diags) == 0 {
		r.opts.Memo.putPage(p.URL, key, data, r.opts.Key, r.opts.Graph, p.Page)
	}
	return output.File{Path: out, Data: data}, diags
}

func (r *renderer) execute(name string, v *View, file string, diags *diag.List) []byte {
	var b bytes.Buffer
	b.Grow(len(v.Content) + 16<<10) // the page's chrome is rarely more
	if err := r.tmpl.ExecuteTemplate(&b, name, v); err != nil {
		diags.Errorf(diag.Pos{File: file}, "template: %v", err)
	}
	return b.Bytes()
}

// renderGenerated renders pages that have no source file: the language
// chooser, topics, search, 404 and status pages.
func (r *renderer) renderGenerated(diags *diag.List) []output.File {
	var files []output.File
	if len(r.site.Langs) == 0 {
		return nil
	}
	gen := func(path, deps string, view func() *View, tmpl, file string) {
		data, ok := r.opts.Memo.sameGenerated(path, deps, r.opts.Key, r.opts.Graph)
		if !ok {
			n := len(*diags)
			data = r.execute(tmpl, view(), file, diags)
			if len(*diags) == n {
				r.opts.Memo.putGenerated(path, deps, r.opts.Key, r.opts.Graph, data)
			}
		}
		files = append(files, output.File{Path: path, Data: data})
	}
	gen("index.html", "", r.chooserView, "chooser", "index.html")
	gen("404.html", "", r.notFoundView, "layout", "404.html")
	for _, l := range r.site.Langs {
		gen(l.Tag+"/topics/index.html", "", func() *View { return r.topicsView(l) }, "layout", "topics")
		for _, id := range r.site.TopicIDs {
			if !r.topicUsed(id) {
				continue
			}
			p := l.Tag + "/topics/" + id + "/index.html"
			gen(p, "", func() *View { return r.topicView(l, id) }, "layout", p)
		}
		if r.opts.Search != nil {
			idx := r.search[l.Tag]
			gen(l.Tag+"/search/index.html", idx[0]+"\x00"+idx[1], func() *View { return r.searchView(l) }, "layout", "search")
		}
	}
	if r.opts.Status != nil {
		gen("status/index.html", "report "+strconv.FormatUint(r.opts.StatusVersion, 10), r.statusView, "layout", "status")
	}
	return files
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
