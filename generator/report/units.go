package report

import (
	"fmt"

	"rapport/generator/link"
	"rapport/generator/translate/blocks"
)

// UnitCount says how far a language is in the translation units it has
// from one source language: the blocks `rapport translate export` hands
// to translators. Untranslated units have no translation; units in a page
// whose source changed since it was translated need review; the others
// are current.
type UnitCount struct {
	Lang, From                    string
	Untranslated, Review, Current int
}

// Export is the command that exports what the language still needs from
// From, or "" when it needs nothing.
func (u UnitCount) Export() string {
	switch {
	case u.Untranslated+u.Review == 0:
		return ""
	case u.Review == 0:
		return fmt.Sprintf("rapport translate export -lang %s -from %s -only missing", u.Lang, u.From)
	}
	return fmt.Sprintf("rapport translate export -lang %s -from %s", u.Lang, u.From)
}

// Units counts each language's translation units from each source
// language, in the site's language order. A page's units are paired with
// its source's by their kinds (blocks.AlignKinds); the source of a group
// of translations is the page the others say they were translated from,
// else the page in defaultLang, else the page with the most units.
func (r *Report) Units(site *link.Site, defaultLang string) {
	groups := groupsOf(site)
	// A group whose source is not plain (two pages with as many units)
	// takes the language that is the source of most others.
	wins := map[string]int{}
	for _, g := range groups {
		if src, sure := sourceOf(g, defaultLang, nil); sure {
			wins[src.Lang.Tag]++
		}
	}
	counts := map[[2]string]*UnitCount{}
	source := map[*link.Page]string{}
	for _, g := range groups {
		src, _ := sourceOf(g, defaultLang, wins)
		for _, p := range g {
			source[p] = src.Lang.Tag
		}
		for _, l := range site.Langs {
			k := [2]string{l.Tag, src.Lang.Tag}
			if l.Tag == src.Lang.Tag || len(src.Parsed.Units) == 0 {
				continue
			}
			if counts[k] == nil {
				counts[k] = &UnitCount{Lang: l.Tag, From: src.Lang.Tag}
			}
			counts[k].add(src, pageIn(g, l.Tag))
		}
	}
	for _, l := range site.Langs {
		for _, s := range site.Langs {
			if c := counts[[2]string{l.Tag, s.Tag}]; c != nil {
				r.UnitCounts = append(r.UnitCounts, *c)
			}
		}
	}
	r.titleBySource(source)
}

// titleBySource titles each group in its source language: the status
// page's row of a page written in Hebrew and translated into Czech is
// titled in Hebrew.
func (r *Report) titleBySource(source map[*link.Page]string) {
	for i := range r.Groups {
		g := &r.Groups[i]
		for _, c := range g.Cells {
			if c.Page != nil {
				g.Source = source[c.Page]
				break
			}
		}
		g.Title = title(g.Cells, g.Source)
	}
}

func (c *UnitCount) add(src, p *link.Page) {
	n := len(src.Parsed.Units)
	if p == nil {
		c.Untranslated += n
		return
	}
	paired := blocks.AlignKinds(src.Parsed.Units, p.Parsed.Units)
	c.Untranslated += n - paired
	if p.Parsed.Meta.TranslatedFrom == src.Parsed.Path && p.Parsed.Meta.SourceHash != "" && p.Parsed.Meta.SourceHash != src.Parsed.BodySum {
		c.Review += paired
	} else {
		c.Current += paired
	}
}

func pageIn(group []*link.Page, lang string) *link.Page {
	for _, p := range group {
		if p.Lang.Tag == lang {
			return p
		}
	}
	return nil
}

func groupsOf(site *link.Site) [][]*link.Page {
	var groups [][]*link.Page
	seen := map[*link.Page]bool{}
	for _, p := range site.Pages {
		if seen[p] {
			continue
		}
		group := append([]*link.Page{p}, p.Translations...)
		for _, q := range group {
			seen[q] = true
		}
		groups = append(groups, group)
	}
	return groups
}

// sourceOf picks a group's source: the page most others were translated
// from, else the page in defaultLang, else the page with the most units,
// else the page in the language that wins most (wins), else the first.
// sure is false when the last two decided.
func sourceOf(group []*link.Page, defaultLang string, wins map[string]int) (best *link.Page, sure bool) {
	named := map[string]int{}
	for _, p := range group {
		named[p.Parsed.Meta.TranslatedFrom]++
	}
	rank := func(p *link.Page) [4]int {
		return [4]int{named[p.Parsed.Path], boolInt(p.Lang.Tag == defaultLang), len(p.Parsed.Units), wins[p.Lang.Tag]}
	}
	best, sure = group[0], true
	for _, p := range group[1:] {
		a, b := rank(p), rank(best)
		switch {
		case [3]int(a[:3]) == [3]int(b[:3]):
			sure = false
			if a[3] > b[3] {
				best = p
			}
		case a[0] > b[0] || a[0] == b[0] && (a[1] > b[1] || a[1] == b[1] && a[2] > b[2]):
			best, sure = p, true
		}
	}
	return best, sure
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
