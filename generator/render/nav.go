package render

import (
	"encoding/json"
	"strings"

	"rapport/generator/link"
)

// maxNavPlaybooks caps the loose playbooks (outside any article) listed in
// the navigation; the language's home page lists them all.
const maxNavPlaybooks = 30

// nav lists the language's articles, with the current article's playbooks
// expanded, and at most maxNavPlaybooks loose playbooks: the sidebar stays
// small on a site with thousands of pages.
func (r *renderer) nav(f *Frame, l *link.Lang, url string) []Item {
	entries := r.navEntries(l)
	children := l.Home.Children
	items := make([]Item, 0, len(entries.shown)+2)
	add := func(c *link.Page) {
		it := Item{Href: f.Href(c.URL), Text: r.title(c), Current: c.URL == url}
		if c.Kind == link.Section && len(c.Children) < navPagesMax {
			ids := []string{pageID(c.URL)}
			for _, g := range c.Children {
				ids = append(ids, pageID(g.URL))
			}
			b, _ := json.Marshal(ids)
			it.Pages = string(b)
		}
		if c.Kind == link.Section && (c.URL == url || strings.HasPrefix(url, c.URL)) {
			for _, g := range c.Children {
				it.Children = append(it.Children, Item{Href: f.Href(g.URL), Text: r.title(g), Current: g.URL == url})
			}
		}
		items = append(items, it)
	}
	// A loose playbook past the cap is listed, in its place, when it is
	// the current page.
	extra, hasExtra := entries.hidden[url]
	for _, i := range entries.shown {
		if hasExtra && extra < i {
			add(children[extra])
			hasExtra = false
		}
		add(children[i])
	}
	if hasExtra {
		add(children[extra])
	}
	if entries.capped {
		items = append(items, Item{Href: f.Href(l.Home.URL), Text: "…"})
	}
	return items
}

// navList is which children of a language's home the navigation shows:
// shown, by index, and hidden, the loose playbooks past the cap, by URL.
type navList struct {
	shown  []int
	hidden map[string]int
	capped bool
}

// navEntries returns the navigation list of l, computed once per render.
func (r *renderer) navEntries(l *link.Lang) *navList {
	r.navMu.Lock()
	defer r.navMu.Unlock()
	if n, ok := r.navs[l]; ok {
		return n
	}
	n := &navList{hidden: map[string]int{}}
	loose := 0
	for i, c := range l.Home.Children {
		if c.Kind == link.Playbook {
			if loose++; loose > maxNavPlaybooks {
				n.hidden[c.URL] = i
				continue
			}
		}
		n.shown = append(n.shown, i)
	}
	n.capped = loose > maxNavPlaybooks
	r.navs[l] = n
	return n
}
