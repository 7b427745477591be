package render

import (
	"encoding/json"
	"html/template"
	"math"
	"slices"
	"strings"
	"sync"

	"rapport/generator/link"
)

// The views of each page kind. A kind is a small struct, a function that
// fills it, and a template of the same purpose in themes/default/templates.

// Article is a playbook or an article's overview page (template "page").
type Article struct {
	Lead        string // the front matter's description
	Content     template.HTML
	ReadingTime template.HTML
	Breadcrumbs []Item
	TOC         []Item // the page's second-level headings
	Topics      []Item
	Children    []Item // an article's playbooks
	Related     []Item
	Prev, Next  *Item
	// Edit is the address of the page's source ("edit this page"), or "".
	Edit string
	// Updated is when the page last changed, YYYY-MM-DD (front matter
	// lastmod, else git), or "". dates.js shows it in the page's language
	// and calendar.
	Updated string
	// Handout is the href of the printable handout of the page's article;
	// Certificate, on an article's first page, that of its certificate.
	Handout, Certificate string
	// Paths are the learning paths the page is a step of.
	Paths []PathBanner
}

// Home is a language's home page (template "home").
type Home struct {
	Lead     string // the front matter's description, else the site's tagline
	Content  template.HTML
	Paths    []PathItem // the language's learning paths
	PathsURL string     // the href of their list
	Articles []Item     // each with its playbooks as Children
}

// contentPage returns the page of p, a content page, without its content:
// the caller fills in Content (see renderPage).
func (r *renderer) contentPage(p *link.Page) (*Page, *template.HTML) {
	f := r.newFrame(p.Lang, p.URL)
	f.Title, f.Description = f.title(p), p.Parsed.Meta.Description
	if f.Description == "" {
		f.Description = describe(p.Parsed.Lead)
	}
	if p.Kind != link.Home {
		f.OGType = "article"
	}
	f.switcher(p, p.Translations)
	for _, s := range p.Parsed.Scripts { // the counted Markdown features' (markdown.Features)
		f.Scripts = append(f.Scripts, f.Href(r.assets[s]))
	}
	if p.Kind != link.Home {
		f.Progress.Page = pageID(p.URL)
	}
	f.knowledgeChecks(p)
	if p.Kind == link.Home {
		h := f.home(p)
		return &Page{Frame: f, Template: "home", Data: h}, &h.Content
	}
	a := f.article(p)
	a.Edit = r.opts.Settings.Edit(p.Parsed.Path, p.Lang.Tag)
	a.Updated = string(p.Parsed.Meta.Lastmod)
	if a.Updated == "" {
		a.Updated = r.opts.Updated[p.Parsed.Path]
	}
	if a.Updated != "" {
		f.Scripts = append(f.Scripts, f.Href(r.assets["dates.js"]))
	}
	return &Page{Frame: f, Template: "page", Data: a}, &a.Content
}

// wordsPerMinute is an adult's silent reading speed for instructional text.
const wordsPerMinute = 200

func (f *Frame) article(p *link.Page) *Article {
	a := &Article{Lead: p.Parsed.Meta.Description}
	depth := 0
	for q := p.Parent; q != nil; q = q.Parent {
		depth++
	}
	if depth > 0 {
		a.Breadcrumbs = make([]Item, depth)
		for q := p.Parent; q != nil; q = q.Parent {
			depth--
			a.Breadcrumbs[depth] = Item{Href: f.Href(q.URL), Text: f.title(q)}
		}
	}
	for _, h := range p.Parsed.Headings {
		if h.Level == 2 {
			if a.TOC == nil {
				a.TOC = make([]Item, 0, len(p.Parsed.Headings))
			}
			a.TOC = append(a.TOC, Item{Href: "#" + h.ID, Text: h.Text})
		}
	}
	for _, t := range p.Parsed.Meta.Topics {
		if _, ok := slices.BinarySearch(f.r.site.TopicIDs, t); ok {
			a.Topics = append(a.Topics, Item{Href: f.Href(p.Lang.Tag + "/" + link.TopicsDir + "/" + t + "/"), Text: f.S("topic." + t)})
		}
	}
	if p.Kind == link.Section {
		for _, c := range p.Children {
			a.Children = append(a.Children, f.pageItem(c))
		}
	}
	if len(p.Related) > 0 {
		a.Related = make([]Item, len(p.Related))
		for i, q := range p.Related {
			a.Related[i] = f.pageItem(q)
		}
	}
	a.Paths = f.pathBanners(p)
	if p.Prev != nil {
		it := f.pageItem(p.Prev)
		a.Prev = &it
	}
	if p.Next != nil {
		it := f.pageItem(p.Next)
		a.Next = &it
	}
	if art := articleOf(p); art != nil {
		a.Handout = f.Href(handoutURL(art))
		if art == p {
			a.Certificate = f.Href(p.Lang.Tag + "/" + link.CertDir + "/#article-" + strings.TrimSuffix(pageID(p.URL), "/"))
		}
	}
	minutes := max(1, int(math.Ceil(float64(p.Parsed.Words)/wordsPerMinute)))
	a.ReadingTime = f.TN("reading_time", minutes)
	return a
}

