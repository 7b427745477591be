package render

import (
	"runtime"
	"slices"
	"strings"

	"rapport/generator/diag"
	"rapport/generator/link"
	"rapport/generator/memo"
	"rapport/generator/parse"
)

// What a page shows of other pages is recorded as it is made: every site
// path its frame turns into a link (Frame.Href) is one of its deps, and so
// is its language's home, whose children the navigation lists. A page
// shows another page's title, description or place only next to a link to
// it, so when a new site graph comes, a kept page whose own place and deps
// are unchanged (graphDiff) renders the same and is not made again: a
// title edit re-renders the pages that list the title, not every page.

// pageDeps records the site paths a page links while its view is made; a
// nil *pageDeps records nothing (a memo that keeps nothing).
type pageDeps struct{ paths []string }

// add records a site path the page links (assets are not pages).
func (d *pageDeps) add(sitePath string) {
	if d == nil || strings.HasPrefix(sitePath, "assets/") {
		return
	}
	d.paths = append(d.paths, sitePath)
}

// list returns the recorded paths, without repeats.
func (d *pageDeps) list() []string {
	if d == nil {
		return nil
	}
	for i, p := range d.paths {
		if j := strings.IndexByte(p, '#'); j >= 0 {
			d.paths[i] = p[:j]
		}
	}
	slices.Sort(d.paths)
	return slices.Clone(slices.Compact(d.paths)) // kept: no room to spare
}

// newDeps returns the recorder of a page of language l, or nil when the
// memo keeps nothing.
func (m *Memo) newDeps(l *link.Lang) *pageDeps {
	if !m.policy.Keep {
		return nil
	}
	d := &pageDeps{paths: make([]string, 0, 64)}
	d.add(l.Home.URL)
	return d
}

// graphDiff is what changed between the graph the memo's pages were last
// made or checked against (from) and this render's: the site paths of the
// pages added, removed, or whose parsed page or place in the graph
// (parent, children, neighbours, translations, related pages, links)
// differ. ok is false when something every page may show changed too (the
// languages, the topics) or the graphs cannot be compared.
type graphDiff struct {
	from    uint64
	ok      bool
	changed map[string]bool
	// moved says a page was added or removed, the reading order changed,
	// or a changed page moved in the lists generated pages show (see
	// listing).
	moved bool
}

// unaffected reports whether a page at url, last made or checked against
// graph version graph and showing deps, renders the same in the new graph.
func (d *graphDiff) unaffected(url string, graph uint64, deps []string) bool {
	if d == nil || !d.ok || graph != d.from || d.changed[url] {
		return false
	}
	return !touches(d.changed, deps)
}

// touches reports whether some of deps, sorted site paths, are in set: by
// looking each of set up in deps when it is small (an edit), each of deps
// up in set otherwise.
func touches(set map[string]bool, deps []string) bool {
	if len(set) <= 8 {
		for u := range set {
			if _, found := slices.BinarySearch(deps, u); found {
				return true
			}
		}
		return false
	}
	for _, p := range deps {
		if set[p] {
			return true
		}
	}
	return false
}

// diff compares site, graph version v, with the graph the memo last saw,
// and keeps site as the one the next diff starts from. It returns nil when
// the memo keeps nothing or the graph is the same one. A page changed when
// its parsed page or its link.Place did; it moved when its listing did.
func (m *Memo) diff(site *link.Site, v uint64, search bool) *graphDiff {
	if !m.policy.Keep {
		return nil
	}
	last := m.last
	if last.site != nil && last.version == v {
		return nil
	}
	m.last.site, m.last.version = site, v
	m.last.shape = memo.NewHash().Value(siteFactsOf(site, search)).Sum()
	m.last.places = placesOf(site)
	if last.site == nil {
		return nil
	}
	d := &graphDiff{from: last.version, ok: last.shape == m.last.shape, changed: map[string]bool{}}
	if !d.ok {
		return d
	}
	if len(m.last.places) != len(site.Pages) || len(last.places) != len(last.site.Pages) {
		d.ok = false // two pages at one address: an error the build reports
		return d
	}
	old := make(map[string]*link.Page, len(last.site.Pages))
	for _, p := range last.site.Pages {
		old[p.URL] = p
	}
	d.moved = len(site.Pages) != len(last.site.Pages)
	for i, p := range site.Pages {
		q, ok := old[p.URL]
		if !ok || m.last.places[p.URL] != last.places[p.URL] {
			d.changed[p.URL] = true
			d.moved = d.moved || !ok || listingSum(p) != listingSum(q)
		}
		d.moved = d.moved || last.site.Pages[i].URL != p.URL
	}
	for u := range old {
		if _, ok := m.last.places[u]; !ok {
			d.changed[u] = true
		}
	}
	return d
}

