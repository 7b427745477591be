// Package link is the third stage: it turns parsed pages into a site graph.
//
// # What it decides
//
//   - URLs: content/<lang>/a/b.md is published at <lang>/a/b/, an _index.md at
//     its folder; a `slug` replaces the last segment. Two pages with one URL
//     are an error, and so is a page or file published where the build
//     makes pages of its own ([GeneratedPages]: topics/, search/…).
//   - Translations: pages in different languages with the same path inside
//     their language folder, or the same translationKey.
//   - Sections: a folder with an _index.md is an article; its pages are
//     ordered by weight, then title, then path; prev/next walk that order.
//   - Topics: every topic ID must be known (have a name in the en locale);
//     related playbooks share topics within one language.
//   - Links: relative links to .md files and anchors are resolved to site
//     paths; a missing page or anchor, or a dangerous scheme, is an error at
//     the link's line.
//
// All URLs here are site paths: relative to the site root, no leading slash,
// directories ending in "/". The render stage turns them into hrefs.
package link

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"maps"
	"math"
	"net/url"
	"path"
	"runtime"
	"slices"
	"strings"

	"rapport/generator/diag"
	"rapport/generator/load"
	"rapport/generator/markdown"
	"rapport/generator/parse"
)

// Kind is what a page is in the site.
type Kind int

const (
	// Playbook is an ordinary page.
	Playbook Kind = iota
	// Section is a folder's _index.md: an article's first page.
	Section
	// Home is content/<lang>/_index.md, or one made up when it is missing.
	Home
)

// Lang is one language of the site.
type Lang struct {
	Tag  string
	Dir  string // "rtl" or "ltr"
	Home *Page
	// Pages lists the language's pages in reading order: home, then each
	// section followed by its playbooks.
	Pages []*Page
}

// Page is a page in the site graph: its parsed page and its place.
type Page struct {
	// Parsed is the page as parse made it. The link stage reads of it only
	// its parse.LinkFacts; render reads its body and what parse gathered
	// for the page itself. (A field, not embedded: no stage's page type
	// embeds an earlier stage's.)
	Parsed       *parse.Page
	Lang         *Lang
	URL          string // site path: he/loyalty/metrics/
	Kind         Kind
	Parent       *Page
	Children     []*Page
	Prev, Next   *Page
	Translations []*Page // the same page in other languages, in language order
	Related      []*Page
	// Hrefs holds, for each of Page.Links, its resolved site path (with
	// #fragment), the external URL as written, or "" when it was refused.
	Hrefs []string
	key   string
}

// Site is the linked site.
type Site struct {
	Langs  []*Lang
	Pages  []*Page // in language order, then reading order
	Assets []load.Asset
	// Topics maps language and topic ID to its pages, in reading order.
	Topics map[string]map[string][]*Page
	// TopicIDs are the known topic IDs, sorted.
	TopicIDs []string
}

// MaxRelated is how many related playbooks a page lists.
const MaxRelated = 5

// Link builds the site graph. langs are the language folders in order;
// topics the known topic IDs.
func Link(langs []string, pages []*parse.Page, assets []load.Asset, topics []string) (*Site, diag.List) {
	var diags diag.List
	s := &Site{Assets: assets, Topics: map[string]map[string][]*Page{}, TopicIDs: slices.Sorted(slices.Values(topics))}
	byLang := map[string]*Lang{}
	for _, tag := range langs {
		l := &Lang{Tag: tag, Dir: Direction(tag)}
		byLang[tag] = l
		s.Langs = append(s.Langs, l)
	}
	all := placePages(byLang, pages, &diags)
	for _, l := range s.Langs {
		ensureHome(l, all)
	}
	// Languages share no pages (unless a tag is listed twice), so each
	// one's tree, and later its related pages, are built in a goroutine.
	each := eachLang
	if len(byLang) < len(s.Langs) {
		each = eachLangInTurn
	}
	each(s.Langs, func(l *Lang) { buildTree(l, all[l.Tag]) })
	for _, l := range s.Langs {
		s.Pages = append(s.Pages, l.Pages...)
	}
	checkURLs(s.Pages, assets, &diags)
	checkGenerated(s.Pages, assets, &diags)
	linkTranslations(s, &diags)
	linkTopics(s, &diags)
	// Related pages and link targets are set on different fields and
	// only read what is already built: work out both at once. Only links
	// report problems.
	var linkDiags diag.List
	var g diag.Group
	g.Go(diag.Pos{File: "content"}, "link", func() { resolveLinks(s, &linkDiags) })
	each(s.Langs, func(l *Lang) { relateAll(l.Pages, s.Topics[l.Tag]) })
	g.Wait()
	diags.Merge(linkDiags)
	return s, diags
}

