package parse

import (
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark"

	"rapport/generator/load"
	"rapport/generator/markdown"
	"rapport/generator/search"
)

// TestPathologicalMarkdown feeds inputs known to be slow in Markdown
// parsers; each must finish quickly or be refused as too complex.
func TestPathologicalMarkdown(t *testing.T) {
	tests := []struct {
		name, body string
	}{
		{"link openers", strings.Repeat("[](", 20000)},
		{"nested lists", func() string {
			var b strings.Builder
			for i := range 1000 {
				b.WriteString(strings.Repeat("  ", i) + "- x\n")
			}
			return b.String()
		}()},
		{"reference definitions", strings.Repeat("[a]: /b\n", 20000)},
		{"nested quotes", strings.Repeat(">", 5000) + " x\n"},
		{"emphasis", strings.Repeat("*a ", 20000)},
	}
	md := goldmark.New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := load.Source{Path: "content/he/x.md", Lang: "he", Rel: "x.md", Data: []byte("---\ntitle: x\n---\n" + tt.body)}
			start := time.Now()
			_, diags := Parse(src, md.Parser(), markdown.NewHoles(md), search.NewDictionary())
			// -short (CI's race-detector run) leaves out the time bound: the
			// race detector slows this case over it on a busy machine.
			if d := time.Since(start); d > 3*time.Second && !testing.Short() {
				t.Errorf("took %v", d)
			}
			for _, d := range diags {
				if !strings.Contains(d.Msg, "input too complex") {
					t.Errorf("unexpected diagnostic %s", d)
				}
			}
		})
	}
}
