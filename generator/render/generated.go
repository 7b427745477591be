package render

import (
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"rapport/generator/diag"
	"rapport/generator/link"
	"rapport/generator/memo"
	"rapport/generator/output"
)

// renderGenerated renders pages that have no source file: the language
// chooser, topics, search, 404 and status pages.
func (r *renderer) renderGenerated(diags *diag.List) []output.File {
	var files []output.File
	if len(r.site.Langs) == 0 {
		return nil
	}
	var jobs []genJob
	gen := func(path, deps string, page func() *Page, file string) {
		jobs = append(jobs, genJob{path: path, deps: deps, page: page, file: file})
	}
	if r.opts.Status != nil {
		// First: a large site's status page is its biggest (a row per
		// translation group), made while the heap does not yet hold the
		// topic lists' items and the finished search indexes.
		rep, version := r.opts.Status()
		gen("status/index.html", "report "+strconv.FormatUint(version, 10), func() *Page { return r.statusPage(rep) }, "status")
	}
	gen("index.html", "", r.chooserPage, "index.html")
	gen("404.html", "", r.notFoundPage, "404.html")
	// A search page names the index files of every language (its own and
	// the others it offers results from).
	var indexes strings.Builder
	for _, l := range r.site.Langs {
		idx := r.opts.Search[l.Tag]
		indexes.WriteString(idx.Index + "\x00" + idx.Script + "\x00")
	}
	for _, l := range r.site.Langs {
		if !r.opts.Portable { // no server shows a portable site's 404 pages
			gen(l.Tag+"/"+link.NotFound, "", func() *Page { return r.langNotFoundPage(l) }, l.Tag+"/"+link.NotFound)
		}
		gen(l.Tag+"/"+link.TopicsDir+"/index.html", "", func() *Page { return r.topicIndexPage(l) }, "topics")
		for _, id := range r.site.TopicIDs {
			if !r.topicUsed(id) {
				continue
			}
			p := l.Tag + "/" + link.TopicsDir + "/" + id + "/index.html"
			gen(p, "", func() *Page { return r.topicPage(l, id) }, p)
		}
		gen(l.Tag+"/"+link.ProgressDir+"/index.html", questionCounts(l), func() *Page { return r.progressPage(l) }, "progress")
		if len(r.opts.Paths[l.Tag]) > 0 {
			gen(pathsURL(l.Tag)+"index.html", "", func() *Page { return r.pathsPage(l) }, "paths")
		}
		for _, in := range r.opts.Paths[l.Tag] {
			p := pathURL(l.Tag, in.ID) + "index.html"
			gen(p, "", func() *Page { return r.pathPage(l, in, r.opts.Paths) }, p)
		}
		files = append(files, r.renderHandouts(l, gen)...)
		gen(l.Tag+"/"+link.CertDir+"/index.html", questionCounts(l), func() *Page { return r.certificatePage(l) }, "certificate")
		if r.opts.Search != nil {
			gen(l.Tag+"/"+link.SearchDir+"/index.html", indexes.String(), func() *Page { return r.searchPage(l) }, "search")
		}
	}
	return append(files, r.generateAll(jobs, diags)...)
}

// genJob is a generated page to make: the arguments of generate.
type genJob struct {
	path, deps, file string
	page             func() *Page
}

// generateAll makes the pages of jobs (generate): one after another
// beside the content pages (memo.Policy's GeneratedBeside), else on every
// core, after them. The files and their problems keep the jobs' order.
func (r *renderer) generateAll(jobs []genJob, diags *diag.List) []output.File {
	files := make([]output.File, len(jobs))
	errs := make([]diag.List, len(jobs))
	one := func(i int) {
		j := jobs[i]
		files[i] = r.generate(j.path, j.deps, j.page, j.file, &errs[i])
		files[i].Path = j.path // a panic in generate returns no file
		// Sent now, not held: a large site's topic lists and status page
		// were a fifth of a one-shot build's peak heap.
		r.send(&files[i])
	}
	workers := runtime.GOMAXPROCS(0)
	if r.opts.Memo.policy.GeneratedBeside {
		workers = 1
	}
	if workers = min(workers, len(jobs)); workers <= 1 {
		for i := range jobs {
			one(i)
		}
	} else {
		var next atomic.Int64
		var wg sync.WaitGroup
		for range workers {
			wg.Add(1)
			go func() { // a panic is an error at its page: see generate
				defer wg.Done()
				for i := int(next.Add(1)) - 1; i < len(jobs); i = int(next.Add(1)) - 1 {
					one(i)
				}
			}()
		}
		wg.Wait()
	}
	for _, e := range errs {
		diags.Merge(e)
	}
	return files
}

