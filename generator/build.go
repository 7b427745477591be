// Package generator runs rapport's pipeline: load → parse → link → render.
// `rapport build`, `serve` and `check` all call [Build]; only the write stage
// (package write) and the command touch the disk.
package generator

import (
	"context"
	"fmt"
	"io/fs"
	"maps"
	"runtime"
	"runtime/trace"
	"slices"
	"strings"
	"sync"
	"time"

	"rapport"
	"rapport/generator/buildcache"
	"rapport/generator/config"
	"rapport/generator/diag"
	"rapport/generator/history"
	"rapport/generator/internal/spill"
	"rapport/generator/learnpath"
	"rapport/generator/link"
	"rapport/generator/load"
	"rapport/generator/locale"
	"rapport/generator/markdown"
	"rapport/generator/memo"
	"rapport/generator/metric"
	"rapport/generator/output"
	"rapport/generator/parse"
	"rapport/generator/render"
	"rapport/generator/report"
)

// Options configure a build.
type Options struct {
	// Src is the site's source folder: content/, and optionally locales/
	// and themes/default/.
	Src fs.FS
	// BaseURL is the path the site is served under ("/", "/training/"), or a
	// full URL whose path is used and whose scheme and host go into the
	// sitemap. Empty means rapport.toml's url, or "/".
	BaseURL string
	// Portable makes every link relative and ending in index.html.
	Portable bool
	// Pages, when not nil, receives each content page and generated page
	// as soon as it is rendered (see render.Options.Pages); Result.Files
	// then holds those pages' paths without their bytes. Build does not
	// close it.
	Pages chan<- output.File
	// Cache, when not nil, keeps every stage's last outputs between
	// builds of the same source (rapport serve). A build with a cache
	// gives the same output as one without.
	Cache *Cache
	// GitDir, when not empty, is the site's folder on disk: if it is in a
	// git checkout, pages without lastmod in their front matter show the
	// date of their last commit (one git log per build; see package
	// history).
	GitDir string
	// Changed, with a Cache, lists the slash paths (files or folders)
	// that changed since the cache's last build, as a file watcher saw
	// them: other files are not read again. Nil means unknown: everything
	// is read.
	Changed []string
	// CacheDir, when not empty, is the persistent build cache's folder
	// (package buildcache) for a build without a Cache: pages parsed by
	// an earlier process from the same bytes are restored, not parsed.
	CacheDir string
	// Reuse, with CacheDir, reports whether the previous output holds
	// the content page at path made from the same sum (write.Stream's
	// Reusable): the page's File is then Reused, with no bytes.
	Reuse func(path string, sum memo.Sum) bool

	// now is the clock the build's racy-git rule reads (see stamps.go);
	// nil is time.Now. Tests set it later, so that stamps are recorded
	// whatever the times of their files.
	now func() time.Time
}

// Result is a finished build.
type Result struct {
	Files []output.File
	Site  *link.Site
	// Report is the translation health report (rapport check, /status/).
	Report *report.Report
	// Diags holds every error and warning, sorted.
	Diags diag.List
	// Timings says how long each stage took, in pipeline order.
	Timings []Timing
	// ThemeChanged are the built-in templates the site's theme changes,
	// which render through html/template instead of their Go.
	ThemeChanged []string
	// Paths are the learning paths by language, Locales the UI strings
	// and Config the site's rapport.toml, for the commands that package
	// the built files (rapport scorm).
	Paths   map[string][]learnpath.InLang
	Locales *locale.Bundle
	Config  *config.Config
	// CacheStats says how much the persistent cache (Options.CacheDir)
	// gave, and why it was not used or was partly ignored.
	CacheStats buildcache.Stats
	// SaveCache, with Options.CacheDir, records in the cache what lets
	// the next build leave unchanged pages unread and their views unmade
	// (the pages' file stamps, the render sums): call it once the output
	// is published, so a build that fails to publish leaves the records
	// as they were. Nil without a cache.
	SaveCache func()
}

// Timing is the duration of one stage of a build.
type Timing struct {
	Stage string
	D     time.Duration
}

// Err returns the build's errors, or nil.
func (r *Result) Err() error { return r.Diags.Err() }

