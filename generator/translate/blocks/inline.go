package blocks

import (
	"fmt"
	"regexp"
	"strings"
)

// Piece is a run of text or an inline code of a unit. Inline markup
// (emphasis, code spans, math, links with their destinations, images,
// footnote references, HTML tags, line breaks) travels as codes, so a translator
// can move it but not break it. A paired code (a link around its text) is
// an Open and a Close piece with one ID; a standalone one is a Ph.
type Piece struct {
	Text string // text, or the code's Markdown (its native form)
	Code CodeKind
	ID   int
	Type string // link, image, bold, italic, strike, code, math, fn, html, br, attr
}

// CodeKind says whether a piece is text or which kind of code.
type CodeKind int

// The kinds of pieces.
const (
	TextPiece CodeKind = iota
	Ph
	Open
	Close
)

var (
	autolinkRE = regexp.MustCompile(`^<(?:[a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^<>\s]*|[^<>\s@]+@[^<>\s@]+)>`)
	htmlTagRE  = regexp.MustCompile(`^<(?:/?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?|!--[\s\S]*?--)>`)
	attrRE     = regexp.MustCompile(`^\s*\{[#.][^{}]*\}\s*$`)
)

// Tokenize cuts Markdown inline text into text and codes, numbering the
// codes from 1 in order.
func Tokenize(s string) []Piece {
	t := &tokenizer{}
	t.run(s)
	t.flushText()
	return t.out
}

type tokenizer struct {
	out  []Piece
	next int
	text strings.Builder
}

func (t *tokenizer) flushText() {
	if t.text.Len() > 0 {
		t.out = append(t.out, Piece{Text: t.text.String()})
		t.text.Reset()
	}
}

func (t *tokenizer) ph(native, typ string) {
	t.flushText()
	t.next++
	t.out = append(t.out, Piece{Text: native, Code: Ph, ID: t.next, Type: typ})
}

func (t *tokenizer) pair(open, inner, close, typ string) {
	t.flushText()
	t.next++
	id := t.next
	t.out = append(t.out, Piece{Text: open, Code: Open, ID: id, Type: typ})
	t.run(inner)
	t.flushText()
	t.out = append(t.out, Piece{Text: close, Code: Close, ID: id, Type: typ})
}

func (t *tokenizer) run(s string) {
	for i := 0; i < len(s); {
		n := t.step(s, i)
		if n == 0 {
			t.text.WriteByte(s[i])
			n = 1
		}
		i += n
	}
}

// step reads the code at s[i:], if one starts there, and returns its
// length (0: none).
func (t *tokenizer) step(s string, i int) int {
	rest := s[i:]
	switch s[i] {
	case '\\':
		if strings.HasPrefix(rest, "\\\n") {
			t.ph("\\\n", "br")
			return 2
		}
		if len(rest) > 1 {
			t.text.WriteString(rest[:2])
			return 2
		}
	case ' ':
		if n := len(rest) - len(strings.TrimLeft(rest, " ")); n >= 2 && strings.HasPrefix(rest[n:], "\n") {
			t.ph(rest[:n+1], "br")
			return n + 1
		}
	case '`':
		return t.codeSpan(rest)
	case '!':
		if strings.HasPrefix(rest, "![") {
			return t.bracket(rest, 2, "image")
		}
	case '[':
		if end := strings.IndexByte(rest, ']'); strings.HasPrefix(rest, "[^") && end > 2 && !strings.HasPrefix(rest[end:], "]:") {
			t.ph(rest[:end+1], "fn")
			return end + 1
		}
		return t.bracket(rest, 1, "link")
	case '<':
		if m := autolinkRE.FindString(rest); m != "" {
			t.ph(m, "link")
			return len(m)
		}
		if m := htmlTagRE.FindString(rest); m != "" {
			t.ph(m, "html")
			return len(m)
		}
	case '{':
		if attrRE.MatchString(rest) {
			t.ph(rest, "attr")
			return len(rest)
		}
		if end := strings.Index(rest, "}}"); strings.HasPrefix(rest, "{{") && end > 0 {
			t.ph(rest[:end+2], "var") // a UI string's {{.Count}}
			return end + 2
		}
	case '*', '_', '~':
		return t.emphasis(s, i)
	case '$':
		if n := mathSpan(rest); n > 0 {
			t.ph(rest[:n], "math")
			return n
		}
	}
	return 0
}

// mathSpan returns the length of the inline math ($…$) rest starts with,
// or 0, by the Markdown's rule (generator/markdown/math.go): a non-space
// after the opening dollar, and the first dollar after it, on the same
// line, closes it when a non-space precedes it and no digit follows.
func mathSpan(rest string) int {
	if len(rest) < 3 || rest[1] == ' ' || rest[1] == '\t' || rest[1] == '\n' || rest[1] == '$' {
		return 0
	}
	for j := 1; j < len(rest); j++ {
		switch c := rest[j]; {
		case c == '\\':
			j++
		case c == '\n':
			return 0
		case c == '$':
			if rest[j-1] == ' ' || rest[j-1] == '\t' || j+1 < len(rest) && '0' <= rest[j+1] && rest[j+1] <= '9' {
				return 0
			}
			return j + 1
		}
	}
	return 0
}

