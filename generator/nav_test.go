package generator

import (
	"context"
	"fmt"
	"regexp"
	"slices"
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
