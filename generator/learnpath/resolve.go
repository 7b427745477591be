package learnpath

import (
	"slices"

	"rapport/generator/diag"
	"rapport/generator/link"
)

// InLang is a path as one language shows it: every step, with the page it
// names in that language or nil where it is not translated.
type InLang struct {
	*Path
	Pages []*link.Page
}

// Unpublished is a path left out of language Lang because none of its
// steps has a page in it; In are the languages that publish it, File the
// paths file that defines it.
type Unpublished struct {
	*Path
	File, Lang string
	In         []string
}

// Resolve matches every step of paths against the pages of site, by path
// inside the language folder or by translationKey, and reports the steps
// that match nothing in any language. It returns, by language tag, the
// paths in file order that the language publishes: those with at least
// one step translated into it. The others are returned as unpublished, a
// page of steps that are all "not translated" being of no use to a reader.
func Resolve(file string, paths []*Path, site *link.Site) (map[string][]InLang, []Unpublished, diag.List) {
	byLang, refs := stepIndex(site)
	diags := Check(file, paths, func(ref string) bool { _, ok := slices.BinarySearch(refs, ref); return ok }, refs)
	out := map[string][]InLang{}
	var missing []Unpublished
	for _, l := range site.Langs {
		for _, p := range paths {
			in := InLang{Path: p, Pages: make([]*link.Page, len(p.Steps))}
			has := false
			for i, s := range p.Steps {
				in.Pages[i] = byLang[l.Tag][s.Ref]
				has = has || in.Pages[i] != nil
			}
			if has {
				out[l.Tag] = append(out[l.Tag], in)
				untitled(file, p, l.Tag, &diags)
			} else if len(p.Steps) > 0 {
				missing = append(missing, Unpublished{Path: p, File: file, Lang: l.Tag})
			}
		}
	}
	for i, u := range missing {
		for _, l := range site.Langs {
			if slices.ContainsFunc(out[l.Tag], func(in InLang) bool { return in.Path == u.Path }) {
				missing[i].In = append(missing[i].In, l.Tag)
			}
		}
	}
	return out, missing, diags
}

// untitled warns that path p, published in lang, has no title in it, and
// says what its readers see instead.
func untitled(file string, p *Path, lang string, diags *diag.List) {
	if p.Title[lang] != "" || len(p.Title) == 0 {
		return
	}
	t, in := p.TitleFor(lang)
	diags.Warnf(diag.Pos{File: file, Line: p.Line}, "path %q has no title in %s: its readers see the %s title %q; add %s = \"…\" under [path.title]", p.ID, lang, in, t, lang)
}

// stepIndex maps, by language tag, every name a step can give a page (its
// path inside the language folder, "key:" and its translationKey) to the
// page, and lists every such name in any language, sorted.
func stepIndex(site *link.Site) (map[string]map[string]*link.Page, []string) {
	byLang := map[string]map[string]*link.Page{} // lang → ref → page
	all := map[string]bool{}
	for _, p := range site.Pages {
		if p.Kind == link.Home {
			continue
		}
		m := byLang[p.Lang.Tag]
		if m == nil {
			m = map[string]*link.Page{}
			byLang[p.Lang.Tag] = m
		}
		m[p.Parsed.Rel] = p
		all[p.Parsed.Rel] = true
		if k := p.Parsed.Meta.TranslationKey; k != "" {
			m["key:"+k] = p
			all["key:"+k] = true
		}
	}
	refs := make([]string, 0, len(all))
	for r := range all {
		refs = append(refs, r)
	}
	slices.Sort(refs)
	return byLang, refs
}
