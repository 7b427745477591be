package markdown

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"golang.org/x/net/html"
)

// rawElements are the HTML elements trainers may write in Markdown, with
// the attributes each may have besides rawGlobal.
var rawElements = map[string][]string{
	"details": {"open"}, "summary": nil, "kbd": nil, "sub": nil, "sup": nil,
	"mark": nil, "abbr": nil, "br": nil, "div": nil, "span": nil, "p": nil,
	"b": nil, "i": nil, "strong": nil, "em": nil, "u": nil, "s": nil,
	"small": nil, "ins": nil, "del": nil, "q": nil, "cite": nil, "dfn": nil,
	"var": nil, "samp": nil, "code": nil, "hr": nil, "wbr": nil, "bdi": nil,
}

// rawGlobal are the attributes any allowed element may have.
var rawGlobal = []string{"dir", "lang", "title"}

// voidElements have no end tag.
var voidElements = []string{"br", "hr", "wbr"}

// urlAttrs are attributes whose value is a URL: one that runs code is an
// error even though the attribute is removed anyway.
var urlAttrs = []string{"href", "src", "action", "formaction", "data", "poster", "background", "xlink:href", "cite", "srcset"}

// Node kinds of sanitized raw HTML.
var (
	KindSafeHTML      = ast.NewNodeKind("SafeHTML")
	KindSafeHTMLBlock = ast.NewNodeKind("SafeHTMLBlock")
)

// SafeHTML is inline raw HTML of the page after sanitizing: written as it
// is.
type SafeHTML struct {
	ast.BaseInline
	HTML []byte
}

// Kind implements ast.Node.
func (*SafeHTML) Kind() ast.NodeKind { return KindSafeHTML }

// Dump implements ast.Node.
func (n *SafeHTML) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"HTML": string(n.HTML)}, nil)
}

// SafeHTMLBlock is an HTML block of the page after sanitizing.
type SafeHTMLBlock struct {
	ast.BaseBlock
	HTML []byte
}

// Kind implements ast.Node.
func (*SafeHTMLBlock) Kind() ast.NodeKind { return KindSafeHTMLBlock }

// Dump implements ast.Node.
func (n *SafeHTMLBlock) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"HTML": string(n.HTML)}, nil)
}

// RawHTML passes the raw HTML of a page that trainers use (rawElements:
// details and summary, kbd, sub, sup, mark, abbr, br, div, span, … with
// dir, lang and title) through github.com/microcosm-cc/bluemonday, and
// removes everything else with a warning that names what was removed;
// the text inside removed elements stays (except inside script, style and
// the like). A URL that runs code (javascript: in any disguise) is an
// error, as in a Markdown link. Comments are dropped without a word: they
// are meant to be invisible. Elements left open are closed at the end of
// the page and stray end tags dropped, so a page's HTML cannot break the
// theme's layout around it.
type RawHTML struct{}

// Extend registers the transformer and the renderer.
func (RawHTML) Extend(m goldmark.Markdown) {
	p := bluemonday.NewPolicy()
	for el, attrs := range rawElements {
		p.AllowElements(el)
		if len(attrs) > 0 {
			p.AllowAttrs(attrs...).OnElements(el)
		}
	}
	p.AllowAttrs("dir").Matching(regexp.MustCompile(`^(?i:ltr|rtl|auto)$`)).Globally()
	p.AllowAttrs("lang").Matching(regexp.MustCompile(`^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$`)).Globally()
	p.AllowAttrs("title").Globally()
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(rawTransformer{p}, 900)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(rawRenderer{}, 500)))
}

type rawTransformer struct{ policy *bluemonday.Policy }

