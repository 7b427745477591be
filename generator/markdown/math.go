package markdown

import (
	"html"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindMath is the node kind of inline math.
var KindMath = ast.NewNodeKind("Math")

// Math is inline math, `$…$` with TeX inside (see tex.go for what TeX),
// anywhere inline Markdown is: a paragraph, a heading, a table cell, a
// knowledge check's question, answers and feedback. It renders as MathML,
// which browsers lay out without a script, inside a left-to-right isolate
// (<bdi dir="ltr">): in a Hebrew or Arabic sentence the formula reads left
// to right and the sentence's punctuation stays where it was written.
//
// The dollars follow Pandoc's rule, so prices stay text: the opening `$`
// is followed by a non-space, the closing one is preceded by a non-space
// and not followed by a digit, both on one line, and the first dollar
// after the opening one is the closing one or there is no math: "$5 and
// $10" has none. `\$` is a dollar sign. Its one child is the formula as plain text
// (tex.go's mathText), which [PlainText] (search, headings, the right answers of
// a question) reads.
type Math struct {
	ast.BaseInline
	TeX string
}

// Kind returns KindMath.
func (*Math) Kind() ast.NodeKind { return KindMath }

// Dump prints the node for debugging.
func (n *Math) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"TeX": n.TeX}, nil)
}

// Maths is the extension.
type Maths struct{}

// Extend registers the inline parser and the renderer.
func (Maths) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(mathParser{}, 150)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(mathRenderer{}, 500)))
}

type mathParser struct{}

func (mathParser) Trigger() []byte { return []byte{'$'} }

func (mathParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	end := mathEnd(line)
	if end < 0 {
		return nil
	}
	tex := string(line[1:end])
	tree, unknown := parseTeX(tex)
	for _, u := range unknown {
		Warn(pc, seg.Start+1+u.at, `unknown TeX command \`+u.name+` in $…$: it is shown as written`)
	}
	n := &Math{TeX: tex}
	n.AppendChild(n, ast.NewString([]byte(mathText(tree))))
	block.Advance(end + 1)
	return n
}

// mathEnd returns the index of the dollar closing the math line opens,
// or -1 when it opens none.
func mathEnd(line []byte) int {
	if len(line) < 3 || line[1] == ' ' || line[1] == '\t' || line[1] == '\n' || line[1] == '$' {
		return -1
	}
	for j := 1; j < len(line); j++ {
		switch c := line[j]; {
		case c == '\\':
			j++
		case c == '\n':
			return -1
		case c == '$':
			if line[j-1] == ' ' || line[j-1] == '\t' || j+1 < len(line) && isDigitByte(line[j+1]) {
				return -1 // "$5 and $10": the first dollar after decides
			}
			return j
		}
	}
	return -1
}

type mathRenderer struct{}

func (mathRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindMath, func(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			w.WriteString(MathML(node.(*Math).TeX))
		}
		return ast.WalkSkipChildren, nil
	})
}

// MathML returns TeX as inline MathML in a left-to-right isolate. The
// math is named by its plain text (aria-label): an answer that is only a
// formula then names its radio button, which accessibility checkers (axe)
// and some screen readers do not take from MathML.
func MathML(tex string) string {
	tree, _ := parseTeX(tex)
	var b strings.Builder
	b.WriteString(`<bdi class="math" dir="ltr"><math aria-label="`)
	b.WriteString(html.EscapeString(mathText(tree)))
	b.WriteString(`">`)
	for _, k := range tree.kids {
		writeMathML(&b, k)
	}
	b.WriteString(`</math></bdi>`)
	return b.String()
}
