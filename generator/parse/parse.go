// Package parse is the second stage: it decodes each page's front matter
// into a typed [Meta] and turns its Markdown body (see package markdown)
// into what later stages need, so no syntax tree outlives the parse:
//
//   - HTML: the body rendered once, in the page's language (its labels and
//     direction), with the destinations of links and images left out as
//     holes ([Page.Holes]) that render fills in once the link stage has
//     resolved them. This is why a change of a locale file invalidates
//     parsed pages;
//   - the links themselves, headings, plain-text sections for search,
//     reading-time words and a per-section shape for the translation report,
//     located by file line.
//
// Body line numbers are file line numbers: the body is parsed as the bytes
// after the front matter, and every offset is mapped back through
// [Page.Pos].
package parse

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/klauspost/compress/s2"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"rapport/generator/diag"
	"rapport/generator/internal/spill"
	"rapport/generator/load"
	"rapport/generator/markdown"
	"rapport/generator/search"
	"rapport/generator/translate/blocks"
)

// Heading is a section heading of a page.
type Heading struct {
	Level int
	ID    string
	Text  string
	Line  int
}

// Section is the plain text under one heading (or before the first, with an
// empty Anchor), for search.
type Section struct {
	Anchor, Heading, Text string
}

// Page is a parsed page.
type Page struct {
	load.Source
	FrontMatter
	Body []byte // the Markdown after front matter (a sub-slice of Data)
	// BodySum identifies the title and body, for translations that record
	// the version of their source (see SourceHash).
	BodySum string
	// html is the rendered body (see HTML), compressed: every page's body
	// is held from parse until render, and HTML is most of a parsed page.
	html  []byte
	spilt spill.Blob // where html went, if Spill moved it to a file
	lazy  *lazyBody  // how a page restored without its body fetches it (RestoreLazy)
	// lazyShape is a restored page's Shape, decoded when read (RestoreLazy).
	lazyShape *lazyShape
	Holes     []markdown.Hole
	Headings  []Heading
	Links     []markdown.Link
	Sections  []Section    // while Parse runs: then dropped for Search
	Search    *search.Page // what the search index needs of Sections (gatherSearch)
	// Scripts are the theme scripts the body needs (calculator.js…): those
	// of the counted features it has (markdown.Features), sorted.
	Scripts []string
	// Lead is the plain text of the body's first paragraph: the page's
	// description for search engines and link previews when the front
	// matter gives none.
	Lead string
	// Questions are the page's knowledge-check questions, in order.
	Questions []Question
	Words     int // reading-time words; see ReadingWords
	// Shape is the page's structure, section by section (section 0 is the
	// text before the first top-level heading), for the translation report
	// (see ShapeFacts).
	Shape []Shape
	// Units are the kinds of the page's translation units, a letter each
	// (see blocks.Kinds): the report counts and pairs them (ShapeFacts).
	Units string
	// lines indexes Data's lines while Parse runs, for Pos.
	lines *diag.Lines
}

// Question is a knowledge-check question of a page: its anchor, line, and
// its numbers of answers and right answers.
type Question struct {
	ID             string
	Line           int
	Answers, Right int
}

// Shape counts the structure under one top-level heading.
type Shape struct {
	Heading string
	Line    int
	// Counts holds, for each of markdown.Features() in its order, how
	// many the section has.
	Counts []int32
}

// Pos returns the file position of byte offset off in the body.
func (p *Page) Pos(off int) diag.Pos {
	if p.lines != nil {
		return p.lines.At(p.BodyOffset + off)
	}
	return diag.At(p.Path, p.Data, p.BodyOffset+off)
}

// IsIndex reports whether the page is a folder's _index.md.
func (p *Page) IsIndex() bool {
	return p.Rel == "_index.md" || strings.HasSuffix(p.Rel, "/_index.md")
}

// Parse decodes src with md (markdown.Markdown's parser), renders its
// body with body, the renderer of the page's language, and gathers what
// the search index needs of it with dict (one per site). Every problem
// is returned; a page with errors is still returned when it could be parsed.
//
// A panic while parsing or rendering the page is returned as an error
// naming its file, with no page (the results are still nil when it
// happens).
func Parse(src load.Source, md parser.Parser, body *markdown.Holes, dict *search.Dictionary) (page *Page, diags diag.List) {
	defer diag.Recover(&diags, diag.Pos{File: src.Path}, "parse")
	return parse(src, md, body, dict)
}

