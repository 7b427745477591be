package markdown

import (
	"bytes"
	"strings"
	"testing"

	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// TestNewRendersInPageLanguage checks that one parse renders with the
// labels of whichever language's body renderer is used.
func TestNewRendersInPageLanguage(t *testing.T) {
	md := New(Config{Lang: func(code string) Lang {
		if code == "he" {
			return Lang{Code: code, Dir: "rtl", Label: func(string) string { return "קישור לסעיף" }}
		}
		return Neutral
	}})
	src := []byte("# שלום\n\nSee [a](b.md) and `x`.\n")
	bodies := md.Bodies()
	for _, tt := range []struct{ lang, want string }{
		{"he", `aria-label="קישור לסעיף"`},
		{"en", `aria-label="page.anchor"`},
	} {
		pc := parser.NewContext(parser.WithIDs(NewIDs()))
		doc := md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
		links := Links(doc, src)
		var out bytes.Buffer
		holes, err := bodies(tt.lang).Render(&out, src, doc, links)
		if err != nil {
			t.Fatal(err)
		}
		got := out.String()
		if !strings.Contains(got, tt.want) || len(holes) != 1 || !strings.Contains(got, `<code dir="ltr">x</code>`) {
			t.Errorf("%s: got %q with %d holes, want %s, one hole and an ltr code span", tt.lang, got, len(holes), tt.want)
		}
	}
}
