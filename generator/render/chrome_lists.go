package render

import "strconv"

// The compiled views of the pages that list a whole language or site: a
// language's home ("home"), its progress page ("progress") and the
// translation status page ("status"). See chrome.go.

// homeView writes "home".
func homeView(o w, p *Page, h *Home) {
	o.s("<div class=\"home\">\n  <h1>")
	o.h(p.Title)
	o.s("</h1>\n  ")
	if h.Lead != "" {
		o.s("<p class=\"lead\">")
		o.h(h.Lead)
		o.s("</p>")
	}
	o.s("\n  ")
	if h.Content != "" {
		o.s("<div class=\"content\">")
		o.t(h.Content)
		o.s("</div>")
	}
	o.s("\n  ")
	if len(h.Paths) > 0 {
		homePaths(o, p, h)
	}
	o.s("\n  ")
	for i := range h.Articles {
		a := &h.Articles[i]
		o.link("<section class=\"article-card\">\n    <h2><a href=\"", a.Href, a.Text)
		o.s("</h2>\n    ")
		if a.Note != "" {
			o.s("<p>")
			o.h(a.Note)
			o.s("</p>")
		}
		o.s("\n    ")
		if len(a.Children) > 0 {
			o.s("<ol>")
			for j := range a.Children {
				o.link("<li><a href=\"", a.Children[j].Href, a.Children[j].Text)
				o.s("</li>")
			}
			o.s("</ol>")
		}
		o.s("\n  </section>")
	}
	o.s("\n</div>")
}

// homePaths writes the learning paths on a language's home page.
func homePaths(o w, p *Page, h *Home) {
	o.s("<section class=\"home-paths\" aria-labelledby=\"home-paths-title\">\n    <h2 id=\"home-paths-title\"><a href=\"")
	o.u(h.PathsURL)
	o.s("\">")
	o.t(p.T("path.title"))
	o.s("</a></h2>\n    <ul class=\"path-list\">")
	for i := range h.Paths {
		it := &h.Paths[i]
		o.link("<li class=\"path-card\"><a href=\"", it.Href, it.Text)
		o.s(" <span class=\"note\">")
		o.t(it.Count)
		o.s("</span>")
		if it.Note != "" {
			o.s("<p>")
			o.h(it.Note)
			o.s("</p>")
		}
		o.s("</li>")
	}
	o.s("</ul>\n  </section>")
}

// statusView writes "status".
func statusView(o w, p *Page, s *Status) {
	o.s("<div class=\"status-page\">\n  <h1>")
	o.h(p.Title)
	o.s("</h1>\n  <p class=\"lead\">")
	o.t(p.T("status.intro"))
	o.s("</p>\n")
	if len(s.Units) > 0 {
		statusUnits(o, p, s.Units)
	}
	o.s("  <table class=\"status-table\"><thead><tr><th scope=\"col\">")
	o.h(p.S("status.group"))
	o.s("</th>")
	for i := range s.Langs {
		o.s("<th scope=\"col\" lang=\"")
		langDir(o, &s.Langs[i])
		o.s(">")
		o.h(s.Langs[i].Text)
		o.s("</th>")
	}
	o.s("</tr></thead><tbody>\n")
	for i := range s.Rows {
		row := &s.Rows[i]
		o.s("<tr><th scope=\"row\" lang=\"")
		o.h(row.Lang)
		o.s("\" dir=\"")
		o.h(row.Dir)
		o.s("\">")
		o.h(row.Title)
		o.s("</th>")
		for j := range row.Cells {
			statusCell(o, &row.Cells[j])
		}
		o.s("</tr>\n")
	}
	o.s("</tbody></table>\n\n</div>")
}

func statusUnits(o w, p *Page, units []StatusUnits) {
	o.s("  <h2>")
	o.h(p.S("status.units"))
	o.s("</h2>\n  <p>")
	o.h(p.S("status.units_intro"))
	o.s("</p>\n  <table class=\"status-units\"><thead><tr>")
	for _, k := range []string{"status.language", "status.from", "status.untranslated", "status.review", "status.current", "status.export"} {
		o.s("<th scope=\"col\">")
		o.h(p.S(k))
		o.s("</th>")
	}
	o.s("</tr></thead><tbody>\n")
	for i := range units {
		u := &units[i]
		o.s("<tr><th scope=\"row\" lang=\"")
		langDir(o, &u.Lang)
		o.s(">")
		o.h(u.Lang.Text)
		o.s("</th><td lang=\"")
		langDir(o, &u.From)
		o.s(">")
		o.h(u.From.Text)
		for _, n := range []string{u.Untranslated, u.Review, u.Current} {
			o.s("</td><td>")
			o.h(n)
		}
		o.s("</td><td>")
		if u.Export != "" {
			o.s("<code dir=\"ltr\">")
			o.h(u.Export)
			o.s("</code>")
		}
		o.s("</td></tr>\n")
	}
	o.s("</tbody></table>\n  <h2>")
	o.h(p.S("status.pages"))
	o.s("</h2>\n")
}

