package parse

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"rapport/generator/load"
	"rapport/generator/markdown"
	"rapport/generator/search"
)

// TestReadingCountsAdd checks what collect relies on: a section's words
// counted from its heading and text apart equal those of the two joined.
func TestReadingCountsAdd(t *testing.T) {
	parts := []string{"ความ", "สัมพันธ์", "ลูกค้า", "בניית", "קשרי", "Důvěra", "CRM", " ", "-", "é", "\u0301", "1", ".", "\n"}
	r := rand.New(rand.NewPCG(5, 6))
	random := func() string {
		var b strings.Builder
		for n := r.IntN(8); n > 0; n-- {
			b.WriteString(parts[r.IntN(len(parts))])
		}
		return b.String()
	}
	for range 20000 {
		h, x := random(), random()
		hw, ht := readingCounts(h)
		xw, xt := readingCounts(x)
		if got, want := hw+xw+thaiWords(ht+xt), ReadingWords(h+" "+x); got != want {
			t.Fatalf("%q + %q: %d words counted apart, %d joined", h, x, got, want)
		}
	}
}

// TestPagesOwnTheirSlices: the collector grows a page's headings, links
// and shape in slices it reuses for the next page (scratch); a page
// parsed before another keeps what it was parsed with.
func TestPagesOwnTheirSlices(t *testing.T) {
	md := markdown.New(markdown.Config{})
	parse := func(body string) *Page {
		src := load.Source{Path: "content/cs/x.md", Lang: "cs", Rel: "x.md", Data: []byte("---\ntitle: x\n---\n" + body)}
		p, d := Parse(src, md.Parser(), md.Bodies()("cs"), search.NewDictionary())
		if d.HasErrors() {
			t.Fatal(d)
		}
		return p
	}
	first := parse("## One\n\n[a](a/)\n\n## Two\n\n- x\n- y\n")
	want := fmt.Sprint(first.Headings, first.Links, first.Shape)
	for range 4 {
		parse("## Three\n\n[b](b/) [c](c/)\n\n## Four\n\n## Five\n\n1. z\n")
	}
	if got := fmt.Sprint(first.Headings, first.Links, first.Shape); got != want {
		t.Errorf("the first page's headings, links and shape changed when more pages were parsed:\n got %s\nwant %s", got, want)
	}
	if len(first.Headings) != 2 || first.Headings[1].Text != "Two" || len(first.Links) != 1 || first.Links[0].Dest != "a/" {
		t.Errorf("first page: headings %+v, links %+v", first.Headings, first.Links)
	}
}
