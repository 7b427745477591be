// Package report is the translation health report: for every translation
// group (a page and its translations) it says which languages lack the page,
// which translations are stale (their source changed after `rapport new
// -from` recorded it), and which are structurally divergent from their
// richest sibling: fewer or more headings, and of each counted Markdown
// feature (markdown.Features: list items, formulas, calculators, links…),
// section by section, and fewer or more knowledge-check questions,
// answers or right answers. For locales it lists UI strings missing per
// language and keys no other language knows.
//
// It runs inside the one build path (generator.Build) after the link stage;
// `rapport check` prints it and the site publishes it at /status/.
package report

import (
	"fmt"
	"slices"
	"strings"

	"rapport/generator/diag"
	"rapport/generator/link"
	"rapport/generator/markdown"
	"rapport/generator/parse"
)

// Finding is one result of the report.
type Finding struct {
	diag.Diagnostic
	Lang string // the language it is about; "" for all
	Kind string // missing, stale, divergent, locale
}

// State is a translation's status in the status table.
type State string

// The states of a cell, worst first.
const (
	Missing   State = "missing"
	Stale     State = "stale"
	Divergent State = "divergent"
	Complete  State = "complete"
)

// Cell is one language of one translation group.
type Cell struct {
	Lang  string
	State State
	Page  *link.Page // nil when missing
	Notes []string
}

// Group is a page and its translations.
type Group struct {
	Title string // of the source's page (see title)
	// Source is the language of the page the others are translations of
	// (see sourceOf; set by Units), "" before Units.
	Source string
	Cells  []Cell // in language order
}

// Report is the translation report of a site.
type Report struct {
	Findings []Finding
	Groups   []Group
	// UnitCounts say, per language in the site's order, how far its
	// translation units are (see Units).
	UnitCounts []UnitCount
}

// Translations builds the report for site.
func Translations(site *link.Site) *Report {
	r := &Report{}
	byPath := pagesByPath(site)
	seen := map[*link.Page]bool{}
	for _, p := range site.Pages {
		if seen[p] || p.Kind == link.Home {
			continue
		}
		group := append([]*link.Page{p}, p.Translations...)
		for _, q := range group {
			seen[q] = true
		}
		r.Groups = append(r.Groups, r.group(site, group, byPath))
	}
	return r
}

func (r *Report) group(site *link.Site, pages []*link.Page, byPath map[string]*link.Page) Group {
	var g Group
	shapes := map[*link.Page]shape{}
	for _, p := range pages {
		shapes[p] = shapeOf(p.Parsed)
	}
	ref := richest(pages, shapes)
	for _, l := range site.Langs {
		i := slices.IndexFunc(pages, func(p *link.Page) bool { return p.Lang == l })
		if i < 0 {
			g.Cells = append(g.Cells, Cell{Lang: l.Tag, State: Missing})
			r.add(diag.Note, l.Tag, "missing", diag.Pos{File: "content/" + l.Tag + "/" + pages[0].Parsed.Rel},
				"not translated yet: %s exists in %s", pages[0].Parsed.Path, langList(pages))
			continue
		}
		p := pages[i]
		cell := Cell{Lang: l.Tag, State: Complete, Page: p}
		if msg := stale(p, byPath); msg != "" {
			cell.State, cell.Notes = Stale, append(cell.Notes, msg)
			r.note(diag.Warning, l.Tag, "stale", diag.Pos{File: p.Parsed.Path, Line: p.Parsed.Lines["sourceHash"]}, msg)
		}
		if p != ref {
			divs := append(diverge(shapes[p], shapes[ref], ref), divergeQuestions(p, ref)...)
			for _, d := range divs {
				if cell.State == Complete {
					cell.State = Divergent
				}
				cell.Notes = append(cell.Notes, d.msg)
				r.note(diag.Warning, l.Tag, "divergent", diag.Pos{File: p.Parsed.Path, Line: d.line}, d.msg)
			}
		}
		g.Cells = append(g.Cells, cell)
	}
	g.Title = title(g.Cells, "")
	return g
}

func (r *Report) add(level diag.Level, lang, kind string, pos diag.Pos, format string, args ...any) {
	r.note(level, lang, kind, pos, fmt.Sprintf(format, args...))
}

// note adds a finding whose message is msg: the same string as the
// cell's note, not a copy of it (a large site's report holds one per
// divergent or stale translation).
func (r *Report) note(level diag.Level, lang, kind string, pos diag.Pos, msg string) {
	r.Findings = append(r.Findings, Finding{Diagnostic: diag.Diagnostic{Pos: pos, Level: level, Msg: msg}, Lang: lang, Kind: kind})
}

