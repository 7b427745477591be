package markdown

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// CodeBlocks renders fenced and indented code blocks highlighted at build
// time by chroma, with CSS classes only (the theme's code.css colours
// them for light and dark schemes; nothing inline), as a left-to-right
// island on every page: `# install the CRM client` keeps its # at the
// start in a Hebrew page. Each block has a copy button, hidden until the
// theme's copy.js shows it, and a status line where the script says it
// copied, both labelled in the page's language (code.copy, code.copied,
// code.copy_failed).
//
// Blocks are highlighted while the page is parsed (an AST transformer that
// runs after the others), each within a budget (see [Highlighter]): a
// block over it is shown unhighlighted, with a warning at its line naming
// the language. The renderers override goldmark's code block renderers
// (priority 100 beats the default 1000); blocks that other extensions turn
// into nodes of their own (formulas, calculators) are not code blocks any
// more when it runs.
type CodeBlocks struct {
	Label func(id string) string
	// Highlight highlights the blocks; nil: a Highlighter of its own.
	Highlight *Highlighter
}

// Extend registers the transformer and the renderers.
func (c CodeBlocks) Extend(m goldmark.Markdown) {
	h := c.Highlight
	if h == nil {
		h = NewHighlighter()
	}
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(codeTransformer{h}, 1000)))
	r := &codeRenderer{label: c.Label}
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(r, 100)))
}

// highlightedAttr holds a block's HTML, set by codeTransformer.
var highlightedAttr = []byte("rapport-highlighted")

type codeTransformer struct{ h *Highlighter }

// Transform highlights every code block of doc, keeping the HTML on the
// node, and warns at a block over the budget.
func (t codeTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || (n.Kind() != ast.KindFencedCodeBlock && n.Kind() != ast.KindCodeBlock) {
			return ast.WalkContinue, nil
		}
		lang := codeLang(n, src)
		html, why := t.h.Highlight(lang, string(blockCode(n, src)))
		if why != "" {
			Warn(pc, blockStart(n), fmt.Sprintf("code block in %q shown without highlighting: %s", lang, why))
		}
		n.SetAttribute(highlightedAttr, html)
		return ast.WalkSkipChildren, nil
	})
}

// blockCode returns the text of code block n.
func blockCode(n ast.Node, src []byte) []byte {
	var code bytes.Buffer
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		code.Write(seg.Value(src))
	}
	return code.Bytes()
}

// blockStart returns the offset of n's fence line (its info string), or
// of its first line.
func blockStart(n ast.Node) int {
	if fc, ok := n.(*ast.FencedCodeBlock); ok && fc.Info != nil {
		return fc.Info.Segment.Start
	}
	if n.Lines().Len() > 0 {
		return n.Lines().At(0).Start
	}
	return 0
}

var langRE = regexp.MustCompile(`^[A-Za-z0-9_+#.-]+$`)

// codeLang returns the language named on n's fence, if it is a plausible
// name.
func codeLang(n ast.Node, src []byte) string {
	if fc, ok := n.(*ast.FencedCodeBlock); ok {
		if l := fc.Language(src); langRE.Match(l) {
			return string(l)
		}
	}
	return ""
}

type codeRenderer struct {
	label func(string) string
}

func (r *codeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, r.render)
	reg.Register(ast.KindCodeBlock, r.render)
}

func (r *codeRenderer) render(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	lang := codeLang(n, src)
	esc := func(id string) string { return string(util.EscapeHTML([]byte(r.label(id)))) }
	fmt.Fprintf(w, `<div class="code">`+"\n"+`<div class="code-bar"><button type="button" class="code-copy" hidden data-copied="%s" data-failed="%s">%s</button> <span class="code-status" role="status"></span></div>`+"\n",
		esc("code.copied"), esc("code.copy_failed"), esc("code.copy"))
	w.WriteString(`<pre class="chroma" dir="ltr" tabindex="0"><code`)
	if lang != "" {
		w.WriteString(` class="language-` + string(util.EscapeHTML([]byte(lang))) + `"`)
	}
	w.WriteString(`>`)
	if html, ok := n.AttributeString(string(highlightedAttr)); ok {
		w.Write(html.([]byte))
	} else { // parsed without the transformer
		w.Write(util.EscapeHTML(blockCode(n, src)))
	}
	w.WriteString("</code></pre>\n</div>\n")
	return ast.WalkSkipChildren, nil
}

// plain is code as HTML without highlighting.
func plain(code string) []byte {
	return util.EscapeHTML([]byte(strings.Clone(code)))
}
