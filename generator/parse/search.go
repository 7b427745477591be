package parse

import "rapport/generator/search"

// gatherSearch takes what the search index needs of the page's sections
// (their terms, tokenized here on the parse stage's workers, and the text
// search results show, compressed) and drops the sections: no section text
// is held past parse.
func (p *Page) gatherSearch(dict *search.Dictionary) {
	secs := make([]search.Section, len(p.Sections))
	for i, s := range p.Sections {
		secs[i] = search.Section{Anchor: s.Anchor, Heading: s.Heading, Text: s.Text}
	}
	p.Search = dict.Gather(p.Meta.Title, secs)
	p.Sections = nil
}

// DropSearch forgets what gatherSearch took, once the search index holds
// it (a one-shot build).
func (p *Page) DropSearch() {
	p.Search = nil
}
