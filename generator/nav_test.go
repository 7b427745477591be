package generator

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// TestNavCapsLoosePlaybooks: a language with more loose playbooks than the
// navigation lists shows the first ones, then "…", and the current page in
// its place when it is past the cap.
func TestNavCapsLoosePlaybooks(t *testing.T) {
	fsys := fstest.MapFS{"content/he/_index.md": {Data: []byte("---\ntitle: בית\n---\n")}}
	for i := range 40 {
		fsys[fmt.Sprintf("content/he/p%02d.md", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("---\ntitle: דף %02d\nweight: %d\n---\ntext\n", i, i))}
	}
	fsys["content/he/zz/_index.md"] = &fstest.MapFile{Data: []byte("---\ntitle: מאמר\nweight: 100\n---\n")}
	res, err := Build(context.Background(), Options{Src: fsys})
	if err != nil || res.Diags.HasErrors() {
		t.Fatal(err, res.Diags)
	}
	navRE := regexp.MustCompile(`(?s)<nav class="site-nav".*?</nav>`)
	linkRE := regexp.MustCompile(`<a href="/he/([^"]*)"( aria-current="page")?>([^<]*)</a>`)
	nav := func(path string) (titles []string, current string) {
		for _, f := range res.Files {
			if f.Path == path {
				for _, m := range linkRE.FindAllStringSubmatch(navRE.FindString(string(f.Bytes())), -1) {
					titles = append(titles, m[3])
					if m[2] != "" {
						current = m[3]
					}
				}
			}
		}
		return titles, current
	}
	first := []string{}
	for i := range 30 {
		first = append(first, fmt.Sprintf("דף %02d", i))
	}
	for _, tt := range []struct {
		page    string
		want    []string
		current string
	}{
		{"he/p05/index.html", append(slices.Clone(first), "מאמר", "…"), "דף 05"},
		{"he/p35/index.html", append(slices.Clone(first), "דף 35", "מאמר", "…"), "דף 35"},
		{"he/zz/index.html", append(slices.Clone(first), "מאמר", "…"), "מאמר"},
	} {
		got, current := nav(tt.page)
		got = slices.DeleteFunc(got, func(s string) bool {
			return s == "נושאים" || s == "Topics" || s == "ההתקדמות שלי" || s == "My progress"
		})
		if !slices.Equal(got, tt.want) || current != tt.current {
			t.Errorf("%s: nav %q (current %q), want %q (current %q)", tt.page, got, current, tt.want, tt.current)
		}
	}
}

// TestNavWindowsLongArticles: the navigation lists at most 50 pages of a
// long article, those around the current page, with "…" for the rest
// linking to the article's first page (which lists them all): a page's
// size does not grow with its article's.
func TestNavWindowsLongArticles(t *testing.T) {
	fsys := fstest.MapFS{
		"content/cs/_index.md":   {Data: []byte("---\ntitle: Domů\n---\n")},
		"content/cs/a/_index.md": {Data: []byte("---\ntitle: Článek\n---\n")},
	}
	for i := range 120 {
		fsys[fmt.Sprintf("content/cs/a/p%03d.md", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("---\ntitle: Strana %03d\nweight: %d\n---\ntext\n", i, i))}
	}
	res, err := Build(context.Background(), Options{Src: fsys})
	if err != nil || res.Diags.HasErrors() {
		t.Fatal(err, res.Diags)
	}
	navRE := regexp.MustCompile(`(?s)<nav class="site-nav".*?</nav>`)
	linkRE := regexp.MustCompile(`<a href="/cs/a/([^"]*)"[^>]*>([^<]*)</a>`)
	pages := func(path string) (first, last string, n, more int) {
		for _, f := range res.Files {
			if f.Path != path {
				continue
			}
			for _, m := range linkRE.FindAllStringSubmatch(navRE.FindString(string(f.Bytes())), -1) {
				switch {
				case m[2] == "…" && m[1] == "":
					more++
				case strings.HasPrefix(m[2], "Strana"):
					if first == "" {
						first = m[2]
					}
					last, n = m[2], n+1
				}
			}
		}
		return
	}
	for _, tt := range []struct {
		page, first, last string
		more              int
	}{
		{"cs/a/index.html", "Strana 000", "Strana 049", 1},
		{"cs/a/p000/index.html", "Strana 000", "Strana 049", 1},
		{"cs/a/p060/index.html", "Strana 035", "Strana 084", 2},
		{"cs/a/p119/index.html", "Strana 070", "Strana 119", 1},
	} {
		first, last, n, more := pages(tt.page)
		if first != tt.first || last != tt.last || n != 50 || more != tt.more {
			t.Errorf("%s: %d pages %s to %s, %d \"…\"; want 50, %s to %s, %d", tt.page, n, first, last, more, tt.first, tt.last, tt.more)
		}
	}
}

// TestServeNavEqualsClean: rapport serve keeps each language's navigation
// between builds of the same site graph. After body edits (the same
// graph: the navigation is reused), title and weight edits of playbooks
// the navigation lists and of ones past its cap, each build through the
// cache equals a clean build byte for byte.
func TestServeNavEqualsClean(t *testing.T) {
	dir := t.TempDir()
	graphSite(t, dir)
	cache := NewCache()
	buildFiles(t, dir, cache, nil)
	edits := []struct{ page, old, new string }{
		{"content/he/p33.md", "Text.", "Text, edited."},               // past the cap: its own nav lists it
		{"content/he/p02.md", "title: Page 2 he", "title: Second he"}, // listed: every page's nav shows it
		{"content/he/p02.md", "Text.", "Text, again."},
		{"content/he/p33.md", "title: Page 33 he", "title: Late he"}, // past the cap
		{"content/he/p33.md", "weight: 43", "weight: 1"},             // into the listed ones
		{"content/he/p04.md", "Text.", "Text, third."},
		{"content/cs/p01.md", "weight: 11", "weight: 99"}, // out of them
	}
	for i, e := range edits {
		p := filepath.Join(dir, e.page)
		data, err := os.ReadFile(p)
		if err != nil || !bytes.Contains(data, []byte(e.old)) {
			t.Fatalf("edit %d: %s has no %q (%v)", i, e.page, e.old, err)
		}
		if err := os.WriteFile(p, bytes.Replace(data, []byte(e.old), []byte(e.new), 1), 0o644); err != nil {
			t.Fatal(err)
		}
		before, _ := cache.render.NavOf("he")
		inc := buildFiles(t, dir, cache, []string{e.page})
		clean := buildFiles(t, dir, nil, nil)
		if len(inc) != len(clean) {
			t.Fatalf("edit %d (%s): %d files, clean build %d", i, e.new, len(inc), len(clean))
		}
		for path, f := range clean {
			if got, ok := inc[path]; !ok || !bytes.Equal(got.Bytes(), f.Bytes()) {
				t.Fatalf("edit %d (%s): %s differs from a clean build", i, e.new, path)
			}
		}
		after, ok := cache.render.NavOf("he")
		if body := !strings.Contains(e.old, ":"); ok && body && after != before {
			t.Errorf("edit %d (%s): a body edit made the navigation again", i, e.new)
		} else if !body && after == before {
			t.Errorf("edit %d (%s): the navigation was not made again for a new graph", i, e.new)
		}
	}
}
