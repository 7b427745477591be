package markdown

import (
	"github.com/yuin/goldmark/parser"
)

// Problem is bad input found by an extension while parsing.
type Problem struct {
	// Offset is the byte offset in the Markdown source given to the parser
	// (the body, after front matter) where the problem is.
	Offset int
	// Msg is the one-line cause, lowercase, no trailing period.
	Msg string
	// Warning is true when the problem does not fail the build (raw HTML
	// removed from a page: see RawHTML).
	Warning bool
}

var problemsKey = parser.NewContextKey()

// Report records a problem found at byte offset off of the source that
// fails the build.
func Report(pc parser.Context, off int, msg string) {
	ps, _ := pc.Get(problemsKey).([]Problem)
	pc.Set(problemsKey, append(ps, Problem{Offset: off, Msg: msg}))
}

// Warn records a problem that does not fail the build.
func Warn(pc parser.Context, off int, msg string) {
	ps, _ := pc.Get(problemsKey).([]Problem)
	pc.Set(problemsKey, append(ps, Problem{Offset: off, Msg: msg, Warning: true}))
}

// Problems returns the problems recorded in pc, in the order found.
func Problems(pc parser.Context) []Problem {
	ps, _ := pc.Get(problemsKey).([]Problem)
	return ps
}
