package markdown

import (
	"bytes"
	"regexp"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// labels are UI strings for tests: the ID in brackets, so a test sees
// which string was used.
func labels(id string) string { return "[" + id + "]" }

// renderAlone renders src with goldmark and ext only (the extension
// tested alone), for the page content/he/page.md, and returns the HTML
// and the problems reported.
func renderAlone(t *testing.T, src string, ext ...goldmark.Extender) (string, []Problem) {
	t.Helper()
	md := goldmark.New(goldmark.WithExtensions(ext...))
	pc := parser.NewContext()
	SetPagePath(pc, "content/he/page.md")
	doc := md.Parser().Parse(text.NewReader([]byte(src)), parser.WithContext(pc))
	var out bytes.Buffer
	if err := md.Renderer().Render(&out, []byte(src), doc); err != nil {
		t.Fatal(err)
	}
	return out.String(), Problems(pc)
}

var inlineRE = regexp.MustCompile(`(?i)<script|<style|<[^>]*\s(on[a-z]+|style)\s*=|javascript:`)

// noInline fails when html has inline scripts, styles or event handlers,
// which the pages' Content-Security-Policy (default-src 'self') blocks.
func noInline(t *testing.T, html string) {
	t.Helper()
	if m := inlineRE.FindString(html); m != "" {
		t.Errorf("output has %q: %s", m, html)
	}
}
