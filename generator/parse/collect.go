package parse

import (
	"bytes"
	"slices"
	"sync"

	"github.com/yuin/goldmark/ast"

	"rapport/generator/markdown"
)

// collector gathers, in one walk over a page's syntax tree, everything the
// page keeps of it: links, headings, sections and their words, the lead,
// counts, the shape and the knowledge-check questions.
//
// Section text leaves out headings (a heading is its section's title);
// links in headings are still links. Shape counts nothing inside a
// top-level heading, which starts a new shape section.
type collector struct {
	p    *Page
	doc  ast.Node
	text *bytes.Buffer // the current section's text (in the scratch)
	cur  Section
	// heading is the heading being walked; top tells whether it is a
	// child of the document.
	heading ast.Node
	top     bool
	// question is the question being walked.
	question *markdown.Question
	// lead is where in text the first top-level paragraph being walked
	// began, while the page has no lead yet; -1 otherwise.
	lead     int
	features features
}

// scratch is what a collector grows and a page does not keep: the
// section text being read, and the slices the page's headings, links,
// shape and sections are appended to, which the page then copies at
// their size (the sections are dropped once search has them). Kept from
// page to page (scratches): grown anew for each page, the text buffer was
// a tenth of what parse allocated and the slices' growth a twentieth.
type scratch struct {
	text     bytes.Buffer
	headings []Heading
	links    []markdown.Link
	shape    []Shape
	sections []Section
}

var scratches = sync.Pool{New: func() any { return new(scratch) }}

// release drops what s holds of its page and returns it to scratches,
// unless it grew too big to keep.
func (s *scratch) release() {
	clear(s.sections)
	s.sections = s.sections[:0]
	s.text.Reset()
	if s.text.Cap() <= 1<<20 && cap(s.headings)+cap(s.links)+cap(s.shape)+cap(s.sections) <= 1<<14 {
		scratches.Put(s)
	}
}

// collect walks doc once and fills p from it. p.Sections are in the
// returned scratch: release it once they are read.
func (p *Page) collect(doc ast.Node) *scratch {
	s := scratches.Get().(*scratch)
	c := &collector{p: p, doc: doc, lead: -1, features: countedFeatures(), text: &s.text}
	p.Headings, p.Links, p.Sections = s.headings[:0], s.links[:0], s.sections[:0]
	p.Shape = append(s.shape[:0], c.newShape(p.Pos(0).Line))
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			c.enter(n)
		} else {
			c.exit(n)
		}
		return ast.WalkContinue, nil
	})
	c.flush()
	s.headings, p.Headings = keep(p.Headings)
	s.links, p.Links = keep(p.Links)
	s.shape, p.Shape = keep(p.Shape)
	s.sections = p.Sections
	p.Scripts = c.scripts()
	for _, s := range p.Sections { // ReadingWords(s.Heading + " " + s.Text), without joining them
		hw, ht := readingCounts(s.Heading)
		tw, tt := readingCounts(s.Text)
		p.Words += hw + tw + thaiWords(ht+tt)
	}
	return s
}

// keep returns a copy of grown at its size (nil if empty), and grown
// emptied of its elements, to grow again for the next page.
func keep[T any](grown []T) (again, own []T) {
	if len(grown) > 0 {
		own = append(make([]T, 0, len(grown)), grown...)
	}
	clear(grown) // no page's strings or nodes held by the scratch
	return grown[:0], own
}

func (c *collector) enter(n ast.Node) {
	if l, ok := markdown.LinkOf(n, c.p.Body); ok {
		l.Pos = c.p.Pos(l.Offset)
		c.p.Links = append(c.p.Links, l)
	}
	if h, ok := n.(*ast.Heading); ok && c.heading == nil {
		c.enterHeading(h)
		return
	}
	if !c.top {
		c.shape(n)
	}
	if c.heading == nil {
		c.gather(n)
	} else {
		c.plainText(n) // the heading's own text
	}
}

func (c *collector) exit(n ast.Node) {
	switch {
	case n == c.heading:
		c.exitHeading()
	case n == c.question:
		c.question = nil
	case c.lead >= 0 && n.Parent() == c.doc:
		if _, ok := n.(*ast.Paragraph); ok {
			c.p.Lead = string(bytes.TrimSpace(c.text.Bytes()[c.lead:]))
			c.lead = -1
		}
	}
	if n.Type() == ast.TypeBlock {
		c.text.WriteByte('\n')
	}
}

