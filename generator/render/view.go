package render

import (
	"encoding/json"
	"html/template"
	"math"
	"slices"
	"strings"

	"rapport/generator/link"
	"rapport/generator/locale"
	"rapport/generator/parse"
)

// View is what a template sees for one page. Templates reach strings with
// .T (HTML, marked with lang/dir when it fell back to English) and .S (plain,
// for attributes), and links with .Href.
type View struct {
	Kind        string // page, home, topics, topic, search, status, 404
	Lang        LangView
	Title       string
	SiteTitle   string
	Description string
	Content     template.HTML
	CSP         string
	NoIndex     bool
	Portable    bool
	ShowSearch  bool
	Assets      struct{ CSS, Search, Icon string }
	Scripts     []string
	Alternates  []Item
	Switcher    []Item
	Nav         []Item
	Breadcrumbs []Item
	TOC         []Item
	Topics      []Item
	Children    []Item
	Foreign     []Item
	Related     []Item
	Articles    []Item
	TopicList   []Item
	NotFound    []NotFound
	Prev, Next  *Item
	ReadingTime template.HTML
	SearchURL   string
	TopicsURL   string
	Search      struct{ Index, Script, Messages string }

	r    *renderer
	loc  *locale.Localizer
	link linker
}

// LangView describes the page's language.
type LangView struct {
	Tag, Dir, Name string
	Home           string // site path
}

// Item is a link in a list. Lang, Dir and LangName are set when the target
// is in another language than the page (Foreign). Label is a UI string that
// goes with it, such as the switcher's "not translated" note.
type Item struct {
	Href, Text, Note    string
	Lang, Dir, LangName string
	Label               template.HTML
	Foreign, Current    bool
	Children            []Item
}

// AnchorAttr returns the item's href attribute when it links a heading on
// the same page ("#id"), with the id as written, not percent-encoded:
// html/template would encode every Hebrew, Arabic or Thai letter as six
// bytes, and the browser shows and matches the id either way. Heading ids
// are made by rapport (letters, digits, '-'); anything else gets href="#".
func (it Item) AnchorAttr() template.HTMLAttr {
	if !strings.HasPrefix(it.Href, "#") {
		return `href="#"`
	}
	return template.HTMLAttr(`href="` + template.HTMLEscapeString(it.Href) + `"`)
}

// NotFound is the not-found message in one language.
type NotFound struct{ Lang, Dir, Title, Body, Back, Href string }

func (r *renderer) newView(l *link.Lang, url string) *View {
	loc := r.loc(l.Tag)
	v := &View{
		r: r, loc: loc, CSP: CSP, Portable: r.opts.Portable,
		link:      linker{base: r.opts.BaseURL, portable: r.opts.Portable, from: url},
		Lang:      LangView{Tag: l.Tag, Dir: l.Dir, Name: r.opts.Locales.NativeName(l.Tag), Home: l.Home.URL},
		SearchURL: l.Tag + "/search/", TopicsURL: l.Tag + "/topics/",
		ShowSearch: r.opts.Search != nil,
	}
	v.SiteTitle = loc.S("site.title")
	v.Assets.CSS = v.Href(r.assets["style.css"])
	v.Assets.Search = v.Href(r.assets["search.js"])
	v.Assets.Icon = v.Href(r.assets["favicon.svg"])
	v.Nav = r.nav(v, l, url)
	return v
}

// Href returns the href of a site path from this page.
func (v *View) Href(sitePath string) string { return v.link.href(sitePath) }

// S returns the UI string id as plain text.
func (v *View) S(id string) string { return v.loc.S(id) }

// T returns the UI string id as HTML; a string that fell back to another
// language is wrapped in a span carrying that language and its direction.
func (v *View) T(id string) template.HTML { return v.wrap(v.loc.T(id, nil)) }

// TN returns the plural UI string id for count n.
func (v *View) TN(id string, n int) template.HTML {
	return v.wrap(v.loc.T(id, map[string]any{"Count": n}))
}

func (v *View) wrap(s, from string) template.HTML {
	esc := template.HTMLEscapeString(s)
	if from == v.Lang.Tag {
		return template.HTML(esc)
	}
	return template.HTML(`<span lang="` + from + `" dir="` + link.Direction(from) + `">` + esc + `</span>`)
}

// maxNavPlaybooks caps the loose playbooks (outside any article) listed in
// the navigation; the language's home page lists them all.
const maxNavPlaybooks = 30

