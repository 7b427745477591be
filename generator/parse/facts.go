package parse

import (
	"rapport/generator/diag"
)

// The facts of a parsed page: what each later stage reads of it, as plain
// values (strings, numbers, slices and maps of them; no pointers, no
// syntax tree), so that a stage's memo key is the facts hashed whole
// (memo.Hash.Value) and never a list of fields written by hand. An edit
// that changes none of a stage's facts does not run that stage again.

// LinkFacts are what the link stage reads of a page: its place in the
// content folder, its front matter with the line of each key, its
// headings (anchors) and its links. The body's text is not in them: a
// page whose sentences changed and nothing else links the same.
type LinkFacts struct {
	Path, Lang, Rel string
	Meta            Meta
	Lines           map[string]int
	TopicLines      []int
	Headings        []Heading
	Links           []LinkFact
}

// LinkFact is a link or image of the page as the link stage resolves it:
// its destination as written, and where it is, for its errors.
type LinkFact struct {
	Dest  string
	Image bool
	Pos   diag.Pos
}

// LinkFacts returns the page's link facts.
func (p *Page) LinkFacts() LinkFacts {
	f := LinkFacts{Path: p.Path, Lang: p.Lang, Rel: p.Rel, Meta: p.Meta, Lines: p.Lines, TopicLines: p.TopicLines,
		Headings: p.Headings, Links: make([]LinkFact, len(p.Links))}
	for i, l := range p.Links {
		f.Links[i] = LinkFact{Dest: l.Dest, Image: l.Image, Pos: l.Pos}
	}
	return f
}

// ShapeFacts are what the translation report reads of a page's body: its
// structure, section by section, and its knowledge-check questions.
type ShapeFacts struct {
	Sections  []Shape
	Questions []Question
	Units     string // the kinds of its translation units (Page.Units)
}

// ShapeFacts returns the page's shape facts.
func (p *Page) ShapeFacts() ShapeFacts {
	p.fillShape()
	return ShapeFacts{Sections: p.Shape, Questions: p.Questions, Units: p.Units}
}
