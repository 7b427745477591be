package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindFormula is the node kind of a formula block.
var KindFormula = ast.NewNodeKind("Formula")

// Formula is a formula written in words, as a fenced block with the info
// string "formula". It renders as a paragraph of its own in the page's
// direction, not as code: it is prose in the page's language.
type Formula struct {
	ast.BaseBlock
}

// Kind returns KindFormula.
func (*Formula) Kind() ast.NodeKind { return KindFormula }

// Dump prints the node for debugging.
func (n *Formula) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// Formulas turns ```formula blocks into Formula nodes.
type Formulas struct{}

// Extend registers the transformer and renderer.
func (Formulas) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(formulaTransformer{}, 500)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(formulaRenderer{}, 500)))
}

type formulaTransformer struct{}

// Transform replaces fenced code blocks whose info string is "formula".
func (formulaTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	for _, fc := range fencedBlocks(doc, reader.Source(), "formula") {
		f := &Formula{}
		f.SetLines(fc.Lines())
		fc.Parent().ReplaceChild(fc.Parent(), fc, f)
	}
}

// fencedBlocks returns the fenced code blocks of doc whose info string is
// info, in document order. Extensions replace them after the walk.
func fencedBlocks(doc ast.Node, src []byte, info string) []*ast.FencedCodeBlock {
	var blocks []*ast.FencedCodeBlock
	walkBlocks(doc, func(n ast.Node) {
		if fc, ok := n.(*ast.FencedCodeBlock); ok && fc.Info != nil &&
			string(bytes.TrimSpace(fc.Info.Segment.Value(src))) == info {
			blocks = append(blocks, fc)
		}
	})
	return blocks
}

// FormulaText returns the formula's text: its lines joined by spaces.
func FormulaText(n *Formula, src []byte) string {
	var b bytes.Buffer
	for i := 0; i < n.Lines().Len(); i++ {
		if i > 0 {
			b.WriteByte(' ')
		}
		seg := n.Lines().At(i)
		b.Write(bytes.TrimSpace(seg.Value(src)))
	}
	return b.String()
}

type formulaRenderer struct{}

func (formulaRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindFormula, func(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			w.WriteString(`<p class="formula">`)
			w.Write(util.EscapeHTML([]byte(FormulaText(node.(*Formula), src))))
			w.WriteString("</p>\n")
		}
		return ast.WalkSkipChildren, nil
	})
}
