package report

import (
	"slices"

	"rapport/generator/link"
)

// The facts the report reads, for the memo of a series of builds (rapport
// serve): a build whose pages have the same [Facts], the same shapes
// (parse.ShapeFacts) and the same [Freshness] gets the same report, but
// for its titles, which [Rebase] sets again.

// Facts are what the report reads of the site graph: its languages and
// every page's place. Titles are not in them (see Rebase).
type Facts struct {
	Langs  []string
	Places []Place
}

// Place is what the report reads of one page's place in the graph.
type Place struct {
	Path, URL, Rel, Lang string
	Kind                 link.Kind
	Translations         []string // their paths, in language order
	// TranslatedFrom and SourceHash are the front matter's, and
	// SourceHashLine the line of sourceHash.
	TranslatedFrom, SourceHash string
	SourceHashLine             int
}

// FactsOf returns the report's facts of site.
func FactsOf(site *link.Site) Facts {
	f := Facts{Places: make([]Place, len(site.Pages))}
	for _, l := range site.Langs {
		f.Langs = append(f.Langs, l.Tag)
	}
	n := 0
	for _, p := range site.Pages {
		n += len(p.Translations)
	}
	paths := make([]string, 0, n) // every page's translations, one after the other
	for i, p := range site.Pages {
		pl := Place{Path: p.Parsed.Path, URL: p.URL, Rel: p.Parsed.Rel, Lang: p.Lang.Tag, Kind: p.Kind,
			TranslatedFrom: p.Parsed.Meta.TranslatedFrom, SourceHash: p.Parsed.Meta.SourceHash, SourceHashLine: p.Parsed.Lines["sourceHash"]}
		start := len(paths)
		for _, t := range p.Translations {
			paths = append(paths, t.Parsed.Path)
		}
		if len(paths) > start {
			pl.Translations = paths[start:len(paths):len(paths)]
		}
		f.Places[i] = pl
	}
	return f
}

// Freshness says, for each page of site in order, whether it is a
// translation whose source changed since it was started (1), one whose
// source did not (0), or neither (-1: not a translation, or its source
// is gone): what the report reads of the sources' bodies.
func Freshness(site *link.Site) []int8 {
	out := make([]int8, len(site.Pages))
	var byPath map[string]*link.Page // only if some page is a translation
	for i, p := range site.Pages {
		out[i] = -1
		if p.Parsed.Meta.TranslatedFrom == "" {
			continue
		}
		if byPath == nil {
			byPath = pagesByPath(site)
		}
		if src, ok := byPath[p.Parsed.Meta.TranslatedFrom]; ok && !current(src, p) {
			out[i] = 1
		} else if ok {
			out[i] = 0
		}
	}
	return out
}

// current reports whether translation p recorded src's current version.
func current(src, p *link.Page) bool {
	return src.Parsed.BodySum == p.Parsed.Meta.SourceHash
}

func pagesByPath(site *link.Site) map[string]*link.Page {
	byPath := make(map[string]*link.Page, len(site.Pages))
	for _, p := range site.Pages {
		byPath[p.Parsed.Path] = p
	}
	return byPath
}

// Rebase returns last, a report of another graph whose pages had the same
// facts, shapes and freshness, with its cells pointing at site's pages and
// its groups titled again from them; changed says whether a title did.
func Rebase(last *Report, site *link.Site) (rep *Report, changed bool) {
	byPath := pagesByPath(site)
	out := *last
	out.Groups = slices.Clone(out.Groups)
	for i, g := range out.Groups {
		g.Cells = slices.Clone(g.Cells)
		for j, c := range g.Cells {
			if c.Page != nil {
				g.Cells[j].Page = byPath[c.Page.Parsed.Path]
			}
		}
		if t := title(g.Cells, g.Source); t != g.Title {
			g.Title, changed = t, true
		}
		out.Groups[i] = g
	}
	return &out, changed
}

// title is a group's title: its page in the source language's, else its
// first language's.
func title(cells []Cell, source string) string {
	for _, c := range cells {
		if c.Page != nil && c.Lang == source {
			return c.Page.Parsed.Meta.Title
		}
	}
	for _, c := range cells {
		if c.Page != nil {
			return c.Page.Parsed.Meta.Title
		}
	}
	return ""
}
