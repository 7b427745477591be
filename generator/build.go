// Package generator runs rapport's pipeline: load → parse → link → render.
// `rapport build`, `serve` and `check` all call [Build]; only the write stage
// (package write) and the command touch the disk.
package generator

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"rapport"
	"rapport/generator/diag"
	"rapport/generator/learnpath"
	"rapport/generator/link"
	"rapport/generator/load"
	"rapport/generator/locale"
	"rapport/generator/markdown"
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
	// Pages, when not nil, receives each content page as soon as it is
	// rendered (see render.Options.Pages); Result.Files then holds those
	// pages' paths without their bytes. Build does not close it.
	Pages chan<- output.File
	// Cache, when not nil, keeps parsed pages between builds of the same
	// source (rapport serve). A build with a cache gives the same output as
	// one without.
	Cache *Cache
	// Changed, with a Cache, lists the slash paths (files or folders)
	// that changed since the cache's last build, as a file watcher saw
	// them: other files are not read again. Nil means unknown: everything
	// is read.
	Changed []string
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
func Build(ctx context.Context, opts Options) (*Result, error) {
	var diags diag.List
	var timings []Timing
	start := time.Now()
	lap := func(stage string) {
		now := time.Now()
		timings = append(timings, Timing{stage, now.Sub(start)})
		start = now
	}
	in, d := opts.Cache.load(opts.Src, opts.Changed)
	diags.Merge(d)
	bundle, d := opts.Cache.locales(in.Locales)
	diags.Merge(d)
	fell := &locale.Fallbacks{} // UI strings shown in English, by parse and render
	ext := newExtensions(in, bundle, fell, &diags)
	opts.Cache.reset(ext.key, in.Pages)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	lap("load")
	pages, d := parseAll(ctx, in.Pages, ext, opts.Cache)
	diags.Merge(d)
	lap("parse")
	site, d, graph := opts.Cache.link(in, pages, bundle.Topics())
	diags.Merge(d)
	for _, l := range in.Langs {
		if !bundle.Has(l) {
			diags.Warnf(diag.Pos{File: "locales/" + l + ".toml"}, "no UI strings for %q: the theme shows English (%s) until this file exists", l, locale.Fallback)
		}
	}
	if len(in.Langs) == 0 && len(in.Pages) == 0 && !diags.HasErrors() {
		diags.Errorf(diag.Pos{File: "content"}, "no pages: add content/<lang>/_index.md and playbooks")
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	theme := in.Theme
	if theme == nil {
		theme = rapport.Theme()
	}
	paths, d := learningPaths(in, site)
	_ = paths // TODO(quiz): path pages, once render has per-kind views
	diags.Merge(d)
	lap("link")
	rep := opts.Cache.translations(site, graph, ext.key, func() *report.Report {
		rep := report.Translations(site)
		rep.Locales(bundle, in.Langs)
		return rep
	})
	lap("report")
	if opts.BaseURL == "" {
		opts.BaseURL = in.Config.URL
	}
	siteURL, base := splitBase(opts.BaseURL)
	key := buildKey(in, theme, opts)
	indexes, indexFiles := opts.Cache.searchIndexes(site, key, opts.Portable)
	out, d := render.Render(site, render.Options{
		BaseURL: base, SiteURL: siteURL, Portable: opts.Portable, Theme: theme,
		Locales: bundle, Search: indexes, Status: rep, Pages: opts.Pages,
		Memo: opts.Cache.memo(), Key: key,
		Graph: graph, StatusVersion: opts.Cache.reportVersion(),
	})
	diags.Merge(d)
	files := append(out.Files, indexFiles()...)
	slices.SortFunc(files, func(a, b output.File) int { return strings.Compare(a.Path, b.Path) })
	lap("render")
	fell.Merge(out.Fallbacks)
	diags.Merge(opts.Cache.fallbacks(fell).Warnings(bundle))
	return &Result{Files: files, Site: site, Report: rep, Diags: diags.Sort(), Timings: timings}, nil
}

// buildKey hashes what output depends on besides the pages: the theme's
// files, the UI strings, the metrics and the options.
func buildKey(in *load.Input, theme fs.FS, opts Options) [32]byte {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%t\x00", opts.BaseURL, opts.Portable)
	fs.WalkDir(theme, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := fs.ReadFile(theme, p)
			fmt.Fprintf(h, "%s\x00%d\x00", p, len(data))
			h.Write(data)
		}
		return nil
	})
	for _, l := range in.Locales {
		h.Write([]byte(l.Path + "\x00"))
		h.Write(l.Data)
	}
	if in.Metrics != nil {
		h.Write(in.Metrics.Data)
	}
	h.Write(in.Config.Data)
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// learningPaths reads content/paths.toml and matches its steps with the
// site's pages, by language.
func learningPaths(in *load.Input, site *link.Site) (map[string][]learnpath.InLang, diag.List) {
	if in.Paths == nil {
		return nil, nil
	}
	paths, diags := learnpath.Parse(in.Paths.Path, in.Paths.Data)
	byLang, d := learnpath.Resolve(in.Paths.Path, paths, site)
	diags.Merge(d)
	return byLang, diags
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
	// key identifies the configuration, for the parse cache: it changes
	// when metrics.toml or a locale does (bodies are rendered with the
	// language's labels at parse time).
	key [32]byte
}

// newExtensions sets up the build's Markdown; labels shown in English are
// noted in fell.
func newExtensions(in *load.Input, bundle *locale.Bundle, fell *locale.Fallbacks, diags *diag.List) *extensions {
	e := &extensions{}
	metrics := &metric.Set{}
	h := sha256.New()
	if in.Metrics != nil {
		set, d := metric.Load(in.Metrics.Path, in.Metrics.Data)
		diags.Merge(d)
		metrics = set
		h.Write(in.Metrics.Data)
	}
	for _, l := range in.Locales {
		h.Write([]byte("\x00" + l.Path + "\x00"))
		h.Write(l.Data)
	}
	images := imageSizes(in.Assets, h)
	h.Sum(e.key[:0])
	e.md = markdown.New(markdown.Config{Metrics: metrics, Images: images, Lang: func(lang string) markdown.Lang {
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
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := ext.md.Bodies()
			for i := range jobs {
				pages[i], diags[i] = cache.parse(srcs[i], ext.md.Parser(), body(srcs[i].Lang))
				if cache == nil && pages[i] != nil {
					pages[i].DropSource()
				}
			}
		}()
	}
	for i := range srcs {
		if ctx.Err() != nil {
			break
		}
		if p, d, ok := cache.unchanged(srcs[i]); ok {
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
