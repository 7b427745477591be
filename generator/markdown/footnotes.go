package markdown

import (
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

// Extend registers goldmark's footnote parser and renderer, and the list
// renderer with the heading.
func (f Footnotes) Extend(m goldmark.Markdown) {
	back := util.EscapeHTML([]byte(f.Label("md.footnote_back")))
	extension.NewFootnote(
		extension.WithFootnoteBacklinkHTML(`<span aria-hidden="true">↩</span><span class="visually-hidden">`+string(back)+`</span>`),
		extension.WithFootnoteLinkTitle(f.Label("md.footnote_link")),
	).Extend(m)
	// Priority 400 beats goldmark's footnote renderer (500).
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(footnoteList{title: f.Label("md.footnotes")}, 400)))
}

type footnoteList struct{ title string }

func (r footnoteList) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFootnoteList, r.render)
}

func (r footnoteList) render(w util.BufWriter, src []byte, n gast.Node, entering bool) (gast.WalkStatus, error) {
	if !entering {
		w.WriteString("</ol>\n</section>\n")
		return gast.WalkContinue, nil
	}
	w.WriteString("<section class=\"footnotes\" role=\"doc-endnotes\">\n<h2 class=\"footnotes-title\">")
	w.Write(util.EscapeHTML([]byte(strings.TrimSpace(r.title))))
	w.WriteString("</h2>\n<ol>\n")
	return gast.WalkContinue, nil
}
