package markdown

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// Footnotes are PHP Markdown Extra footnotes (`text[^1]` and, anywhere
// in the page, `[^1]: the note`), goldmark's extension with its labels in
// the page's language: the list of notes gets a heading (md.footnotes),
// and each back-link's text says where it goes (md.footnote_back, with
// ^^ for the note's number) to screen readers, while sighted readers see
// an arrow.
//
// Without this extension `[^1]: note` is a link reference definition and
// `text[^1]` a link to a file called "note".
type Footnotes struct {
	Label func(id string) string
}

// Extend registers goldmark's footnote parser and renderer, and
// renderers of the list, the links and the back-links that take their
// labels from the page's language when a page has footnotes (asking for
// them otherwise would report them missing where they are not used).
func (f Footnotes) Extend(m goldmark.Markdown) {
	extension.NewFootnote().Extend(m)
	// Priority 400 beats goldmark's footnote renderer (500).
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(footnoteRenderer(f), 400)))
}

type footnoteRenderer Footnotes

func (r footnoteRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFootnoteList, r.list)
	reg.Register(ast.KindFootnoteLink, r.link)
	reg.Register(ast.KindFootnoteBacklink, r.backlink)
}

// label returns the UI string id with ^^ replaced by the note's number.
func (r footnoteRenderer) label(id string, n int) []byte {
	return util.EscapeHTML([]byte(strings.ReplaceAll(r.Label(id), "^^", strconv.Itoa(n))))
}

func (r footnoteRenderer) link(w util.BufWriter, _ []byte, node gast.Node, entering bool) (gast.WalkStatus, error) {
	if entering {
		n := node.(*ast.FootnoteLink)
		fmt.Fprintf(w, `<sup id="fnref%s:%d"><a href="#fn:%d" class="footnote-ref" title="%s" role="doc-noteref">%d</a></sup>`,
			refIndex(n.RefIndex), n.Index, n.Index, r.label("md.footnote_link", n.Index), n.Index)
	}
	return gast.WalkContinue, nil
}

func (r footnoteRenderer) backlink(w util.BufWriter, _ []byte, node gast.Node, entering bool) (gast.WalkStatus, error) {
	if entering {
		n := node.(*ast.FootnoteBacklink)
		fmt.Fprintf(w, `&#160;<a href="#fnref%s:%d" class="footnote-backref" role="doc-backlink"><span aria-hidden="true">↩</span><span class="visually-hidden">%s</span></a>`,
			refIndex(n.RefIndex), n.Index, r.label("md.footnote_back", n.Index))
	}
	return gast.WalkContinue, nil
}

// refIndex is goldmark's suffix for the second and later references to
// the same note.
func refIndex(i int) string {
	if i > 0 {
		return strconv.Itoa(i)
	}
	return ""
}

func (r footnoteRenderer) list(w util.BufWriter, _ []byte, n gast.Node, entering bool) (gast.WalkStatus, error) {
	if !entering {
		w.WriteString("</ol>\n</section>\n")
		return gast.WalkContinue, nil
	}
	w.WriteString("<section class=\"footnotes\" role=\"doc-endnotes\">\n<h2 class=\"footnotes-title\">")
	w.Write(util.EscapeHTML([]byte(r.Label("md.footnotes"))))
	w.WriteString("</h2>\n<ol>\n")
	return gast.WalkContinue, nil
}