func parse(src load.Source, md parser.Parser, body *markdown.Holes, dict *search.Dictionary) (*Page, diag.List) {
	fm, diags := SplitFrontMatter(src.Path, src.Data)
	p := &Page{Source: src, FrontMatter: *fm, lines: diag.NewLines(src.Path, src.Data)}
	defer func() { p.lines = nil }() // only while parsing: positions of many headings and links
	p.Body = src.Data[fm.BodyOffset:]
	p.BodySum = SourceHash(p.Meta.Title, p.Body)
	p.Units = blocks.Kinds(src.Data)
	if strings.TrimSpace(p.Meta.Title) == "" && !p.IsIndex() && !diags.HasErrors() {
		line := 1
		if l, ok := fm.Lines["title"]; ok {
			line = l
		}
		diags.Errorf(diag.Pos{File: src.Path, Line: line}, "missing title: add `title: …` to the front matter")
	}
	checkSlug(p, &diags)
	if !p.Meta.Lastmod.Valid() {
		diags.Errorf(diag.Pos{File: src.Path, Line: p.Lines["lastmod"]}, "lastmod %q is not a date: write it YYYY-MM-DD, e.g. 2026-11-30", p.Meta.Lastmod)
	}
	if p.Meta.Placeholder {
		diags.Warnf(diag.Pos{File: src.Path, Line: p.Lines["placeholder"]}, "placeholder text, not yet written in %s: write the page and remove `placeholder: true`", nativeName(src.Lang))
	}
	if msg, off := tooComplex(p.Body); msg != "" {
		// The body goes no further: the page keeps its place (links to
		// it resolve) with an empty body and only its title to search.
		diags.Errorf(p.Pos(off), "input too complex: %s", msg)
		p.Search = dict.Gather(p.Meta.Title, nil)
		return p, diags
	}
	pc := parser.NewContext(parser.WithIDs(markdown.NewIDs()))
	markdown.SetPagePath(pc, src.Path)
	doc := md.Parse(text.NewReader(p.Body), parser.WithContext(pc))
	for _, pr := range markdown.Problems(pc) {
		if pr.Warning {
			diags.Warnf(p.Pos(pr.Offset), "%s", pr.Msg)
		} else {
			diags.Errorf(p.Pos(pr.Offset), "%s", pr.Msg)
		}
	}
	sections := p.collect(doc)
	p.gatherSearch(dict)
	sections.release()
	out := body.Buffer()
	holes, err := body.Render(out, p.Body, doc, p.Links)
	if err != nil {
		diags.Errorf(diag.Pos{File: src.Path}, "render: %v", err)
	}
	// s2.Encode needs room for its worst case, more than the input: it
	// encodes into the worker's scratch, and the compressed body is copied
	// out at its size, so that only that is kept.
	scratch := body.Scratch(s2.MaxEncodedLen(out.Len()))
	p.html, p.Holes = bytes.Clone(s2.Encode(scratch, out.Bytes())), exact(holes)
	for i := range p.Links {
		p.Links[i].Node = nil // the tree is not kept
	}
	return p, diags
}

