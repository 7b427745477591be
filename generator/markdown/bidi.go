package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// Isolate renders inline code and autolinked URLs and e-mail addresses as
// left-to-right islands (dir="ltr", which HTML isolates), so in a Hebrew or
// Arabic paragraph the punctuation around them stays where the writer put it
// instead of being pulled into the Latin run. It overrides goldmark's code
// span and autolink renderers (priority 100) because those have no attribute
// hook.
type Isolate struct{}

// Extend registers the renderers.
func (Isolate) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(isolateRenderer{}, 100)))
}

type isolateRenderer struct{}

func (isolateRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindCodeSpan, renderCodeSpan)
	reg.Register(ast.KindAutoLink, renderAutoLink)
}

func renderCodeSpan(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		w.WriteString("</code>")
		return ast.WalkContinue, nil
	}
	w.WriteString(`<code dir="ltr">`)
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		seg := c.(*ast.Text).Segment
		v := seg.Value(src)
		if bytes.HasSuffix(v, []byte("\n")) {
			v = append(v[:len(v)-1:len(v)-1], ' ')
		}
		w.Write(util.EscapeHTML(v))
	}
	return ast.WalkSkipChildren, nil
}

func renderAutoLink(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.AutoLink)
	if !entering {
		return ast.WalkContinue, nil
	}
	url := n.URL(src)
	label := n.Label(src)
	if n.AutoLinkType == ast.AutoLinkEmail && !bytes.HasPrefix(bytes.ToLower(url), []byte("mailto:")) {
		url = append([]byte("mailto:"), url...)
	}
	if !SafeURL(url) {
		w.Write(util.EscapeHTML(label))
		return ast.WalkContinue, nil
	}
	w.WriteString(`<a dir="ltr" href="`)
	w.Write(util.EscapeHTML(util.URLEscape(url, false)))
	w.WriteString(`">`)
	w.Write(util.EscapeHTML(label))
	w.WriteString(`</a>`)
	return ast.WalkContinue, nil
}
