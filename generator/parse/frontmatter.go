package parse

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/adrg/frontmatter"
	"gopkg.in/yaml.v3"

	"rapport/generator/diag"
)

// Meta is a page's front matter, decoded strictly: unknown keys are reported.
type Meta struct {
	Title          string   `yaml:"title" toml:"title"`
	Description    string   `yaml:"description" toml:"description"`
	Topics         []string `yaml:"topics" toml:"topics"`
	Weight         int      `yaml:"weight" toml:"weight"`
	TranslationKey string   `yaml:"translationKey" toml:"translationKey"`
	Slug           string   `yaml:"slug" toml:"slug"`
	// TranslatedFrom and SourceHash are written by `rapport new -from`: the
	// source page (a slash path from the site root) and a hash of its content
	// when the translation started. The translation report compares them.
	TranslatedFrom string `yaml:"translatedFrom" toml:"translatedFrom"`
	SourceHash     string `yaml:"sourceHash" toml:"sourceHash"`
	// Lastmod is when the page last changed in substance, YYYY-MM-DD: the
	// page's "last updated" date, instead of its git history.
	Lastmod Date `yaml:"lastmod" toml:"lastmod"`
	// Placeholder marks a page whose text is not written yet in its
	// language (rapport init writes such pages for a language it has no
	// sample text in): the page is built, with a warning naming it.
	Placeholder bool `yaml:"placeholder" toml:"placeholder"`
}

// Date is a calendar date written YYYY-MM-DD, in YAML or TOML front matter
// (where it may be a bare date: lastmod = 2026-11-30).
type Date string

// UnmarshalTOML accepts a TOML date or a string; CheckDates checks it.
func (d *Date) UnmarshalTOML(v any) error {
	switch v := v.(type) {
	case string:
		*d = Date(v)
	case time.Time:
		*d = Date(v.Format(time.DateOnly))
	default:
		return fmt.Errorf("lastmod must be a date such as 2026-11-30, not %v", v)
	}
	return nil
}

// Valid reports whether d is empty or a real date written YYYY-MM-DD.
func (d Date) Valid() bool {
	if d == "" {
		return true
	}
	_, err := time.Parse(time.DateOnly, string(d))
	return err == nil
}

// metaKeys are the keys Meta accepts, in the order documented.
var metaKeys = []string{"title", "description", "topics", "weight", "translationKey", "slug", "translatedFrom", "sourceHash", "lastmod", "placeholder"}

// FrontMatter is decoded front matter with the file line of each key.
type FrontMatter struct {
	Meta Meta
	// Lines maps a key to the file line where it is set.
	Lines map[string]int
	// TopicLines holds the file line of each entry of Meta.Topics.
	TopicLines []int
	// BodyOffset is the byte offset in the file where the Markdown body starts.
	BodyOffset int
}

// SplitFrontMatter decodes the YAML (---) or TOML (+++) front matter of a
// page and locates its body. Positions in diagnostics are file lines.
//
// github.com/adrg/frontmatter finds the front matter: blank lines before
// it, an opening delimiter line, the lines up to the next line that is the
// same delimiter (spaces around a delimiter ignored). Its two formats hand
// those lines to rapport's decoders (decodeYAML, decodeTOML), which report
// every problem at its file line. A delimiter line that nothing closes is an
// error at that line; a page without front matter is all body (the caller
// reports its missing title).
func SplitFrontMatter(file string, src []byte) (*FrontMatter, diag.List) {
	var diags diag.List
	fm := &FrontMatter{Lines: map[string]int{}}
	r := &lineReader{src: src}
	found := false
	format := func(delim string, decode func(string, []byte, int, *FrontMatter, *diag.List)) *frontmatter.Format {
		return frontmatter.NewFormat(delim, delim, func(raw []byte, _ any) error {
			found, r.stop = true, true
			// adrg has just read the closing line: raw ends where it starts.
			start := r.line - len(raw)
			decode(file, raw, 1+bytes.Count(src[:start], newline), fm, &diags)
			return nil
		})
	}
	// adrg takes a *bufio.Reader of 4 KiB or more as its own: one kept for
	// the next page, instead of 4 KiB allocated for each.
	br := readers.Get().(*bufio.Reader)
	br.Reset(r)
	defer func() { br.Reset(nil); readers.Put(br) }() // holding no page
	// Neither can fail: lineReader reads from memory, the formats' functions
	// return nil and report through diags.
	rest, _ := frontmatter.Parse(br, nil, format("---", decodeYAML), format("+++", decodeTOML))
	if !found {
		if open, kind := openingDelimiter(src); kind != "" {
			diags.Errorf(diag.At(file, src, open), "front matter is not closed: add a line %q after it", kind)
		}
		return fm, diags
	}
	fm.BodyOffset = r.off - len(rest)
	stripBidiControls(file, fm, &diags)
	return fm, diags
}

