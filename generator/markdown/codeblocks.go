package markdown

import (
	"bytes"
	"fmt"
	"regexp"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
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
// It overrides goldmark's code block renderers (priority 100 beats the
// default 1000); blocks that other extensions turn into nodes of their own
// (formulas, calculators) are not code blocks any more when it runs.
type CodeBlocks struct {
	Label func(id string) string
}

// Extend registers the renderers.
func (c CodeBlocks) Extend(m goldmark.Markdown) {
	r := &codeRenderer{label: c.Label, fmt: chromahtml.New(chromahtml.WithClasses(true), chromahtml.PreventSurroundingPre(true))}
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(r, 100)))
}

type codeRenderer struct {
	label func(string) string
	fmt   *chromahtml.Formatter
}

func (r *codeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, r.render)
	reg.Register(ast.KindCodeBlock, r.render)
}

var langRE = regexp.MustCompile(`^[A-Za-z0-9_+#.-]+$`)

func (r *codeRenderer) render(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	var code bytes.Buffer
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		code.Write(seg.Value(src))
	}
	lang := ""
	if fc, ok := n.(*ast.FencedCodeBlock); ok {
		if l := fc.Language(src); langRE.Match(l) {
			lang = string(l)
		}
	}
	esc := func(id string) string { return string(util.EscapeHTML([]byte(r.label(id)))) }
	fmt.Fprintf(w, `<div class="code">`+"\n"+`<div class="code-bar"><button type="button" class="code-copy" hidden data-copied="%s" data-failed="%s">%s</button> <span class="code-status" role="status"></span></div>`+"\n",
		esc("code.copied"), esc("code.copy_failed"), esc("code.copy"))
	w.WriteString(`<pre class="chroma" dir="ltr" tabindex="0"><code`)
	if lang != "" {
		w.WriteString(` class="language-` + string(util.EscapeHTML([]byte(lang))) + `"`)
	}
	w.WriteString(`>`)
	r.highlight(w, lang, code.String())
	w.WriteString("</code></pre>\n</div>\n")
	return ast.WalkSkipChildren, nil
}

// highlight writes code as HTML, with chroma's token classes when the
// language is known.
func (r *codeRenderer) highlight(w util.BufWriter, lang, code string) {
	var lexer chroma.Lexer
	if lang != "" {
		lexer = lexers.Get(lang)
	}
	if lexer == nil {
		w.Write(util.EscapeHTML([]byte(code)))
		return
	}
	it, err := chroma.Coalesce(lexer).Tokenise(nil, code)
	if err == nil {
		var b bytes.Buffer
		if err = r.fmt.Format(&b, styles.Fallback, it); err == nil {
			w.Write(b.Bytes())
			return
		}
	}
	w.Write(util.EscapeHTML([]byte(code)))
}
