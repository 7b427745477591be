package render

import "rapport/generator/link"

// The compiled views of content pages ("page") and topic pages ("topic"):
// see chrome.go.

// articleView writes "page"; content writes the article's body (its
// Content, unless the caller writes the body straight from the page).
func articleView(o w, p *Page, a *Article, content func(w)) {
	o.s("<article class=\"playbook\">\n  ")
	if len(a.Breadcrumbs) > 0 {
		breadcrumbs(o, p, a.Breadcrumbs)
	}
	o.s("\n  ")
	for i := range a.Paths {
		pathBanner(o, p, &a.Paths[i])
	}
	o.s("<header class=\"page-header\">\n    <h1>")
	o.h(p.Title)
	o.s("</h1>\n    ")
	if a.Lead != "" {
		o.s("<p class=\"lead\">")
		o.h(a.Lead)
		o.s("</p>")
	}
	o.s("\n    <p class=\"meta\">")
	o.t(a.ReadingTime)
	if a.Handout != "" {
		o.s(" · <a class=\"handout-link\" href=\"")
		o.u(a.Handout)
		o.s("\">")
		o.t(p.T("print.link"))
		o.s("</a>")
	}
	if a.Certificate != "" {
		o.s(" · <a class=\"certificate-link\" href=\"")
		o.u(a.Certificate)
		o.s("\">")
		o.t(p.T("certificate.link"))
		o.s("</a>")
	}
	o.s("</p>\n    ")
	if len(a.Topics) > 0 {
		o.s("<ul class=\"topic-list\" aria-label=\"")
		o.h(p.S("page.topics"))
		o.s("\">")
		for i := range a.Topics {
			o.link("<li><a class=\"topic\" href=\"", a.Topics[i].Href, a.Topics[i].Text)
			o.s("</li>")
		}
		o.s("</ul>")
	}
	o.s("\n  </header>\n  ")
	if len(a.TOC) > 2 {
		toc(o, p, a.TOC)
	}
	o.s("\n  <div class=\"content\">\n")
	content(o)
	o.s("\n  </div>\n  ")
	articleEnd(o, p, a)
	o.s("\n</article>")
}

// pathBanner writes a learning path's banner on a page that is one of its
// steps.
func pathBanner(o w, p *Page, b *PathBanner) {
	o.s("<nav class=\"path-banner\" data-path=\"")
	o.h(b.ID)
	o.s("\"")
	if b.Prev != nil {
		o.s(" data-prev=\"")
		o.h(b.Prev.Href)
		o.s("\" data-prev-title=\"")
		o.h(b.Prev.Text)
		o.s("\"")
	}
	o.s(" data-prev-label=\"")
	o.h(p.S("path.previous"))
	o.s("\" data-next-label=\"")
	o.h(p.S("path.next"))
	o.s("\" aria-label=\"")
	o.h(p.S("path.banner"))
	o.s(": ")
	o.h(b.Text)
	o.s("\">\n    <p><span class=\"path-banner-kind\">")
	o.t(p.T("path.banner"))
	o.s(":</span> ")
	o.link("<a href=\"", b.Href, b.Text)
	o.s(" · <span class=\"path-banner-step\">")
	o.t(b.Position)
	o.s("</span></p>\n    <p class=\"path-banner-next\">")
	if n := b.Next; n != nil {
		o.t(p.T("path.next"))
		o.s(": <a href=\"")
		o.u(n.Href)
		o.s("\" data-path-next")
		if n.Foreign {
			o.s(" hreflang=\"")
			o.h(n.Lang)
			o.s("\" lang=\"")
			o.h(n.Lang)
			o.s("\" dir=\"")
			o.h(n.Dir)
			o.s("\"")
		}
		o.s(">")
		o.h(n.Text)
		o.s("</a>")
		if n.Foreign {
			o.s(" <span class=\"note\">(")
			o.h(n.LangName)
			o.s(")</span>")
		}
	} else {
		o.t(p.T("path.last"))
		o.link(" <a href=\"", b.Certificate, p.S("certificate.link"))
	}
	o.s("</p>\n  </nav>\n  ")
}

func breadcrumbs(o w, p *Page, crumbs []Item) {
	o.s("<nav class=\"breadcrumbs\" aria-label=\"")
	o.h(p.S("nav.breadcrumbs"))
	o.s("\">\n    <ol>")
	for i := range crumbs {
		o.link("<li><a href=\"", crumbs[i].Href, crumbs[i].Text)
		o.s("</li>")
	}
	o.s("<li aria-current=\"page\">")
	o.h(p.Title)
	o.s("</li></ol>\n  </nav>")
}

func toc(o w, p *Page, items []Item) {
	o.s("<nav class=\"toc\" aria-label=\"")
	o.h(p.S("nav.on_this_page"))
	o.s("\">\n    <h2>")
	o.t(p.T("nav.on_this_page"))
	o.s("</h2>\n    <ol>")
	for _, it := range items {
		o.s("<li><a ")
		o.s(string(it.AnchorAttr()))
		o.s(">")
		o.h(it.Text)
		o.s("</a></li>")
	}
	o.s("</ol>\n  </nav>")
}

