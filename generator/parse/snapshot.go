package parse

import (
	"rapport/generator/diag"
	"rapport/generator/load"
	"rapport/generator/markdown"
	"rapport/generator/search"
)

// Snapshot is a parsed page as the persistent build cache keeps it
// (package buildcache): everything Parse made of the page's bytes, with
// the search sections as text, not as a dictionary's term numbers (each
// build numbers its terms anew). Restore turns it back into the page a
// Parse of the same bytes with the same Markdown setup returns.
type Snapshot struct {
	FrontMatter FrontMatter
	BodySum     string
	HTML        []byte // compressed, as Page holds it
	Holes       []markdown.Hole
	Headings    []Heading
	Links       []SnapshotLink
	Sections    []search.Section
	Scripts     []string
	Lead        string
	Questions   []Question
	Words       int
	Shape       []Shape
	Units       string
}

// SnapshotLink is a markdown.Link without its syntax node (Parse drops it).
type SnapshotLink struct {
	Dest   string
	Offset int
	Image  bool
	Pos    diag.Pos
}

// Snapshot returns what the build cache keeps of p, right after Parse.
func (p *Page) Snapshot() Snapshot {
	links := make([]SnapshotLink, len(p.Links))
	for i, l := range p.Links {
		links[i] = SnapshotLink{Dest: l.Dest, Offset: l.Offset, Image: l.Image, Pos: l.Pos}
	}
	var secs []search.Section
	if p.Search != nil {
		secs = p.Search.Sections()
	}
	return Snapshot{FrontMatter: p.FrontMatter, BodySum: p.BodySum, HTML: p.compressed(), Holes: p.Holes,
		Headings: p.Headings, Links: links, Sections: secs, Scripts: p.Scripts, Lead: p.Lead,
		Questions: p.Questions, Words: p.Words, Shape: p.Shape, Units: p.Units}
}

// Restore returns the page of src that s was taken from, its search terms
// gathered into dict.
func Restore(src load.Source, s Snapshot, dict *search.Dictionary) *Page {
	p := &Page{Source: src, FrontMatter: s.FrontMatter, BodySum: s.BodySum, html: s.HTML, Holes: s.Holes,
		Headings: s.Headings, Scripts: s.Scripts, Lead: s.Lead, Questions: s.Questions, Words: s.Words,
		Shape: s.Shape, Units: s.Units}
	if s.FrontMatter.BodyOffset <= len(src.Data) {
		p.Body = src.Data[s.FrontMatter.BodyOffset:]
	}
	p.Links = make([]markdown.Link, len(s.Links))
	for i, l := range s.Links {
		p.Links[i] = markdown.Link{Dest: l.Dest, Offset: l.Offset, Image: l.Image, Pos: l.Pos}
	}
	p.Search = dict.Gather(p.Meta.Title, s.Sections)
	return p
}
