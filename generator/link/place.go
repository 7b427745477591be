package link

// Place is where a page is in the site graph, every page it points to
// named by its address: its kind and language, its parent, neighbours,
// children, translations and related pages, and where its links lead. A
// view of the page shows of the graph only what its place names, so a
// page whose parsed source and place are the same in two graphs renders
// the same in both, but for what it shows of the pages named. It is a
// plain value, for memo keys (memo.Hash.Value).
type Place struct {
	URL, Lang                       string
	Kind                            Kind
	Parent, Prev, Next              string
	Children, Translations, Related []string
	// Hrefs are the resolved links (see Page.Hrefs).
	Hrefs []string
}

// Place returns p's place.
func (p *Page) Place() Place {
	return Place{URL: p.URL, Lang: p.Lang.Tag, Kind: p.Kind, Parent: urlOf(p.Parent), Prev: urlOf(p.Prev), Next: urlOf(p.Next),
		Children: urls(p.Children), Translations: urls(p.Translations), Related: urls(p.Related), Hrefs: p.Hrefs}
}

func urlOf(p *Page) string {
	if p == nil {
		return ""
	}
	return p.URL
}

func urls(pages []*Page) []string {
	if len(pages) == 0 {
		return nil
	}
	out := make([]string, len(pages))
	for i, p := range pages {
		out[i] = p.URL
	}
	return out
}
