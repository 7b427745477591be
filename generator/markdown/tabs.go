package markdown

import (
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Node kinds of tabs.
var (
	KindTabs = ast.NewNodeKind("Tabs")
	KindTab  = ast.NewNodeKind("Tab")
)

// Tabs is a group of alternatives, one [Tab] each, parsed by [Containers]:
//
//	::: tabs
//	::: tab Salesforce
//	Open Setup, then Users.
//	::: tab HubSpot
//	Open Settings, then Users & Teams.
//	:::
//
// A tab ends at the next `::: tab` line of its group, or with the group.
// A group opened with a longer fence (`:::: tabs` … `::::`) may also close
// each tab with `:::`, and holds `:::` blocks of its own (a knowledge
// check in a tab) as any group does. Lines that start with ::: read as
// plain paragraphs in any Markdown preview, so the source stays readable
// where tabs are not rendered.
type Tabs struct {
	ast.BaseBlock
	Fence // Offset: where the group's first line starts in the source
}

// Kind implements ast.Node.
func (*Tabs) Kind() ast.NodeKind { return KindTabs }

// Dump implements ast.Node.
func (n *Tabs) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// Tab is one alternative of a [Tabs] group: its label and blocks.
type Tab struct {
	ast.BaseBlock
	Fence
	Label string
}

// Kind implements ast.Node.
func (*Tab) Kind() ast.NodeKind { return KindTab }

// Dump implements ast.Node.
func (n *Tab) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Label": n.Label}, nil)
}

// openTabs returns the group a line `::: tabs arg` opens.
func openTabs(arg string) (fenced, string) {
	if arg != "" {
		return &Tabs{}, "`::: tabs` takes no words after it: each tab's label goes on its `::: tab` line"
	}
	return &Tabs{}, ""
}

// openTab returns the tab a line `::: tab label` opens.
func openTab(label string) (fenced, string) {
	if label == "" {
		return &Tab{}, "a tab needs a label: `::: tab Salesforce`"
	}
	return &Tab{Label: label}, ""
}

// TabGroups checks `::: tabs` groups and renders them as plain sections,
// each with its label, which the theme's tabs.js turns into ARIA tabs
// (a tab list, arrow keys, the chosen label kept across the page). Without
// the script every alternative shows, under its label.
type TabGroups struct{}

// Extend registers the transformer and the renderer.
func (TabGroups) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(tabsTransformer{}, 150)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(tabsRenderer{}, 500)))
}

type tabsTransformer struct{}

// Transform reports groups without tabs, and blocks in a group outside
// its tabs.
func (tabsTransformer) Transform(doc *ast.Document, _ text.Reader, pc parser.Context) {
	walkBlocks(doc, func(n ast.Node) {
		g, ok := n.(*Tabs)
		if !ok {
			return
		}
		tabs := 0
		for ch := g.FirstChild(); ch != nil; ch = ch.NextSibling() {
			if _, ok := ch.(*Tab); ok {
				tabs++
			} else if tabs >= 0 {
				Report(pc, offsetOf(ch, g.Offset), "text in a `::: tabs` group outside its tabs: put it under a `::: tab Label` line")
				tabs = -1 << 30 // once a group
			}
		}
		if tabs == 0 {
			Report(pc, g.Offset, "a `::: tabs` group without tabs: give each alternative a line `::: tab Label`")
		}
	})
}

type tabsRenderer struct{}

func (tabsRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindTabs, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			w.WriteString("<div class=\"tabs\">\n")
		} else {
			w.WriteString("</div>\n")
		}
		return ast.WalkContinue, nil
	})
	reg.Register(KindTab, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			w.WriteString("</div>\n")
			return ast.WalkContinue, nil
		}
		label := util.EscapeHTML([]byte(strings.TrimSpace(n.(*Tab).Label)))
		w.WriteString(`<div class="tab-panel" data-label="`)
		w.Write(label)
		w.WriteString("\">\n<p class=\"tab-label\">")
		w.Write(label)
		w.WriteString("</p>\n")
		return ast.WalkContinue, nil
	})
}
