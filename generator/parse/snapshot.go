package parse

import (
	"maps"
	"slices"

	"rapport/generator/diag"
	"rapport/generator/internal/wire"
	"rapport/generator/load"
	"rapport/generator/markdown"
	"rapport/generator/search"
)

// Snapshot is a parsed page as the persistent build cache keeps it
// (package buildcache): everything Parse made of the page's bytes, with
// what search gathered encoded with its terms as bytes, not as a
// dictionary's numbers (each build numbers its terms anew). Restore turns
// it back into the page a Parse of the same bytes with the same Markdown
// setup returns. Encode and DecodeSnapshot write and read it field by
// field; TestSnapshotRoundTrip fills every field by reflection, so a
// field added here and forgotten there fails it.
type Snapshot struct {
	FrontMatter FrontMatter
	BodySum     string
	HTML        []byte // compressed, as Page holds it
	Holes       []markdown.Hole
	Headings    []Heading
	Links       []SnapshotLink
	Search      []byte // search.Page.AppendBinary
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

// Snapshot returns what the build cache keeps of p, right after Parse
// with dict.
func (p *Page) Snapshot(dict *search.Dictionary) Snapshot {
	p.fillShape()
	links := make([]SnapshotLink, len(p.Links))
	for i, l := range p.Links {
		links[i] = SnapshotLink{Dest: l.Dest, Offset: l.Offset, Image: l.Image, Pos: l.Pos}
	}
	return Snapshot{FrontMatter: p.FrontMatter, BodySum: p.BodySum, HTML: p.compressed(nil), Holes: p.Holes,
		Headings: p.Headings, Links: links, Search: p.Search.AppendBinary(nil, dict), Scripts: p.Scripts, Lead: p.Lead,
		Questions: p.Questions, Words: p.Words, Shape: p.Shape, Units: p.Units}
}

// Restore returns the page of src that s was taken from; its search
// terms are numbered when an index is built from it. It fails when s's
// search data does not read back.
func Restore(src load.Source, s Snapshot) (*Page, error) {
	found, err := search.DecodePage(s.Search)
	if err != nil {
		return nil, err
	}
	p := restored(src, s)
	p.Search = found
	return p, nil
}

// restored returns the page of src that s was taken from, without what
// search gathered.
func restored(src load.Source, s Snapshot) *Page {
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
	return p
}

// Encode appends s's encoding to b.
func (s *Snapshot) Encode(b []byte) []byte {
	e := wire.Encoder{B: b}
	encodeFrontMatter(&e, &s.FrontMatter)
	e.String(s.BodySum)
	e.Bytes(s.HTML)
	e.Uint(uint64(len(s.Holes)))
	for _, h := range s.Holes {
		e.Int(h.Offset)
		e.Int(h.Link)
	}
	e.Uint(uint64(len(s.Headings)))
	for _, h := range s.Headings {
		e.Int(h.Level)
		e.String(h.ID)
		e.String(h.Text)
		e.Int(h.Line)
	}
	e.Uint(uint64(len(s.Links)))
	for _, l := range s.Links {
		e.String(l.Dest)
		e.Int(l.Offset)
		e.Bool(l.Image)
		encodePos(&e, l.Pos)
	}
	e.Bytes(s.Search)
	e.Strings(s.Scripts)
	e.String(s.Lead)
	encodeRest(&e, s)
	return e.B
}

func encodeRest(e *wire.Encoder, s *Snapshot) {
	e.Uint(uint64(len(s.Questions)))
	for _, q := range s.Questions {
		e.String(q.ID)
		e.Ints([]int{q.Line, q.Answers, q.Right})
	}
	e.Int(s.Words)
	e.Bytes(encodeShape(nil, s.Shape)) // a block of its own: see SnapshotDecoder.DecodeFacts
	e.String(s.Units)
}

// encodeShape appends the encoding of shape to b.
func encodeShape(b []byte, shape []Shape) []byte {
	e := wire.Encoder{B: b}
	e.Uint(uint64(len(shape)))
	for _, sh := range shape {
		e.String(sh.Heading)
		e.Int(sh.Line)
		e.Uint(uint64(len(sh.Counts)))
		for _, c := range sh.Counts {
			e.Int(int(c))
		}
	}
	return e.B
}

func encodePos(e *wire.Encoder, p diag.Pos) {
	e.String(p.File)
	e.Int(p.Line)
	e.Int(p.Col)
}

func encodeFrontMatter(e *wire.Encoder, fm *FrontMatter) {
	m := &fm.Meta
	for _, s := range []string{m.Title, m.Description, m.TranslationKey, m.Slug, m.TranslatedFrom, m.SourceHash, string(m.Lastmod)} {
		e.String(s)
	}
	e.Strings(m.Topics)
	e.Int(m.Weight)
	e.Bool(m.Placeholder)
	keys := slices.Sorted(maps.Keys(fm.Lines))
	e.Uint(uint64(len(keys)))
	for _, k := range keys {
		e.String(k)
		e.Int(fm.Lines[k])
	}
	e.Ints(fm.TopicLines)
	e.Int(fm.BodyOffset)
}
