package render

import (
	"encoding/json"
	"slices"
	"strings"
	"sync"

	"rapport/generator/link"
	"rapport/generator/memo"
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
	var extra int
	var hasExtra bool
	if entries.capped {
		extra, hasExtra = entries.hidden()[url]
	}
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
// shown, by index, and the loose playbooks past the cap (hidden), by URL,
// found when a page asks. items are the shown children's entries (not
// current, not expanded) as a page of a build that is not portable links
// them (nil in a portable build, where hrefs depend on the page); pages
// the data-pages of each article. A navList is read only once made: the
// memo keeps it for the next render of the same graph (see navEntries).
type navList struct {
	shown    []int
	children []*link.Page // the home's
	capped   bool
	items    map[int]Item
	pages    map[*link.Page]string
	hidden   func() map[string]int
}

// item returns the entry of c, the home's child i, seen from frame f.
func (n *navList) item(f *Frame, i int, c *link.Page) Item {
	if it, ok := n.items[i]; ok && !f.link.portable {
		// Recorded as making the entry would (see deps.go).
		f.deps.add(c.URL)
		f.shown.add(c.URL)
		return it
	}
	return Item{Href: f.Href(c.URL), Text: f.title(c), Pages: n.pages[c]}
}

// navEntries returns the navigation list of l, made once per render, or
// taken from the memo when the graph and the setup are the ones it was
// made from: an edit of a page's text keeps every language's.
func (r *renderer) navEntries(l *link.Lang) *navList {
	r.navMu.Lock()
	defer r.navMu.Unlock()
	if n, ok := r.navs[l]; ok {
		return n
	}
	v := r.opts.Versions
	n, sum, ok := r.opts.Memo.navs.Lookup(l.Tag, func() memo.Sum {
		return memo.NewHash().Sums(v.Setup).Ints(int(v.Graph)).Sum()
	})
	// The same graph version is the very same graph; a render given no
	// versions (Versions.Graph 0) is held to the home's children too.
	if !ok || !slices.Equal(n.children, l.Home.Children) {
		n = r.makeNav(l)
		r.opts.Memo.navs.Put(l.Tag, sum, n)
	}
	r.navs[l] = n
	return n
}

// makeNav makes the navigation list of l.
func (r *renderer) makeNav(l *link.Lang) *navList {
	children := l.Home.Children
	n := &navList{children: children, pages: map[*link.Page]string{}}
	loose := 0
	for i, c := range children {
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
				continue
			}
		}
		n.shown = append(n.shown, i)
	}
	n.capped = loose > maxNavPlaybooks
	n.hidden = sync.OnceValue(func() map[string]int { return hiddenPlaybooks(children) })
	if !r.opts.Portable {
		f := &Frame{r: r, link: linker{base: r.opts.BaseURL}}
		n.items = make(map[int]Item, len(n.shown))
		for _, i := range n.shown {
			c := children[i]
			n.items[i] = Item{Href: f.Href(c.URL), Text: f.title(c), Pages: n.pages[c]}
		}
	}
	return n
}

// hiddenPlaybooks returns the home's loose playbooks past the cap, by URL,
// with their index among children.
func hiddenPlaybooks(children []*link.Page) map[string]int {
	out := map[string]int{}
	loose := 0
	for i, c := range children {
		if c.Kind == link.Playbook {
			if loose++; loose > maxNavPlaybooks {
				out[c.URL] = i
			}
		}
	}
	return out
}