func (f *Frame) home(p *link.Page) *Home {
	if p.Parsed.Meta.Title == "" {
		f.Title = f.S("site.title")
	}
	if p.Parsed.Meta.Description == "" {
		f.Description = f.S("site.tagline")
	}
	h := &Home{Lead: f.Description}
	for _, in := range f.r.opts.Paths[p.Lang.Tag] {
		h.Paths = append(h.Paths, f.pathItem(in))
		h.PathsURL = f.Href(pathsURL(p.Lang.Tag))
	}
	for _, c := range p.Children {
		it := f.pageItem(c)
		it.Note = c.Parsed.Meta.Description
		for _, g := range c.Children {
			it.Children = append(it.Children, f.pageItem(g))
		}
		h.Articles = append(h.Articles, it)
	}
	return h
}

// Chooser is the site's root page, a list of its languages (template
// "chooser", standalone: it has no site chrome). With a default language
// (rapport.toml defaultLanguage) the root leads there at once, as
// Docusaurus's and Starlight's roots are their default locale's home: the
// list stays, that language first, for a reader whose browser does not
// follow the redirect, and every page's language switcher offers the
// others.
type Chooser struct {
	Languages []Item // each with the language's site title as Note
	Default   string // the href of the default language's home, or ""
}

func (r *renderer) chooserPage() *Page {
	f := r.newFrame(r.site.Langs[0], "")
	f.Lang = LangView{Tag: "mul", Dir: "ltr"}
	c := &Chooser{}
	var titles, taglines []string
	for _, l := range r.site.Langs {
		loc := r.loc(l.Tag)
		it := Item{Href: f.Href(l.Home.URL), Lang: l.Tag, Dir: l.Dir, Text: r.nativeName(l.Tag), Note: loc.S("site.title")}
		if r.opts.Settings != nil && l.Tag == r.opts.Settings.DefaultLanguage {
			it.Current, c.Default = true, it.Href
			c.Languages = append([]Item{it}, c.Languages...)
		} else {
			c.Languages = append(c.Languages, it)
		}
		f.Alternates = append(f.Alternates, f.alternate(l.Tag, l.Home.URL))
		titles = append(titles, loc.S("nav.choose_language"))
		taglines = append(taglines, loc.S("site.tagline"))
	}
	f.addXDefault()
	f.Title = strings.Join(slices.Compact(titles), " · ")
	f.Description = describe(strings.Join(taglines, " · "))
	return &Page{Frame: f, Template: "chooser", Data: c, Standalone: true}
}

// NotFound is a not-found page (template "notfound"): its message in one
// language (<lang>/404.html) or in every language (404.html, standalone:
// site.js shows the reader's language, see notFoundPage).
type NotFound struct {
	Base     string // the site's base path, for site.js to find the language folder
	Messages []NotFoundMessage
}

// NotFoundMessage is the not-found message in one language.
type NotFoundMessage struct {
	Lang, Dir, Title, Body, Back, Href string
	// Search is the language's search page ("" without search), and
	// SearchLabel, Placeholder and Submit its box's strings: the site's
	// one 404.html, which has no header, gives each language's message
	// the header's search box.
	Search, SearchLabel, Placeholder, Submit string
}

