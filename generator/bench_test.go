package generator

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"sync"
	"testing"

	"rapport"
	"rapport/generator/diag"
	"rapport/generator/link"
	"rapport/generator/load"
	"rapport/generator/locale"
	"rapport/generator/markdown"
	"rapport/generator/memo"
	"rapport/generator/parse"
	"rapport/generator/render"
)

// The benchmarks run each stage on the benchmark corpus (cmd/corpus), by
// default 200 playbooks per language; RAPPORT_BENCH_PAGES changes it:
//
//	RAPPORT_BENCH_PAGES=2000 go test -run '^$' -bench . -benchmem ./generator/

var (
	corpusOnce sync.Once
	corpusDir  string
	corpusErr  error
)

func corpus(b *testing.B) fs.FS {
	b.Helper()
	corpusOnce.Do(func() {
		pages := os.Getenv("RAPPORT_BENCH_PAGES")
		if pages == "" {
			pages = "200"
		}
		corpusDir, corpusErr = os.MkdirTemp("", "rapport-bench-")
		if corpusErr == nil {
			out, err := exec.Command("go", "run", "../cmd/corpus", "-src", "..", "-pages", pages, "-out", corpusDir).CombinedOutput()
			if err != nil {
				corpusErr = err
				b.Log(string(out))
			}
		}
	})
	if corpusErr != nil {
		b.Fatal(corpusErr)
	}
	return os.DirFS(filepath.Join(corpusDir, "rapport"))
}

type stages struct {
	in     *load.Input
	bundle *locale.Bundle
	ext    *extensions
	pages  []*parse.Page
	site   *link.Site
	cache  *Cache // the one the pages were parsed with
}

func prepare(b *testing.B, upTo string) stages {
	b.Helper()
	var s stages
	s.in, _ = load.Load(corpus(b))
	s.bundle, _ = locale.Load(rapport.Locales(), s.in.Locales)
	s.ext = newExtensions(s.in, s.bundle, &locale.Fallbacks{}, markdown.NewHighlighter(), new(diag.List))
	if upTo == "parse" {
		return s
	}
	s.cache = newCache(memo.OneShot)
	s.pages, _ = parseAll(context.Background(), s.in.Pages, s.ext, s.cache)
	if upTo == "link" {
		return s
	}
	var diags diag.List
	s.site, diags = link.Link(s.in.Langs, s.pages, s.in.Assets, s.bundle.Topics())
	if diags.HasErrors() {
		b.Fatal(diags)
	}
	return s
}

func BenchmarkLoad(b *testing.B) {
	src := corpus(b)
	for b.Loop() {
		load.Load(src)
	}
}

func BenchmarkParse(b *testing.B) {
	s := prepare(b, "parse")
	for b.Loop() {
		// A copy: a one-shot parse lets each source's bytes go.
		parseAll(context.Background(), slices.Clone(s.in.Pages), s.ext, newCache(memo.OneShot))
	}
}

// BenchmarkParsedHeap reports the live heap that the parsed pages of a
// one-shot build hold from parse until render (MB-held), the largest part
// of a build's peak memory: their bodies and search data are spilled as
// they are parsed (parse.Page.Spill). RAPPORT_HEAP_PROFILE=file also
// writes a heap profile taken with the pages live.
func BenchmarkParsedHeap(b *testing.B) {
	s := prepare(b, "parse")
	var before, after runtime.MemStats
	for b.Loop() {
		runtime.GC()
		runtime.ReadMemStats(&before)
		pages, _ := parseAll(context.Background(), slices.Clone(s.in.Pages), s.ext, newCache(memo.OneShot))
		runtime.GC()
		runtime.ReadMemStats(&after)
		if path := os.Getenv("RAPPORT_HEAP_PROFILE"); path != "" {
			writeHeap(b, path)
		}
		runtime.KeepAlive(pages)
	}
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/1e6, "MB-held")
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/float64(len(s.in.Pages)), "B-held/page")
}

func writeHeap(b *testing.B, path string) {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	if err := pprof.WriteHeapProfile(f); err != nil {
		b.Fatal(err)
	}
}

func BenchmarkLink(b *testing.B) {
	s := prepare(b, "link")
	for b.Loop() {
		link.Link(s.in.Langs, s.pages, s.in.Assets, s.bundle.Topics())
	}
}

func BenchmarkRender(b *testing.B) {
	s := prepare(b, "render")
	opts := render.Options{BaseURL: "/", Theme: rapport.Theme(), Locales: s.bundle}
	c := newCache(memo.OneShot)
	for b.Loop() {
		names, files := c.searchIndexes(s.site, memo.Sum{}, false)
		opts.Search = names
		render.Render(s.site, opts)
		files()
	}
}