// nav lists the language's articles, with the current article's playbooks
// expanded, and at most maxNavPlaybooks loose playbooks: the sidebar stays
// small on a site with thousands of pages.
func (r *renderer) nav(v *View, l *link.Lang, url string) []Item {
	entries := r.navEntries(l)
	children := l.Home.Children
	items := make([]Item, 0, len(entries.shown)+2)
	add := func(c *link.Page) {
		it := Item{Href: v.Href(c.URL), Text: title(v, c), Current: c.URL == url}
		if c.Kind == link.Section && (c.URL == url || strings.HasPrefix(url, c.URL)) {
			for _, g := range c.Children {
				it.Children = append(it.Children, Item{Href: v.Href(g.URL), Text: title(v, g), Current: g.URL == url})
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
		items = append(items, Item{Href: v.Href(l.Home.URL), Text: "…"})
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

func title(v *View, p *link.Page) string {
	if p.Meta.Title != "" {
		return p.Meta.Title
	}
	if p.Kind == link.Home {
		return v.r.loc(p.Lang.Tag).S("site.title")
	}
	return p.Rel
}

// pageItem links p from view v, marking it foreign when its language differs.
func (v *View) pageItem(p *link.Page) Item {
	it := Item{Href: v.Href(p.URL), Text: title(v, p)}
	if p.Lang.Tag != v.Lang.Tag {
		it.Foreign, it.Lang, it.Dir = true, p.Lang.Tag, p.Lang.Dir
		it.LangName = v.r.opts.Locales.NativeName(p.Lang.Tag)
	}
	return it
}

// switcher lists every language: the page's translations as links, the
// current language marked, languages without this page as plain text.
func (v *View) switcher(current *link.Page, others []*link.Page) {
	for _, l := range v.r.site.Langs {
		it := Item{Lang: l.Tag, Dir: l.Dir, Text: v.r.opts.Locales.NativeName(l.Tag)}
		switch {
		case l.Tag == v.Lang.Tag:
			it.Current = true
		default:
			for _, t := range others {
				if t.Lang == l {
					it.Href = v.Href(t.URL)
				}
			}
			if it.Href == "" {
				it.Label = v.T("nav.not_translated")
			}
		}
		v.Switcher = append(v.Switcher, it)
	}
	if current == nil {
		return
	}
	v.Alternates = append(v.Alternates, Item{Lang: v.Lang.Tag, Href: v.Href(current.URL)})
	for _, t := range others {
		v.Alternates = append(v.Alternates, Item{Lang: t.Lang.Tag, Href: v.Href(t.URL)})
	}
}

// fillPage sets everything a content page shows.
func (v *View) fillPage(p *link.Page, content template.HTML) {
	v.Title, v.Description, v.Content = title(v, p), p.Meta.Description, content
	v.Kind = "page"
	if p.Kind == link.Home {
		v.Kind = "home"
		v.fillHome(p)
	}
	v.switcher(p, p.Translations)
	for q := p.Parent; q != nil; q = q.Parent {
		v.Breadcrumbs = append([]Item{{Href: v.Href(q.URL), Text: title(v, q)}}, v.Breadcrumbs...)
	}
	for _, h := range p.Headings {
		if h.Level == 2 {
			v.TOC = append(v.TOC, Item{Href: "#" + h.ID, Text: h.Text})
		}
	}
	for _, t := range p.Meta.Topics {
		if _, ok := slices.BinarySearch(v.r.site.TopicIDs, t); ok {
			v.Topics = append(v.Topics, Item{Href: v.Href(p.Lang.Tag + "/topics/" + t + "/"), Text: v.S("topic." + t)})
		}
	}
	if p.Kind == link.Section {
		for _, c := range p.Children {
			v.Children = append(v.Children, v.pageItem(c))
		}
	}
	for _, q := range p.Related {
		v.Related = append(v.Related, v.pageItem(q))
	}
	if p.Prev != nil {
		it := v.pageItem(p.Prev)
		v.Prev = &it
	}
	if p.Next != nil {
		it := v.pageItem(p.Next)
		v.Next = &it
	}
	minutes := max(1, int(math.Ceil(float64(p.Words)/wordsPerMinute)))
	v.ReadingTime = v.TN("reading_time", minutes)
	if hasCalculator(p.Page) {
		v.Scripts = append(v.Scripts, v.Href(v.r.assets["calculator.js"]))
	}
}

// wordsPerMinute is an adult's silent reading speed for instructional text.
const wordsPerMinute = 200

func hasCalculator(p *parse.Page) bool { return p.Calculators > 0 }

func (v *View) fillHome(p *link.Page) {
	if p.Meta.Title == "" {
		v.Title = v.S("site.title")
		v.Description = v.S("site.tagline")
	}
	for _, c := range p.Children {
		it := v.pageItem(c)
		it.Note = c.Meta.Description
		for _, g := range c.Children {
			it.Children = append(it.Children, v.pageItem(g))
		}
		v.Articles = append(v.Articles, it)
	}
}

func (r *renderer) chooserView() *View {
	first := r.site.Langs[0]
	v := r.newView(first, "")
	v.Kind, v.Lang = "chooser", LangView{Tag: "mul", Dir: "ltr"}
	titles := []string{}
	for _, l := range r.site.Langs {
		loc := r.loc(l.Tag)
		v.Switcher = append(v.Switcher, Item{Href: v.Href(l.Home.URL), Lang: l.Tag, Dir: l.Dir,
			Text: r.opts.Locales.NativeName(l.Tag), Note: loc.S("site.title")})
		v.Alternates = append(v.Alternates, Item{Lang: l.Tag, Href: v.Href(l.Home.URL)})
		titles = append(titles, loc.S("nav.choose_language"))
	}
	v.Title = strings.Join(slices.Compact(titles), " · ")
	return v
}

func (r *renderer) notFoundView() *View {
	first := r.site.Langs[0]
	v := r.newView(first, "")
	v.link.portable = false // 404.html is served for any path: links must be absolute
	v.Assets.CSS = v.Href(r.assets["style.css"])
	v.Assets.Search = v.Href(r.assets["search.js"])
	v.Assets.Icon = v.Href(r.assets["favicon.svg"])
	v.Nav = nil
	v.Kind, v.NoIndex, v.ShowSearch = "404", true, false
	v.Title = v.S("notfound.title")
	for _, l := range r.site.Langs {
		loc := r.loc(l.Tag)
		v.NotFound = append(v.NotFound, NotFound{Lang: l.Tag, Dir: l.Dir, Title: loc.S("notfound.title"),
			Body: loc.S("notfound.body"), Back: loc.S("notfound.back"), Href: v.Href(l.Home.URL)})
	}
	v.switcher(nil, nil)
	for i := range v.Switcher {
		v.Switcher[i].Current = false
		v.Switcher[i].Href = v.Href(r.site.Langs[i].Home.URL)
	}
	return v
}

// topicPages returns all pages on topic id, in language order.
func (r *renderer) topicPages(id string) []*link.Page {
	var out []*link.Page
	for _, l := range r.site.Langs {
		out = append(out, r.site.Topics[l.Tag][id]...)
	}
	return out
}

func (r *renderer) topicsView(l *link.Lang) *View {
	url := l.Tag + "/topics/"
	v := r.newView(l, url)
	v.Kind, v.Title = "topics", v.S("topics.title")
	for _, id := range r.site.TopicIDs {
		n := len(r.site.Topics[l.Tag][id])
		if !r.topicUsed(id) {
			continue
		}
		v.TopicList = append(v.TopicList, Item{Href: v.Href(url + id + "/"), Text: v.S("topic." + id),
			Note: string(v.TN("topics.count", n))})
	}
	v.topicSwitcher(url)
	return v
}

// topicSwitcher links the same generated page in every language.
func (v *View) topicSwitcher(url string) {
	_, rest, _ := strings.Cut(url, "/")
	for _, l := range v.r.site.Langs {
		it := Item{Lang: l.Tag, Dir: l.Dir, Text: v.r.opts.Locales.NativeName(l.Tag), Current: l.Tag == v.Lang.Tag}
		if !it.Current {
			it.Href = v.Href(l.Tag + "/" + rest)
		}
		v.Switcher = append(v.Switcher, it)
		v.Alternates = append(v.Alternates, Item{Lang: l.Tag, Href: v.Href(l.Tag + "/" + rest)})
	}
}

func (r *renderer) topicView(l *link.Lang, id string) *View {
	url := l.Tag + "/topics/" + id + "/"
	v := r.newView(l, url)
	v.Kind, v.Title = "topic", v.S("topic."+id)
	v.Breadcrumbs = []Item{{Href: v.Href(l.Home.URL), Text: title(v, l.Home)}, {Href: v.Href(l.Tag + "/topics/"), Text: v.S("topics.title")}}
	for _, p := range r.topicPages(id) {
		if p.Lang == l {
			v.Children = append(v.Children, v.pageItem(p))
		} else {
			v.Foreign = append(v.Foreign, v.pageItem(p))
		}
	}
	v.topicSwitcher(url)
	return v
}

func (r *renderer) searchView(l *link.Lang) *View {
	url := l.Tag + "/search/"
	v := r.newView(l, url)
	v.Kind, v.Title = "search", v.S("search.title")
	idx := r.search[l.Tag]
	if idx[0] != "" {
		v.Search.Index = v.Href(idx[0])
	}
	if idx[1] != "" {
		v.Search.Script = v.Href(idx[1])
	}
	msgs := map[string]any{}
	for _, k := range []string{"loading", "empty_query", "no_results", "other_languages"} {
		msgs[k] = v.S("search." + k)
	}
	msgs["results"] = r.pluralForms(v.loc, "search.results")
	b, _ := json.Marshal(msgs)
	v.Search.Messages = string(b)
	v.topicSwitcher(url)
	return v
}

// pluralForms returns the raw text of every plural form of id, keyed by CLDR
// category, with the {{.Count}} placeholder left in, for the browser to fill.
func (r *renderer) pluralForms(loc *locale.Localizer, id string) map[string]string {
	return loc.PluralForms(id)
}

func (r *renderer) statusView() *View {
	// The status page is for the training team, across languages: English.
	first := r.site.Langs[0]
	en := &link.Lang{Tag: "en", Dir: "ltr", Home: first.Home}
	v := r.newView(en, "status/")
	v.Kind, v.NoIndex, v.Nav, v.ShowSearch = "status", true, nil, false
	v.Title = v.S("status.title")
	v.Content = r.opts.Status(v.Href)
	return v
}