// articleEnd writes "page" from the page's footer to the related pages.
func articleEnd(o w, p *Page, a *Article) {
	if a.Updated != "" || a.Edit != "" {
		o.s("<footer class=\"page-meta\">\n    ")
		if a.Updated != "" {
			o.s("<p>")
			o.t(p.T("edit.updated"))
			o.s(" <time datetime=\"")
			o.h(a.Updated)
			o.s("\">")
			o.h(a.Updated)
			o.s("</time></p>")
		}
		o.s("\n    ")
		if a.Edit != "" {
			o.s("<p><a href=\"")
			o.u(a.Edit)
			o.s("\" rel=\"nofollow\">")
			o.t(p.T("edit.this_page"))
			o.s("</a></p>")
		}
		o.s("\n  </footer>")
	}
	o.s("\n  ")
	if len(a.Children) > 0 {
		o.s("<section class=\"children\">\n    <h2>")
		o.t(p.T("page.in_this_article"))
		o.s("</h2>\n    ")
		linkList(o, a.Children)
		o.s("\n  </section>")
	}
	o.s("\n  ")
	if a.Prev != nil || a.Next != nil {
		prevNext(o, p, a)
	}
	o.s("\n  ")
	if len(a.Related) > 0 {
		o.s("<aside class=\"related\" aria-labelledby=\"related-title\">\n    <h2 id=\"related-title\">")
		o.t(p.T("page.related"))
		o.s("</h2>\n    ")
		linkList(o, a.Related)
		o.s("\n  </aside>")
	}
}

func prevNext(o w, p *Page, a *Article) {
	o.s("<nav class=\"prev-next\" aria-label=\"")
	o.h(p.S("nav.pagination"))
	o.s("\">\n    ")
	if a.Prev != nil {
		o.s("<a class=\"prev\" rel=\"prev\" href=\"")
		o.u(a.Prev.Href)
		o.s("\"><span class=\"label\">")
		o.t(p.T("nav.previous"))
		o.s("</span> <span class=\"title\">")
		o.h(a.Prev.Text)
		o.s("</span></a>")
	}
	o.s("\n    ")
	if a.Next != nil {
		o.s("<a class=\"next\" rel=\"next\" href=\"")
		o.u(a.Next.Href)
		o.s("\"><span class=\"label\">")
		o.t(p.T("nav.next"))
		o.s("</span> <span class=\"title\">")
		o.h(a.Next.Text)
		o.s("</span></a>")
	}
	o.s("\n  </nav>")
}

// linkList writes "linklist".
func linkList(o w, items []Item) {
	o.s("<ul class=\"link-list\">\n")
	for i := range items {
		linkItem(o, &items[i])
	}
	o.s("</ul>")
}

// linkItem writes "link-item".
func linkItem(o w, it *Item) {
	o.s("<li><a href=\"")
	o.u(it.Href)
	o.s("\"")
	if it.Foreign {
		o.s(" hreflang=\"")
		o.h(it.Lang)
		o.s("\" lang=\"")
		langDir(o, it)
	}
	o.s(">")
	o.h(it.Text)
	o.s("</a>")
	if it.Note != "" {
		o.s(" <span class=\"note\">")
		o.h(it.Note)
		o.s("</span>")
	}
	if it.Foreign {
		o.s(" <span class=\"lang-label\" lang=\"")
		langDir(o, it)
		o.s(">")
		o.h(it.LangName)
		o.s("</span>")
	}
	o.s("</li>\n")
}

// topicView writes "topic".
func topicView(o w, p *Page, t *Topic) {
	o.s("<div class=\"topic-page\">\n  ")
	breadcrumbs(o, p, t.Breadcrumbs)
	o.s("\n  <h1>")
	o.h(p.Title)
	o.s("</h1>\n  <section>\n    <h2>")
	o.t(p.T("topics.in_language"))
	o.s("</h2>\n    ")
	if len(t.here) > 0 {
		topicLinks(o, p.Frame, t.here)
	} else if len(t.Here) > 0 {
		linkList(o, t.Here)
	} else {
		o.s("<p>")
		o.t(p.T("topics.empty"))
		o.s("</p>")
	}
	o.s("\n  </section>\n  ")
	if len(t.Foreign) > 0 || len(t.foreign) > 0 {
		o.s("<section>\n    <h2>")
		o.t(p.T("topics.other_languages"))
		o.s("</h2>\n    ")
		if len(t.foreign) > 0 {
			topicLinks(o, p.Frame, t.foreign)
		} else {
			linkList(o, t.Foreign)
		}
		o.s("\n  </section>")
	}
	o.s("\n</div>")
}

// topicLinks writes "linklist" of pages as frame f links them: each
// page's "link-item" is written once per render and copied after (in a
// build that is not portable, the link depends only on the page and on
// whether it is in f's language).
func topicLinks(o w, f *Frame, pages []*link.Page) {
	o.s("<ul class=\"link-list\">\n")
	for _, q := range pages {
		f.r.frags.pageLinks.write(o, pageLink{q, q.Lang.Tag != f.Lang.Tag}, func() {
			it := f.pageItem(q)
			linkItem(o, &it)
		})
	}
	o.s("</ul>")
}

// pageLink is a page's link, in its language or from another.
type pageLink struct {
	page    *link.Page
	foreign bool
}