// Build runs the pipeline over opts.Src. Content problems are in
// Result.Diags; the files are only meant to be published when it has no
// errors.
//
// A panic on any of its goroutines becomes an error in Result.Diags at the
// input that goroutine was working on (see diag.Group), and a cache it
// used is emptied: it may hold half a build.
func Build(ctx context.Context, opts Options) (res *Result, err error) {
	b := &run{opts: opts, cache: opts.Cache, start: time.Now()}
	b.dates = startDates(opts.GitDir)
	if b.cache == nil {
		b.cache = newCache(memo.OneShot) // memos that never hit: the same path
		if opts.CacheDir != "" {
			b.cache.disk, b.cacheNotes = buildcache.Open(opts.CacheDir)
		}
	}
	defer func() {
		if res == nil && err == nil { // a panic: recovered below
			if b.cache.policy.Keep {
				*b.cache = *NewCache()
			}
			res = &Result{Diags: append(b.diags, b.panicked...).Sort(), Timings: b.timings}
		}
	}()
	defer diag.Recover(&b.panicked, diag.Pos{File: "content"}, "the build")
	if err := b.front(ctx); err != nil {
		return nil, err
	}
	res = b.back()
	if c, in := b.cache, b.in; c.disk != nil {
		res.SaveCache = sync.OnceFunc(func() {
			c.recordSources(in)
			c.saveRenderSums()
			c.saveSearchRecord()
			c.disk.PruneSites(c.site, keptSites)
		})
		c.savePageRecords() // content-addressed: true whether the output is published or not
	}
	b.cache.disk.Close()
	res.CacheStats = b.cache.disk.Stats()
	res.CacheStats.Notes = append(b.cacheNotes, res.CacheStats.Notes...)
	return res, nil
}

// diskUsable reports whether parsed pages may come from the persistent
// cache: not when a language lacks any UI string English has, since the
// labels a page's parse shows in English are noted while it is parsed
// (locale.Fallbacks), and a restored page would not note them.
func diskUsable(bundle *locale.Bundle, langs []string) bool {
	en := bundle.IDs(locale.Fallback)
	for _, l := range langs {
		if !bundle.Has(l) {
			return false
		}
		have := map[string]bool{}
		for _, id := range bundle.IDs(l) {
			have[id] = true
		}
		for _, id := range en {
			if !have[id] {
				return false
			}
		}
	}
	return true
}

// run is one run of Build: what the stages made so far.
type run struct {
	opts    Options
	cache   *Cache
	diags   diag.List
	timings []Timing
	// panicked is the panic that ended the build, as an error.
	panicked diag.List
	start    time.Time

	in      *load.Input
	strings bundled
	fell    *locale.Fallbacks // UI strings shown in English by this build
	ext     *extensions
	graph   linked
	// cacheNotes say why the persistent cache was not used.
	cacheNotes []string
	// dates waits for the pages' dates from git (Options.GitDir); nil
	// without GitDir.
	dates func() map[string]string
}

// lap records the time since the last lap as stage's.
func (b *run) lap(stage string) {
	now := time.Now()
	trace.Log(context.Background(), "stage", stage) // go tool trace: where each stage ends
	b.timings = append(b.timings, Timing{stage, now.Sub(b.start)})
	b.start = now
}

// front runs load, parse and link.
func (b *run) front(ctx context.Context) error {
	c := b.cache
	now := b.opts.now
	if now == nil {
		now = time.Now
	}
	in, d := c.load(b.opts.Src, b.opts.Changed, now)
	b.in = in
	b.diags.Merge(d)
	b.strings = c.locales(in.Locales)
	bundle := b.strings.bundle
	b.diags.Merge(b.strings.diags)
	b.fell = &locale.Fallbacks{}
	if c.disk != nil && !diskUsable(bundle, in.Langs) {
		c.disk = nil
		b.cacheNotes = append(b.cacheNotes, "the build cache is not used: a language lacks UI strings English has (see the warnings)")
	}
	b.ext = newExtensions(in, bundle, b.fell, c.highlight, &b.diags)
	if err := ctx.Err(); err != nil {
		return err
	}
	b.lap("load")
	pages, d := parseAll(ctx, in.Pages, b.ext, c)
	c.forget(in.Pages) // a one-shot build's parseAll has let in.Pages' bytes go
	c.disk.Release()
	b.diags.Merge(d)
	b.lap("parse")
	b.graph = c.link(in, pages, bundle.Topics())
	b.diags.Merge(b.graph.diags)
	for _, l := range in.Langs {
		if !bundle.Has(l) {
			b.diags.Warnf(diag.Pos{File: "locales/" + l + ".toml"}, "no UI strings for %q: the theme shows English (%s) until this file exists", l, locale.Fallback)
		}
	}
	if len(in.Langs) == 0 && len(in.Pages) == 0 && !b.diags.HasErrors() {
		b.diags.Errorf(diag.Pos{File: "content"}, "no pages: add content/<lang>/_index.md and playbooks")
	}
	return ctx.Err()
}