var (
	newline = []byte{'\n'}
	readers = sync.Pool{New: func() any { return bufio.NewReader(nil) }}
)

// lineReader gives adrg/frontmatter src one line (at most) per Read. Its
// reader then holds nothing past the line it is looking at, so once the
// front matter is decoded, stop ends the input there: adrg copies no body
// (it would copy the whole file into a buffer of its own), and the body is
// src from off.
type lineReader struct {
	src  []byte
	off  int  // bytes read so far
	line int  // where the line being read starts
	stop bool // the front matter is decoded: the rest is src[off:]
}

func (r *lineReader) Read(p []byte) (int, error) {
	if r.stop || r.off >= len(r.src) {
		return 0, io.EOF
	}
	if r.off == 0 || r.src[r.off-1] == '\n' {
		r.line = r.off
	}
	rest := r.src[r.off:]
	if i := bytes.IndexByte(rest, '\n'); i >= 0 {
		rest = rest[:i+1]
	}
	n := copy(p, rest)
	r.off += n
	return n, nil
}

// stripBidiControls removes explicit bidi embeddings, overrides and isolates
// (U+202A–U+202E, U+2066–U+2069) from titles and descriptions. Unclosed, they
// would reorder the text that follows wherever the title is shown (lists,
// breadcrumbs, the switcher); the theme isolates titles itself. Marks
// (U+200E, U+200F) are kept.
func stripBidiControls(file string, fm *FrontMatter, diags *diag.List) {
	for key, v := range map[string]*string{"title": &fm.Meta.Title, "description": &fm.Meta.Description} {
		clean := strings.Map(func(r rune) rune {
			if (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
				return -1
			}
			return r
		}, *v)
		if clean != *v {
			diags.Warnf(diag.Pos{File: file, Line: fm.Lines[key]}, "%s: bidi control characters removed (the theme sets direction itself)", key)
			*v = clean
		}
	}
}

// openingDelimiter returns the offset of the first line of src that is not
// blank when it is a front matter delimiter, and the delimiter: where a
// front matter that nothing closes opens.
func openingDelimiter(src []byte) (int, string) {
	off := 0
	for off < len(src) {
		end := bytes.IndexByte(src[off:], '\n')
		if end < 0 {
			end = len(src) - off
		}
		line := strings.TrimSpace(string(src[off : off+end]))
		switch line {
		case "":
			off += end + 1
			continue
		case "---", "+++":
			return off, line
		}
		return 0, ""
	}
	return 0, ""
}

func decodeYAML(file string, raw []byte, firstLine int, fm *FrontMatter, diags *diag.List) {
	if !decodeSimpleYAML(raw, firstLine, fm) {
		decodeYAMLNodes(file, raw, firstLine, fm, diags)
	}
}

// decodeYAMLNodes decodes any YAML front matter with yaml.v3, reporting
// every problem at its line.
func decodeYAMLNodes(file string, raw []byte, firstLine int, fm *FrontMatter, diags *diag.List) {
	var doc yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		pos, msg := decodeError(file, raw, firstLine, err)
		if l := unclosedFlow(raw); l > 0 && strings.Contains(err.Error(), "did not find expected ','") {
			pos.Line = firstLine + l - 1
		}
		diags.Errorf(pos, "invalid YAML front matter: %s", msg)
		return
	}
	if len(doc.Content) == 0 {
		return
	}
	m := doc.Content[0]
	if m.Kind != yaml.MappingNode {
		diags.Errorf(diag.Pos{File: file, Line: firstLine + m.Line - 1}, "front matter must be a list of key: value lines")
		return
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		pos := diag.Pos{File: file, Line: firstLine + k.Line - 1, Col: k.Column}
		if prev, dup := fm.Lines[k.Value]; dup {
			diags.Errorf(pos, "duplicate front matter key %q (first set on line %d)", k.Value, prev)
			continue
		}
		fm.Lines[k.Value] = pos.Line
		if err := decodeYAMLKey(&fm.Meta, k.Value, v); err != nil {
			diags.Errorf(diag.Pos{File: file, Line: firstLine + v.Line - 1, Col: v.Column}, "%s", err)
			continue
		}
		if k.Value == "topics" {
			for _, item := range v.Content {
				fm.TopicLines = append(fm.TopicLines, firstLine+item.Line-1)
			}
		}
	}
	warnUnknown(file, fm, diags)
}

