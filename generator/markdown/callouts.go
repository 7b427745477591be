package markdown

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// CalloutKinds are the kinds of GitHub's alerts, in its order.
var CalloutKinds = []string{"note", "tip", "important", "warning", "caution"}

// KindCallout is the node kind of [Callout].
var KindCallout = ast.NewNodeKind("Callout")

// Callout is a block quote that starts with GitHub's alert marker:
//
//	> [!WARNING]
//	> Never promise a refund before checking the contract.
//
// Its children are the quote's blocks without the marker.
type Callout struct {
	ast.BaseBlock
	Variant string // one of CalloutKinds
}

// Dump implements ast.Node.
func (c *Callout) Dump(src []byte, level int) {
	ast.DumpHelper(c, src, level, map[string]string{"Variant": c.Variant}, nil)
}

// Kind implements ast.Node.
func (*Callout) Kind() ast.NodeKind { return KindCallout }

// Callouts turns block quotes that start with `[!NOTE]`, `[!TIP]`,
// `[!IMPORTANT]`, `[!WARNING]` or `[!CAUTION]` (any case, alone on the
// quote's first line) into callouts titled in the page's language
// (callout.<kind>). Any other `[!WORD]` alone on that line is an error: a
// typo would otherwise show the marker as text.
type Callouts struct {
	Label func(id string) string
}

// Extend registers the transformer and the renderer.
func (c Callouts) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(calloutTransformer{}, 200)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(calloutRenderer(c), 500)))
}

var calloutRE = regexp.MustCompile(`^\[!([A-Za-z]+)\][ \t]*$`)

type calloutTransformer struct{}

// Transform replaces each marked block quote by a Callout.
func (calloutTransformer) Transform(doc *ast.Document, r text.Reader, pc parser.Context) {
	src := r.Source()
	var quotes []*ast.Blockquote
	walkBlocks(doc, func(n ast.Node) {
		if q, ok := n.(*ast.Blockquote); ok {
			quotes = append(quotes, q)
		}
	})
	for _, q := range quotes {
		p, ok := q.FirstChild().(*ast.Paragraph)
		if !ok || p.Lines().Len() == 0 {
			continue
		}
		first := p.Lines().At(0)
		m := calloutRE.FindSubmatch(bytes.TrimRight(first.Value(src), "\n"))
		if m == nil {
			continue
		}
		kind := strings.ToLower(string(m[1]))
		if !slices.Contains(CalloutKinds, kind) {
			Report(pc, first.Start, fmt.Sprintf("unknown callout kind %q: use [!NOTE], [!TIP], [!IMPORTANT], [!WARNING] or [!CAUTION]", m[1]))
			continue
		}
		dropFirstLine(p, first)
		c := &Callout{Variant: kind}
		for ch := q.FirstChild(); ch != nil; {
			next := ch.NextSibling()
			if ch != p || p.HasChildren() {
				c.AppendChild(c, ch)
			}
			ch = next
		}
		c.SetLines(q.Lines())
		q.Parent().ReplaceChild(q.Parent(), q, c)
	}
}

// dropFirstLine removes the inline nodes of a paragraph's first line,
// and the line itself.
func dropFirstLine(p *ast.Paragraph, first text.Segment) {
	for ch := p.FirstChild(); ch != nil; {
		next := ch.NextSibling()
		t, ok := ch.(*ast.Text)
		if !ok || t.Segment.Start >= first.Stop {
			break
		}
		p.RemoveChild(p, ch)
		ch = next
	}
	lines := text.NewSegments()
	for i := 1; i < p.Lines().Len(); i++ {
		lines.Append(p.Lines().At(i))
	}
	p.SetLines(lines)
}

type calloutRenderer Callouts

func (r calloutRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindCallout, r.render)
}

func (r calloutRenderer) render(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		w.WriteString("</aside>\n")
		return ast.WalkContinue, nil
	}
	kind := n.(*Callout).Variant
	fmt.Fprintf(w, `<aside class="callout callout-%s">`+"\n"+`<p class="callout-title">`, kind)
	w.Write(util.EscapeHTML([]byte(r.Label("callout." + kind))))
	w.WriteString("</p>\n")
	return ast.WalkContinue, nil
}