// startGenerated starts rendering the generated pages beside the content
// pages, so no core waits for the last of them; the returned function
// waits for them and adds their problems to diags. In serve (see
// memo.Policy's GeneratedBeside), they are rendered by that function,
// after the content pages, most of which the memo gives back unmade.
func (r *renderer) startGenerated() func(diags *diag.List) []output.File {
	if !r.opts.Memo.policy.GeneratedBeside {
		return r.renderGenerated
	}
	var files []output.File
	var d diag.List
	var g diag.Group
	g.Go(diag.Pos{File: "content"}, "render of the generated pages", func() { files = r.renderGenerated(&d) })
	return func(diags *diag.List) []output.File {
		g.Wait()
		diags.Merge(d)
		return files
	}
}

// generate makes a generated page's view and executes it, or takes the
// page at path from the memo: at once when deps (what it shows besides
// the graph) and the setup are the same and so is the graph, or no page
// it shows changed in the new one (Memo.sameGenerated), and else when its
// view is: an edit that changes the site graph re-renders only the
// generated pages that show what changed. With Options.Recorded, a page
// whose inputs are the last build's is linked from the previous output
// (recalled). A panic is an error at file (see safePage).
func (r *renderer) generate(path, deps string, page func() *Page, file string, diags *diag.List) output.File {
	defer diag.Recover(diags, diag.Pos{File: file}, "render")
	if key, ok := r.recalled(path); ok {
		r.opts.Store.Keep(key)
		return output.File{Path: path, Key: key, Reused: true}
	}
	m, v := r.opts.Memo, r.opts.Versions
	if data, ok := m.sameGenerated(path, deps, v, r.diff); ok {
		return output.File{Path: path, Data: data} // no view to make
	}
	var p *Page
	e, sum, ok := m.generated.Lookup(path, func() memo.Sum {
		p = page()
		return generatedSum(v.Setup, deps, p)
	})
	var key *memo.Sum
	if !ok {
		if p == nil { // a memo that keeps nothing computes no sum
			p = page()
		}
		if r.opts.Store != nil {
			k := generatedSum(v.Setup, deps, p)
			key = &k
		}
		e.data = r.stored(key, func() []byte { return r.execute(p, file, diags) }, diags)
	}
	f := output.File{Path: path, Data: e.data}
	if len(*diags) == 0 {
		m.putGenerated(path, sum, e, deps, v, p)
		if key != nil {
			f.Key = *key
			r.recordGenerated(path, p, *key)
		}
	}
	return f
}

// # Generated pages kept between processes
//
// A generated page shows what the whole site holds: its view is made of
// what every view may read of the site, which the caller sums and
// compares (the setup, the link stage's inputs; see Recorded), and of
// what those do not hold, recorded where the view reads it (Frame.read):
// another page's body (a handout), the search indexes' names (a search
// page), the translation report's inputs (the status page), the pages'
// numbers of questions (progress and certificates). A build records each generated page's
// reads, the sum of their values and its Store sum; the next build whose
// site-wide inputs are the same sums the recorded reads' values again
// and, when they are the recorded ones and the previous output holds the
// page made from that Store sum (Options.Reuse), links it without making
// its view. The reads are those of the last build's view: a view made
// of the same site-wide inputs reads the same things.

// Recorded keeps generated pages' Store sums between builds (Options.Recorded).
type Recorded interface {
	// Reads returns the reads the last build recorded for the generated
	// page at path, and false when it recorded none.
	Reads(path string) ([]string, bool)
	// Generated returns the Store sum of the generated page at path that
	// the last build made from the same site-wide inputs and from reads
	// whose values sum to in; false when there is none.
	Generated(path string, in memo.Sum) (memo.Sum, bool)
	// MadeGenerated records that the page at path, whose view read reads
	// (their values summing to in), has Store sum out.
	MadeGenerated(path string, reads []string, in, out memo.Sum)
}

// The kinds of a view's reads beyond the site-wide inputs: a page's body
// (by its address), a language's search index names (by its tag), the
// translation report (the status page) and every page's number of
// questions (the progress and certificate pages, whose courses may take
// a path's steps from other languages).
const (
	readBody      = "body"
	readSearch    = "search"
	readReport    = "report"
	readQuestions = "questions"
)

