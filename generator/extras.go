package generator

import (
	"rapport/generator/link"
	"rapport/generator/parse"
	"rapport/generator/render"
	"rapport/generator/search"
)

// searchIndex builds one language's search index from its pages (the
// language home excluded) and returns its files: the compressed index, for
// fetch, and the same bytes in a script, for pages opened from disk.
func searchIndex(lang string, pages []*link.Page) ([]render.File, string, string) {
	var docs []search.Doc
	for _, p := range pages {
		if p.Kind == link.Home {
			continue
		}
		docs = append(docs, search.Doc{URL: p.URL, Title: p.Meta.Title, Sections: sections(p.Sections)})
	}
	gz := search.Build(lang, docs)
	js := search.Script(lang, gz)
	// .bin, not .json.gz: static servers would add a Content-Encoding.
	bin := render.Fingerprint("assets/search-"+lang+".bin", gz)
	script := render.Fingerprint("assets/search-"+lang+".js", js)
	return []render.File{{Path: bin, Data: gz}, {Path: script, Data: js}}, bin, script
}

func sections(in []parse.Section) []search.Section {
	out := make([]search.Section, len(in))
	for i, s := range in {
		out[i] = search.Section{Anchor: s.Anchor, Heading: s.Heading, Text: s.Text}
	}
	return out
}
