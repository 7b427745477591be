package parse

import (
	"rapport/generator/diag"
	"rapport/generator/internal/wire"
	"rapport/generator/markdown"
)

// DecodeSnapshot reads what Snapshot.Encode wrote; a truncated or
// malformed encoding is an error, never a page. Search is data's own
// bytes, not copied (Restore copies what it keeps of them); the rest is
// copied.
func DecodeSnapshot(data []byte) (Snapshot, error) {
	d := &wire.Decoder{B: data}
	var s Snapshot
	decodeFrontMatter(d, &s.FrontMatter)
	s.BodySum = d.String()
	s.HTML = d.Bytes()
	s.Holes = list(d, func() markdown.Hole { return markdown.Hole{Offset: d.Int(), Link: d.Int()} })
	s.Headings = list(d, func() Heading { return Heading{Level: d.Int(), ID: d.String(), Text: d.String(), Line: d.Int()} })
	s.Links = list(d, func() SnapshotLink {
		return SnapshotLink{Dest: d.String(), Offset: d.Int(), Image: d.Bool(), Pos: decodePos(d)}
	})
	s.Search = d.Raw()
	s.Scripts = d.Strings()
	s.Lead = d.String()
	decodeRest(d, &s)
	return s, d.Done()
}

// list reads a length and that many values made by one; none is nil,
// as Parse leaves an empty list.
func list[T any](d *wire.Decoder, one func() T) []T {
	n := d.Len()
	if n == 0 {
		return nil
	}
	out := make([]T, n)
	for i := range out {
		out[i] = one()
	}
	return out
}

func decodeRest(d *wire.Decoder, s *Snapshot) {
	s.Questions = list(d, func() Question {
		q := Question{ID: d.String()}
		if ns := d.Ints(); len(ns) == 3 {
			q.Line, q.Answers, q.Right = ns[0], ns[1], ns[2]
		} else {
			d.Err = wire.ErrShort
		}
		return q
	})
	s.Words = d.Int()
	s.Shape = list(d, func() Shape {
		return Shape{Heading: d.String(), Line: d.Int(), Counts: list(d, func() int32 { return int32(d.Int()) })}
	})
	s.Units = d.String()
}

func decodePos(d *wire.Decoder) diag.Pos {
	return diag.Pos{File: d.String(), Line: d.Int(), Col: d.Int()}
}

func decodeFrontMatter(d *wire.Decoder, fm *FrontMatter) {
	m := &fm.Meta
	for _, s := range []*string{&m.Title, &m.Description, &m.TranslationKey, &m.Slug, &m.TranslatedFrom, &m.SourceHash} {
		*s = d.String()
	}
	m.Lastmod = Date(d.String())
	m.Topics = d.Strings()
	m.Weight = d.Int()
	m.Placeholder = d.Bool()
	n := d.Len()
	fm.Lines = make(map[string]int, n)
	for range n {
		k := d.String()
		fm.Lines[k] = d.Int()
	}
	fm.TopicLines = d.Ints()
	fm.BodyOffset = d.Int()
}