// BenchmarkRenderPages is render without the search indexes: templates,
// views and the generated pages.
func BenchmarkRenderPages(b *testing.B) {
	s := prepare(b, "render")
	opts := render.Options{BaseURL: "/", Theme: rapport.Theme(), Locales: s.bundle}
	for b.Loop() {
		render.Render(s.site, opts)
	}
}

func BenchmarkSearchIndex(b *testing.B) {
	s := prepare(b, "render")
	for b.Loop() {
		for _, l := range s.site.Langs {
			searchIndex(s.cache.terms, l.Tag, l.Pages, false, false)() // build it, not only its builder
		}
	}
}

func BenchmarkBuild(b *testing.B) {
	src := corpus(b)
	for b.Loop() {
		Build(context.Background(), Options{Src: src})
	}
}

// BenchmarkRebuildCached is the cost of what rapport serve does after a
// save when nothing needs parsing again: a build through the parse cache
// (the edited page's own parse is a small part of it).
func BenchmarkRebuildCached(b *testing.B) {
	src := corpus(b)
	cache := NewCache()
	Build(context.Background(), Options{Src: src, Cache: cache})
	for b.Loop() {
		Build(context.Background(), Options{Src: src, Cache: cache})
	}
}

// BenchmarkRebuildOneEdit is what rapport serve does after a trainer saves
// one playbook with a changed sentence: a build through the cache told which
// file changed.
func BenchmarkRebuildOneEdit(b *testing.B) {
	rebuildEdits(b, "content/he/p00001.md", func(data []byte, i int) []byte {
		return append(bytes.Clone(data), fmt.Sprintf("\nEdit %d.\n", i)...)
	})
}

// BenchmarkRebuildSentenceEdit is bench/serve.py's sentence edit: a
// word added to the last line of a playbook's last paragraph, its text
// changed and not its structure.
func BenchmarkRebuildSentenceEdit(b *testing.B) {
	rebuildEdits(b, "content/he/p00001.md", func(data []byte, i int) []byte {
		lines := bytes.Split(bytes.TrimRight(data, "\n"), []byte("\n"))
		for k := len(lines) - 1; k > 0; k-- {
			if l := lines[k]; len(l) > 0 && (l[0] >= 0x80 || l[0] >= 'A' && l[0] <= 'Z') {
				lines[k] = fmt.Appendf(bytes.Clone(l), " %d", i)
				break
			}
		}
		return append(bytes.Join(lines, []byte("\n")), '\n')
	})
}

// BenchmarkRebuildTitleEdit is rapport serve after a trainer changes one
// playbook's title, which the navigation, related lists and topic pages of
// other pages show: the site graph changes. The playbook is not among the
// 30 the navigation lists (every page of its language would show the new
// title), as most are not on a large site.
func BenchmarkRebuildTitleEdit(b *testing.B) {
	rebuildEdits(b, "content/he/p00150.md", func(data []byte, i int) []byte {
		return bytes.Replace(data, []byte("title: \""), fmt.Appendf(nil, "title: \"%d ", i), 1)
	})
}

// BenchmarkRebuildNavTitleEdit is a title edit of a playbook the
// navigation lists (one of the first 30 of its language): every page of
// the language shows the new title in its navigation and is made again.
func BenchmarkRebuildNavTitleEdit(b *testing.B) {
	rebuildEdits(b, "content/he/p00005.md", func(data []byte, i int) []byte {
		return bytes.Replace(data, []byte("title: \""), fmt.Appendf(nil, "title: \"%d ", i), 1)
	})
}

// rebuildEdits times builds through one cache after each edit of page.
func rebuildEdits(b *testing.B, page string, edit func(data []byte, i int) []byte) {
	corpus(b)
	dir := b.TempDir()
	if out, err := exec.Command("cp", "-r", filepath.Join(corpusDir, "rapport")+"/.", dir).CombinedOutput(); err != nil {
		b.Fatal(err, string(out))
	}
	src := os.DirFS(dir)
	cache := NewCache()
	if _, err := Build(context.Background(), Options{Src: src, Cache: cache}); err != nil {
		b.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, page))
	if err != nil {
		b.Fatal(err)
	}
	i := 0
	start := cpuTime()
	defer func() { b.ReportMetric(float64((cpuTime()-start).Microseconds())/1e3/float64(b.N), "cpu-ms/op") }()
	for b.Loop() {
		i++
		if err := os.WriteFile(filepath.Join(dir, page), edit(data, i), 0o644); err != nil {
			b.Fatal(err)
		}
		// The label lets a profile (-cpuprofile, pprof -tagfocus=phase=edit)
		// show the rebuilds without the first, full build.
		pprof.Do(context.Background(), pprof.Labels("phase", "edit"), func(ctx context.Context) {
			res, err := Build(ctx, Options{Src: src, Cache: cache, Changed: []string{page}})
			if err != nil || res.Diags.HasErrors() {
				b.Fatal(err, res.Diags)
			}
		})
	}
}
