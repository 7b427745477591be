package link

// Reference copy of the link stage before its optimization (commit 1c59a16),
// kept to prove the optimized one gives identical results.

import (
	"cmp"
	"fmt"
	"net/url"
	"path"
	"slices"
	"strings"

	"rapport/generator/diag"
	"rapport/generator/load"
	"rapport/generator/markdown"
	"rapport/generator/parse"
)

// Lang is one language of the site.
type refLang struct {
	Tag  string
	Dir  string // "rtl" or "ltr"
	Home *refPage
	// Pages lists the language's pages in reading order: home, then each
	// section followed by its playbooks.
	Pages []*refPage
}

// Page is a page in the site graph.
type refPage struct {
	*parse.Page
	Lang         *refLang
	URL          string // site path: he/loyalty/metrics/
	Kind         Kind
	Parent       *refPage
	Children     []*refPage
	Prev, Next   *refPage
	Translations []*refPage // the same page in other languages, in language order
	Related      []*refPage
	// Hrefs holds, for each of Page.Links, its resolved site path (with
	// #fragment), the external URL as written, or "" when it was refused.
	Hrefs []string
	key   string
}

// Site is the linked site.
type refSite struct {
	Langs  []*refLang
	Pages  []*refPage // in language order, then reading order
	Assets []load.Asset
	// Topics maps language and topic ID to its pages, in reading order.
	Topics map[string]map[string][]*refPage
	// TopicIDs are the known topic IDs, sorted.
	TopicIDs []string
}

// Link builds the site graph. langs are the language folders in order;
// topics the known topic IDs.
func refLink(langs []string, pages []*parse.Page, assets []load.Asset, topics []string) (*refSite, diag.List) {
	var diags diag.List
	s := &refSite{Assets: assets, Topics: map[string]map[string][]*refPage{}, TopicIDs: slices.Sorted(slices.Values(topics))}
	byLang := map[string]*refLang{}
	for _, tag := range langs {
		l := &refLang{Tag: tag, Dir: Direction(tag)}
		byLang[tag] = l
		s.Langs = append(s.Langs, l)
	}
	all := refPlacePages(byLang, pages, &diags)
	for _, l := range s.Langs {
		refEnsureHome(l, all)
		refBuildTree(l, all[l.Tag])
		s.Pages = append(s.Pages, l.Pages...)
	}
	refCheckURLs(s.Pages, assets, &diags)
	refLinkTranslations(s, &diags)
	refLinkTopics(s, &diags)
	refResolveLinks(s, &diags)
	return s, diags
}

func refPlacePages(byLang map[string]*refLang, pages []*parse.Page, diags *diag.List) map[string][]*refPage {
	all := map[string][]*refPage{}
	for _, pp := range pages {
		l := byLang[pp.Lang]
		if l == nil {
			continue
		}
		p := &refPage{Page: pp, Lang: l, URL: refPageURL(pp), Kind: Playbook}
		p.key = pp.Rel
		if pp.Meta.TranslationKey != "" {
			p.key = "key:" + pp.Meta.TranslationKey
		}
		switch {
		case pp.Rel == "_index.md":
			p.Kind = Home
		case pp.IsIndex():
			p.Kind = Section
		}
		all[l.Tag] = append(all[l.Tag], p)
	}
	return all
}

// pageURL maps content/<lang>/a/b.md to <lang>/a/b/.
func refPageURL(p *parse.Page) string {
	rel := strings.TrimSuffix(p.Rel, ".md")
	dir, base := path.Split(rel)
	slug := p.Meta.Slug
	if strings.ContainsAny(slug, "/\\") || strings.Contains(slug, "..") || slug == "." {
		slug = "" // reported by parse; never let it shape a path
	}
	if base == "_index" {
		base = ""
		if dir != "" && slug != "" {
			dir = path.Dir(strings.TrimSuffix(dir, "/")) + "/" + slug + "/"
			dir = strings.TrimPrefix(dir, "./")
		}
	} else if slug != "" {
		base = slug
	}
	u := p.Lang + "/" + dir + base
	if !strings.HasSuffix(u, "/") {
		u += "/"
	}
	return u
}

func refEnsureHome(l *refLang, all map[string][]*refPage) {
	for _, p := range all[l.Tag] {
		if p.Kind == Home {
			l.Home = p
			return
		}
	}
	// A language without _index.md still gets a home page listing its
	// playbooks; its title comes from the UI strings.
	src := load.Source{Path: "content/" + l.Tag + "/_index.md", Lang: l.Tag, Rel: "_index.md"}
	pp := &parse.Page{Source: src}
	pp.Lines = map[string]int{}
	l.Home = &refPage{Page: pp, Lang: l, URL: l.Tag + "/", Kind: Home, key: "_index.md"}
	all[l.Tag] = append(all[l.Tag], l.Home)
}

