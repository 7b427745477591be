package markdown

import (
	"bytes"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
)

// Budget of one code block's highlighting. Some of chroma's lexers are
// quadratic in their input (apacheconf on a run of '<', markless on a run
// of '\”), and some never finish on ordinary input (see hangingLexers).
const (
	// MaxHighlightBytes is the largest code block highlighted.
	MaxHighlightBytes = 64 << 10
	// HighlightTime is the time a block's highlighting may take.
	HighlightTime = 2 * time.Second
	// maxAbandoned is how many timed-out highlightings may still run
	// before no more are started.
	maxAbandoned = 2
)

// hangingLexers are chroma lexers (by their config name) known to loop
// forever on ordinary code (Jungle on `x = "y"`, JSONata on a lone `\`):
// their blocks are not highlighted.
var hangingLexers = map[string]bool{"Jungle": true, "JSONata": true}

// Highlighter highlights code blocks with chroma, each within a budget:
// MaxHighlightBytes of code and HighlightTime.
//
// chroma's lexers cannot be cancelled: one may loop inside a single call
// of its token iterator without yielding. So the lexer runs on a goroutine
// of its own, which stops at the first token after the deadline (most
// slow lexers yield tokens as they go: their goroutine ends soon after);
// when no token comes by the deadline, the block is shown unhighlighted
// and the goroutine is abandoned. It holds only its own copy of the
// code and writes only to a channel with room for its one result, so
// abandoning it is safe; but it may keep a core busy, so while
// maxAbandoned of them still run, no more blocks are highlighted (each is
// shown unhighlighted, with a warning). A Highlighter is safe for
// concurrent use; serve keeps one across rebuilds, so a page saved again
// and again cannot start a goroutine each time.
type Highlighter struct {
	fmt       *chromahtml.Formatter
	abandoned atomic.Int32
}

// NewHighlighter returns a Highlighter with no abandoned work.
func NewHighlighter() *Highlighter {
	return &Highlighter{fmt: chromahtml.New(chromahtml.WithClasses(true), chromahtml.PreventSurroundingPre(true))}
}

// Highlight returns code as HTML, with chroma's token classes when lang
// names a lexer, and, when it is shown unhighlighted for a reason the
// trainer should know, why.
func (h *Highlighter) Highlight(lang, code string) (html []byte, why string) {
	var lexer chroma.Lexer
	if lang != "" {
		lexer = lexers.Get(lang)
	}
	switch {
	case lexer == nil:
		return plain(code), ""
	case hangingLexers[lexer.Config().Name]:
		return plain(code), fmt.Sprintf("chroma's %s lexer can run forever", lexer.Config().Name)
	case len(code) > MaxHighlightBytes:
		return plain(code), fmt.Sprintf("it is %d KB, over the %d KB highlighted", (len(code)+1023)/1024, MaxHighlightBytes>>10)
	case h.abandoned.Load() >= maxAbandoned:
		return plain(code), "earlier blocks that took too long are still being highlighted"
	}
	done := make(chan []byte, 1) // room for the result: the goroutine never blocks
	deadline := time.Now().Add(HighlightTime)
	go func() { done <- h.run(lexer, code, deadline) }()
	timer := time.NewTimer(time.Until(deadline) + 50*time.Millisecond)
	defer timer.Stop()
	select {
	case out := <-done:
		if out == nil {
			return plain(code), fmt.Sprintf("highlighting took over %v", HighlightTime)
		}
		return out, ""
	case <-timer.C:
		h.abandoned.Add(1)
		go func() { <-done; h.abandoned.Add(-1) }()
		return plain(code), fmt.Sprintf("highlighting took over %v", HighlightTime)
	}
}

// run tokenises code with lexer, stopping at the first token after
// deadline (nil), and formats the tokens. A panic in chroma is taken as
// no highlighting.
func (h *Highlighter) run(lexer chroma.Lexer, code string, deadline time.Time) (out []byte) {
	defer func() {
		if recover() != nil {
			out = plain(code)
		}
	}()
	it, err := chroma.Coalesce(lexer).Tokenise(nil, code)
	if err != nil {
		return plain(code)
	}
	var tokens []chroma.Token
	for t := it(); t != chroma.EOF; t = it() {
		if len(tokens)%64 == 0 && time.Now().After(deadline) {
			return nil
		}
		tokens = append(tokens, t)
	}
	var b bytes.Buffer
	if err := h.fmt.Format(&b, styles.Fallback, chroma.Literator(tokens...)); err != nil {
		return plain(code)
	}
	return b.Bytes()
}
