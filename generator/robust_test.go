package generator

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"rapport/generator/memo"
)

// TestPanicInRenderIsError: a bug that makes one page's render panic (here
// a page whose resolved links were lost) fails the build with an error
// naming that page's file, instead of crashing rapport or serve.
func TestPanicInRenderIsError(t *testing.T) {
	fsys := fstest.MapFS{
		"content/cs/_index.md": {Data: []byte("---\ntitle: Domů\n---\n[a](a.md)\n")},
		"content/cs/a.md":      {Data: []byte("---\ntitle: A\n---\n[home](_index.md)\n")},
	}
	b := &run{opts: Options{Src: fsys}, cache: newCache(memo.OneShot)}
	if err := b.front(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, p := range b.graph.site.Pages {
		if p.Parsed.Path == "content/cs/a.md" {
			p.Hrefs = nil // its link hole now has no href: FillHoles panics
		}
	}
	res := b.back()
	want := "content/cs/a.md: internal error during render of this file: runtime error: index out of range"
	if !strings.Contains(res.Diags.String(), want) {
		t.Errorf("diagnostics:\n%s\nwant one containing %q", res.Diags, want)
	}
}

// BenchmarkEqualHeadingsBuild builds a site whose one page has 20,000
// headings with the same text (33 s when heading ids were quadratic).
func BenchmarkEqualHeadingsBuild(b *testing.B) {
	var page strings.Builder
	page.WriteString("---\ntitle: Many\n---\n")
	for i := range 20_000 {
		fmt.Fprintf(&page, "## Step\n\nText %d.\n\n", i)
	}
	fsys := fstest.MapFS{
		"content/cs/_index.md": {Data: []byte("---\ntitle: Domů\n---\n")},
		"content/cs/many.md":   {Data: []byte(page.String())},
	}
	for b.Loop() {
		res, err := Build(context.Background(), Options{Src: fsys})
		if err != nil || res.Diags.HasErrors() {
			b.Fatal(err, res.Diags)
		}
	}
}