func (t *tokenizer) codeSpan(rest string) int {
	n := len(rest) - len(strings.TrimLeft(rest, "`"))
	fence := rest[:n]
	for j := n; j < len(rest); {
		k := strings.Index(rest[j:], fence)
		if k < 0 {
			break
		}
		k += j
		if k+n < len(rest) && rest[k+n] == '`' || rest[k-1] == '`' {
			j = k + n + 1
			continue
		}
		t.ph(rest[:k+n], "code")
		return k + n
	}
	t.text.WriteString(fence)
	return n
}

// bracket reads [text](dest) or ![alt](src): the text stays translatable
// between an opening and a closing code.
func (t *tokenizer) bracket(rest string, open int, typ string) int {
	depth := 0
	for j := open; j < len(rest); j++ {
		switch rest[j] {
		case '\\':
			j++
		case '[':
			depth++
		case ']':
			if depth > 0 {
				depth--
				continue
			}
			end := destEnd(rest[j+1:])
			if end < 0 {
				return 0
			}
			t.pair(rest[:open], rest[open:j], rest[j:j+1+end], typ)
			return j + 1 + end
		}
	}
	return 0
}

// destEnd returns the length of "(dest)" or "[ref]" at the start of s, or
// -1.
func destEnd(s string) int {
	if !strings.HasPrefix(s, "(") && !strings.HasPrefix(s, "[") {
		return -1
	}
	closer := map[byte]byte{'(': ')', '[': ']'}[s[0]]
	depth := 0
	for j := 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case s[0]:
			depth++
		case closer:
			if depth == 0 {
				return j + 1
			}
			depth--
		case '\n':
			return -1
		}
	}
	return -1
}

// emphasis reads *em*, **strong**, _em_, __strong__ and ~~strike~~ whose
// closing delimiter is on the same unit.
func (t *tokenizer) emphasis(s string, i int) int {
	c := s[i]
	n := len(s[i:]) - len(strings.TrimLeft(s[i:], string(c)))
	if c == '~' && n != 2 || n > 2 || i+n >= len(s) || s[i+n] == ' ' {
		return 0
	}
	if c == '_' && i > 0 && isWord(s[i-1]) {
		return 0
	}
	delim := s[i : i+n]
	for j := i + n + 1; j+n <= len(s); j++ {
		if s[j] == '\\' {
			j++
			continue
		}
		if s[j] == '`' {
			if k := strings.IndexByte(s[j+1:], '`'); k >= 0 {
				j += k + 1
			}
			continue
		}
		if !strings.HasPrefix(s[j:], delim) || s[j-1] == ' ' || j+n < len(s) && s[j+n] == c {
			continue
		}
		if c == '_' && j+n < len(s) && isWord(s[j+n]) {
			continue
		}
		typ := map[int]string{1: "italic", 2: "bold"}[n]
		if c == '~' {
			typ = "strike"
		}
		t.pair(delim, s[i+n:j], delim, typ)
		return j + n - i
	}
	return 0
}

func isWord(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b >= 0x80
}

// Join writes pieces back as Markdown.
func Join(ps []Piece) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.Text)
	}
	return b.String()
}

// Codes lists a unit's codes by ID: the native form of each (an opening
// code's, with its closing code's after "\x00").
func Codes(ps []Piece) map[int]Piece {
	m := map[int]Piece{}
	for _, p := range ps {
		switch p.Code {
		case Ph, Open:
			m[p.ID] = p
		case Close:
			q := m[p.ID]
			q.Text += "\x00" + p.Text
			m[p.ID] = q
		}
	}
	return m
}

// Renumber gives the codes of a translation the IDs of the source's codes
// they stand for: each code takes the first unused source code of its type
// with the same Markdown, else the first unused one of its type; a code
// the source lacks gets an ID from 101 up.
func Renumber(target, source []Piece) []Piece {
	src := Codes(source)
	used := map[int]bool{}
	ids := map[int]int{} // target's own ID → new ID
	extra := 100
	tcodes := Codes(target)
	out := make([]Piece, len(target))
	for i, p := range target {
		out[i] = p
		if p.Code == TextPiece {
			continue
		}
		if _, ok := ids[p.ID]; !ok {
			ids[p.ID] = pick(tcodes[p.ID], source, src, used, &extra)
		}
		out[i].ID = ids[p.ID]
	}
	return out
}

func pick(c Piece, source []Piece, src map[int]Piece, used map[int]bool, extra *int) int {
	for pass := 0; pass < 2; pass++ {
		for _, s := range source {
			if s.Code == Close || s.Code == TextPiece || used[s.ID] || s.Type != c.Type || s.Code != c.Code {
				continue
			}
			if pass == 0 && src[s.ID].Text != c.Text {
				continue
			}
			used[s.ID] = true
			return s.ID
		}
	}
	*extra++
	return *extra
}

// Describe names a code for messages: "code 2 (link …)".
func Describe(p Piece) string {
	native := strings.ReplaceAll(p.Text, "\x00", "…")
	native = strings.ReplaceAll(native, "\n", "⏎")
	return fmt.Sprintf("inline code %d (%s %s)", p.ID, p.Type, native)
}
