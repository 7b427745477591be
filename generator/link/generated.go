package link

import (
	"path"
	"strings"

	"rapport/generator/diag"
	"rapport/generator/load"
)

// The folders, inside every language's folder, where the build makes pages
// of its own. Render takes their paths from these names.
const (
	TopicsDir   = "topics"      // <lang>/topics/: the topic index and one page per topic
	SearchDir   = "search"      // <lang>/search/: the search page
	ProgressDir = "progress"    // <lang>/progress/: the reader's progress
	PathsDir    = "paths"       // <lang>/paths/<id>/: one page per learning path
	PrintDir    = "print"       // <lang>/print/<article>/: printable handouts
	CertDir     = "certificate" // <lang>/certificate/: the completion certificate
	NotFound    = "404.html"    // <lang>/404.html: the language's not-found page (a file)
)

// Generated is a folder where the build makes pages that have no source
// file: a content page or file published there would be replaced.
type Generated struct {
	Dir  string // a folder inside each language's folder, or at the root with Root
	Root bool
	What string // what the build makes there, for messages
}

// GeneratedPages lists every folder the build makes pages in. It is the
// one list a new generated page kind is added to (see package render's
// "To add a page kind"): checkURLs refuses content published into any of
// them, naming the file and the generated page.
func GeneratedPages() []Generated {
	return []Generated{
		{Dir: TopicsDir, What: "the topic pages"},
		{Dir: SearchDir, What: "the search page"},
		{Dir: ProgressDir, What: "the progress page"},
		{Dir: PathsDir, What: "the learning path pages"},
		{Dir: PrintDir, What: "the printable handouts"},
		{Dir: CertDir, What: "the completion certificate"},
		{Dir: NotFound, What: "the not-found page (a file)"},
		{Dir: "status", Root: true, What: "the translation status page"},
		{Dir: "assets", Root: true, What: "the theme's assets and search indexes"},
	}
}

// checkGenerated reports pages and assets published into a folder of
// GeneratedPages, and folders that would have to be files (a slug such as
// index.html on one page, the language home's index.html on another).
func checkGenerated(pages []*Page, assets []load.Asset, diags *diag.List) {
	reserved := map[string]Generated{}
	for _, l := range langsOf(pages) {
		for _, g := range GeneratedPages() {
			if !g.Root {
				reserved[l+"/"+g.Dir] = g
			}
		}
	}
	for _, g := range GeneratedPages() {
		if g.Root {
			reserved[g.Dir] = g
		}
	}
	files := make(map[string]string, len(pages)+len(assets)) // output file -> source
	for _, p := range pages {
		files[p.URL+"index.html"] = p.Parsed.Path
	}
	for _, a := range assets {
		files[a.Out] = a.Path
	}
	check := func(at diag.Pos, out string) {
		url := strings.TrimSuffix(out, "index.html")
		for dir := path.Dir(out); dir != "."; dir = path.Dir(dir) {
			if g, ok := reserved[dir]; ok {
				where := ", inside /" + dir + "/,"
				if url == dir+"/" {
					where = ","
				}
				diags.Errorf(at, "publishes to /%s%s where the build makes %s: rename it or give it another slug", url, where, g.What)
				return
			}
			if other, ok := files[dir]; ok {
				diags.Errorf(at, "publishes to /%s, which needs a folder /%s where %s publishes a file: rename one or give it another slug", url, dir, other)
				return
			}
		}
	}
	for _, p := range pages {
		at := diag.Pos{File: p.Parsed.Path, Line: 1}
		if l, ok := p.Parsed.Lines["slug"]; ok && p.Parsed.Meta.Slug != "" {
			at.Line = l
		}
		check(at, p.URL+"index.html")
	}
	for _, a := range assets {
		check(diag.Pos{File: a.Path}, a.Out)
	}
}

// langsOf returns the language tags of pages, each once.
func langsOf(pages []*Page) []string {
	seen := map[string]bool{}
	var out []string
	for _, p := range pages {
		if tag, _, _ := strings.Cut(p.URL, "/"); !seen[tag] {
			seen[tag] = true
			out = append(out, tag)
		}
	}
	return out
}
