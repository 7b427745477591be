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

// Resolve matches every step of paths against the pages of site, by path
// inside the language folder or by translationKey, and reports the steps
// that match nothing in any language. It returns, by language tag, the
// paths in file order.
func Resolve(file string, paths []*Path, site *link.Site) (map[string][]InLang, diag.List) {
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
		m[p.Rel] = p
		all[p.Rel] = true
		if k := p.Meta.TranslationKey; k != "" {
			m["key:"+k] = p
			all["key:"+k] = true
		}
	}
	refs := make([]string, 0, len(all))
	for r := range all {
		refs = append(refs, r)
	}
	slices.Sort(refs)
	diags := Check(file, paths, func(ref string) bool { return all[ref] }, refs)
	out := map[string][]InLang{}
	for _, l := range site.Langs {
		for _, p := range paths {
			in := InLang{Path: p, Pages: make([]*link.Page, len(p.Steps))}
			for i, s := range p.Steps {
				in.Pages[i] = byLang[l.Tag][s.Ref]
			}
			out[l.Tag] = append(out[l.Tag], in)
		}
	}
	return out, diags
}
