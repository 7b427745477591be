package parse

import (
	"strings"
	"testing"

	"rapport/generator/load"
	"rapport/generator/markdown"
)

// TestHTMLKept: the body Parse renders is what HTML returns, however it is
// held, into a buffer long enough or not, and empty for an empty body or a
// page that was never parsed.
func TestHTMLKept(t *testing.T) {
	md := markdown.New(markdown.Config{})
	for _, body := range []string{"", "Text with *emphasis*.\n\n## A heading\n\n- one\n- two\n"} {
		src := load.Source{Path: "content/he/x.md", Lang: "he", Rel: "x.md", Data: []byte("---\ntitle: x\n---\n" + body)}
		p, _ := Parse(src, md.Parser(), md.Bodies()("he"))
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