// notFoundPage returns the site's 404.html: the message in every language
// and no language's chrome. Hosts serve it for any missing path, so its
// script picks the language of the address's first folder, else the
// browser's preferred one among the site's, and shows only that; with
// neither, the reader chooses.
func (r *renderer) notFoundPage() *Page {
	f := r.notFoundFrame(r.site.Langs[0])
	f.Lang = LangView{Tag: "mul", Dir: "ltr"}
	n := &NotFound{Base: r.opts.BaseURL}
	var titles []string
	for _, l := range r.site.Langs {
		m := r.notFoundMessage(f, l)
		n.Messages = append(n.Messages, m)
		titles = append(titles, m.Title)
	}
	f.Title = strings.Join(slices.Compact(titles), " · ")
	return &Page{Frame: f, Template: "notfound-all", Data: n, Standalone: true}
}

// langNotFoundPage returns <lang>/404.html: the message in l's language,
// inside l's chrome, for hosts that serve a folder's own 404 page.
func (r *renderer) langNotFoundPage(l *link.Lang) *Page {
	f := r.notFoundFrame(l)
	f.Nav = r.nav(f, l, "")
	f.Title = f.S("notfound.title")
	f.sameInEveryLanguage(l.Tag + "/")
	f.Alternates = nil
	n := &NotFound{Base: r.opts.BaseURL, Messages: []NotFoundMessage{r.notFoundMessage(f, l)}}
	return &Page{Frame: f, Template: "notfound", Data: n}
}

// notFoundFrame is the frame of a 404 page: served for any path, so its
// links are absolute even in a portable build; never indexed.
func (r *renderer) notFoundFrame(l *link.Lang) *Frame {
	f := r.newFrame(l, "")
	f.link.portable = false
	f.setAssets()
	f.Nav = nil
	f.NoIndex, f.Canonical = true, ""
	f.Description = f.S("notfound.body")
	return f
}

func (r *renderer) notFoundMessage(f *Frame, l *link.Lang) NotFoundMessage {
	loc := r.loc(l.Tag)
	m := NotFoundMessage{Lang: l.Tag, Dir: l.Dir, Title: loc.S("notfound.title"),
		Body: loc.S("notfound.body"), Back: loc.S("notfound.back"), Href: f.Href(l.Home.URL)}
	if f.ShowSearch {
		m.Search = f.Href(l.Tag + "/" + link.SearchDir + "/")
		m.SearchLabel, m.Placeholder, m.Submit = loc.S("search.label"), loc.S("search.placeholder"), loc.S("search.submit")
	}
	return m
}

// TopicIndex lists a language's topics, those with pages in it
// (template "topics").
type TopicIndex struct {
	Topics []Item // with the number of pages as Note
}

func (r *renderer) topicIndexPage(l *link.Lang) *Page {
	url := l.Tag + "/" + link.TopicsDir + "/"
	f := r.newFrame(l, url)
	f.Title, f.Description = f.S("topics.title"), f.S("topics.intro")
	t := &TopicIndex{}
	for _, id := range r.site.TopicIDs {
		// A topic with no page in this language is not listed, as
		// Docusaurus and Starlight list a locale's own tags; its page is
		// still built, for the language switcher of the topic in the
		// others, and says so.
		n := len(r.site.Topics[l.Tag][id])
		if n == 0 {
			continue
		}
		t.Topics = append(t.Topics, Item{Href: f.Href(url + id + "/"), Text: f.S("topic." + id),
			Note: string(f.TN("topics.count", n))})
	}
	f.sameInEveryLanguage(url)
	return &Page{Frame: f, Template: "topics", Data: t}
}

// Topic lists the pages on one topic (template "topic").
type Topic struct {
	Breadcrumbs []Item
	Here        []Item // in the page's language
	Foreign     []Item // in the other languages
}

