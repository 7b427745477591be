package render

import (
	"encoding/json"
	"html/template"
	"math"
	"slices"
	"strings"

	"rapport/generator/link"
)

// The views of each page kind. A kind is a small struct, a function that
// fills it, and a template of the same purpose in themes/default/templates.

// Article is a playbook or an article's overview page (template "page").
type Article struct {
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
	// Handout is the href of the printable handout of the page's article.
	Handout string
}

// Home is a language's home page (template "home").
type Home struct {
	Content  template.HTML
	Articles []Item // each with its playbooks as Children
}

// contentPage returns the page of p, a content page, without its content:
// the caller fills in Content (see renderPage).
func (r *renderer) contentPage(p *link.Page) (*Page, *template.HTML) {
	f := r.newFrame(p.Lang, p.URL)
	f.Title, f.Description = r.title(p), p.Meta.Description
	f.switcher(p, p.Translations)
	if p.Calculators > 0 {
		f.Scripts = append(f.Scripts, f.Href(r.assets["calculator.js"]))
	}
	if p.CodeBlocks > 0 {
		f.Scripts = append(f.Scripts, f.Href(r.assets["copy.js"]))
	}
	if p.TabGroups > 0 {
		f.Scripts = append(f.Scripts, f.Href(r.assets["tabs.js"]))
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
	a.Edit = r.opts.Settings.Edit(p.Path, p.Lang.Tag)
	a.Updated = string(p.Meta.Lastmod)
	if a.Updated == "" {
		a.Updated = r.opts.Updated[p.Path]
	}
	if a.Updated != "" {
		f.Scripts = append(f.Scripts, f.Href(r.assets["dates.js"]))
	}
	return &Page{Frame: f, Template: "page", Data: a}, &a.Content
}

// wordsPerMinute is an adult's silent reading speed for instructional text.
const wordsPerMinute = 200

func (f *Frame) article(p *link.Page) *Article {
	a := &Article{}
	for q := p.Parent; q != nil; q = q.Parent {
		a.Breadcrumbs = append([]Item{{Href: f.Href(q.URL), Text: f.r.title(q)}}, a.Breadcrumbs...)
	}
	for _, h := range p.Headings {
		if h.Level == 2 {
			a.TOC = append(a.TOC, Item{Href: "#" + h.ID, Text: h.Text})
		}
	}
	for _, t := range p.Meta.Topics {
		if _, ok := slices.BinarySearch(f.r.site.TopicIDs, t); ok {
			a.Topics = append(a.Topics, Item{Href: f.Href(p.Lang.Tag + "/" + link.TopicsDir + "/" + t + "/"), Text: f.S("topic." + t)})
		}
	}
	if p.Kind == link.Section {
		for _, c := range p.Children {
			a.Children = append(a.Children, f.pageItem(c))
		}
	}
	for _, q := range p.Related {
		a.Related = append(a.Related, f.pageItem(q))
	}
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
	}
	minutes := max(1, int(math.Ceil(float64(p.Words)/wordsPerMinute)))
	a.ReadingTime = f.TN("reading_time", minutes)
	return a
}

func (f *Frame) home(p *link.Page) *Home {
	if p.Meta.Title == "" {
		f.Title = f.S("site.title")
		f.Description = f.S("site.tagline")
	}
	h := &Home{}
	for _, c := range p.Children {
		it := f.pageItem(c)
		it.Note = c.Meta.Description
		for _, g := range c.Children {
			it.Children = append(it.Children, f.pageItem(g))
		}
		h.Articles = append(h.Articles, it)
	}
	return h
}

// Chooser is the site's root page, a list of its languages (template
// "chooser", standalone: it has no site chrome).
type Chooser struct {
	Languages []Item // each with the language's site title as Note
}

func (r *renderer) chooserPage() *Page {
	f := r.newFrame(r.site.Langs[0], "")
	f.Lang = LangView{Tag: "mul", Dir: "ltr"}
	c := &Chooser{}
	titles := []string{}
	for _, l := range r.site.Langs {
		loc := r.loc(l.Tag)
		c.Languages = append(c.Languages, Item{Href: f.Href(l.Home.URL), Lang: l.Tag, Dir: l.Dir,
			Text: r.opts.Locales.NativeName(l.Tag), Note: loc.S("site.title")})
		f.Alternates = append(f.Alternates, Item{Lang: l.Tag, Href: f.Href(l.Home.URL)})
		titles = append(titles, loc.S("nav.choose_language"))
	}
	f.Title = strings.Join(slices.Compact(titles), " · ")
	return &Page{Frame: f, Template: "chooser", Data: c, Standalone: true}
}

// NotFound is the not-found page (template "notfound"): its message in
// every language.
type NotFound struct {
	Messages []NotFoundMessage
}

// NotFoundMessage is the not-found message in one language.
type NotFoundMessage struct{ Lang, Dir, Title, Body, Back, Href string }

func (r *renderer) notFoundPage() *Page {
	f := r.newFrame(r.site.Langs[0], "")
	f.link.portable = false // 404.html is served for any path: links must be absolute
	f.setAssets()
	f.Nav = nil
	f.NoIndex, f.ShowSearch = true, false
	f.Title = f.S("notfound.title")
	n := &NotFound{}
	for _, l := range r.site.Langs {
		loc := r.loc(l.Tag)
		n.Messages = append(n.Messages, NotFoundMessage{Lang: l.Tag, Dir: l.Dir, Title: loc.S("notfound.title"),
			Body: loc.S("notfound.body"), Back: loc.S("notfound.back"), Href: f.Href(l.Home.URL)})
	}
	f.switcher(nil, nil)
	for i := range f.Switcher {
		f.Switcher[i].Current = false
		f.Switcher[i].Href = f.Href(r.site.Langs[i].Home.URL)
	}
	return &Page{Frame: f, Template: "notfound", Data: n}
}

// TopicIndex lists a language's topics (template "topics").
type TopicIndex struct {
	Topics []Item // with the number of pages as Note
}

func (r *renderer) topicIndexPage(l *link.Lang) *Page {
	url := l.Tag + "/" + link.TopicsDir + "/"
	f := r.newFrame(l, url)
	f.Title = f.S("topics.title")
	t := &TopicIndex{}
	for _, id := range r.site.TopicIDs {
		n := len(r.site.Topics[l.Tag][id])
		if !r.topicUsed(id) {
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
	f.Title = f.S("topic." + id)
	t := &Topic{Breadcrumbs: []Item{{Href: f.Href(l.Home.URL), Text: r.title(l.Home)}, {Href: f.Href(l.Tag + "/" + link.TopicsDir + "/"), Text: f.S("topics.title")}}}
	for _, ll := range r.site.Langs {
		for _, p := range r.site.Topics[ll.Tag][id] {
			if p.Lang == l {
				t.Here = append(t.Here, f.pageItem(p))
			} else {
				t.Foreign = append(t.Foreign, f.pageItem(p))
			}
		}
	}
	f.sameInEveryLanguage(url)
	return &Page{Frame: f, Template: "topic", Data: t}
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
	f.Title = f.S("search.title")
	s := &Search{Root: f.link.root()}
	var others []searchLang
	for _, o := range r.site.Langs {
		idx := r.opts.Search[o.Tag]
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
		others = append(others, searchLang{Lang: o.Tag, Dir: o.Dir, Name: r.opts.Locales.NativeName(o.Tag), Index: idx.Index, Script: idx.Script})
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
