package markdown

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// Anchors renders headings with a trailing self-link, so a reader can copy a
// link to any section: a link like any other, reached by keyboard and
// touch, named by Label for screen readers. It overrides goldmark's heading renderer (priority 100
// beats the default 1000) because the default has no hook for extra content.
type Anchors struct {
	// Label is the link's accessible title in the page's language.
	Label string
}

// Extend registers the heading renderer.
func (a Anchors) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(&anchorRenderer{label: a.Label}, 100)))
}

type anchorRenderer struct{ label string }

func (r *anchorRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHeading, r.render)
}

func (r *anchorRenderer) render(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Heading)
	if entering {
		w.WriteString("<h")
		w.WriteByte("0123456"[n.Level])
		if n.Attributes() != nil {
			html.RenderAttributes(w, node, html.HeadingAttributeFilter)
		}
		w.WriteByte('>')
		return ast.WalkContinue, nil
	}
	if id, ok := n.AttributeString("id"); ok {
		w.WriteString(`<a class="anchor" href="#`)
		w.Write(util.EscapeHTML(id.([]byte)))
		w.WriteString(`" aria-label="`)
		w.Write(util.EscapeHTML([]byte(r.label)))
		w.WriteString(`">#</a>`)
	}
	w.WriteString("</h")
	w.WriteByte("0123456"[n.Level])
	w.WriteString(">\n")
	return ast.WalkContinue, nil
}
