package markdown

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
)

// IDs generates heading IDs that keep the heading's own script: Hebrew,
// Arabic and Thai headings get readable, stable anchors instead of goldmark's
// default "heading", "heading-1". It implements parser.IDs; use one per
// document: parser.NewContext(parser.WithIDs(markdown.NewIDs())).
type IDs struct {
	seen map[string]bool
	// next holds, for each base that has been taken, the suffix to try
	// first: every smaller one is taken, so n equal headings cost O(n),
	// not O(n²).
	next map[string]int
}

// NewIDs returns an empty ID set for one document.
func NewIDs() *IDs { return &IDs{seen: map[string]bool{}, next: map[string]int{}} }

// Generate returns a unique ID for a heading with the given text: its
// slug, or the slug with the smallest suffix -1, -2… not yet taken.
func (s *IDs) Generate(value []byte, kind ast.NodeKind) []byte {
	base := Slug(string(value))
	if base == "" {
		base = "section"
	}
	id := base
	if s.seen[id] {
		i := max(1, s.next[base])
		for ; s.seen[base+"-"+strconv.Itoa(i)]; i++ {
		}
		id = base + "-" + strconv.Itoa(i)
		s.next[base] = i + 1
	}
	s.seen[id] = true
	return []byte(id)
}

// Put records an ID set explicitly, so generated ones do not collide with it.
func (s *IDs) Put(value []byte) { s.seen[string(value)] = true }

// Slug turns heading text into an anchor: lowercased, Unicode letters, marks
// and digits kept, spaces and hyphens joined into single '-', everything else
// dropped. "1. התאמה אישית" becomes "1-התאמה-אישית".
func Slug(text string) string {
	var b strings.Builder
	b.Grow(len(text))
	dash := false
	for _, r := range text {
		r = unicode.ToLower(r) // as strings.ToLower(text) does, rune by rune
		switch {
		case unicode.IsLetter(r), unicode.IsMark(r), unicode.IsDigit(r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		case unicode.IsSpace(r), r == '-', r == '_':
			dash = true
		}
	}
	return b.String()
}

var _ parser.IDs = (*IDs)(nil)