// back runs the report and render, and builds the search indexes.
func (b *run) back() *Result {
	c, in, site, bundle := b.cache, b.in, b.graph.site, b.strings.bundle
	theme := in.Theme
	if theme == nil {
		theme = rapport.Theme()
	}
	paths, unpublished, d := learningPaths(in, site)
	b.diags.Merge(d)
	b.lap("link")
	if b.opts.BaseURL == "" {
		b.opts.BaseURL = in.Config.URL
	}
	siteURL, base := splitBase(b.opts.BaseURL)
	var updated map[string]string
	if b.dates != nil {
		updated = b.dates()
	}
	setup := outputSum(in, theme, b.opts, updated)
	// The search indexes are built on goroutines of their own from now
	// until render ends: started before the report, which runs on one
	// core, they take the other.
	indexes, indexFiles := c.searchIndexes(site, setup, b.opts.Portable)
	defer indexFiles() // on a panic too: no index goroutine outlives the build
	waitReport := b.startReport()
	defer waitReport() // on a panic too: no report goroutine outlives the build
	b.lap("report")
	var sums *renderSums
	if c.disk != nil && b.opts.Reuse != nil && c.policy.DropShapes { // the report is made: c.reportSum
		sums = c.startRenderSums(c.renderSite(in, site, bundle.Topics(), setup))
	}
	out, d := render.Render(site, render.Options{
		BaseURL: base, SiteURL: siteURL, Portable: b.opts.Portable, Theme: theme,
		Locales: bundle, Search: indexes, Pages: b.opts.Pages, Paths: paths,
		Status: func() (*report.Report, uint64) { r := waitReport(); return r.report, r.version },
		Memo:   c.render, Store: c.store(), Reuse: b.opts.Reuse, Versions: render.Versions{Setup: setup, Graph: b.graph.version},
		Known: sums.known(), Made: sums.made(), Recorded: sums.recorded(), Report: c.reportSum,
		Settings: in.Config, Updated: updated,
	})
	rep := waitReport()
	b.diags.Merge(d)
	idx := indexFiles()
	slices.SortFunc(idx, func(a, b output.File) int { return strings.Compare(a.Path, b.Path) })
	files := output.Merge(out.Files, idx) // out.Files are sorted
	b.lap("render")
	b.fell.Merge(out.Fallbacks)
	b.strings.fell.Merge(b.fell)
	b.diags.Merge(b.strings.fell.Warnings(bundle))
	return &Result{Files: files, Site: site, Report: withUnpublished(rep.report, unpublished), Diags: b.diags.Sort(), Timings: b.timings,
		ThemeChanged: out.ThemeChanged, Paths: paths, Locales: bundle, Config: in.Config}
}

