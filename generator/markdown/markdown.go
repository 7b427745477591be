// Package markdown is the Markdown rapport accepts: CommonMark with
// goldmark's tables, strikethrough, autolinks and definition lists, plus
// rapport's own extensions, one file each (heading IDs that work in every
// script, link and image holes, calculator and formula blocks, bidi
// isolation, knowledge checks, footnotes, callouts, tabs, code blocks,
// images, a raw HTML subset…). The list in extensions.go is the complete
// one.
//
// [New] assembles them. What it produces for a page is not a syntax tree
// for later stages but the page's body as HTML, rendered once in the page's
// language (its labels and direction), with the destinations of links and
// images left out as [Hole]s: render fills them in ([FillHoles]) once the
// link stage has resolved each destination.
//
// # Adding an extension
//
// Write the extension in a file of its own (a node kind, a parser or AST
// transformer, a renderer registered by kind, one Extend method), then add
// one line to the list in extensions.go. An extension that needs the page
// language's UI strings or direction takes them from the [Lang] it is
// given there; one that needs more of the build's configuration gets a field
// in [Config].
//
// # Problems
//
// Extensions never fail a parse: goldmark has no error channel. An extension
// that finds bad input records a [Problem] in the parser.Context with
// [Report] (an error) or [Warn] (a warning); the parse stage collects them
// with [Problems] and turns them into positioned diagnostics.
package markdown

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/parser"

	"rapport/generator/metric"
)

// Config is what the Markdown of one build depends on besides the page.
type Config struct {
	// Metrics are the metrics calculator blocks may name; nil means none.
	Metrics *metric.Set
	// Lang returns a page language's labels and direction. Nil gives every
	// language [Neutral].
	Lang func(code string) Lang
	// Images are the sizes of the site's raster images, by slash path from
	// the site's folder (content/he/img/a.png).
	Images map[string]ImageSize
	// ImageHosts reports whether images may come from a host (see
	// [Images]); nil allows none.
	ImageHosts func(host string) bool
	// Highlight highlights code blocks; nil: a new [Highlighter]. A
	// caller that builds again and again (serve) passes the same one.
	Highlight *Highlighter
}

// Lang is what a page's language changes in its rendered body.
type Lang struct {
	// Code is the language tag ("he", "th").
	Code string
	// Dir is "ltr" or "rtl".
	Dir string
	// Label returns the UI string with the given ID ("page.anchor").
	Label func(id string) string
}

// Neutral is the language used to parse: parsing does not depend on the
// page's language, only rendering does. Its labels are the IDs themselves.
var Neutral = Lang{Dir: "ltr", Label: func(id string) string { return id }}

// Markdown is the configured Markdown of a build. It is safe for
// concurrent use; the body renderers it hands out ([Markdown.Bodies]) are
// not.
type Markdown struct {
	cfg    Config
	parser parser.Parser
}

// New returns the Markdown rapport accepts, configured by c.
func New(c Config) *Markdown {
	if c.Metrics == nil {
		c.Metrics = &metric.Set{}
	}
	if c.Lang == nil {
		c.Lang = func(string) Lang { return Neutral }
	}
	if c.Highlight == nil {
		c.Highlight = NewHighlighter()
	}
	m := &Markdown{cfg: c}
	m.parser = m.goldmark(Neutral).Parser()
	return m
}

// Parser returns the parser, the same for every language. Callers give
// each parse a context with [NewIDs] and read [Problems] from it.
func (m *Markdown) Parser() parser.Parser { return m.parser }

// Bodies returns a function giving, for a language, the body renderer with
// that language's labels and direction. Renderers keep per-render state:
// each goroutine calls Bodies for its own.
func (m *Markdown) Bodies() func(lang string) *Holes {
	byLang := map[string]*Holes{}
	return func(lang string) *Holes {
		h, ok := byLang[lang]
		if !ok {
			h = NewHoles(m.goldmark(m.cfg.Lang(lang)))
			byLang[lang] = h
		}
		return h
	}
}

// goldmark returns a goldmark instance rendering in language l.
func (m *Markdown) goldmark(l Lang) goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(extensions(m.cfg, l)...),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	)
}
