package markdown

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"gopkg.in/yaml.v3"

	"rapport/generator/diag"
	"rapport/generator/metric"
)

// KindCalculator is the node kind of a calculator block.
var KindCalculator = ast.NewNodeKind("Calculator")

// Calculator is a ```calculator block: a metric and optional default values.
type Calculator struct {
	ast.BaseBlock
	Metric string
	Values map[string]float64
	Index  int // 1-based, per document: element IDs use it
}

// Kind returns KindCalculator.
func (*Calculator) Kind() ast.NodeKind { return KindCalculator }

// Dump prints the node for debugging.
func (n *Calculator) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Metric": n.Metric}, nil)
}

// Calculators is the extension: it turns ```calculator blocks into
// Calculator nodes, checking the metric and input IDs against the set, and
// renders them with the page language's labels.
//
// It is an AST transformer over fenced code blocks rather than a block
// parser: the fence syntax stays goldmark's own, and a block it cannot
// accept is reported and dropped.
type Calculators struct {
	Set   *metric.Set
	Label func(key string) string
	Dir   string
}

// Extend registers the transformer and the renderer.
func (c Calculators) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(calcTransformer{set: c.Set}, 500)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(&calcRenderer{c: c}, 500)))
}

type calcTransformer struct{ set *metric.Set }

func (t calcTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	for i, fc := range fencedBlocks(doc, src, "calculator") {
		c := t.parse(fc, src, pc)
		if c == nil {
			fc.Parent().RemoveChild(fc.Parent(), fc)
			continue
		}
		c.Index = i + 1
		c.SetLines(fc.Lines())
		fc.Parent().ReplaceChild(fc.Parent(), fc, c)
	}
}

// parse reads the block's YAML body, reporting problems at their line.
func (t calcTransformer) parse(fc *ast.FencedCodeBlock, src []byte, pc parser.Context) *Calculator {
	var body bytes.Buffer
	lines := fc.Lines()
	start := fc.Info.Segment.Start
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		body.Write(seg.Value(src))
	}
	lineOff := func(line int) int { // 1-based line of the body → source offset
		if line >= 1 && line <= lines.Len() {
			return lines.At(line - 1).Start
		}
		return start
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(body.Bytes(), &doc); err != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		Report(pc, start, "calculator block must be YAML such as `metric: nps`")
		return nil
	}
	m := doc.Content[0]
	c := &Calculator{Values: map[string]float64{}}
	var met *metric.Metric
	for i := 0; i+1 < len(m.Content); i += 2 {
		if k, v := m.Content[i], m.Content[i+1]; k.Value == "metric" {
			c.Metric = v.Value
			var ok bool
			if met, ok = t.set.Lookup(v.Value); !ok {
				msg := fmt.Sprintf("unknown metric %q", v.Value)
				if s := diag.Suggest(v.Value, t.set.IDs()); s != "" {
					msg += fmt.Sprintf(" (did you mean %q?)", s)
				}
				Report(pc, lineOff(k.Line), msg)
				return nil
			}
		}
	}
	if met == nil {
		Report(pc, start, "calculator block needs `metric: <id>`")
		return nil
	}
	ok := true
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if k.Value == "metric" {
			continue
		}
		if _, known := met.Input(k.Value); !known {
			msg := fmt.Sprintf("unknown input %q of metric %s", k.Value, met.ID)
			if s := diag.Suggest(k.Value, met.InputIDs()); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			Report(pc, lineOff(k.Line), msg)
			ok = false
			continue
		}
		f, err := strconv.ParseFloat(v.Value, 64)
		if err != nil || v.Kind != yaml.ScalarNode {
			Report(pc, lineOff(k.Line), fmt.Sprintf("value of %s must be a number, not %q", k.Value, v.Value))
			ok = false
			continue
		}
		c.Values[k.Value] = f
	}
	if !ok {
		return nil
	}
	return c
}

type calcRenderer struct{ c Calculators }

func (r *calcRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindCalculator, func(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		n := node.(*Calculator)
		m, ok := r.c.Set.Lookup(n.Metric)
		if !ok || !m.OK() {
			// metrics.toml's errors fail the build: nothing to show.
			return ast.WalkSkipChildren, nil
		}
		err := m.WriteHTML(w, metric.View{Prefix: "calc-" + strconv.Itoa(n.Index), Values: n.Values, Label: r.c.Label, Dir: r.c.Dir,
			Level: titleLevel(n)})
		return ast.WalkSkipChildren, err
	})
}

// titleLevel is the heading level of a calculator's title: the level after
// the heading before it (a calculator in an h3 section gets an h4), and h2
// before any heading or under the page's h1.
func titleLevel(n ast.Node) int {
	for ; n != nil; n = n.Parent() {
		for s := n.PreviousSibling(); s != nil; s = s.PreviousSibling() {
			if h, ok := s.(*ast.Heading); ok {
				return min(max(h.Level+1, 2), 6)
			}
		}
	}
	return 2
}