// startReport makes the translation report (Cache.translations): at
// once when the build then drops the page shapes it reads (memo.Policy's
// DropShapes, a one-shot build), or, when the persistent cache has it,
// its sum at once and the report read back beside render; else on a
// goroutine of its own beside render, which reads it only for the status
// page, made last in serve. The returned function waits for it.
func (b *run) startReport() func() reported {
	c, in, site, bundle := b.cache, b.in, b.graph.site, b.strings.bundle
	var rep reported
	makeReport := func() {
		rep = c.translations(b.graph, memo.NewHash().Sums(b.ext.sum).Strings(in.Config.DefaultLanguage).Sum(), func() *report.Report {
			rep := report.Translations(site)
			rep.Locales(bundle, in.Langs)
			rep.Units(site, in.Config.DefaultLanguage)
			return rep
		})
	}
	if c.policy.DropShapes {
		makeReport()
		drop := func() {
			for _, p := range site.Pages {
				p.Parsed.DropShape() // read by the report only: 1.2 KB a playbook
			}
		}
		if rep.pending == nil {
			drop()
			return func() reported { return rep }
		}
		return sync.OnceValue(func() reported { // read back meanwhile (see storedReport)
			rep.report, rep.pending = rep.pending(), nil
			drop()
			return rep
		})
	}
	var g diag.Group
	g.Go(diag.Pos{File: "content"}, "the translation report", makeReport)
	return sync.OnceValue(func() reported { g.Wait(); return rep })
}

// startDates starts reading the pages' dates from git in dir (see package
// history), so git log runs while the site is loaded and parsed; the
// returned function waits for them. With no dir, it returns nil.
func startDates(dir string) func() map[string]string {
	if dir == "" {
		return nil
	}
	var dates map[string]string
	var g diag.Group
	g.Go(diag.Pos{File: ".git"}, "git log", func() { dates = history.Dates(context.Background(), dir) })
	return sync.OnceValue(func() map[string]string { g.Wait(); return dates })
}

// outputSum hashes what output depends on besides the site graph: the
// theme's files, the UI strings, the metrics, rapport.toml, the options
// and the pages' dates from git.
func outputSum(in *load.Input, theme fs.FS, opts Options, updated map[string]string) memo.Sum {
	portable := 0
	if opts.Portable {
		portable = 1
	}
	h := memo.NewHash().Strings(opts.BaseURL).Ints(portable)
	for _, p := range slices.Sorted(maps.Keys(updated)) {
		h.Strings(p, updated[p])
	}
	fs.WalkDir(theme, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := fs.ReadFile(theme, p)
			h.Strings(p).Bytes(data)
		}
		return nil
	})
	for _, l := range in.Locales {
		h.Strings(l.Path).Bytes(l.Data)
	}
	if in.Metrics != nil {
		h.Bytes(in.Metrics.Data)
	}
	if in.Paths != nil {
		h.Bytes(in.Paths.Data) // learning path pages and the progress page
	}
	return h.Bytes(in.Config.Data).Bytes(in.Config.Brand.LogoData).Sum()
}

// learningPaths reads content/paths.toml and matches its steps with the
// site's pages, by language: the paths each language publishes, and those
// a language leaves out for lack of any of their steps.
func learningPaths(in *load.Input, site *link.Site) (map[string][]learnpath.InLang, []learnpath.Unpublished, diag.List) {
	if in.Paths == nil {
		return nil, nil, nil
	}
	paths, diags := learnpath.Parse(in.Paths.Path, in.Paths.Data)
	byLang, unpublished, d := learnpath.Resolve(in.Paths.Path, paths, site)
	diags.Merge(d)
	return byLang, unpublished, diags
}

// withUnpublished adds to the translation report a note for every
// learning path a language does not publish, as for a page not yet
// translated. The report is copied, not changed: the cache keeps it.
func withUnpublished(rep *report.Report, un []learnpath.Unpublished) *report.Report {
	if len(un) == 0 {
		return rep
	}
	out := *rep
	out.Findings = slices.Clip(out.Findings)
	for _, u := range un {
		where := "no language has any of them"
		if len(u.In) > 0 {
			where = "it is published in " + strings.Join(u.In, ", ")
		}
		msg := fmt.Sprintf("learning path %q is not published in %s: none of its %d steps is translated yet (%s)", u.ID, u.Lang, len(u.Steps), where)
		out.Findings = append(out.Findings, report.Finding{Lang: u.Lang, Kind: "missing",
			Diagnostic: diag.Diagnostic{Pos: diag.Pos{File: u.File, Line: u.Line}, Level: diag.Note, Msg: msg}})
	}
	return &out
}

// splitBase separates "https://host/training" into the scheme and host and
// a base path that starts and ends with "/".
func splitBase(base string) (string, string) {
	site := ""
	if i := strings.Index(base, "://"); i > 0 {
		rest := base[i+3:]
		j := strings.IndexByte(rest, '/')
		if j < 0 {
			j = len(rest)
		}
		site, base = base[:i+3+j], rest[j:]
	}
	base = "/" + strings.Trim(base, "/") + "/"
	if base == "//" {
		base = "/"
	}
	return site, base
}