func langList(pages []*link.Page) string {
	var tags []string
	for _, p := range pages {
		tags = append(tags, p.Lang.Tag)
	}
	return strings.Join(tags, ", ")
}

// stale compares the source hash a translation recorded with its source's
// current hash.
func stale(p *link.Page, byPath map[string]*link.Page) string {
	if p.Parsed.Meta.TranslatedFrom == "" || p.Parsed.Meta.SourceHash == "" {
		return ""
	}
	src, ok := byPath[p.Parsed.Meta.TranslatedFrom]
	if !ok {
		return fmt.Sprintf("translated from %s, which no longer exists", p.Parsed.Meta.TranslatedFrom)
	}
	if current(src, p) {
		return ""
	}
	return fmt.Sprintf("stale: %s changed since this translation started; update it, then run rapport check -mark-current %s", src.Parsed.Path, p.Parsed.Path)
}

// shape is a page's structure, section by section (section 0 is the text
// before the first heading): parse's, never empty.
type shape []parse.Shape

// count returns how many of feature i section sec of s has.
func (s shape) count(sec, i int) int {
	if i < len(s[sec].Counts) {
		return int(s[sec].Counts[i])
	}
	return 0
}

func (s shape) total() (n int) {
	for _, sec := range s {
		n++
		for _, c := range sec.Counts {
			n += int(c)
		}
	}
	return n
}

func shapeOf(p *parse.Page) shape {
	s := shape(p.ShapeFacts().Sections)
	if len(s) == 0 {
		s = shape{{}}
	}
	return s
}

func richest(pages []*link.Page, shapes map[*link.Page]shape) *link.Page {
	best := pages[0]
	weight := func(p *link.Page) int {
		n := shapes[p].total()
		for _, q := range p.Parsed.Questions {
			n += 1 + q.Answers + q.Right
		}
		return n
	}
	for _, p := range pages[1:] {
		if weight(p) > weight(best) {
			best = p
		}
	}
	return best
}

// count says "1 answer", "2 answers".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// divergeQuestions lists how the knowledge checks of p differ from those
// of ref: the number of questions, and per question (in order) the number
// of answers and of right answers.
func divergeQuestions(p, ref *link.Page) []divergence {
	a, b := p.Parsed.Questions, ref.Parsed.Questions
	var out []divergence
	if len(a) != len(b) {
		line := 1
		if len(a) > 0 {
			line = a[0].Line
		}
		out = append(out, divergence{line, fmt.Sprintf("divergent: %s; the %s version has %d", count(len(a), "knowledge-check question"), ref.Lang.Tag, len(b))})
	}
	for i := range min(len(a), len(b)) {
		x, y := a[i], b[i]
		if x.Answers != y.Answers {
			out = append(out, divergence{x.Line, fmt.Sprintf("divergent: question %d has %s; the %s version has %d (%s:%d)", i+1, count(x.Answers, "answer"), ref.Lang.Tag, y.Answers, ref.Parsed.Path, y.Line)})
		}
		if x.Right != y.Right {
			out = append(out, divergence{x.Line, fmt.Sprintf("divergent: question %d has %s; the %s version has %d (%s:%d)", i+1, count(x.Right, "right answer"), ref.Lang.Tag, y.Right, ref.Parsed.Path, y.Line)})
		}
	}
	return out
}

type divergence struct {
	line int
	msg  string
}

// diverge lists how s differs from ref beyond what translation explains:
// the number of headings, and per aligned section the count of each
// counted feature (markdown.Features: list items, formulas, links…).
func diverge(s, ref shape, refPage *link.Page) []divergence {
	var out []divergence
	if len(s) != len(ref) {
		out = append(out, divergence{s[0].Line, fmt.Sprintf("divergent: %d headings, the %s version has %d", len(s)-1, refPage.Lang.Tag, len(ref)-1)})
	}
	features := markdown.Features()
	for i := range min(len(s), len(ref)) {
		where := "the introduction"
		if i > 0 {
			where = fmt.Sprintf("section %q", s[i].Heading)
		}
		for k, f := range features {
			x, y := s.count(i, k), ref.count(i, k)
			switch {
			case x == 0 && y > 0 && f.None != "":
				out = append(out, divergence{s[i].Line, fmt.Sprintf("divergent: %s has %s; the %s version has %d %s there (%s:%d)", where, f.None, refPage.Lang.Tag, y, f.Name, refPage.Parsed.Path, ref[i].Line)})
			case x != y:
				out = append(out, divergence{s[i].Line, fmt.Sprintf("divergent: %s has %d %s; the %s version has %d", where, x, f.Name, refPage.Lang.Tag, y)})
			}
		}
	}
	return out
}