func decodeYAMLKey(m *Meta, key string, v *yaml.Node) error {
	var err error
	switch key {
	case "title":
		err = decodeScalar(v, &m.Title)
	case "description":
		err = decodeScalar(v, &m.Description)
	case "translationKey":
		err = decodeScalar(v, &m.TranslationKey)
	case "slug":
		err = decodeScalar(v, &m.Slug)
	case "translatedFrom":
		err = decodeScalar(v, &m.TranslatedFrom)
	case "sourceHash":
		err = decodeScalar(v, &m.SourceHash)
	case "lastmod":
		var s string
		err = decodeScalar(v, &s)
		m.Lastmod = Date(s)
	case "weight":
		if v.Kind != yaml.ScalarNode || v.Decode(&m.Weight) != nil {
			return fmt.Errorf("weight must be a whole number, not %s", describe(v))
		}
	case "placeholder":
		if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" || v.Decode(&m.Placeholder) != nil {
			return fmt.Errorf("placeholder must be true or false, not %s", describe(v))
		}
	case "topics":
		if v.Kind != yaml.SequenceNode {
			return fmt.Errorf("topics must be a list such as [trust, feedback], not %s", describe(v))
		}
		for _, item := range v.Content {
			if item.Kind != yaml.ScalarNode {
				return fmt.Errorf("each topic must be a topic ID such as trust, not %s", describe(item))
			}
			m.Topics = append(m.Topics, item.Value)
		}
	}
	if err != nil {
		return fmt.Errorf("%s %w", key, err)
	}
	return nil
}

func decodeScalar(v *yaml.Node, dst *string) error {
	if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
		return fmt.Errorf("must be text, not %s", describe(v))
	}
	*dst = v.Value
	return nil
}

func describe(v *yaml.Node) string {
	switch v.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a set of keys"
	}
	if v.Tag == "!!null" {
		return "nothing"
	}
	return strconv.Quote(v.Value)
}

// unclosedFlow returns the 1-based line of the first line that opens more
// [ or { than it closes: yaml.v3 reports that line inconsistently.
func unclosedFlow(raw []byte) int {
	for i, line := range strings.Split(string(raw), "\n") {
		if strings.Count(line, "[") > strings.Count(line, "]") || strings.Count(line, "{") > strings.Count(line, "}") {
			return i + 1
		}
	}
	return 0
}

// decodeError positions a decoder's error in raw, the front matter, which
// starts at file line firstLine. The line is enough: columns of a
// front-matter error are rarely what the writer needs.
func decodeError(file string, raw []byte, firstLine int, err error) (diag.Pos, string) {
	pos, msg := diag.DecodeError(file, raw, err)
	return diag.Pos{File: file, Line: firstLine + pos.Line - 1}, msg
}

func decodeTOML(file string, raw []byte, firstLine int, fm *FrontMatter, diags *diag.List) {
	md, err := toml.Decode(string(raw), &fm.Meta)
	if err != nil {
		pos, msg := decodeError(file, raw, firstLine, err)
		diags.Errorf(pos, "invalid TOML front matter: %s", msg)
		return
	}
	for _, k := range md.Keys() {
		if len(k) == 1 {
			fm.Lines[k[0]] = firstLine + diag.TOMLKeyLine(raw, k[0]) - 1
		}
	}
	for range fm.Meta.Topics {
		fm.TopicLines = append(fm.TopicLines, fm.Lines["topics"])
	}
	warnUnknown(file, fm, diags)
}

func warnUnknown(file string, fm *FrontMatter, diags *diag.List) {
	for key, line := range fm.Lines {
		if isMetaKey(key) {
			continue
		}
		msg := fmt.Sprintf("unknown front matter key %q is ignored", key)
		if s := diag.Suggest(key, metaKeys); s != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", s)
		}
		diags.Warnf(diag.Pos{File: file, Line: line}, "%s", msg)
	}
}

func isMetaKey(k string) bool {
	for _, m := range metaKeys {
		if m == k {
			return true
		}
	}
	return false
}
