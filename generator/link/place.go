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
	pl, _ := p.PlaceIn(nil)
	return pl
}

// PlaceIn returns p's place with its lists of addresses in buf's storage,
// and that storage to reuse for the next page's: the place is valid until
// buf is used again (hashing the places of every page of a graph
// allocates no list per page).
func (p *Page) PlaceIn(buf []string) (Place, []string) {
	buf = buf[:0]
	for _, list := range [...][]*Page{p.Children, p.Translations, p.Related} {
		for _, q := range list {
			buf = append(buf, q.URL)
		}
	}
	c, t := len(p.Children), len(p.Children)+len(p.Translations)
	return Place{URL: p.URL, Lang: p.Lang.Tag, Kind: p.Kind, Parent: urlOf(p.Parent), Prev: urlOf(p.Prev), Next: urlOf(p.Next),
		Children: clip(buf[:c]), Translations: clip(buf[c:t]), Related: clip(buf[t:]), Hrefs: p.Hrefs}, buf
}

// clip returns s, or nil when it is empty: a place's lists hash the same
// however they were made.
func clip(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s[:len(s):len(s)]
}

func urlOf(p *Page) string {
	if p == nil {
		return ""
	}
	return p.URL
}