// order sorts pages by weight, then title, then path.
func refOrder(a, b *refPage) int {
	return cmp.Or(cmp.Compare(a.Meta.Weight, b.Meta.Weight),
		cmp.Compare(a.Meta.Title, b.Meta.Title), cmp.Compare(a.Path, b.Path))
}

// buildTree gives each page its parent (the nearest folder with an
// _index.md), children, reading order and prev/next within its section.
func refBuildTree(l *refLang, pages []*refPage) {
	sections := map[string]*refPage{}
	for _, p := range pages {
		if p.Kind != Playbook {
			sections[path.Dir(p.Rel)] = p
		}
	}
	for _, p := range pages {
		if p.Kind == Home {
			continue
		}
		dir := path.Dir(p.Rel)
		if p.Kind == Section {
			dir = path.Dir(dir)
		}
		for p.Parent == nil {
			if sec, ok := sections[dir]; ok {
				p.Parent = sec
			} else if dir == "." || dir == "/" {
				p.Parent = l.Home
			}
			dir = path.Dir(dir)
		}
		p.Parent.Children = append(p.Parent.Children, p)
	}
	var walk func(p *refPage)
	walk = func(p *refPage) {
		slices.SortFunc(p.Children, refOrder)
		l.Pages = append(l.Pages, p)
		for _, c := range p.Children {
			walk(c)
		}
	}
	walk(l.Home)
	for _, p := range l.Pages {
		if p.Kind == Section {
			seq := append([]*refPage{p}, p.Children...)
			for i, q := range seq {
				if i > 0 {
					q.Prev = seq[i-1]
				}
				if i+1 < len(seq) {
					q.Next = seq[i+1]
				}
			}
		}
	}
}

func refCheckURLs(pages []*refPage, assets []load.Asset, diags *diag.List) {
	seen := map[string]*refPage{}
	for _, p := range pages {
		if q, dup := seen[p.URL]; dup {
			diags.Errorf(diag.Pos{File: p.Path, Line: 1}, "publishes to /%s, as %s already does: rename one or give it another slug", p.URL, q.Path)
			continue
		}
		seen[p.URL] = p
	}
	for _, a := range assets {
		if q, dup := seen[a.Out]; dup || seen[strings.TrimSuffix(a.Out, "index.html")] != nil {
			if q == nil {
				q = seen[strings.TrimSuffix(a.Out, "index.html")]
			}
			diags.Errorf(diag.Pos{File: a.Path}, "publishes to /%s, as %s already does", a.Out, q.Path)
		}
	}
}

func refLinkTranslations(s *refSite, diags *diag.List) {
	groups := map[string][]*refPage{}
	var keys []string
	for _, p := range s.Pages {
		if _, ok := groups[p.key]; !ok {
			keys = append(keys, p.key)
		}
		g := groups[p.key]
		if i := slices.IndexFunc(g, func(q *refPage) bool { return q.Lang == p.Lang }); i >= 0 {
			diags.Errorf(diag.Pos{File: p.Path, Line: p.Lines["translationKey"]},
				"translationKey %q is also used by %s in the same language", p.Meta.TranslationKey, g[i].Path)
			continue
		}
		groups[p.key] = append(g, p)
	}
	for _, k := range keys {
		g := groups[k]
		for _, p := range g {
			for _, q := range g {
				if q != p {
					p.Translations = append(p.Translations, q)
				}
			}
		}
	}
}

func refLinkTopics(s *refSite, diags *diag.List) {
	for _, p := range s.Pages {
		for i, t := range p.Meta.Topics {
			if _, ok := slices.BinarySearch(s.TopicIDs, t); ok {
				byTopic := s.Topics[p.Lang.Tag]
				if byTopic == nil {
					byTopic = map[string][]*refPage{}
					s.Topics[p.Lang.Tag] = byTopic
				}
				byTopic[t] = append(byTopic[t], p)
				continue
			}
			line := p.Lines["topics"]
			if i < len(p.TopicLines) {
				line = p.TopicLines[i]
			}
			msg := fmt.Sprintf("unknown topic %q", t)
			if sug := diag.Suggest(t, s.TopicIDs); sug != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", sug)
			} else {
				msg += ": add its name under [topic] in locales/en.toml"
			}
			diags.Errorf(diag.Pos{File: p.Path, Line: line}, "%s", msg)
		}
	}
	for _, l := range s.Langs {
		refRelateAll(l.Pages, s.Topics[l.Tag])
	}
}