// SourceHash identifies a page's title and body: `rapport new -from`
// records it as the translation's sourceHash, and the report compares it
// with the source's current one.
func SourceHash(title string, body []byte) string {
	h := sha256.New()
	h.Write([]byte(title + "\n"))
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// HTML returns the rendered body, with the destinations of Links left
// out at Holes (see markdown.Holes): render fills them in once links are
// resolved. The syntax tree itself is not kept past Parse. The body is
// decoded into buf when buf is long enough, and else into a new slice.
func (p *Page) HTML(buf []byte) []byte {
	zbuf := readBuffers.Get().(*[]byte)
	defer readBuffers.Put(zbuf)
	z := p.compressed(*zbuf)
	if p.spilt.Len() > 0 {
		*zbuf = z
	}
	if len(z) == 0 { // an empty body, or a page that was never parsed (a generated home)
		return buf[:0]
	}
	b, err := s2.Decode(buf[:cap(buf)], z)
	if err != nil {
		panic("parse: a page's compressed body does not decode: " + err.Error()) // written by Parse: a bug
	}
	return b
}

// DropShape forgets the page's shape once the translation report has
// compared it (a one-shot build: render does not read it).
func (p *Page) DropShape() {
	if p != nil {
		p.Shape, p.lazyShape = nil, nil
	}
}

// DropSource forgets the page's bytes once everything later stages need
// from them is extracted (a one-shot build keeps no sources in memory).
func (p *Page) DropSource() {
	p.Data, p.Body = nil, nil
}

var slugRE = regexp.MustCompile(`^[\p{L}\p{M}\p{N}._-]+$`)

func checkSlug(p *Page, diags *diag.List) {
	for key, v := range map[string]string{"slug": p.Meta.Slug, "translationKey": p.Meta.TranslationKey} {
		if v == "" {
			continue
		}
		ok := slugRE.MatchString(v) && v != "." && v != ".."
		if key == "translationKey" {
			ok = !strings.Contains(v, "..") && !strings.ContainsAny(v, "\\\x00") && !strings.HasPrefix(v, "/")
		}
		if !ok {
			diags.Errorf(diag.Pos{File: p.Path, Line: p.Lines[key]}, "%s %q is not allowed: use letters, digits, '-', '_' and '.', with no '/' or '..'", key, v)
		}
	}
}

// tooComplex rejects input known to make Markdown parsers slow, before
// parsing it: very deep nesting of lists or block quotes and huge numbers of
// link reference definitions or unclosed link openers.
func tooComplex(body []byte) (string, int) {
	const maxIndent, maxRefs, maxOpeners = 400, 10000, 10000
	refs, links := 0, 0
	for off := 0; off < len(body); {
		end := bytes.IndexByte(body[off:], '\n')
		if end < 0 {
			end = len(body) - off
		}
		line := body[off : off+end]
		if links += bytes.Count(line, []byte("](")); links > maxOpeners {
			return fmt.Sprintf("more than %d links on one page", maxOpeners), off
		}
		t := bytes.TrimLeft(line, " \t>")
		if len(t) > 1 && t[0] == '[' && bytes.Contains(t, []byte("]:")) {
			if refs++; refs > maxRefs {
				return fmt.Sprintf("more than %d link reference definitions or footnotes on one page", maxRefs), off
			}
		}
		if len(line)-len(t) > maxIndent {
			return fmt.Sprintf("lists or quotes nested too deeply: more than %d spaces, tabs and '>' before a line's text", maxIndent), off
		}
		off += end + 1
	}
	return "", 0
}

// thaiCharsPerWord is the average length of a Thai word in letters (marks
// not counted), used to turn unsegmented Thai text into a word count.
const thaiCharsPerWord = 5

// ReadingWords counts words for reading time. Scripts written with spaces
// count space-separated words; Thai, written without spaces, counts its
// letters and divides by the average word length.
func ReadingWords(s string) int {
	words, thai := readingCounts(s)
	return words + thaiWords(thai)
}

// thaiWords turns a number of Thai letters into words.
func thaiWords(letters int) int {
	return (letters + thaiCharsPerWord - 1) / thaiCharsPerWord
}

// readingCounts returns the words of s written with spaces and its Thai
// letters: words are counted apart where a space separates them, so the
// counts of two texts add up to those of the two joined by a space.
func readingCounts(s string) (words, thai int) {
	inWord := false
	classes := runeClasses()
	for i := 0; i < len(s); {
		r, n := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			// 2-byte forms (Hebrew, Arabic, Cyrillic, Czech) inline.
			if r >= 0xc2 && r < 0xe0 && i+1 < len(s) && s[i+1]&0xc0 == 0x80 {
				r, n = (r&0x1f)<<6|rune(s[i+1]&0x3f), 2
			} else {
				r, n = utf8.DecodeRuneInString(s[i:])
			}
		}
		i += n
		c := classOther
		if r < 1<<16 {
			c = classes[r]
		} else {
			c = classify(r)
		}
		switch c {
		case classThai:
			thai++
			inWord = false
		case classThaiMark:
			inWord = false
		case classWord:
			if !inWord {
				words++
			}
			inWord = true
		case classMark:
		default:
			inWord = false
		}
	}
	return words, thai
}

// What ReadingWords sees in a character.
const (
	classOther    byte = iota
	classWord          // a letter or digit outside Thai
	classMark          // a combining mark outside Thai: part of its word
	classThai          // a Thai letter: counted
	classThaiMark      // a Thai mark or sign: not counted
)

// runeClasses classifies every character of the Basic Multilingual Plane
// once: reading time runs over every page's text, and the unicode tables
// are binary searches.
var runeClasses = sync.OnceValue(func() *[1 << 16]byte {
	var t [1 << 16]byte
	for r := range rune(1 << 16) {
		t[r] = classify(r)
	}
	return &t
})

func classify(r rune) byte {
	switch {
	case unicode.Is(unicode.Thai, r):
		if unicode.IsMark(r) {
			return classThaiMark
		}
		return classThai
	case unicode.IsLetter(r) || unicode.IsDigit(r):
		return classWord
	case unicode.IsMark(r):
		return classMark
	}
	return classOther
}

// nativeName is a language's name in itself ("Deutsch"), as
// golang.org/x/text knows it, or its tag.
func nativeName(tag string) string {
	if t, err := language.Parse(tag); err == nil {
		if n := display.Self.Name(t); n != "" {
			return n
		}
	}
	return tag
}
