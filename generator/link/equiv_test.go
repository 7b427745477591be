package link

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"rapport/generator/load"
	"rapport/generator/parse"
)

// dumpSite writes every result of Link as text, naming pages by path.
func dumpSite(s *Site) string {
	var b strings.Builder
	names := func(ps []*Page) string {
		if ps == nil {
			return "nil"
		}
		var n []string
		for _, p := range ps {
			n = append(n, name(p))
		}
		return "[" + strings.Join(n, " ") + "]"
	}
	for _, l := range s.Langs {
		fmt.Fprintf(&b, "lang %s %s home=%s pages=%s\n", l.Tag, l.Dir, name(l.Home), names(l.Pages))
	}
	for _, p := range s.Pages {
		fmt.Fprintf(&b, "page %s lang=%s url=%s kind=%d key=%s parent=%s prev=%s next=%s\n  children=%s\n  translations=%s\n  related=%s\n  hrefs=%q(nil %t)\n",
			name(p), p.Lang.Tag, p.URL, p.Kind, p.key, name(p.Parent), name(p.Prev), name(p.Next),
			names(p.Children), names(p.Translations), names(p.Related), p.Hrefs, p.Hrefs == nil)
	}
	for _, lang := range slices.Sorted(maps.Keys(s.Topics)) {
		for _, t := range slices.Sorted(maps.Keys(s.Topics[lang])) {
			fmt.Fprintf(&b, "topic %s %s %s\n", lang, t, names(s.Topics[lang][t]))
		}
	}
	fmt.Fprintf(&b, "topicIDs %q assets %d\n", s.TopicIDs, len(s.Assets))
	return b.String()
}

func name(p *Page) string {
	if p == nil {
		return "-"
	}
	return fmt.Sprintf("%s(%d)", p.Path, index(p.Page))
}

// inputIndex numbers the input pages, so a result names the very page it
// holds (-1 for one that Link made up, such as a missing home page).
var inputIndex map[*parse.Page]int

func index(p *parse.Page) int {
	if i, ok := inputIndex[p]; ok {
		return i
	}
	return -1
}

// dumpRef is dumpSite for the reference implementation.
func dumpRef(s *refSite) string {
	var b strings.Builder
	names := func(ps []*refPage) string {
		if ps == nil {
			return "nil"
		}
		var n []string
		for _, p := range ps {
			n = append(n, refName(p))
		}
		return "[" + strings.Join(n, " ") + "]"
	}
	for _, l := range s.Langs {
		fmt.Fprintf(&b, "lang %s %s home=%s pages=%s\n", l.Tag, l.Dir, refName(l.Home), names(l.Pages))
	}
	for _, p := range s.Pages {
		fmt.Fprintf(&b, "page %s lang=%s url=%s kind=%d key=%s parent=%s prev=%s next=%s\n  children=%s\n  translations=%s\n  related=%s\n  hrefs=%q(nil %t)\n",
			refName(p), p.Lang.Tag, p.URL, p.Kind, p.key, refName(p.Parent), refName(p.Prev), refName(p.Next),
			names(p.Children), names(p.Translations), names(p.Related), p.Hrefs, p.Hrefs == nil)
	}
	for _, lang := range slices.Sorted(maps.Keys(s.Topics)) {
		for _, t := range slices.Sorted(maps.Keys(s.Topics[lang])) {
			fmt.Fprintf(&b, "topic %s %s %s\n", lang, t, names(s.Topics[lang][t]))
		}
	}
	fmt.Fprintf(&b, "topicIDs %q assets %d\n", s.TopicIDs, len(s.Assets))
	return b.String()
}

func refName(p *refPage) string {
	if p == nil {
		return "-"
	}
	return fmt.Sprintf("%s(%d)", p.Path, index(p.Page))
}

// TestLinkMatchesReference runs the optimized Link and the reference copy
// of the old one on random sites and requires identical results.
func TestLinkMatchesReference(t *testing.T) {
	topics := benchConfig.topics
	configs := []genConfig{
		{langs: []string{"en"}, pages: 1, topics: topics},
		{langs: []string{"en"}, pages: 3, topics: topics[:2], weights: 1, titles: 1},
		{langs: []string{"en", "he"}, pages: 40, topics: topics[:3], weights: 2, titles: 2, sections: 4, keys: 0.3, noTopics: 0.2},
		{langs: []string{"he", "ar", "bg"}, pages: 200, topics: topics, weights: 3, titles: 3, sections: 7, keys: 0.2, noHome: true, unknown: 0.05, noTopics: 0.1, slugClash: true},
		{langs: []string{"he", "ar", "bg", "cs", "th"}, pages: 300, topics: topics, weights: 10, titles: 20, sections: 12, keys: 0.5, unknown: 0.02, noTopics: 0.3},
		{langs: []string{"cs", "th"}, pages: 500, topics: topics[:4], weights: 1, titles: 1, keys: 0.9, noTopics: 0.5},
		{langs: []string{"bg", "en"}, pages: 500, topics: topics, noHome: true},
		// A tag listed twice: its pages are generated twice, so some
		// pages tie on weight, title and path.
		{langs: []string{"en", "he", "en"}, pages: 60, topics: topics[:5], weights: 2, titles: 2, sections: 3, keys: 0.2},
	}
	if !testing.Short() {
		configs = append(configs, benchConfig) // 10,000 pages, three times
	}
	for ci, c := range configs {
		for seed := range uint64(3) {
			rng := rand.New(rand.NewPCG(seed, uint64(ci)))
			pages := genPages(rng, c)
			inputIndex = map[*parse.Page]int{}
			for i, p := range pages {
				inputIndex[p] = i
			}
			// Topic IDs as configured, with a few left unknown.
			known := c.topics
			if seed == 1 && len(known) > 2 {
				known = known[:len(known)-1]
			}
			assets := []load.Asset{{Path: "content/en/img.png", Out: "en/img.png"}, {Path: "content/he/p00001/index.html", Out: "he/p00001/index.html"}}
			ref, refDiags := refLink(c.langs, pages, assets, known)
			got, gotDiags := Link(c.langs, pages, assets, known)
			if !reflect.DeepEqual(gotDiags, refDiags) {
				t.Errorf("config %d seed %d: diagnostics differ:\n got %v\nwant %v", ci, seed, gotDiags, refDiags)
			}
			g, w := dumpSite(got), dumpRef(ref)
			if g != w {
				gl, wl := strings.Split(g, "\n"), strings.Split(w, "\n")
				for i := range min(len(gl), len(wl)) {
					if gl[i] != wl[i] {
						t.Errorf("config %d seed %d: results differ at line %d:\n got %.2000s\nwant %.2000s", ci, seed, i, gl[i], wl[i])
						break
					}
				}
				if len(gl) != len(wl) {
					t.Errorf("config %d seed %d: %d lines, want %d", ci, seed, len(gl), len(wl))
				}
			}
		}
	}
}