// viewReads records what a view reads beyond the site-wide inputs; a nil
// *viewReads records nothing (without Options.Recorded).
type viewReads struct{ list []string }

// read records that the view of f read what of kind.
func (f *Frame) read(kind, what string) {
	if f.reads != nil {
		f.reads.list = append(f.reads.list, kind+" "+what)
	}
}

// newReads returns a view's recorder of reads, or nil without
// Options.Recorded.
func (r *renderer) newReads() *viewReads {
	if r.opts.Recorded == nil {
		return nil
	}
	return &viewReads{}
}

// sorted returns the reads recorded, sorted, without repeats.
func (v *viewReads) sorted() []string {
	if v == nil {
		return nil
	}
	slices.Sort(v.list)
	return slices.Clip(slices.Compact(v.list))
}

// readsSum sums reads with the values they read in this build: a page's
// parse key (Store.Source) and resolved links, a language's search
// index names. It is false when a read has no value here (a page gone,
// or not parsed through the Store).
func (r *renderer) readsSum(reads []string) (memo.Sum, bool) {
	h := memo.NewHash().Ints(len(reads))
	for _, read := range reads {
		kind, what, _ := strings.Cut(read, " ")
		h.Strings(read)
		switch kind {
		case readBody:
			p := r.pageAt()[what]
			if p == nil {
				return memo.Sum{}, false
			}
			src, ok := r.opts.Store.Source(p.Parsed)
			if !ok {
				return memo.Sum{}, false
			}
			h.Sums(src).Ints(len(p.Hrefs)).Strings(p.Hrefs...)
		case readSearch:
			idx := r.opts.Search[what]
			h.Strings(idx.Index, idx.Script)
		case readQuestions:
			for _, l := range r.site.Langs {
				h.Strings(questionCounts(l))
			}
		case readReport:
			if r.opts.Report == (memo.Sum{}) {
				return memo.Sum{}, false
			}
			h.Sums(r.opts.Report)
		default:
			return memo.Sum{}, false
		}
	}
	return h.Sum(), true
}

// recalled returns the Store sum of the generated page at path when the
// last build recorded it made from this build's inputs (Options.Recorded)
// and the previous output holds it (Options.Reuse).
func (r *renderer) recalled(path string) (memo.Sum, bool) {
	rec := r.opts.Recorded
	if rec == nil || r.opts.Reuse == nil || r.opts.Store == nil {
		return memo.Sum{}, false
	}
	reads, ok := rec.Reads(path)
	if !ok {
		return memo.Sum{}, false
	}
	in, ok := r.readsSum(reads)
	if !ok {
		return memo.Sum{}, false
	}
	out, ok := rec.Generated(path, in)
	if !ok || !r.opts.Reuse(path, out) {
		return memo.Sum{}, false
	}
	rec.MadeGenerated(path, reads, in, out)
	return out, true
}

// recordGenerated records the reads of the generated page at path, made
// from view p, with its Store sum key (Options.Recorded).
func (r *renderer) recordGenerated(path string, p *Page, key memo.Sum) {
	if r.opts.Recorded == nil || p == nil {
		return
	}
	reads := p.reads.sorted()
	if in, ok := r.readsSum(reads); ok {
		r.opts.Recorded.MadeGenerated(path, reads, in, key)
	}
}

// sitemapFile returns sitemap.xml, which shows every page's address and
// translations: the memo's while no page moved (see Memo.sameGenerated),
// the previous output's when the last build made it from the same
// site-wide inputs (Options.Recorded: it reads nothing else), or else
// made, with the sum of its bytes as its Key.
func (r *renderer) sitemapFile() output.File {
	const path = "sitemap.xml"
	if key, ok := r.recalled(path); ok {
		return output.File{Path: path, Key: key, Reused: true}
	}
	sm, ok := r.opts.Memo.sameGenerated(path, "", r.opts.Versions, r.diff)
	if !ok {
		sm = sitemap(r.site, r.opts)
		r.opts.Memo.putGenerated(path, memo.Sum{}, generated{data: sm}, "", r.opts.Versions, nil)
	}
	f := output.File{Path: path, Data: sm}
	if rec := r.opts.Recorded; rec != nil && r.opts.Store != nil {
		f.Key = memo.NewHash().Strings(path).Bytes(sm).Sum()
		if in, ok := r.readsSum(nil); ok {
			rec.MadeGenerated(path, nil, in, f.Key)
		}
	}
	return f
}