func (r *renderer) topicPage(l *link.Lang, id string) *Page {
	url := l.Tag + "/" + link.TopicsDir + "/" + id + "/"
	f := r.newFrame(l, url)
	f.Title, f.Description = f.S("topic."+id), f.S("topics.intro")
	t := &Topic{Breadcrumbs: []Item{{Href: f.Href(l.Home.URL), Text: f.title(l.Home)}, {Href: f.Href(l.Tag + "/" + link.TopicsDir + "/"), Text: f.S("topics.title")}}}
	var foreign [][]Item
	for _, ll := range r.site.Langs {
		if ll == l {
			t.Here = r.topicItems(f, id, ll)
		} else if items := r.topicItems(f, id, ll); len(items) > 0 {
			foreign = append(foreign, items)
		}
	}
	if len(foreign) == 1 {
		t.Foreign = foreign[0]
	} else {
		t.Foreign = slices.Concat(foreign...)
	}
	f.sameInEveryLanguage(url)
	return &Page{Frame: f, Template: "topic", Data: t}
}

// topicItems returns the items of lang's pages on topic id as topic
// page f lists them. A topic lists up to thousands of pages, each on
// every language's page of the topic: unless links depend on the page
// linking (a portable build), the items are made once per render for
// each language and side (f's language or another) and shared, read only.
func (r *renderer) topicItems(f *Frame, id string, lang *link.Lang) []Item {
	pages := r.site.Topics[lang.Tag][id]
	if f.link.portable {
		items := make([]Item, len(pages))
		for i, p := range pages {
			items[i] = f.pageItem(p)
		}
		return items
	}
	k := topicKey{id, lang, lang.Tag != f.Lang.Tag}
	r.topicMu.Lock()
	made, ok := r.topicLists[k]
	if !ok {
		// Made once, outside the lock: generated pages are made on every
		// core, and a page waits only for the lists it shows.
		made = sync.OnceValue(func() []Item {
			g := &Frame{r: r, link: linker{base: r.opts.BaseURL}}
			if !k.foreign {
				g.Lang.Tag = lang.Tag
			}
			items := make([]Item, len(pages))
			for i, p := range pages {
				items[i] = g.pageItem(p)
			}
			return items
		})
		r.topicLists[k] = made
	}
	r.topicMu.Unlock()
	items := made()
	for _, p := range pages { // recorded as making the items would (see deps.go)
		f.deps.add(p.URL)
		f.shown.add(p.URL)
	}
	return items
}

// topicKey names a topic's items of one language, as a page in that
// language (or another, foreign) lists them.
type topicKey struct {
	id      string
	lang    *link.Lang
	foreign bool
}

// Search is a language's search page (template "search"): the index it
// loads (Index, fetched, or Script, for a site opened from disk), the
// site's root as seen from the page (Root, which result links start
// with), the other languages whose results it offers (Langs) and the
// messages search.js shows, both as JSON.
type Search struct {
	Index, Script, Root, Langs, Messages string
}

// searchLang is one of the site's other languages as search.js reads it.
type searchLang struct {
	Lang   string `json:"lang"`
	Dir    string `json:"dir"`
	Name   string `json:"name"`
	Index  string `json:"index,omitempty"`
	Script string `json:"script,omitempty"`
}

func (r *renderer) searchPage(l *link.Lang) *Page {
	url := l.Tag + "/" + link.SearchDir + "/"
	f := r.newFrame(l, url)
	f.Title, f.Description = f.S("search.title"), f.S("search.label")
	s := &Search{Root: f.link.root()}
	others := []searchLang{} // "[]", not "null", on a site of one language
	for _, o := range r.site.Langs {
		idx := r.opts.Search[o.Tag]
		f.read(readSearch, o.Tag)
		if idx.Index != "" {
			idx.Index = f.Href(idx.Index)
		}
		if idx.Script != "" {
			idx.Script = f.Href(idx.Script)
		}
		if o == l {
			s.Index, s.Script = idx.Index, idx.Script
			continue
		}
		others = append(others, searchLang{Lang: o.Tag, Dir: o.Dir, Name: r.nativeName(o.Tag), Index: idx.Index, Script: idx.Script})
	}
	b, _ := json.Marshal(others)
	s.Langs = string(b)
	msgs := map[string]any{}
	for _, k := range []string{"loading", "empty_query", "no_results", "other_languages", "others_button"} {
		msgs[k] = f.S("search." + k)
	}
	msgs["results"] = f.loc.PluralForms("search.results")
	b, _ = json.Marshal(msgs)
	s.Messages = string(b)
	f.sameInEveryLanguage(url)
	return &Page{Frame: f, Template: "search", Data: s}
}
