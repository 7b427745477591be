package markdown

import (
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// Feature is a counted Markdown construct: the parse stage counts it in
// every section of every page (parse.ShapeFacts), the translation report
// compares the counts of a page's translations section by section, and a
// page that has one loads the feature's script, if it has one.
//
// To count a new construct, add its entry to [Features]: nothing else
// names it. Its extension (a file of its own and a line in extensions.go)
// makes the nodes; the entry says which kinds to count.
type Feature struct {
	// Name is what the report calls them, in the plural: "code blocks".
	Name string
	// Kinds are the node kinds counted, each node once.
	Kinds []ast.NodeKind
	// None, when not empty, is how the report says that a section has
	// none where the reference translation has some ("no list"); without
	// it, the report gives both counts.
	None string
	// Script is the theme asset (themes/default/assets/) that a page with
	// one loads, or "".
	Script string
	// Example is Markdown with exactly one of them, for the tests that go
	// through every entry.
	Example string
}

// Features lists every counted construct, in the order the report lists
// differences within a section.
func Features() []Feature {
	return []Feature{
		{Name: "list items", Kinds: []ast.NodeKind{ast.KindListItem}, None: "no list", Example: "- one\n"},
		{Name: "formulas", Kinds: []ast.NodeKind{KindFormula}, Example: "```formula\nrevenue = price * units\n```\n"},
		{Name: "calculators", Kinds: []ast.NodeKind{KindCalculator}, Script: "calculator.js", Example: "```calculator\nmetric: nps\n```\n"},
		{Name: "links", Kinds: []ast.NodeKind{ast.KindLink}, Example: "See [the guide](https://example.com/).\n"},
		{Name: "images", Kinds: []ast.NodeKind{ast.KindImage}, Example: "![The funnel](funnel.png)\n"},
		{Name: "callouts", Kinds: []ast.NodeKind{KindCallout}, Example: "> [!NOTE]\n> Read this first.\n"},
		{Name: "footnotes", Kinds: []ast.NodeKind{east.KindFootnoteLink}, Example: "Text.[^1]\n\n[^1]: The note.\n"},
		{Name: "tab groups", Kinds: []ast.NodeKind{KindTabs}, Script: "tabs.js", Example: "::: tabs\n::: tab One\nFirst.\n:::\n"},
		{Name: "code blocks", Kinds: []ast.NodeKind{ast.KindFencedCodeBlock, ast.KindCodeBlock}, Script: "copy.js", Example: "```\ncode\n```\n"},
	}
}