// siteFacts are what every page may show of the site besides its pages:
// the languages and their homes, the topics, whether there is search.
type siteFacts struct {
	Search   bool
	TopicIDs []string
	Langs    []struct{ Tag, Dir, Home string }
}

func siteFactsOf(site *link.Site, search bool) siteFacts {
	f := siteFacts{Search: search, TopicIDs: site.TopicIDs}
	for _, l := range site.Langs {
		f.Langs = append(f.Langs, struct{ Tag, Dir, Home string }{l.Tag, l.Dir, l.Home.URL})
	}
	return f
}

// placed is a page of a graph as diff compares it with the same address
// in another: its parsed page (nil for a home page that link made up,
// which has no source) and the sum of its link.Place.
type placed struct {
	page  *parse.Page
	place memo.Sum
}

// placesOf returns the pages of site by address. Their places are hashed
// on every core: a new graph of 10,000 playbooks has 10,000 to hash, and
// every page render waits for the diff.
func placesOf(site *link.Site) map[string]placed {
	all := make([]placed, len(site.Pages))
	parts := max(1, min(runtime.GOMAXPROCS(0), len(all)/256))
	var g diag.Group
	for k := range parts {
		g.Go(diag.Pos{File: "content"}, "comparing the site graph with the last one", func() {
			var buf []string
			for i := k * len(all) / parts; i < (k+1)*len(all)/parts; i++ {
				p := site.Pages[i]
				var place link.Place
				place, buf = p.PlaceIn(buf)
				all[i] = placed{page: p.Parsed, place: memo.NewHash().Value(place).Sum()}
				if p.Kind == link.Home && len(p.Parsed.Data) == 0 {
					all[i].page = nil // made by link: a new one every time
				}
			}
		})
	}
	g.Wait()
	out := make(map[string]placed, len(site.Pages))
	for i, p := range site.Pages {
		out[p.URL] = all[i]
	}
	return out
}

// listing is what decides the lists of generated pages a page is in, and
// where: its kind, language, parent, children, translations, topics,
// weight, number of questions and the page it was translated from.
type listing struct {
	Kind                           link.Kind
	Lang, Parent                   string
	Children, Translations, Topics []string
	Weight, Questions              int
	TranslatedFrom                 string
}

func listingSum(p *link.Page) memo.Sum {
	pl := p.Place()
	return memo.NewHash().Value(listing{Kind: p.Kind, Lang: pl.Lang, Parent: pl.Parent, Children: pl.Children,
		Translations: pl.Translations, Topics: p.Parsed.Meta.Topics, Weight: p.Parsed.Meta.Weight, Questions: len(p.Parsed.Questions),
		TranslatedFrom: p.Parsed.Meta.TranslatedFrom}).Sum()
}

// newShown returns the recorder of the pages whose titles a page shows
// (Frame.title), or nil when the memo keeps nothing. A generated page
// shows pages by their titles (topic and progress lists, a certificate's
// articles) or by their addresses alone (the status page's cells, whose
// notes come from the report, a deps string), and an address that
// changes moves the page (see unmoved).
func (m *Memo) newShown() *pageDeps {
	if !m.policy.Keep {
		return nil
	}
	return &pageDeps{}
}

// unmoved reports whether a generated page, last made or checked against
// graph version graph and showing links, renders the same in the new
// graph: no page was added, removed or moved (a generated page lists
// pages by topic, language, article: see listing), and none of links
// changed.
func (d *graphDiff) unmoved(graph uint64, links []string) bool {
	if d == nil || !d.ok || d.moved || graph != d.from {
		return false
	}
	return !touches(d.changed, links)
}