// extensions holds the Markdown of a build.
type extensions struct {
	md *markdown.Markdown
	// sum identifies the Markdown setup, for the parse memo: it changes
	// when metrics.toml or a locale does (bodies are rendered with the
	// language's labels at parse time).
	sum memo.Sum
}

// newExtensions sets up the build's Markdown; labels shown in English are
// noted in fell.
func newExtensions(in *load.Input, bundle *locale.Bundle, fell *locale.Fallbacks, hl *markdown.Highlighter, diags *diag.List) *extensions {
	e := &extensions{}
	metrics := &metric.Set{}
	h := memo.NewHash()
	if in.Metrics != nil {
		set, d := metric.Load(in.Metrics.Path, in.Metrics.Data)
		diags.Merge(d)
		metrics = set
		h.Bytes(in.Metrics.Data)
	}
	for _, l := range in.Locales {
		h.Strings(l.Path).Bytes(l.Data)
	}
	images := imageSizes(in.Assets, h)
	hosts := in.Config.Assets
	e.sum = h.Strings("imageHosts").Strings(hosts.ImageHosts...).Sum()
	e.md = markdown.New(markdown.Config{Metrics: metrics, Images: images, ImageHosts: hosts.AllowsImageHost, Highlight: hl, Lang: func(lang string) markdown.Lang {
		return markdown.Lang{Code: lang, Dir: link.Direction(lang), Label: bundle.For(lang).Into(fell).S}
	}})
	return e
}

// parseAll parses pages on every core; results keep the input order.
func parseAll(ctx context.Context, srcs []load.Source, ext *extensions, cache *Cache) ([]*parse.Page, diag.List) {
	pages := make([]*parse.Page, len(srcs))
	diags := make([]diag.List, len(srcs))
	var wg sync.WaitGroup
	jobs := make(chan int)
	sp := spillFile(cache.policy)
	defer sp.Flush()
	cache.reparse = func(src load.Source) (*parse.Page, diag.List) {
		return parse.Parse(src, ext.md.Parser(), ext.md.Bodies()(src.Lang), cache.terms)
	}
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := ext.md.Bodies()
			for i := range jobs {
				pages[i], diags[i] = parseOne(cache, srcs[i], ext, body)
				if sp != nil && pages[i] != nil {
					pages[i].Spill(sp)
				}
				if cache.policy.DropSources {
					// The parsed page dropped its source (see Cache.parse):
					// let the loaded bytes go as each page is parsed, instead
					// of holding all of them, 7 KB a playbook, at the heap's
					// peak, the end of parse.
					srcs[i].Data = nil
				}
			}
		}()
	}
	for i := range srcs {
		if ctx.Err() != nil {
			break
		}
		if p, d, ok := cache.unchanged(srcs[i], ext.sum); ok {
			pages[i], diags[i] = p, d // no need to wake a worker
			continue
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	var all diag.List
	for _, d := range diags {
		all.Merge(d)
	}
	var out []*parse.Page
	for _, p := range pages {
		if p != nil {
			out = append(out, p)
		}
	}
	return out, all
}

// spillFile returns the file a one-shot build's parsed pages move their
// bodies and search data into (memo.Policy's SpillBodies), or nil: in a
// build with a cache, or when the file cannot be made (they then stay in
// memory).
func spillFile(p memo.Policy) *spill.File {
	if !p.SpillBodies {
		return nil
	}
	f, err := spill.New()
	if err != nil {
		return nil
	}
	return f
}

// parseOne parses src (Cache.parse); a panic, in parse or in the memo
// around it, is an error naming src, so the worker goes on to the next
// page (a dead worker would leave parseAll waiting for it).
func parseOne(cache *Cache, src load.Source, ext *extensions, body func(string) *markdown.Holes) (page *parse.Page, diags diag.List) {
	defer diag.Recover(&diags, diag.Pos{File: src.Path}, "parse")
	return cache.parse(src, ext.sum, ext.md.Parser(), body(src.Lang))
}
