package markdown

import (
	"regexp"
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
	KindTabs     = ast.NewNodeKind("Tabs")
	KindTab      = ast.NewNodeKind("Tab")
	KindTabLabel = ast.NewNodeKind("TabLabel")
)

// Tabs is a group of alternatives, one [Tab] each:
//
//	::: tabs
//	::: tab Salesforce
//	Open Setup, then Users.
//	::: tab HubSpot
//	Open Settings, then Users & Teams.
//	:::
//
// Lines that start with ::: read as plain paragraphs in any Markdown
// preview, so the source stays readable where tabs are not rendered.
type Tabs struct {
	ast.BaseBlock
	// Offset is where the group's first line starts in the source.
	Offset int
}

// Kind implements ast.Node.
func (*Tabs) Kind() ast.NodeKind { return KindTabs }

// Dump implements ast.Node.
func (n *Tabs) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// Tab is one alternative of a [Tabs] group: its label and blocks.
type Tab struct {
	ast.BaseBlock
	Label string
}

// Kind implements ast.Node.
func (*Tab) Kind() ast.NodeKind { return KindTab }

// Dump implements ast.Node.
func (n *Tab) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Label": n.Label}, nil)
}

// TabLabel is a `::: tab Label` line while parsing; the transformer
// turns each into a [Tab] holding the blocks after it.
type TabLabel struct {
	ast.BaseBlock
	Label string
}

// Kind implements ast.Node.
func (*TabLabel) Kind() ast.NodeKind { return KindTabLabel }

// Dump implements ast.Node.
func (n *TabLabel) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// TabGroups parses ::: tabs groups and renders them as plain sections,
// each with its label, which the theme's tabs.js turns into ARIA tabs
// (a tab list, arrow keys, the chosen label kept across the page). Without
// the script every alternative shows, under its label.
type TabGroups struct{}

// Extend registers the block parsers, the transformer and the renderer.
func (TabGroups) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(tabsParser{}, 90), util.Prioritized(tabLabelParser{}, 91)),
		parser.WithASTTransformers(util.Prioritized(tabsTransformer{}, 150)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(tabsRenderer{}, 500)))
}

var (
	tabsOpenRE  = regexp.MustCompile(`^:::[ \t]*tabs[ \t]*$`)
	tabLabelRE  = regexp.MustCompile(`^:::[ \t]*tab[ \t]+(\S.*?)[ \t]*$`)
	tabsCloseRE = regexp.MustCompile(`^:::[ \t]*$`)
)

// fenceLine returns the line at the reader without its line ending, when
// it is indented less than a code block.
func fenceLine(r text.Reader) ([]byte, text.Segment, bool) {
	line, seg := r.PeekLine()
	w, pos := util.IndentWidth(line, r.LineOffset())
	if w >= 4 {
		return nil, seg, false
	}
	return util.TrimRightSpace(line[pos:]), seg, true
}

type tabsParser struct{}

func (tabsParser) Trigger() []byte { return []byte{':'} }

func (tabsParser) Open(parent ast.Node, r text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg, ok := fenceLine(r)
	if !ok || !tabsOpenRE.Match(line) {
		return nil, parser.NoChildren
	}
	r.AdvanceToEOL()
	return &Tabs{Offset: seg.Start}, parser.HasChildren
}

func (tabsParser) Continue(n ast.Node, r text.Reader, pc parser.Context) parser.State {
	if line, _, ok := fenceLine(r); ok && tabsCloseRE.Match(line) {
		r.AdvanceToEOL()
		return parser.Close
	}
	return parser.Continue | parser.HasChildren
}

func (tabsParser) Close(ast.Node, text.Reader, parser.Context) {}
func (tabsParser) CanInterruptParagraph() bool                 { return true }
func (tabsParser) CanAcceptIndentedLine() bool                 { return false }

type tabLabelParser struct{}

func (tabLabelParser) Trigger() []byte { return []byte{':'} }

func (tabLabelParser) Open(parent ast.Node, r text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg, ok := fenceLine(r)
	if !ok {
		return nil, parser.NoChildren
	}
	m := tabLabelRE.FindSubmatch(line)
	if m == nil {
		return nil, parser.NoChildren
	}
	if _, inTabs := parent.(*Tabs); !inTabs {
		Report(pc, seg.Start, "::: tab outside a ::: tabs group: start the group with a line ::: tabs and end it with :::")
		return nil, parser.NoChildren
	}
	r.AdvanceToEOL()
	l := &TabLabel{Label: string(m[1])}
	l.Lines().Append(seg)
	return l, parser.NoChildren
}

func (tabLabelParser) Continue(ast.Node, text.Reader, parser.Context) parser.State {
	return parser.Close
}
func (tabLabelParser) Close(ast.Node, text.Reader, parser.Context) {}
func (tabLabelParser) CanInterruptParagraph() bool                 { return true }
func (tabLabelParser) CanAcceptIndentedLine() bool                 { return false }

type tabsTransformer struct{}

// Transform puts the blocks after each label into its Tab.
func (tabsTransformer) Transform(doc *ast.Document, _ text.Reader, pc parser.Context) {
	var groups []*Tabs
	walkBlocks(doc, func(n ast.Node) {
		if t, ok := n.(*Tabs); ok {
			groups = append(groups, t)
		}
	})
	for _, g := range groups {
		var cur *Tab
		for ch := g.FirstChild(); ch != nil; {
			next := ch.NextSibling()
			if l, ok := ch.(*TabLabel); ok {
				cur = &Tab{Label: l.Label}
				g.ReplaceChild(g, l, cur)
			} else if cur != nil {
				cur.AppendChild(cur, ch)
			} else if ch.Lines().Len() > 0 {
				Report(pc, ch.Lines().At(0).Start, "text in a ::: tabs group before its first ::: tab line")
			}
			ch = next
		}
		if cur == nil {
			Report(pc, g.Offset, "a ::: tabs group without tabs: give each alternative a line ::: tab Label")
		}
	}
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
