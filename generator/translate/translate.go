// Package translate hands a site's translations to translators and takes
// them back: it cuts the pages of a source language into units (one per
// translatable block), pairs each with the block of the target language
// that translates it, and writes and reads XLIFF 1.2, XLIFF 2.1 and PO.
//
// # Units
//
// A page's units are its front matter's title and description and each
// block of its body with text in it: headings, paragraphs, list and task
// items, table cells, callouts and quotes, footnotes, definitions, tab
// labels, and in a knowledge check the question, the answers, their
// feedback and the explanation. Fenced code and calculators are not
// translated. A unit's id is its source file and its key in the page: the
// section it is in (named by its heading) and its ordinal there by kind
// ("intro.p2", "pricing.item3"), so it stays while other sections and
// pages change.
//
// Inline markup travels as codes (see [blocks.Tokenize]); the translator moves
// them, the import puts the Markdown back.
//
// # Pairing and state
//
// A target page is the page at the same path in the target language, or
// with the same translationKey. Its blocks are paired with the blocks of
// the source as it was when the translation was made (the baseline: the
// version whose hash the page's sourceHash records, found by the caller in
// the site's history; the current source when the page is current), and
// the baseline's blocks with the current source's. A unit is translated
// when its block is paired and its source text is the baseline's, needs
// review (with the baseline's text as its previous source) when the
// source changed, and untranslated when nothing pairs with it. A block
// only the target has is never a unit and an import keeps it.
//
// Translation memory: an untranslated unit whose source text is the source
// of a translated unit elsewhere in the site gets that translation,
// marked for review.
package translate

import (
	"io/fs"
	"path"
	"slices"
	"strings"

	"rapport/generator/link"
	"rapport/generator/load"
	"rapport/generator/parse"
	"rapport/generator/translate/blocks"
)

// State is a unit's translation state.
type State int

// The states of a unit.
const (
	Untranslated State = iota
	NeedsReview
	Translated
)

func (s State) String() string {
	return [...]string{"untranslated", "needs review", "translated"}[s]
}

// Unit is one translatable block of a source page with its translation.
type Unit struct {
	Key, Kind, Context string
	Line               int // in the source file
	Source             []blocks.Piece
	Target             []blocks.Piece // nil when untranslated
	State              State
	Prev               string // the source text the translation was made from, when it changed
	Prefilled          string // the page whose translation of the same text was copied in
	block, tblock      int    // its block in the source page and in the translation (-1: none)
}

// File is a source page and its translation's path.
type File struct {
	Source, Target string // content/he/a.md, content/cs/a.md
	Title          string // the source page's title
	Units          []Unit
	Exists         bool         // the target page exists
	Hash           string       // the source's current sourceHash
	src, tgt       *blocks.Page // the pages cut into blocks; tgt is nil when missing
	kind, lang     string       // kind: "" for a page, "locale" or "paths" (see strings.go)
}

// Export is what goes to translators for one language.
type Export struct {
	From, Lang string
	Dir        string // the target language's direction: ltr or rtl
	SrcDir     string
	Files      []File
	Prefilled  int // units filled in from translation memory
}

// Baseline finds the version of a source page that a translation was made
// from: the version whose sourceHash is hash, or, when hash is "", the
// version of the time the translation was last changed. ok is false when
// it cannot be known.
type Baseline func(source, target, hash string) (data []byte, ok bool)

// Options select what Build exports.
type Options struct {
	From, Lang string
	Baseline   Baseline // nil: the current source is the baseline
}

type page struct {
	path string
	data []byte
	meta parse.Meta
}

// Build cuts the source language's pages into units and pairs them with
// the target language's.
func Build(fsys fs.FS, opts Options) (*Export, error) {
	src, err := readLang(fsys, opts.From)
	if err != nil {
		return nil, err
	}
	tgt, _ := readLang(fsys, opts.Lang)
	ex := &Export{From: opts.From, Lang: opts.Lang, Dir: link.Direction(opts.Lang), SrcDir: link.Direction(opts.From)}
	for _, s := range src {
		t := counterpart(s, opts.From, opts.Lang, tgt)
		if f := buildFile(s, t, opts); len(f.Units) > 0 {
			ex.Files = append(ex.Files, f)
		}
	}
	if f, ok := pathsFile(fsys, opts.From, opts.Lang); ok {
		ex.Files = append(ex.Files, f)
	}
	if f, ok := localeFile(fsys, opts.From, opts.Lang); ok {
		ex.Files = append(ex.Files, f)
	}
	ex.prefill()
	return ex, nil
}

func readLang(fsys fs.FS, lang string) ([]page, error) {
	var pages []page
	root := "content/" + lang
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		data = load.Normalize(data)
		fm, _ := parse.SplitFrontMatter(p, data)
		pages = append(pages, page{path: p, data: data, meta: fm.Meta})
		return nil
	})
	return pages, err
}

// counterpart finds the translation of s in the target language, or
// returns a page with only its path set when there is none.
func counterpart(s page, from, lang string, tgt []page) page {
	want := "content/" + lang + strings.TrimPrefix(s.path, "content/"+from)
	if i := slices.IndexFunc(tgt, func(t page) bool { return t.path == want }); i >= 0 {
		return tgt[i]
	}
	if k := s.meta.TranslationKey; k != "" {
		if i := slices.IndexFunc(tgt, func(t page) bool { return t.meta.TranslationKey == k }); i >= 0 {
			return tgt[i]
		}
	}
	return page{path: want}
}