// enterHeading starts a section, and a shape section for a top-level
// heading. The heading's text is gathered while its content is walked.
func (c *collector) enterHeading(n *ast.Heading) {
	c.flush()
	p := c.p
	h := Heading{Level: n.Level}
	if id, ok := n.AttributeString("id"); ok {
		h.ID = string(id.([]byte))
	}
	if n.Lines().Len() > 0 {
		h.Line = p.Pos(n.Lines().At(0).Start).Line
	}
	p.Headings = append(p.Headings, h)
	c.heading, c.top = n, n.Parent() == c.doc
	if c.top {
		p.Shape = append(p.Shape, c.newShape(h.Line))
	}
}

// exitHeading sets the heading's text (as markdown.PlainText gives it) in
// its heading, section and shape section.
func (c *collector) exitHeading() {
	p := c.p
	h := &p.Headings[len(p.Headings)-1]
	h.Text = string(bytes.TrimSpace(c.text.Bytes()))
	c.text.Reset()
	c.cur = Section{Anchor: h.ID, Heading: h.Text}
	if c.top {
		p.Shape[len(p.Shape)-1].Heading = h.Text
	}
	c.heading, c.top = nil, false
}

// plainText adds the text of an inline node, as markdown.PlainText does.
func (c *collector) plainText(n ast.Node) {
	switch n := n.(type) {
	case *ast.Text:
		c.text.Write(n.Segment.Value(c.p.Body))
		if n.SoftLineBreak() || n.HardLineBreak() {
			c.text.WriteByte(' ')
		}
	case *ast.String:
		c.text.Write(n.Value)
	}
}

// gather adds n's text to the section and counts it.
func (c *collector) gather(n ast.Node) {
	p := c.p
	switch n := n.(type) {
	case *markdown.Formula:
		c.text.WriteString(markdown.FormulaText(n, p.Body))
	case *ast.Paragraph:
		if p.Lead == "" && c.lead < 0 && n.Parent() == c.doc {
			c.lead = c.text.Len()
		}
	case *ast.Text, *ast.String:
		c.plainText(n)
	case *markdown.SafeHTMLBlock:
		c.text.WriteString(markdown.HTMLText(n.HTML))
	case *markdown.Tab:
		c.text.WriteString(n.Label)
		c.text.WriteByte('\n')
	case *markdown.Question:
		if c.question == nil {
			c.question = n
			p.Questions = append(p.Questions, Question{ID: n.ID, Line: p.Pos(n.Offset).Line, Right: len(n.Right)})
		}
	case *markdown.Answer:
		if c.question != nil {
			p.Questions[len(p.Questions)-1].Answers++
		}
	}
}

// flush ends the current section.
func (c *collector) flush() {
	c.cur.Text = string(bytes.TrimSpace(c.text.Bytes()))
	if c.cur.Text != "" || c.cur.Heading != "" {
		c.p.Sections = append(c.p.Sections, c.cur)
	}
	c.text.Reset()
}

// shape counts n in the current shape section when it is of a counted
// feature's kind (see markdown.Features).
func (c *collector) shape(n ast.Node) {
	k := int(n.Kind())
	if k >= len(c.features.byKind) || c.features.byKind[k] < 0 {
		return
	}
	cur := &c.p.Shape[len(c.p.Shape)-1]
	cur.Counts[c.features.byKind[k]]++
}

// features is markdown.Features as the collector reads it: byKind maps a
// node kind to its feature's index, or -1; scripts are the features'.
type features struct {
	byKind  []int8
	scripts []string
}

// countedFeatures are the counted features, indexed once: kinds are
// numbered as packages initialize, before any page is parsed.
var countedFeatures = sync.OnceValue(func() features {
	var f features
	for i, feat := range markdown.Features() {
		for _, k := range feat.Kinds {
			for int(k) >= len(f.byKind) {
				f.byKind = append(f.byKind, -1)
			}
			f.byKind[k] = int8(i)
		}
		f.scripts = append(f.scripts, feat.Script)
	}
	return f
})

// newShape is an empty shape section starting at line.
func (c *collector) newShape(line int) Shape {
	return Shape{Line: line, Counts: make([]int32, len(c.features.scripts))}
}

// scripts returns the scripts of the features the page has, sorted.
func (c *collector) scripts() []string {
	var out []string
	for i, script := range c.features.scripts {
		if script == "" || slices.Contains(out, script) {
			continue
		}
		for _, s := range c.p.Shape {
			if s.Counts[i] > 0 {
				out = append(out, script)
				break
			}
		}
	}
	slices.Sort(out)
	return out
}

// exact returns s without spare capacity: a page's slices are held from
// parse until render, and append leaves up to half of one unused.
func exact[T any](s []T) []T {
	if cap(s) == len(s) {
		return s
	}
	return append(make([]T, 0, len(s)), s...)
}
