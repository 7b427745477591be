package link

import (
	"bytes"
	"crypto/sha256"
	"flag"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"rapport/generator/diag"
	"rapport/generator/load"
	"rapport/generator/parse"
)

var update = flag.Bool("update", false, "rewrite the golden dumps in testdata/sites")

// dumpSite writes every result of Link as text, naming pages by path and
// by their index among the input pages, so a result names the very page it
// holds (-1 for one that Link made up, such as a missing home page).
func dumpSite(b *strings.Builder, s *Site, diags diag.List, inputs []*parse.Page) {
	index := make(map[*parse.Page]int, len(inputs))
	for i, p := range inputs {
		index[p] = i
	}
	name := func(p *Page) string {
		if p == nil {
			return "-"
		}
		i, ok := index[p.Parsed]
		if !ok {
			i = -1
		}
		return fmt.Sprintf("%s(%d)", p.Parsed.Path, i)
	}
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
	for _, d := range diags {
		fmt.Fprintf(b, "diag %s\n", d)
	}
	for _, l := range s.Langs {
		fmt.Fprintf(b, "lang %s %s home=%s pages=%s\n", l.Tag, l.Dir, name(l.Home), names(l.Pages))
	}
	for _, p := range s.Pages {
		fmt.Fprintf(b, "page %s lang=%s url=%s kind=%d key=%s parent=%s prev=%s next=%s\n  children=%s\n  translations=%s\n  related=%s\n  hrefs=%q(nil %t)\n",
			name(p), p.Lang.Tag, p.URL, p.Kind, p.key, name(p.Parent), name(p.Prev), name(p.Next),
			names(p.Children), names(p.Translations), names(p.Related), p.Hrefs, p.Hrefs == nil)
	}
	for _, lang := range slices.Sorted(maps.Keys(s.Topics)) {
		for _, t := range slices.Sorted(maps.Keys(s.Topics[lang])) {
			fmt.Fprintf(b, "topic %s %s %s\n", lang, t, names(s.Topics[lang][t]))
		}
	}
	fmt.Fprintf(b, "topicIDs %q assets %d\n", s.TopicIDs, len(s.Assets))
}

// goldenConfigs are the random sites of TestLinkGolden. Their dumps were
// first written by the link stage as it was before its optimization
// (commit 1c59a16), so they still prove the optimized stage gives the old
// results.
var goldenConfigs = []genConfig{
	{langs: []string{"en"}, pages: 1, topics: benchConfig.topics},
	{langs: []string{"en"}, pages: 3, topics: benchConfig.topics[:2], weights: 1, titles: 1},
	{langs: []string{"en", "he"}, pages: 40, topics: benchConfig.topics[:3], weights: 2, titles: 2, sections: 4, keys: 0.3, noTopics: 0.2},
	{langs: []string{"he", "ar", "bg"}, pages: 200, topics: benchConfig.topics, weights: 3, titles: 3, sections: 7, keys: 0.2, noHome: true, unknown: 0.05, noTopics: 0.1, slugClash: true},
	{langs: []string{"he", "ar", "bg", "cs", "th"}, pages: 300, topics: benchConfig.topics, weights: 10, titles: 20, sections: 12, keys: 0.5, unknown: 0.02, noTopics: 0.3},
	{langs: []string{"cs", "th"}, pages: 500, topics: benchConfig.topics[:4], weights: 1, titles: 1, keys: 0.9, noTopics: 0.5},
	{langs: []string{"bg", "en"}, pages: 500, topics: benchConfig.topics, noHome: true},
	// A tag listed twice: its pages are generated twice, so some pages
	// tie on weight, title and path.
	{langs: []string{"en", "he", "en"}, pages: 60, topics: benchConfig.topics[:5], weights: 2, titles: 2, sections: 3, keys: 0.2},
	benchConfig, // 10,000 pages
}

// hashedAbove is the dump size above which the golden file holds the
// dump's SHA-256 instead of the dump, to keep testdata small: the small
// sites show a change line by line, the large ones only that it happened
// (the test then writes the dump to a temporary file to compare).
const hashedAbove = 256 << 10

// TestLinkGolden runs Link on seeded random sites, three seeds each, and
// compares a dump of every result (diagnostics, languages, pages with their
// tree, translations, related pages and resolved links, topics) with
// testdata/sites/N.txt. After an intended change of results, run
// `go test ./generator/link -run TestLinkGolden -update` and read the diff.
func TestLinkGolden(t *testing.T) {
	for ci, c := range goldenConfigs {
		if c.pages*len(c.langs) > 5000 && testing.Short() {
			continue
		}
		var b strings.Builder
		for seed := range uint64(3) {
			rng := rand.New(rand.NewPCG(seed, uint64(ci)))
			pages := genPages(rng, c)
			// Topic IDs as configured, with a few left unknown.
			known := c.topics
			if seed == 1 && len(known) > 2 {
				known = known[:len(known)-1]
			}
			assets := []load.Asset{{Path: "content/en/img.png", Out: "en/img.png"}, {Path: "content/he/p00001/index.html", Out: "he/p00001/index.html"}}
			site, diags := Link(c.langs, pages, assets, known)
			fmt.Fprintf(&b, "# seed %d\n", seed)
			dumpSite(&b, site, diags, pages)
		}
		got := []byte(b.String())
		file := filepath.Join("testdata", "sites", fmt.Sprintf("%d.txt", ci))
		if len(got) > hashedAbove {
			dump := got
			got = fmt.Appendf(nil, "sha256 %x of a %d-byte dump\n", sha256.Sum256(dump), len(dump))
			if !checkGolden(t, file, got) {
				out := filepath.Join(os.TempDir(), fmt.Sprintf("rapport-link-sites-%d.txt", ci))
				os.WriteFile(out, dump, 0o644)
				t.Logf("the dump is in %s; compare it with one of the code before the change", out)
			}
			continue
		}
		checkGolden(t, file, got)
	}
}

// checkGolden compares got with the file, or rewrites it with -update,
// and reports whether they are the same.
func checkGolden(t *testing.T, file string, got []byte) bool {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return true
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if bytes.Equal(got, want) {
		return true
	}
	gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := range min(len(gl), len(wl)) {
		if gl[i] != wl[i] {
			t.Errorf("%s:%d: results differ:\n got %.2000s\nwant %.2000s", file, i+1, gl[i], wl[i])
			return false
		}
	}
	t.Errorf("%s: %d lines, want %d", file, len(gl), len(wl))
	return false
}
