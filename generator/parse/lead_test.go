package parse

import (
	"testing"

	"rapport/generator/load"
	"rapport/generator/markdown"
	"rapport/generator/search"
)

// TestLead takes the plain text of the first top-level paragraph: not a
// heading, not a list item or a quote, without its markup.
func TestLead(t *testing.T) {
	tests := []struct{ body, want string }{
		{"## כותרת\n\nפסקה **ראשונה** עם [קישור](/x/).\nשורה שנייה.\n\nפסקה שנייה.\n", "פסקה ראשונה עם קישור. שורה שנייה."},
		{"- item\n\n> quote\n\nThe text.\n", "The text."},
		{"## only a heading\n", ""},
	}
	md := markdown.New(markdown.Config{})
	for _, tt := range tests {
		src := load.Source{Path: "content/he/x.md", Lang: "he", Rel: "x.md", Data: []byte("---\ntitle: x\n---\n" + tt.body)}
		p, _ := Parse(src, md.Parser(), md.Bodies()("he"), search.NewDictionary())
		if p.Lead != tt.want {
			t.Errorf("%q: lead %q, want %q", tt.body, p.Lead, tt.want)
		}
	}
}
