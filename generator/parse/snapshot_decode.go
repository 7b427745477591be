package parse

import (
	"rapport/generator/diag"
	"rapport/generator/internal/wire"
	"rapport/generator/markdown"
)

// DecodeSnapshot reads what Snapshot.Encode wrote; a truncated or
// malformed encoding is an error, never a page. data is not kept: the
// snapshot's strings are parts of one copy of it.
func DecodeSnapshot(data []byte) (Snapshot, error) {
	var d SnapshotDecoder
	return d.Decode(string(data))
}

// SnapshotDecoder reads snapshots from strings, as DecodeSnapshot does
// from bytes: a snapshot's strings are parts of the string it is read
// from, and its slices parts of blocks the decoder shares between the
// snapshots it reads, so that restoring thousands of pages from one
// record allocates per block, not per string or list. A decoder is used
// by one goroutine at a time; its zero value is ready.
type SnapshotDecoder struct {
	holes     []markdown.Hole
	headings  []Heading
	links     []SnapshotLink
	shapes    []Shape
	counts    []int32
	questions []Question
	strs      []string
	ints      []int
}

// block is how many elements a decoder's shared block holds; a longer
// list gets a slice of its own.
const block = 256

// take returns n elements of *pool, nil for none, at a length and
// capacity of n (appending to it cannot reach another page's part).
func take[T any](pool *[]T, n int) []T {
	switch {
	case n == 0:
		return nil
	case n > block/4:
		return make([]T, n)
	case n > len(*pool):
		*pool = make([]T, block)
	}
	s := (*pool)[:n:n]
	*pool = (*pool)[n:]
	return s
}

// list reads a length and that many values made by one into a part of
// *pool; none is nil, as Parse leaves an empty list.
func list[T any](d *wire.Text, pool *[]T, one func() T) []T {
	out := take(pool, d.Len())
	for i := range out {
		out[i] = one()
	}
	return out
}

// Decode reads what Snapshot.Encode wrote from data.
func (sd *SnapshotDecoder) Decode(data string) (Snapshot, error) {
	s, shape, err := sd.DecodeFacts(data)
	if err != nil {
		return Snapshot{}, err
	}
	if s.Shape, err = sd.decodeShape(shape); err != nil {
		return Snapshot{}, err
	}
	return s, nil
}

// DecodeFacts is Decode but for the snapshot's Shape, which it returns
// still encoded, for RestoreLazy: the translation report is the only
// stage that reads a page's shape, and a rebuild that finds its report
// in the cache reads none.
func (sd *SnapshotDecoder) DecodeFacts(data string) (s Snapshot, shape string, err error) {
	d := &wire.Text{S: data}
	sd.frontMatter(d, &s.FrontMatter)
	s.BodySum = d.String()
	s.HTML = d.Bytes()
	s.Holes = list(d, &sd.holes, func() markdown.Hole { return markdown.Hole{Offset: d.Int(), Link: d.Int()} })
	s.Headings = list(d, &sd.headings, func() Heading { return Heading{Level: d.Int(), ID: d.String(), Text: d.String(), Line: d.Int()} })
	s.Links = list(d, &sd.links, func() SnapshotLink {
		return SnapshotLink{Dest: d.String(), Offset: d.Int(), Image: d.Bool(), Pos: decodePos(d)}
	})
	s.Search = d.Bytes()
	s.Scripts = list(d, &sd.strs, d.String)
	s.Lead = d.String()
	shape = sd.rest(d, &s)
	if err := d.Done(); err != nil {
		return Snapshot{}, "", err
	}
	return s, shape, nil
}

// rest reads the snapshot's last fields, and returns its shape's
// encoding.
func (sd *SnapshotDecoder) rest(d *wire.Text, s *Snapshot) string {
	s.Questions = list(d, &sd.questions, func() Question {
		q := Question{ID: d.String()}
		if ns := list(d, &sd.ints, d.Int); len(ns) == 3 {
			q.Line, q.Answers, q.Right = ns[0], ns[1], ns[2]
		} else {
			d.Err = wire.ErrShort
		}
		return q
	})
	s.Words = d.Int()
	shape := d.String()
	s.Units = d.String()
	return shape
}

// decodeShape reads what encodeShape wrote.
func (sd *SnapshotDecoder) decodeShape(data string) ([]Shape, error) {
	d := &wire.Text{S: data}
	shape := list(d, &sd.shapes, func() Shape {
		return Shape{Heading: d.String(), Line: d.Int(), Counts: list(d, &sd.counts, func() int32 { return int32(d.Int()) })}
	})
	return shape, d.Done()
}

func decodePos(d *wire.Text) diag.Pos {
	return diag.Pos{File: d.String(), Line: d.Int(), Col: d.Int()}
}

func (sd *SnapshotDecoder) frontMatter(d *wire.Text, fm *FrontMatter) {
	m := &fm.Meta
	for _, s := range []*string{&m.Title, &m.Description, &m.TranslationKey, &m.Slug, &m.TranslatedFrom, &m.SourceHash} {
		*s = d.String()
	}
	m.Lastmod = Date(d.String())
	m.Topics = list(d, &sd.strs, d.String)
	m.Weight = d.Int()
	m.Placeholder = d.Bool()
	n := d.Len()
	fm.Lines = make(map[string]int, n)
	for range n {
		k := d.String()
		fm.Lines[k] = d.Int()
	}
	fm.TopicLines = list(d, &sd.ints, d.Int)
	fm.BodyOffset = d.Int()
}