// relateAll sets Related on every page of one language. Scores are counted
// in a dense array indexed by page, reset after each page, so the cost
// follows the topic lists, not the number of pages squared.
func refRelateAll(pages []*refPage, byTopic map[string][]*refPage) {
	index := make(map[*refPage]int, len(pages))
	for i, p := range pages {
		index[p] = i
	}
	lists := map[string][]int{}
	for t, ps := range byTopic {
		for _, p := range ps {
			lists[t] = append(lists[t], index[p])
		}
	}
	score := make([]int, len(pages))
	var touched []int
	for i, p := range pages {
		for _, t := range slices.Compact(slices.Sorted(slices.Values(p.Meta.Topics))) {
			for _, j := range lists[t] {
				if j == i || pages[j].Kind == Home {
					continue
				}
				if score[j] == 0 {
					touched = append(touched, j)
				}
				score[j]++
			}
		}
		p.Related = refBest(pages, score, touched)
		for _, j := range touched {
			score[j] = 0
		}
		touched = touched[:0]
	}
}

// best returns the MaxRelated candidates with the highest score, ties
// broken by weight, then title, then path.
func refBest(pages []*refPage, score, cands []int) []*refPage {
	better := func(a, b int) bool {
		return cmp.Or(cmp.Compare(score[b], score[a]), refOrder(pages[a], pages[b])) < 0
	}
	top := make([]int, 0, MaxRelated+1)
	for _, c := range cands {
		if len(top) == MaxRelated && !better(c, top[len(top)-1]) {
			continue
		}
		i := len(top)
		for i > 0 && better(c, top[i-1]) {
			i--
		}
		top = slices.Insert(top, i, c)
		if len(top) > MaxRelated {
			top = top[:MaxRelated]
		}
	}
	out := make([]*refPage, len(top))
	for i, j := range top {
		out[i] = pages[j]
	}
	return out
}

func refResolveLinks(s *refSite, diags *diag.List) {
	byPath := map[string]*refPage{}
	for _, p := range s.Pages {
		byPath[p.Path] = p
	}
	assets := map[string]string{}
	for _, a := range s.Assets {
		assets[a.Path] = a.Out
	}
	for _, p := range s.Pages {
		p.Hrefs = make([]string, len(p.Links))
		for i, l := range p.Links {
			href, err := refResolve(p, l, byPath, assets)
			if err != "" {
				diags.Errorf(l.Pos, "%s", err)
				continue
			}
			p.Hrefs[i] = href
		}
	}
}

// resolve returns the site path or external URL of a link, or a cause.
func refResolve(p *refPage, l markdown.Link, byPath map[string]*refPage, assets map[string]string) (string, string) {
	dest := l.Dest
	if !markdown.SafeURL([]byte(dest)) {
		return "", fmt.Sprintf("link to %q refused: links that run code are not allowed", dest)
	}
	if dest == "" || refIsExternal(dest) {
		return dest, ""
	}
	target, frag, _ := strings.Cut(dest, "#")
	if f, err := url.PathUnescape(frag); err == nil {
		frag = f
	}
	if q := strings.IndexByte(target, '?'); q >= 0 {
		target = target[:q]
	}
	if target == "" {
		if frag != "" && !refHasAnchor(p, frag) {
			return "", fmt.Sprintf("link to missing anchor #%s on this page%s", frag, refAnchorHint(p, frag))
		}
		return dest, ""
	}
	if strings.HasPrefix(target, "/") {
		return dest, "" // site-absolute: the writer's responsibility
	}
	file := path.Join(path.Dir(p.Path), target)
	if !strings.HasPrefix(file, "content/") {
		return "", fmt.Sprintf("link to %q leaves the content folder", dest)
	}
	if !strings.HasSuffix(file, ".md") {
		if out, ok := assets[file]; ok {
			return out, ""
		}
		return "", fmt.Sprintf("link to missing file %q", target)
	}
	q, ok := byPath[file]
	if !ok {
		return "", fmt.Sprintf("link to missing page %q", target)
	}
	if frag == "" {
		return q.URL, ""
	}
	if !refHasAnchor(q, frag) {
		return "", fmt.Sprintf("link to missing anchor #%s in %s%s", frag, q.Path, refAnchorHint(q, frag))
	}
	return q.URL + "#" + frag, ""
}

func refIsExternal(dest string) bool {
	if strings.HasPrefix(dest, "//") {
		return true
	}
	i := strings.IndexByte(dest, ':')
	return i > 0 && !strings.ContainsAny(dest[:i], "/?#")
}

func refHasAnchor(p *refPage, id string) bool {
	return slices.ContainsFunc(p.Headings, func(h parse.Heading) bool { return h.ID == id })
}

func refAnchorHint(p *refPage, id string) string {
	var ids []string
	for _, h := range p.Headings {
		ids = append(ids, h.ID)
	}
	if s := diag.Suggest(id, ids); s != "" {
		return fmt.Sprintf(" (did you mean #%s?)", s)
	}
	return ""
}
