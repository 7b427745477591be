package parse

import (
	"slices"
	"strings"
	"testing"

	"rapport/generator/load"
	"rapport/generator/markdown"
	"rapport/generator/search"
)

// TestSectionTextOfHTMLAndTabs checks that the text of raw HTML blocks
// and tab labels is searchable, and that the page's code block and tab
// group decide the scripts it loads.
func TestSectionTextOfHTMLAndTabs(t *testing.T) {
	md := markdown.New(markdown.Config{})
	body := "## א\n\n<div class=\"note\">Important <b>bold</b> note</div>\n\n::: tabs\n::: tab Salesforce\n```sh\nls\n```\n::: tab HubSpot\ny\n:::\n"
	src := load.Source{Path: "content/he/x.md", Lang: "he", Rel: "x.md", Data: []byte("---\ntitle: x\n---\n" + body)}
	p, _ := Parse(src, md.Parser(), md.Bodies()("he"), search.NewDictionary())
	var text string
	for _, s := range p.Search.Sections() {
		text += s.Text + "\n"
	}
	for _, want := range []string{"Important bold note", "Salesforce", "HubSpot"} {
		if !strings.Contains(text, want) {
			t.Errorf("sections %q lack %q", text, want)
		}
	}
	if want := []string{"copy.js", "tabs.js"}; !slices.Equal(p.Scripts, want) {
		t.Errorf("Scripts %q, want %q", p.Scripts, want)
	}
}
