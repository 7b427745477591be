package parse

import (
	"reflect"
	"strings"
	"testing"

	"rapport/generator/internal/spill"
	"rapport/generator/load"
	"rapport/generator/markdown"
	"rapport/generator/search"
)

// TestHTMLKept: the body Parse renders is what HTML returns, however it is
// held, into a buffer long enough or not, and empty for an empty body or a
// page that was never parsed.
func TestHTMLKept(t *testing.T) {
	md := markdown.New(markdown.Config{})
	for _, body := range []string{"", "Text with *emphasis*.\n\n## A heading\n\n- one\n- two\n"} {
		src := load.Source{Path: "content/he/x.md", Lang: "he", Rel: "x.md", Data: []byte("---\ntitle: x\n---\n" + body)}
		p, _ := Parse(src, md.Parser(), md.Bodies()("he"), search.NewDictionary())
		for _, buf := range [][]byte{nil, make([]byte, 3, 1<<16)} {
			got := string(p.HTML(buf))
			if body == "" && got != "" || body != "" && (!strings.HasPrefix(got, "<p>Text with <em>emphasis</em>") || !strings.HasSuffix(got, "</ul>\n")) {
				t.Errorf("HTML(%d-byte buffer) = %q", cap(buf), got)
			}
		}
	}
	if got := (&Page{}).HTML(nil); len(got) != 0 {
		t.Errorf("a page never parsed: HTML = %q", got)
	}
}

// TestSpill: a spilled page's HTML and search sections are those it had
// in memory, and neither is in memory any more.
func TestSpill(t *testing.T) {
	md := markdown.New(markdown.Config{})
	f, err := spill.New()
	if err != nil {
		t.Fatal(err)
	}
	var pages []*Page
	var want []string
	var wantSections [][]search.Section
	for i, body := range []string{"First *page*.\n", "", "## Third\n\n- a\n- b\n"} {
		src := load.Source{Path: "content/he/x.md", Lang: "he", Rel: "x.md", Data: []byte("---\ntitle: x\n---\n" + body)}
		p, _ := Parse(src, md.Parser(), md.Bodies()("he"), search.NewDictionary())
		pages = append(pages, p)
		want = append(want, string(p.HTML(nil)))
		wantSections = append(wantSections, p.Search.Sections())
		if body != "" && want[i] == "" {
			t.Fatalf("page %d rendered nothing", i)
		}
		p.Spill(f)
	}
	f.Flush()
	for i, p := range pages {
		if p.html != nil {
			t.Errorf("page %d: body still held in memory", i)
		}
		if got := string(p.HTML(make([]byte, 0, 4))); got != want[i] {
			t.Errorf("page %d: HTML after spilling = %q, want %q", i, got, want[i])
		}
		if got := p.Search.Sections(); !reflect.DeepEqual(got, wantSections[i]) {
			t.Errorf("page %d: search sections after spilling = %q, want %q", i, got, wantSections[i])
		}
	}
}