// Transform replaces every raw HTML node by its sanitized, balanced form.
func (t rawTransformer) Transform(doc *ast.Document, r text.Reader, pc parser.Context) {
	src := r.Source()
	var raws []ast.Node
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n.(type) {
		case *ast.HTMLBlock, *ast.RawHTML:
			if entering {
				raws = append(raws, n)
			}
		}
		return ast.WalkContinue, nil
	})
	var open []string // elements opened and not yet closed, across the page
	for _, n := range raws {
		raw, off := rawBytes(n, src)
		removed, refused := describe(raw)
		for _, msg := range refused {
			Report(pc, off, msg)
		}
		if len(removed) > 0 {
			Warn(pc, off, "raw HTML: removed "+strings.Join(removed, ", ")+"; the text is kept (allowed: details, summary, kbd, sub, sup, mark, abbr, br, div, span and other text elements, with dir, lang and title)")
		}
		clean := balance(t.policy.SanitizeBytes(raw), &open, func(msg string) { Warn(pc, off, msg) })
		var safe ast.Node = &SafeHTML{HTML: clean}
		if _, block := n.(*ast.HTMLBlock); block {
			safe = &SafeHTMLBlock{HTML: clean}
		}
		n.Parent().ReplaceChild(n.Parent(), n, safe)
	}
	if len(open) > 0 {
		var b bytes.Buffer
		for i := len(open) - 1; i >= 0; i-- {
			b.WriteString("</" + open[i] + ">")
		}
		doc.AppendChild(doc, &SafeHTMLBlock{HTML: b.Bytes()})
	}
}

// rawBytes returns a raw HTML node's source and its offset.
func rawBytes(n ast.Node, src []byte) ([]byte, int) {
	var b bytes.Buffer
	var segs *text.Segments
	switch n := n.(type) {
	case *ast.HTMLBlock:
		segs = n.Lines()
	case *ast.RawHTML:
		segs = n.Segments
	}
	off := 0
	if segs.Len() > 0 {
		off = segs.At(0).Start
	}
	for i := 0; i < segs.Len(); i++ {
		seg := segs.At(i)
		b.Write(seg.Value(src))
	}
	if hb, ok := n.(*ast.HTMLBlock); ok && hb.HasClosure() {
		closure := hb.ClosureLine
		b.Write(closure.Value(src))
	}
	return b.Bytes(), off
}

// describe lists what the sanitizer removes from raw, and the URLs that
// run code.
func describe(raw []byte) (removed, refused []string) {
	z := html.NewTokenizer(bytes.NewReader(raw))
	seen := map[string]bool{}
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			removed = append(removed, s)
		}
	}
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return removed, refused
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken && tt != html.EndTagToken {
			continue
		}
		tok := z.Token()
		attrs, ok := rawElements[tok.Data]
		if !ok && tt != html.EndTagToken {
			add("<" + tok.Data + ">")
		}
		for _, a := range tok.Attr {
			if slices.Contains(urlAttrs, a.Key) && !SafeURL([]byte(a.Val)) {
				refused = append(refused, fmt.Sprintf("link to %q refused: links that run code are not allowed", a.Val))
			}
			if ok && !slices.Contains(attrs, a.Key) && !slices.Contains(rawGlobal, a.Key) {
				add(fmt.Sprintf("attribute %s of <%s>", a.Key, tok.Data))
			}
		}
	}
}

// balance drops end tags that close nothing opened in the page's raw
// HTML so far and records the elements left open in open, so the page's
// HTML cannot close the theme's elements around it.
func balance(clean []byte, open *[]string, warn func(string)) []byte {
	var out bytes.Buffer
	z := html.NewTokenizer(bytes.NewReader(clean))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out.Bytes()
		}
		raw := z.Raw()
		name, _ := z.TagName()
		switch tag := string(name); {
		case tt == html.StartTagToken && !slices.Contains(voidElements, tag):
			*open = append(*open, tag)
		case tt == html.EndTagToken:
			i := slices.Index(*open, tag)
			for j := len(*open) - 1; j >= 0 && j > i && i >= 0; j-- {
				out.WriteString("</" + (*open)[j] + ">")
			}
			if i < 0 {
				warn("raw HTML: removed </" + tag + ">, which closes nothing opened before it")
				continue
			}
			*open = (*open)[:i]
		}
		out.Write(raw)
	}
}

// HTMLText returns the text of sanitized HTML, for search and reading
// time.
func HTMLText(h []byte) string {
	var b strings.Builder
	z := html.NewTokenizer(bytes.NewReader(h))
	for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
		switch tt {
		case html.TextToken:
			b.Write(z.Text())
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			b.WriteByte(' ')
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

type rawRenderer struct{}

func (rawRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindSafeHTML, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			w.Write(n.(*SafeHTML).HTML)
		}
		return ast.WalkContinue, nil
	})
	reg.Register(KindSafeHTMLBlock, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			w.Write(n.(*SafeHTMLBlock).HTML)
			w.WriteByte('\n')
		}
		return ast.WalkContinue, nil
	})
}
