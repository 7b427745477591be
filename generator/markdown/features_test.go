package markdown

import (
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"rapport/generator/metric"
)

// TestFeatureExamples parses every counted feature's example with the
// whole Markdown: it must make exactly one node of the feature's kinds,
// none of another feature's kinds (list items aside: a callout or tab
// holds no list), and no problem.
func TestFeatureExamples(t *testing.T) {
	set, d := metric.Load("metrics.toml", []byte("[[metric]]\nid = \"nps\"\nformula = \"promoters - detractors\"\nunit = \"points\"\n[[metric.input]]\nid = \"promoters\"\nkind = \"percent\"\n[[metric.input]]\nid = \"detractors\"\nkind = \"percent\"\n"))
	if d.HasErrors() {
		t.Fatal(d)
	}
	md := New(Config{Metrics: set})
	seen := map[string]bool{}
	for _, f := range Features() {
		if f.Name == "" || len(f.Kinds) == 0 || f.Example == "" || seen[f.Name] {
			t.Errorf("feature %q: a feature has a unique name, node kinds and an example", f.Name)
		}
		seen[f.Name] = true
		pc := parser.NewContext(parser.WithIDs(NewIDs()))
		SetPagePath(pc, "content/he/page.md")
		doc := md.Parser().Parse(text.NewReader([]byte(f.Example)), parser.WithContext(pc))
		if p := Problems(pc); len(p) > 0 {
			t.Errorf("%s: example %q: %v", f.Name, f.Example, p)
		}
		counts := map[string]int{}
		ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			for _, g := range Features() {
				for _, k := range g.Kinds {
					if entering && n.Kind() == k {
						counts[g.Name]++
					}
				}
			}
			return ast.WalkContinue, nil
		})
		for name, n := range counts {
			if want := map[bool]int{true: 1}[name == f.Name]; n != want {
				t.Errorf("%s: example %q has %d %s, want %d", f.Name, f.Example, n, name, want)
			}
		}
		if counts[f.Name] != 1 {
			t.Errorf("%s: example %q has %d, want 1", f.Name, f.Example, counts[f.Name])
		}
	}
}
