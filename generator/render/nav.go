package render

import (
	"encoding/json"
	"slices"
	"strings"

	"rapport/generator/link"
)

// maxNavPlaybooks caps the loose playbooks (outside any article) listed in
// the navigation; the language's home page lists them all.
const maxNavPlaybooks = 30

// nav lists the language's articles, with the current article's playbooks
// expanded, and at most maxNavPlaybooks loose playbooks: the sidebar stays
// small on a site with thousands of pages. The entries are made once per
// language (navEntries) and copied, the current one marked.
func (r *renderer) nav(f *Frame, l *link.Lang, url string) []Item {
	entries := r.navEntries(l)
	children := l.Home.Children
	items := make([]Item, 0, len(entries.shown)+2)
	add := func(i int) {
		c := children[i]
		it := entries.item(f, i, c)
		it.Current = c.URL == url
		if c.Kind == link.Section && (c.URL == url || strings.HasPrefix(url, c.URL)) {
			it.Children = r.articleWindow(f, c, url)
		}
		items = append(items, it)
	}
	// A loose playbook past the cap is listed, in its place, when it is
	// the current page.
	extra, hasExtra := entries.hidden[url]
	for _, i := range entries.shown {
		if hasExtra && extra < i {
			add(extra)
			hasExtra = false
		}
		add(i)
	}
	if hasExtra {
		add(extra)
	}
	if entries.capped {
		items = append(items, Item{Href: f.Href(l.Home.URL), Text: "…"})
	}
	return items
}

// maxNavArticlePages is how many of the current article's pages the
// navigation lists.
const maxNavArticlePages = 50

// articleWindow lists the pages of article a, the current page's (url),
// in the navigation. An article of more than maxNavArticlePages pages is
// windowed: the pages around the current one, with "…" before and after
// for the rest, linking to the article's first page, which lists them all
// ("In this article"). Listing all of them on each of its pages made a
// site's size grow with the square of an article's (10,000 pages: 5.1 GB).
// Windowed rather than collapsed: the reader still sees where the page
// sits and its neighbours, without a script.
func (r *renderer) articleWindow(f *Frame, a *link.Page, url string) []Item {
	pages := a.Children
	lo, hi := 0, len(pages)
	if len(pages) > maxNavArticlePages {
		cur := slices.IndexFunc(pages, func(g *link.Page) bool { return g.URL == url })
		lo = min(max(0, cur-maxNavArticlePages/2), len(pages)-maxNavArticlePages)
		hi = lo + maxNavArticlePages
	}
	items := make([]Item, 0, hi-lo+2)
	if lo > 0 {
		items = append(items, Item{Href: f.Href(a.URL), Text: "…"})
	}
	for _, g := range pages[lo:hi] {
		items = append(items, Item{Href: f.Href(g.URL), Text: f.title(g), Current: g.URL == url})
	}
	if hi < len(pages) {
		items = append(items, Item{Href: f.Href(a.URL), Text: "…"})
	}
	return items
}

// navList is which children of a language's home the navigation shows:
// shown, by index, and hidden, the loose playbooks past the cap, by URL.
// items are every child's entry (not current, not expanded) as a page of
// a build that is not portable links it (nil in a portable build, where
// hrefs depend on the page); pages the data-pages of each article.
type navList struct {
	shown  []int
	hidden map[string]int
	capped bool
	items  []Item
	pages  map[*link.Page]string
}

// item returns the entry of c, the home's child i, seen from frame f.
func (n *navList) item(f *Frame, i int, c *link.Page) Item {
	if n.items != nil && !f.link.portable {
		// Recorded as making the entry would (see deps.go).
		f.deps.add(c.URL)
		f.shown.add(c.URL)
		return n.items[i]
	}
	return Item{Href: f.Href(c.URL), Text: f.title(c), Pages: n.pages[c]}
}

// navEntries returns the navigation list of l, computed once per render.
func (r *renderer) navEntries(l *link.Lang) *navList {
	r.navMu.Lock()
	defer r.navMu.Unlock()
	if n, ok := r.navs[l]; ok {
		return n
	}
	n := &navList{hidden: map[string]int{}, pages: map[*link.Page]string{}}
	loose := 0
	for i, c := range l.Home.Children {
		if c.Kind == link.Section && len(c.Children) < navPagesMax {
			ids := []string{pageID(c.URL)}
			for _, g := range c.Children {
				ids = append(ids, pageID(g.URL))
			}
			b, _ := json.Marshal(ids)
			n.pages[c] = string(b)
		}
		if c.Kind == link.Playbook {
			if loose++; loose > maxNavPlaybooks {
				n.hidden[c.URL] = i
				continue
			}
		}
		n.shown = append(n.shown, i)
	}
	n.capped = loose > maxNavPlaybooks
	if !r.opts.Portable {
		f := &Frame{r: r, link: linker{base: r.opts.BaseURL}}
		n.items = make([]Item, len(l.Home.Children))
		for i, c := range l.Home.Children {
			n.items[i] = Item{Href: f.Href(c.URL), Text: f.title(c), Pages: n.pages[c]}
		}
	}
	r.navs[l] = n
	return n
}