func statusCell(o w, c *StatusCell) {
	o.s("<td class=\"")
	o.h(c.State)
	if c.Href != "" {
		o.s("\" title=\"")
		o.h(c.Notes)
		o.link("\"><a href=\"", c.Href, c.Label)
		o.s("</td>")
		return
	}
	o.s("\">")
	o.h(c.Label)
	o.s("</td>")
}

// progressView writes "progress".
func progressView(o w, p *Page, v *ProgressView) {
	o.s("<div class=\"progress-page\" data-progress-page>\n  <h1>")
	o.h(p.Title)
	o.s("</h1>\n  <p class=\"lead\">")
	o.t(p.T("progress.intro"))
	o.s("</p>\n  <noscript><p>")
	o.t(p.T("progress.needs_js"))
	o.s("</p></noscript>\n  ")
	if len(v.Paths) > 0 {
		progressPaths(o, p, v.Paths)
	}
	o.s("\n  <h2>")
	o.t(p.T("progress.articles"))
	o.s("</h2>\n  ")
	for i := range v.Articles {
		progressArticle(o, p, i, &v.Articles[i])
	}
	o.s("<div class=\"progress-actions\">\n    <button type=\"button\" data-export>")
	o.t(p.T("progress.export"))
	o.s("</button>\n    <label class=\"button\">")
	o.t(p.T("progress.import"))
	o.s("<input type=\"file\" accept=\".json,application/json\" class=\"visually-hidden\" data-import></label>\n    <button type=\"button\" class=\"danger\" data-reset>")
	o.t(p.T("progress.reset"))
	o.s("</button>\n  </div>\n  <p class=\"progress-message\" role=\"status\" data-progress-message></p>\n</div>")
}

func progressPaths(o w, p *Page, paths []PathItem) {
	o.s("<section aria-labelledby=\"paths-title\">\n    <h2 id=\"paths-title\">")
	o.t(p.T("path.title"))
	o.s("</h2>\n    <ul class=\"link-list\">\n    ")
	for i := range paths {
		it := &paths[i]
		total := strconv.Itoa(it.Total)
		o.s("<li data-path-steps=\"")
		o.h(it.Steps)
		o.link("\"><a href=\"", it.Href, it.Text)
		if it.Note != "" {
			o.s(" <span class=\"note\">")
			o.h(it.Note)
			o.s("</span>")
		}
		o.s("\n      <div class=\"progress-line\">")
		if it.Total != 0 {
			progressBar(o, p, total, it.Text)
		}
		o.s(" <span data-count>0/")
		o.s(total)
		o.s("</span></div></li>\n    ")
	}
	o.s("</ul>\n  </section>")
}

// progressBar writes a <progress> of max total labelled with text.
func progressBar(o w, p *Page, total, text string) {
	o.s("<progress max=\"")
	o.s(total)
	o.s("\" value=\"0\" aria-label=\"")
	o.h(p.S("progress.completion"))
	o.s(": ")
	o.h(text)
	o.s("\"></progress>")
}

func progressArticle(o w, p *Page, i int, a *ProgressArticle) {
	id := strconv.Itoa(i)
	n := strconv.Itoa(len(a.Pages))
	o.s("<section class=\"progress-article\" aria-labelledby=\"article-")
	o.s(id)
	o.s("\">\n    <h3 id=\"article-")
	o.s(id)
	o.s("\">")
	if a.Href != "" {
		o.link("<a href=\"", a.Href, a.Text)
	} else {
		o.h(a.Text)
	}
	o.s("</h3>\n    <div class=\"progress-line\">")
	if len(a.Pages) > 0 {
		progressBar(o, p, n, a.Text)
	}
	o.s(" <span data-count>0/")
	o.s(n)
	o.s("</span></div>\n    <table>\n      <thead><tr><th scope=\"col\">")
	o.t(p.T("progress.playbook"))
	o.s("</th><th scope=\"col\">")
	o.t(p.T("progress.state"))
	o.s("</th><th scope=\"col\">")
	o.t(p.T("progress.score"))
	o.s("</th></tr></thead>\n      <tbody>\n      ")
	notDone := p.T("progress.not_done")
	for j := range a.Pages {
		row := &a.Pages[j]
		o.s("<tr data-page=\"")
		o.h(row.Page)
		o.s("\" data-questions=\"")
		o.s(strconv.Itoa(row.Questions))
		o.link("\"><td><a href=\"", row.Href, row.Text)
		o.s("</td><td data-state>")
		o.t(notDone)
		o.s("</td><td data-score>")
		if row.Questions != 0 {
			o.t(row.Count)
		} else {
			o.s("–")
		}
		o.s("</td></tr>\n      ")
	}
	o.s("</tbody>\n    </table>\n  </section>\n  ")
}
