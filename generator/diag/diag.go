// Package diag holds source positions and the diagnostics (errors and
// warnings) that every stage of the build reports.
//
// # Format
//
// A diagnostic prints as
//
//	path:line:col: cause            (an error)
//	path:line: warning: cause       (a warning)
//
// where line and col are 1-based and omitted when unknown. Paths are
// slash-separated and relative to the site's source folder, so messages read
// the same on every machine and can be diffed in CI.
//
// A build collects all diagnostics of all stages in a [List] and reports them
// together; it fails when the list holds at least one error.
package diag

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Pos is a position in a source file. Line and Col are 1-based; zero means
// unknown.
type Pos struct {
	File string
	Line int
	Col  int
}

// String formats p as path, path:line or path:line:col.
// A file name with control characters (a newline, an escape) or invalid
// UTF-8 is quoted, Go-style, so it can neither forge lines of the output
// nor send codes to the terminal.
func (p Pos) String() string {
	file := p.File
	if strings.ContainsFunc(file, unsafeRune) || !utf8.ValidString(file) {
		file = strconv.Quote(file)
	}
	switch {
	case p.Line <= 0:
		return file
	case p.Col <= 0:
		return fmt.Sprintf("%s:%d", file, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", file, p.Line, p.Col)
}

// unsafeRune reports whether r must not reach a terminal as it is: a
// control character, or a format character that reorders text (bidi).
func unsafeRune(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r)
}

// At returns the position of byte offset off in src, which is the content of
// file. Columns count runes, not bytes, so they match what editors show.
func At(file string, src []byte, off int) Pos {
	if off > len(src) {
		off = len(src)
	}
	if off < 0 {
		off = 0
	}
	line := 1 + bytes.Count(src[:off], []byte{'\n'})
	start := bytes.LastIndexByte(src[:off], '\n') + 1
	col := 1 + utf8.RuneCount(src[start:off])
	return Pos{File: file, Line: line, Col: col}
}

// Lines gives positions in one file as At does, in time logarithmic in the
// file's length after one pass over it: for a file with many positions
// (headings, links), where At for each would be quadratic.
type Lines struct {
	file   string
	src    []byte
	starts []int // offset of each line's first byte
}

// NewLines indexes the lines of src.
func NewLines(file string, src []byte) *Lines {
	starts := make([]int, 1, 1+bytes.Count(src, []byte{'\n'}))
	for i := 0; ; {
		j := bytes.IndexByte(src[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		starts = append(starts, i)
	}
	return &Lines{file: file, src: src, starts: starts}
}

// At returns the position of byte offset off, as At(file, src, off).
func (l *Lines) At(off int) Pos {
	off = max(0, min(off, len(l.src)))
	line, _ := slices.BinarySearch(l.starts, off+1) // lines starting at or before off
	start := l.starts[line-1]
	return Pos{File: l.file, Line: line, Col: 1 + utf8.RuneCount(l.src[start:off])}
}

// Level says whether a diagnostic fails the build.
type Level int

const (
	// Error fails the build.
	Error Level = iota
	// Warning is reported but does not fail the build.
	Warning
	// Note is information for trainers, such as a page not yet translated.
	Note
)

// String returns "error", "warning" or "note".
func (l Level) String() string {
	switch l {
	case Warning:
		return "warning"
	case Note:
		return "note"
	}
	return "error"
}

// Diagnostic is one finding about the input.
type Diagnostic struct {
	Pos   Pos
	Level Level
	Msg   string
}

// String formats d as "pos: cause" for errors and "pos: warning: cause" for
// warnings.
//
// Control characters in the message are written as escapes (\n, \x1b):
// a diagnostic is one line, whatever text it quotes.
func (d Diagnostic) String() string {
	msg := Escape(d.Msg)
	if d.Level != Error {
		return d.Pos.String() + ": " + d.Level.String() + ": " + msg
	}
	return d.Pos.String() + ": " + msg
}

// Escape writes each control or bidi control character of s as a Go
// escape, for text that goes to a terminal.
func Escape(s string) string {
	if !strings.ContainsFunc(s, unsafeRune) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unsafeRune(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Error makes a Diagnostic usable as an error.
func (d Diagnostic) Error() string { return d.String() }

// List collects diagnostics. The zero value is ready to use. A List is not
// safe for concurrent use; concurrent stages keep one list each and Merge
// them in a fixed order.
type List []Diagnostic

// Errorf adds an error at pos.
func (l *List) Errorf(pos Pos, format string, args ...any) {
	*l = append(*l, Diagnostic{Pos: pos, Level: Error, Msg: fmt.Sprintf(format, args...)})
}

// Warnf adds a warning at pos.
func (l *List) Warnf(pos Pos, format string, args ...any) {
	*l = append(*l, Diagnostic{Pos: pos, Level: Warning, Msg: fmt.Sprintf(format, args...)})
}

// Notef adds a note at pos.
func (l *List) Notef(pos Pos, format string, args ...any) {
	*l = append(*l, Diagnostic{Pos: pos, Level: Note, Msg: fmt.Sprintf(format, args...)})
}

// Recover, deferred by a function that works on one file, turns a panic
// into an error at pos naming that file, so a bug that one input triggers
// fails the build with the file to look at instead of crashing it (and
// rapport serve). what says what was being done: "parse", "render". It
// must be the deferred function itself: recover works only there.
//
//	defer diag.Recover(&diags, diag.Pos{File: path}, "render")
//
// A *[Panic] (a goroutine's, raised again by [Group.Wait]) is reported at
// its own position, the input that goroutine was working on.
func Recover(l *List, pos Pos, what string) {
	v := recover()
	if v == nil {
		return
	}
	if p, ok := v.(*Panic); ok {
		pos, what, v = p.Pos, p.What, p.Value
	}
	l.Errorf(pos, "internal error during %s of this file: %v (rapport has a bug: please report it with this file)", what, v)
}

// Merge appends all diagnostics of other.
func (l *List) Merge(other List) { *l = append(*l, other...) }

// HasErrors reports whether l holds at least one error.
func (l List) HasErrors() bool {
	return slices.ContainsFunc(l, func(d Diagnostic) bool { return d.Level == Error })
}

// Errors returns only the errors of l.
func (l List) Errors() List {
	return slices.DeleteFunc(slices.Clone(l), func(d Diagnostic) bool { return d.Level != Error })
}

// Warnings returns only the warnings of l.
func (l List) Warnings() List {
	return slices.DeleteFunc(slices.Clone(l), func(d Diagnostic) bool { return d.Level != Warning })
}

// Sort orders l by file, line, column, level and message, and drops exact
// duplicates, so output is stable however the stages were scheduled.
func (l List) Sort() List {
	s := slices.Clone(l)
	slices.SortStableFunc(s, Compare)
	return slices.Compact(s)
}

// Compare orders diagnostics by file, line, column, level, then message.
func Compare(a, b Diagnostic) int {
	return cmp.Or(
		cmp.Compare(a.Pos.File, b.Pos.File),
		cmp.Compare(a.Pos.Line, b.Pos.Line),
		cmp.Compare(a.Pos.Col, b.Pos.Col),
		cmp.Compare(a.Level, b.Level),
		cmp.Compare(a.Msg, b.Msg),
	)
}

// String formats every diagnostic of l, one a line.
func (l List) String() string {
	var b strings.Builder
	for _, d := range l {
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// Err returns l's errors as an error, or nil when there are none.
func (l List) Err() error {
	errs := l.Errors()
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// Error implements error for a list of errors.
func (l List) Error() string { return strings.TrimSuffix(l.String(), "\n") }

// Suggest returns the candidate closest to s by edit distance, or "" when
// none is close enough to be a likely typo.
func Suggest(s string, candidates []string) string {
	best, bestD := "", len(s)/2+2
	for _, c := range candidates {
		if d := distance(s, c); d < bestD || (d == bestD && c < best && best != "") {
			best, bestD = c, d
		}
	}
	if bestD > len(s)/2+1 {
		return ""
	}
	return best
}

// distance is the Levenshtein distance between a and b, over runes.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