func buildFile(s, t page, opts Options) File {
	cur := blocks.Cut(s.path, s.data)
	hash := sourceHash(s)
	f := File{Source: s.path, Target: t.path, Title: s.meta.Title, Exists: t.data != nil, Hash: hash}
	var old, tp *blocks.Page
	unknown := false
	if t.data != nil {
		tp = blocks.Cut(t.path, t.data)
		old, unknown = baseline(s, t, cur, hash, opts.Baseline)
	}
	f.Units = units(cur, old, tp, unknown)
	f.src, f.tgt = cur, tp
	return f
}

func sourceHash(s page) string {
	fm, _ := parse.SplitFrontMatter(s.path, s.data)
	return parse.SourceHash(s.meta.Title, s.data[fm.BodyOffset:])
}

// baseline returns the source as the translation t was made from; unknown
// is true when the source changed and its earlier version is not known.
func baseline(s, t page, cur *blocks.Page, hash string, find Baseline) (old *blocks.Page, unknown bool) {
	recorded := t.meta.SourceHash
	if t.meta.TranslatedFrom != "" && t.meta.TranslatedFrom != s.path {
		recorded = ""
	}
	if recorded == hash || find == nil {
		return cur, recorded != "" && recorded != hash
	}
	data, ok := find(s.path, t.path, recorded)
	if !ok {
		return cur, recorded != ""
	}
	return blocks.Cut(s.path, load.Normalize(data)), false
}

// units pairs the current source's blocks with the baseline's and the
// baseline's with the translation's.
func units(cur, old, tp *blocks.Page, unknown bool) []Unit {
	var toOld, toTgt []int
	if tp != nil {
		toOld = blocks.Align(cur.Blocks, old.Blocks)
		toTgt = blocks.Align(old.Blocks, tp.Blocks)
	}
	var out []Unit
	for i, b := range cur.Blocks {
		u := Unit{Key: b.Key, Kind: b.Kind, Context: b.Context, Line: b.Line, Source: blocks.Tokenize(b.Text), block: i, tblock: -1}
		if tp != nil && toOld[i] >= 0 && toTgt[toOld[i]] >= 0 {
			u.tblock = toTgt[toOld[i]]
			ob, tb := old.Blocks[toOld[i]], tp.Blocks[u.tblock]
			u.Target = blocks.Renumber(blocks.Tokenize(tb.Text), u.Source)
			u.State = Translated
			if ob.Text != b.Text || unknown {
				u.State, u.Prev = NeedsReview, ob.Text
			}
			if unknown {
				u.Prev = ""
			}
		}
		out = append(out, u)
	}
	return out
}

// prefill fills untranslated units from translated units with the same
// source text, marked for review.
func (ex *Export) prefill() {
	memory := map[string]*Unit{}
	where := map[*Unit]string{}
	for i := range ex.Files {
		f := &ex.Files[i]
		for j := range f.Units {
			u := &f.Units[j]
			k := blocks.Join(u.Source)
			if _, seen := memory[k]; !seen && u.State == Translated {
				memory[k], where[u] = u, f.Target
			}
		}
	}
	for i := range ex.Files {
		for j := range ex.Files[i].Units {
			u := &ex.Files[i].Units[j]
			if m := memory[blocks.Join(u.Source)]; u.State == Untranslated && m != nil {
				u.Target, u.State, u.Prefilled = m.Target, NeedsReview, where[m]
				ex.Prefilled++
			}
		}
	}
}

// Only keeps the units a filter asks for: "all", "stale" (the source
// changed since the translation), "missing" (untranslated, or filled in
// from memory). Files left with no unit are dropped.
func (ex *Export) Only(filter string) {
	keep := func(u Unit) bool {
		switch filter {
		case "stale":
			return u.State == NeedsReview && u.Prefilled == ""
		case "missing":
			return u.State == Untranslated || u.Prefilled != ""
		}
		return true
	}
	var files []File
	ex.Prefilled = 0
	for _, f := range ex.Files {
		var us []Unit
		for _, u := range f.Units {
			if keep(u) {
				us = append(us, u)
				ex.Prefilled += boolInt(u.Prefilled != "")
			}
		}
		if len(us) > 0 {
			f.Units = us
			files = append(files, f)
		}
	}
	ex.Files = files
}

// Counts says how many units of pages are untranslated (those pre-filled
// from translation memory too), need review and are translated: what
// rapport check counts.
func (ex *Export) Counts() (untranslated, review, translated int) {
	return ex.count(func(f File) bool { return f.kind == "" })
}

// Strings counts the units of UI strings and learning paths, as Counts.
func (ex *Export) Strings() (untranslated, review, translated int) {
	return ex.count(func(f File) bool { return f.kind != "" })
}

func (ex *Export) count(which func(File) bool) (untranslated, review, translated int) {
	for _, f := range ex.Files {
		if !which(f) {
			continue
		}
		for _, u := range f.Units {
			switch {
			case u.State == Untranslated || u.Prefilled != "":
				untranslated++
			case u.State == NeedsReview:
				review++
			default:
				translated++
			}
		}
	}
	return
}

// Rel is a file's path inside its language folder.
func Rel(p string) string {
	p = strings.TrimPrefix(p, "content/")
	_, rest, _ := strings.Cut(p, "/")
	return path.Clean(rest)
}

// Hash is the sourceHash of a page file (see parse.SourceHash).
func Hash(file string, data []byte) string {
	data = load.Normalize(data)
	fm, _ := parse.SplitFrontMatter(file, data)
	return parse.SourceHash(fm.Meta.Title, data[fm.BodyOffset:])
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
