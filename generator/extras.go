package generator

import (
	"rapport/generator/link"
	"rapport/generator/parse"
	"rapport/generator/search"
)

// searchIndex returns the builder of one language's search index, from its
// pages (the language home excluded): the compressed index, for fetch, or,
// with script, the same bytes in a script, for pages opened from disk. It
// takes what it needs from the pages now (parsed sections are never
// changed afterwards).
func searchIndex(lang string, pages []*link.Page, script bool) func() []byte {
	var docs []search.Doc
	for _, p := range pages {
		if p.Kind == link.Home {
			continue
		}
		docs = append(docs, search.Doc{URL: p.URL, Title: p.Meta.Title, Sections: sections(p.Sections)})
	}
	return func() []byte {
		gz := search.Build(lang, docs)
		if script {
			return search.Script(lang, gz)
		}
		return gz
	}
}

func sections(in []parse.Section) []search.Section {
	out := make([]search.Section, len(in))
	for i, s := range in {
		out[i] = search.Section{Anchor: s.Anchor, Heading: s.Heading, Text: s.Text}
	}
	return out
}