// eachLang calls f for each language, each in a goroutine, and waits.
func eachLang(langs []*Lang, f func(*Lang)) {
	var g diag.Group
	for _, l := range langs {
		g.Go(diag.Pos{File: "content/" + l.Tag}, "link", func() { f(l) })
	}
	g.Wait()
}

// eachLangInTurn calls f for each language, in order.
func eachLangInTurn(langs []*Lang, f func(*Lang)) {
	for _, l := range langs {
		f(l)
	}
}

func placePages(byLang map[string]*Lang, pages []*parse.Page, diags *diag.List) map[string][]*Page {
	all := map[string][]*Page{}
	for _, pp := range pages {
		l := byLang[pp.Lang]
		if l == nil {
			continue
		}
		p := &Page{Parsed: pp, Lang: l, URL: pageURL(pp), Kind: Playbook}
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
func pageURL(p *parse.Page) string {
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

func ensureHome(l *Lang, all map[string][]*Page) {
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
	l.Home = &Page{Parsed: pp, Lang: l, URL: l.Tag + "/", Kind: Home, key: "_index.md"}
	all[l.Tag] = append(all[l.Tag], l.Home)
}

// order sorts pages by weight, then title, then path. Each key is compared
// only when the ones before it tie.
func order(a, b *Page) int {
	if c := cmp.Compare(a.Parsed.Meta.Weight, b.Parsed.Meta.Weight); c != 0 {
		return c
	}
	if c := strings.Compare(a.Parsed.Meta.Title, b.Parsed.Meta.Title); c != 0 {
		return c
	}
	return strings.Compare(a.Parsed.Path, b.Parsed.Path)
}

// buildTree gives each page its parent (the nearest folder with an
// _index.md), children, reading order and prev/next within its section.
func buildTree(l *Lang, pages []*Page) {
	sections := map[string]*Page{}
	for _, p := range pages {
		if p.Kind != Playbook {
			sections[path.Dir(p.Parsed.Rel)] = p
		}
	}
	for _, p := range pages {
		if p.Kind == Home {
			continue
		}
		dir := path.Dir(p.Parsed.Rel)
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
	var walk func(p *Page)
	walk = func(p *Page) {
		slices.SortFunc(p.Children, order)
		l.Pages = append(l.Pages, p)
		for _, c := range p.Children {
			walk(c)
		}
	}
	walk(l.Home)
	for _, p := range l.Pages {
		if p.Kind == Section {
			seq := append([]*Page{p}, p.Children...)
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

func checkURLs(pages []*Page, assets []load.Asset, diags *diag.List) {
	seen := map[string]*Page{}
	for _, p := range pages {
		if q, dup := seen[p.URL]; dup {
			diags.Errorf(diag.Pos{File: p.Parsed.Path, Line: 1}, "publishes to /%s, as %s already does: rename one or give it another slug", p.URL, q.Parsed.Path)
			continue
		}
		seen[p.URL] = p
	}
	for _, a := range assets {
		if q, dup := seen[a.Out]; dup || seen[strings.TrimSuffix(a.Out, "index.html")] != nil {
			if q == nil {
				q = seen[strings.TrimSuffix(a.Out, "index.html")]
			}
			diags.Errorf(diag.Pos{File: a.Path}, "publishes to /%s, as %s already does", a.Out, q.Parsed.Path)
		}
	}
}

func linkTranslations(s *Site, diags *diag.List) {
	groups := map[string][]*Page{}
	var keys []string
	for _, p := range s.Pages {
		if _, ok := groups[p.key]; !ok {
			keys = append(keys, p.key)
		}
		g := groups[p.key]
		if i := slices.IndexFunc(g, func(q *Page) bool { return q.Lang == p.Lang }); i >= 0 {
			diags.Errorf(diag.Pos{File: p.Parsed.Path, Line: p.Parsed.Lines["translationKey"]},
				"translationKey %q is also used by %s in the same language", p.Parsed.Meta.TranslationKey, g[i].Parsed.Path)
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

func linkTopics(s *Site, diags *diag.List) {
	for _, p := range s.Pages {
		for i, t := range p.Parsed.Meta.Topics {
			if _, ok := slices.BinarySearch(s.TopicIDs, t); ok {
				byTopic := s.Topics[p.Lang.Tag]
				if byTopic == nil {
					byTopic = map[string][]*Page{}
					s.Topics[p.Lang.Tag] = byTopic
				}
				byTopic[t] = append(byTopic[t], p)
				continue
			}
			line := p.Parsed.Lines["topics"]
			if i < len(p.Parsed.TopicLines) {
				line = p.Parsed.TopicLines[i]
			}
			msg := fmt.Sprintf("unknown topic %q", t)
			if sug := diag.Suggest(t, s.TopicIDs); sug != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", sug)
			} else {
				msg += ": add its name under [topic] in locales/en.toml"
			}
			diags.Errorf(diag.Pos{File: p.Parsed.Path, Line: line}, "%s", msg)
		}
	}
}

// relateAll sets Related on every page of one language. Scores are counted
// in a dense array indexed by page, reset after each page, so the cost
// follows the topic lists, not the number of pages squared.
//
// Pages are ranked once by weight, title and path, so choosing the best
// candidates compares integers, not strings. Pages with the same topics
// share one scoring. Each set of topics depends only on shared, read-only
// tables, so the sets are split among up to GOMAXPROCS goroutines; the
// results do not depend on scheduling.
func relateAll(pages []*Page, byTopic map[string][]*Page) {
	n := len(pages)
	if n == 0 {
		return
	}
	rank := ranks(pages)
	lists, pageLists := topicLists(pages, byTopic)
	groupOf, groups := groupByTopics(pageLists)
	tops := scoreGroups(groups, lists, rank, n)
	for i, p := range pages {
		top := tops[groupOf[i]]
		m := len(top)
		if slices.Contains(top, int32(i)) {
			m--
		}
		out := make([]*Page, min(m, MaxRelated))
		k := 0
		for _, j := range top {
			if int(j) != i && k < len(out) {
				out[k] = pages[j]
				k++
			}
		}
		p.Related = out
	}
}

// ranks orders pages by weight, then title, then path: rank[i] is the
// place of pages[i]; pages that tie on all three share a rank.
func ranks(pages []*Page) []uint32 {
	byOrder := make([]int32, len(pages))
	for i := range byOrder {
		byOrder[i] = int32(i)
	}
	slices.SortFunc(byOrder, func(a, b int32) int { return order(pages[a], pages[b]) })
	rank := make([]uint32, len(pages))
	for k, i := range byOrder {
		if k > 0 && order(pages[byOrder[k-1]], pages[i]) == 0 {
			rank[i] = rank[byOrder[k-1]]
		} else {
			rank[i] = uint32(k)
		}
	}
	return rank
}

// topicLists returns, for each topic in sorted order, its pages that can
// be related (not a home page) as indexes into pages, in reading order, a
// page once for each time it lists the topic; and each page's topics, once
// each, in sorted order, as indexes into lists.
func topicLists(pages []*Page, byTopic map[string][]*Page) (lists, pageLists [][]int32) {
	index := make(map[*Page]int32, len(pages))
	for i, p := range pages {
		index[p] = int32(i)
	}
	topicList := make(map[string]int32, len(byTopic))
	lists = make([][]int32, 0, len(byTopic))
	for _, t := range slices.Sorted(maps.Keys(byTopic)) {
		ps := byTopic[t]
		l := make([]int32, 0, len(ps))
		for _, p := range ps {
			if p.Kind != Home {
				l = append(l, index[p])
			}
		}
		topicList[t] = int32(len(lists))
		lists = append(lists, l)
	}
	pageLists = make([][]int32, len(pages))
	flat := make([]int32, 0, len(pages)*3)
	for i, p := range pages {
		start := len(flat)
		for _, t := range p.Parsed.Meta.Topics {
			if k, ok := topicList[t]; ok && !slices.Contains(flat[start:], k) {
				flat = append(flat, k)
			}
		}
		slices.Sort(flat[start:])
		pageLists[i] = flat[start:len(flat):len(flat)]
	}
	return lists, pageLists
}

// groupByTopics groups the pages with the same topics: they have the same
// candidates, in the same order, but for themselves, so each set of topics
// is scored once. groupOf[i] is page i's group, groups[g] its topic lists.
func groupByTopics(pageLists [][]int32) (groupOf []int32, groups [][]int32) {
	groupOf = make([]int32, len(pageLists))
	ids := map[string]int32{}
	var buf []byte
	for i, ls := range pageLists {
		buf = buf[:0]
		for _, k := range ls {
			buf = binary.LittleEndian.AppendUint32(buf, uint32(k))
		}
		id, ok := ids[string(buf)]
		if !ok {
			id = int32(len(groups))
			ids[string(buf)] = id
			groups = append(groups, ls)
		}
		groupOf[i] = id
	}
	return groupOf, groups
}

// scoreGroups returns, for each group, its best MaxRelated+1 candidates
// among n pages (one more than needed, as each page is later left out of
// its own list), scoring the groups on up to GOMAXPROCS goroutines.
func scoreGroups(groups, lists [][]int32, rank []uint32, n int) [][]int32 {
	tops := make([][]int32, len(groups))
	score := func(lo, hi int) {
		score := make([]uint32, n)
		var touched []int32
		for g := lo; g < hi; g++ {
			for _, k := range groups[g] {
				for _, j := range lists[k] {
					if score[j] == 0 {
						touched = append(touched, j)
					}
					score[j]++
				}
			}
			tops[g] = best(score, rank, touched)
			for _, j := range touched {
				score[j] = 0
			}
			touched = touched[:0]
		}
	}
	workers := min(runtime.GOMAXPROCS(0), len(groups)/64)
	if workers <= 1 {
		score(0, len(groups))
		return tops
	}
	var g diag.Group
	for w := range workers {
		g.Go(diag.Pos{File: "content"}, "related pages", func() { score(w*len(groups)/workers, (w+1)*len(groups)/workers) })
	}
	g.Wait()
	return tops
}

// best returns the MaxRelated+1 candidates with the highest score, ties
// broken by rank (weight, then title, then path); candidates that tie on
// both keep the order they come in. It is a stable sort of cands, best
// first, cut to its first MaxRelated+1.
func best(score []uint32, rank []uint32, cands []int32) []int32 {
	const size = MaxRelated + 1
	// key orders candidates: the higher the better.
	key := func(c int32) uint64 { return uint64(score[c])<<32 | uint64(math.MaxUint32-rank[c]) }
	var top [size + 1]int32
	var keys [size + 1]uint64
	m := 0
	for _, c := range cands {
		k := key(c)
		if m == size && k <= keys[m-1] {
			continue
		}
		i := m
		for i > 0 && k > keys[i-1] {
			top[i], keys[i] = top[i-1], keys[i-1]
			i--
		}
		top[i], keys[i] = c, k
		if m < size {
			m++
		}
	}
	return slices.Clone(top[:m])
}

func resolveLinks(s *Site, diags *diag.List) {
	byPath := map[string]*Page{}
	for _, p := range s.Pages {
		byPath[p.Parsed.Path] = p
	}
	assets := map[string]string{}
	for _, a := range s.Assets {
		assets[a.Path] = a.Out
	}
	// Pages are resolved in contiguous chunks, one goroutine each, with a
	// list of diagnostics each, merged in page order.
	resolvePages := func(pages []*Page, diags *diag.List) {
		for _, p := range pages {
			p.Hrefs = make([]string, len(p.Parsed.Links))
			for i, l := range p.Parsed.Links {
				href, err := resolve(p, l, byPath, assets)
				if err != "" {
					diags.Errorf(l.Pos, "%s", err)
					continue
				}
				p.Hrefs[i] = href
			}
		}
	}
	n := len(s.Pages)
	workers := min(runtime.GOMAXPROCS(0), n/500)
	if workers <= 1 {
		resolvePages(s.Pages, diags)
		return
	}
	chunks := make([]diag.List, workers)
	var g diag.Group
	for w := range workers {
		g.Go(diag.Pos{File: "content"}, "link", func() { resolvePages(s.Pages[w*n/workers:(w+1)*n/workers], &chunks[w]) })
	}
	g.Wait()
	for _, c := range chunks {
		diags.Merge(c)
	}
}

// resolve returns the site path or external URL of a link, or a cause.
func resolve(p *Page, l markdown.Link, byPath map[string]*Page, assets map[string]string) (string, string) {
	dest := l.Dest
	if !markdown.SafeURL([]byte(dest)) {
		return "", fmt.Sprintf("link to %q refused: links that run code are not allowed", dest)
	}
	if dest == "" || markdown.IsExternal(dest) {
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
		if frag != "" && !hasAnchor(p, frag) {
			return "", fmt.Sprintf("link to missing anchor #%s on this page%s", frag, anchorHint(p, frag))
		}
		return dest, ""
	}
	if strings.HasPrefix(target, "/") {
		return dest, "" // site-absolute: the writer's responsibility
	}
	file := path.Join(path.Dir(p.Parsed.Path), target)
	if !strings.HasPrefix(file, "content/") {
		return "", fmt.Sprintf("link to %q leaves the content folder", dest)
	}
	if !strings.HasSuffix(file, ".md") {
		if out, ok := assets[file]; ok {
			return out, ""
		}
		if l.Image {
			return "", fmt.Sprintf("missing image %q: no such file beside the page", target)
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
	if !hasAnchor(q, frag) {
		return "", fmt.Sprintf("link to missing anchor #%s in %s%s", frag, q.Parsed.Path, anchorHint(q, frag))
	}
	return q.URL + "#" + frag, ""
}

func hasAnchor(p *Page, id string) bool {
	return slices.ContainsFunc(p.Parsed.Headings, func(h parse.Heading) bool { return h.ID == id })
}

func anchorHint(p *Page, id string) string {
	var ids []string
	for _, h := range p.Parsed.Headings {
		ids = append(ids, h.ID)
	}
	if s := diag.Suggest(id, ids); s != "" {
		return fmt.Sprintf(" (did you mean #%s?)", s)
	}
	return ""
}
