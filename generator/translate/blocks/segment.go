package blocks

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Block is one translatable block of a page: its kind, its key in the page
// (section and ordinal: stable while other sections and pages change), its
// Markdown text and where it sits in the file, so that a translation can be
// written back in its place.
type Block struct {
	Kind    string // title, description, heading, paragraph, item, task, cell, …
	Key     string // unique in the page: "intro.p1", "h3c1f0a.item2"
	Text    string // Markdown, lines joined by "\n"; no block markers
	Context string // the heading path, for translators
	Line    int    // first line in the file, 1-based
	Lines   int    // how many lines it spans
	prefix  string // written before its first line ("## ", "- [ ] ")
	cont    string // written before each further line ("> ", "  ")
	suffix  string // written after its last line (a table row's rest)
	cell    int    // a table cell's index in its row, else -1
}

// Page is a page cut into blocks.
type Page struct {
	Path   string
	Lines  []string // the file's lines, without "\n"
	Blocks []Block
}

var (
	fenceRE    = regexp.MustCompile("^\\s*(```+|~~~+)")
	containRE  = regexp.MustCompile(`^\s*(:{3,})\s*(\S*)\s*(.*)$`)
	calloutRE  = regexp.MustCompile(`^\s*>\s*\[!\w+\][-+]?\s*$`)
	footnoteRE = regexp.MustCompile(`^(\[\^[^\]]+\]:\s+)(.*)$`)
	defRE      = regexp.MustCompile(`^(:\s+)(.*)$`)
	tableSepRE = regexp.MustCompile(`^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$`)
	fmKeyRE    = regexp.MustCompile(`^(title|description)(\s*[:=]\s*)(.*)$`)
	onlyCodeRE = regexp.MustCompile(`^(\s|<[^>]*>)*$`)
)

// Cut splits a page's file (normalized: LF line ends) into blocks.
func Cut(path string, data []byte) *Page {
	return cut(path, data, false)
}

func cut(path string, data []byte, kindsOnly bool) *Page {
	return cutInto(path, data, kindsOnly, nil)
}

// cutInto is cut, appending the blocks to blocks.
func cutInto(path string, data []byte, kindsOnly bool, blocks []Block) *Page {
	p := &Page{Path: path, Lines: strings.Split(string(data), "\n"), Blocks: blocks}
	c := &cutter{p: p, section: "intro", kindsOnly: kindsOnly}
	if !kindsOnly { // keys are not made for Kinds
		c.sections, c.counts = map[string]int{}, map[string]int{}
	}
	body := c.frontMatter()
	c.body(body)
	return p
}

type cutter struct {
	p        *Page
	section  string         // key of the current section
	path     []string       // heading path
	sections map[string]int // section keys seen, to keep them unique
	counts   map[string]int // ordinals per section and kind
	quiz     int            // inside a knowledge check: blocks since its start
	para     []int          // lines of the paragraph being read
	text     []byte         // the block flush makes, kept for the next
	paraKind string
	// kindsOnly: the blocks need no keys or contexts (see Kinds).
	kindsOnly bool
}

// frontMatter cuts the title and description out of YAML (---) or TOML
// (+++) front matter and returns the first body line's index.
func (c *cutter) frontMatter() int {
	lines := c.p.Lines
	if len(lines) == 0 || (lines[0] != "---" && lines[0] != "+++") {
		return 0
	}
	for i := 1; i < len(lines); i++ {
		if lines[i] == lines[0] {
			return i + 1
		}
		if !strings.HasPrefix(lines[i], "title") && !strings.HasPrefix(lines[i], "description") {
			continue // fmKeyRE cannot match: most lines are other keys
		}
		m := fmKeyRE.FindStringSubmatch(lines[i])
		if m == nil {
			continue
		}
		text, ok := unquote(m[3])
		if !ok || text == "" {
			continue
		}
		c.p.Blocks = append(c.p.Blocks, Block{Kind: m[1], Key: m[1], Text: text, Line: i + 1, Lines: 1,
			prefix: m[1] + m[2], cell: -1})
	}
	return len(lines)
}

// body cuts the body, line by line.
func (c *cutter) body(start int) {
	lines := c.p.Lines
	for i := start; i < len(lines); i++ {
		line := lines[i]
		if strings.TrimSpace(line) == "" {
			c.flush()
			continue
		}
		if m := match(fenceRE, line, "`~"); m != nil {
			c.flush()
			i = skipFence(lines, i, m[1])
			continue
		}
		if c.special(i, line) {
			continue
		}
		if len(c.para) > 0 && c.paraKind != "paragraph" && c.continues(line) {
			c.para = append(c.para, i)
			continue
		}
		if len(c.para) == 0 || c.paraKind != "paragraph" {
			c.flush()
			c.paraKind = "paragraph"
		}
		c.para = append(c.para, i)
	}
	c.flush()
}

// continues reports whether line continues the item or quote being read.
func (c *cutter) continues(line string) bool {
	if c.paraKind == "quote" || c.paraKind == "callout" || c.paraKind == "feedback" {
		return false
	}
	_, isItem := item(line)
	return strings.HasPrefix(line, "  ") && !isItem && first(line) != '>'
}

// first is the first byte of line that is not a space or tab, or 0.
func first(line string) byte {
	for i := 0; i < len(line); i++ {
		if line[i] != ' ' && line[i] != '\t' {
			return line[i]
		}
	}
	return 0
}

// match runs re on line only when its first non-blank byte is one of
// starts: most lines are prose, and a regexp is slow to say so.
func match(re *regexp.Regexp, line, starts string) []string {
	if f := first(line); f == 0 || strings.IndexByte(starts, f) < 0 {
		return nil
	}
	return re.FindStringSubmatch(line)
}

func skipFence(lines []string, i int, fence string) int {
	indent := lines[i][:strings.Index(lines[i], fence)]
	for j := i + 1; j < len(lines); j++ {
		t := strings.TrimPrefix(lines[j], indent)
		if strings.HasPrefix(strings.TrimSpace(t), fence) && strings.Trim(strings.TrimSpace(t), fence[:1]) == "" {
			return j
		}
	}
	return len(lines)
}

// special handles the lines that are blocks of their own or start one:
// containers, headings, tables, list items, quotes, footnotes.
func (c *cutter) special(i int, line string) bool {
	if m := match(containRE, line, ":"); m != nil {
		c.flush()
		c.container(i, m)
		return true
	}
	if m, ok := heading(line); ok {
		c.flush()
		c.heading(i, m)
		return true
	}
	if strings.HasPrefix(strings.TrimSpace(line), "|") {
		c.flush()
		c.tableRow(i, line)
		return true
	}
	return c.starts(i, line)
}

// starts begins list items, quotes, callouts, footnotes and definitions.
func (c *cutter) starts(i int, line string) bool {
	if m, ok := item(line); ok {
		c.flush()
		kind := "item"
		if m[4] != "" {
			kind = "task"
		}
		if c.quiz > 0 {
			kind = "answer"
		}
		n := len(m[1]) + len(m[2]) + len(m[3]) + len(m[4])
		c.open(i, kind, line[:n], blanks(n)) // the parts are line's first n bytes
		return true
	}
	if first(line) == '>' && calloutRE.MatchString(line) {
		c.flush()
		c.paraKind = "callout-head"
		return true
	}
	if m, ok := quote(line); ok {
		kind := "quote"
		switch {
		case c.paraKind == "callout-head" || c.paraKind == "callout":
			kind = "callout"
		case c.quiz > 0:
			kind = "feedback"
		}
		if len(c.para) > 0 && c.paraKind == kind {
			c.para = append(c.para, i)
			return true
		}
		c.flush()
		c.open(i, kind, m[1], m[1])
		return true
	}
	for _, k := range []struct {
		re   *regexp.Regexp
		kind string
	}{{footnoteRE, "footnote"}, {defRE, "definition"}} {
		if m := match(k.re, line, "[:"); m != nil {
			c.flush()
			c.open(i, k.kind, m[1], "    ")
			return true
		}
	}
	return false
}

func (c *cutter) open(i int, kind, prefix, cont string) {
	c.para, c.paraKind = append(c.para[:0], i), kind
	c.p.Blocks = append(c.p.Blocks, Block{Kind: kind, prefix: prefix, cont: cont, cell: -1})
}

// flush ends the block being read: a paragraph becomes a block here, an
// item or quote (opened by open) gets its text and lines.
func (c *cutter) flush() {
	defer func() { c.para, c.paraKind = c.para[:0], "" }()
	if len(c.para) == 0 {
		return
	}
	lines := c.p.Lines
	if c.paraKind == "paragraph" {
		kind := "paragraph"
		switch {
		case c.quiz == 1:
			kind = "question"
		case c.quiz > 1:
			kind = "explanation"
		}
		c.p.Blocks = append(c.p.Blocks, Block{Kind: kind, cell: -1})
	}
	b := &c.p.Blocks[len(c.p.Blocks)-1]
	text := c.text[:0]
	for n, i := range c.para {
		l := lines[i]
		switch {
		case n == 0 && b.prefix != "":
			l = strings.TrimPrefix(l, b.prefix)
		case n > 0 && b.cont != "" && (c.paraKind == "quote" || c.paraKind == "callout" || c.paraKind == "feedback"):
			m, _ := quote(l)
			l = m[2]
		case n > 0 && b.cont != "":
			l = strings.TrimPrefix(l, b.cont)
		}
		if n > 0 {
			text = append(text, '\n')
		}
		text = append(text, l...)
	}
	c.text = text
	b.Line, b.Lines = c.para[0]+1, len(c.para)
	if b.Kind == "feedback" || b.Kind == "callout" || b.Kind == "quote" {
		m, _ := quote(lines[c.para[len(c.para)-1]])
		if len(c.para) > 1 {
			m, _ = quote(lines[c.para[1]])
		}
		b.cont = m[1]
	}
	if c.kindsOnly && blankBytes(text) {
		c.p.Blocks = c.p.Blocks[:len(c.p.Blocks)-1] // as name drops it
	} else if !c.kindsOnly {
		b.Text = string(text)
		c.name(b)
	}
	if c.quiz > 0 {
		c.quiz++
	}
}

// name gives b its key and context, or drops it when it holds no text.
func (c *cutter) name(b *Block) {
	if strings.TrimSpace(b.Text) == "" || strings.IndexByte(b.Text, '<') >= 0 && onlyCodeRE.MatchString(b.Text) { // blankBytes's rule
		c.p.Blocks = c.p.Blocks[:len(c.p.Blocks)-1]
		return
	}
	if c.kindsOnly {
		return
	}
	short := b.Kind
	switch short {
	case "paragraph":
		short = "p"
	case "heading":
		short = "h"
	}
	k := c.section + "." + short
	c.counts[k]++
	b.Key = k + strconv.Itoa(c.counts[k])
	var path []string
	for _, h := range c.path {
		if h != "" {
			path = append(path, h)
		}
	}
	b.Context = strings.Join(path, " › ")
}

func (c *cutter) container(i int, m []string) {
	switch {
	case m[2] == "quiz":
		c.quiz = 1
	case m[2] == "tab" && m[3] != "":
		line := c.p.Lines[i]
		c.p.Blocks = append(c.p.Blocks, Block{Kind: "tab", prefix: line[:len(line)-len(m[3])], cell: -1})
		c.para, c.paraKind = append(c.para[:0], i), "tab"
		b := &c.p.Blocks[len(c.p.Blocks)-1]
		b.Text, b.Line, b.Lines = m[3], i+1, 1
		c.name(b)
		c.para, c.paraKind = c.para[:0], ""
	case m[2] == "":
		c.quiz = 0
	}
}

func (c *cutter) heading(i int, m [3]string) {
	level := len(m[1])
	for len(c.path) >= level {
		c.path = c.path[:len(c.path)-1]
	}
	for len(c.path) < level-1 {
		c.path = append(c.path, "")
	}
	c.path = append(c.path, m[2])
	if !c.kindsOnly {
		c.section = sectionKey(m[2], c.sections)
	}
	line := c.p.Lines[i]
	at := strings.Index(line, m[2])
	c.p.Blocks = append(c.p.Blocks, Block{Kind: "heading", Text: m[2], Line: i + 1, Lines: 1,
		prefix: line[:at], suffix: line[at+len(m[2]):], cell: -1})
	c.name(&c.p.Blocks[len(c.p.Blocks)-1])
}

// sectionKey names a section after its heading: the heading's ASCII slug,
// or a short hash of a heading in another script (unit ids must be XML
// name tokens, and a hash is one in any schema version).
func sectionKey(heading string, seen map[string]int) string {
	var b strings.Builder
	ascii := true
	for _, r := range strings.ToLower(heading) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '_':
			if b.Len() > 0 && !strings.HasSuffix(b.String(), "-") {
				b.WriteByte('-')
			}
		case r > 0x7f:
			ascii = false
		}
	}
	key := strings.Trim(b.String(), "-")
	if !ascii || key == "" {
		sum := sha256.Sum256([]byte(heading))
		key = "h" + hex.EncodeToString(sum[:])[:7]
	}
	seen[key]++
	if n := seen[key]; n > 1 {
		key = fmt.Sprintf("%s-%d", key, n)
	}
	return key
}

func (c *cutter) tableRow(i int, line string) {
	if tableSepRE.MatchString(line) {
		return
	}
	cells := splitRow(line)
	for n, cell := range cells {
		text := strings.TrimSpace(cell)
		if text == "" {
			continue
		}
		c.p.Blocks = append(c.p.Blocks, Block{Kind: "cell", Text: text, Line: i + 1, Lines: 1, cell: n})
		c.name(&c.p.Blocks[len(c.p.Blocks)-1])
	}
}

// splitRow splits a table row into its cells at pipes that are not
// escaped or inside code.
func splitRow(line string) []string {
	t := strings.TrimSpace(line)
	t = strings.TrimPrefix(t, "|")
	if strings.HasSuffix(t, "|") && !strings.HasSuffix(t, `\|`) {
		t = t[:len(t)-1]
	}
	var cells []string
	start, code := 0, false
	for i := 0; i < len(t); i++ {
		switch {
		case t[i] == '\\':
			i++
		case t[i] == '`':
			code = !code
		case t[i] == '|' && !code:
			cells = append(cells, t[start:i])
			start = i + 1
		}
	}
	return append(cells, t[start:])
}

// unquote reads a front-matter value: a double- or single-quoted string,
// or a plain one.
func unquote(v string) (string, bool) {
	v = strings.TrimSpace(v)
	switch {
	case strings.HasPrefix(v, `"`):
		if i := strings.LastIndexByte(v, '"'); i > 0 {
			v = v[:i+1] // a comment may follow
		}
		s, err := strconv.Unquote(v)
		return s, err == nil
	case strings.HasPrefix(v, "'") && strings.HasSuffix(v, "'") && len(v) > 1:
		return strings.ReplaceAll(v[1:len(v)-1], "''", "'"), true
	case strings.HasPrefix(v, "[") || strings.HasPrefix(v, "{") || strings.HasPrefix(v, "|") || strings.HasPrefix(v, ">"):
		return "", false
	}
	if i := strings.Index(v, " #"); i >= 0 {
		v = strings.TrimSpace(v[:i])
	}
	return v, true
}

// Replace puts text in the place of block b in a page's lines: the
// block's markers (a heading's "## ", an item's "- ") stay.
func Replace(lines []string, b Block, text string) []string {
	at := b.Line - 1
	switch {
	case b.cell >= 0:
		lines[at] = setCell(lines[at], b.cell, text)
		return lines
	case b.Kind == "title" || b.Kind == "description":
		lines[at] = b.prefix + strconv.Quote(text)
		return lines
	}
	tl := strings.Split(text, "\n")
	out := make([]string, len(tl))
	for i, l := range tl {
		if i == 0 {
			out[i] = b.prefix + l
		} else {
			out[i] = b.cont + l
		}
	}
	out[len(out)-1] += b.suffix
	return slices.Replace(lines, at, at+b.Lines, out...)
}

func setCell(line string, i int, text string) string {
	cells := splitRow(line)
	if i >= len(cells) {
		return line
	}
	cells[i] = " " + text + " "
	lead := line[:len(line)-len(strings.TrimLeft(line, " \t"))]
	return lead + "|" + strings.Join(cells, "|") + "|"
}

// kindLetters are the letters of Kinds.
var kindLetters = map[string]byte{
	"title": 't', "description": 'd', "heading": 'h', "paragraph": 'p', "item": 'i', "task": 'k',
	"cell": 'c', "callout": 'n', "quote": 'o', "footnote": 'f', "definition": 'e', "tab": 'b',
	"question": 'Q', "answer": 'A', "feedback": 'F', "explanation": 'E',
}

// Kinds lists the kinds of a page's blocks, a letter each: what the
// translation report needs to count a page's units and pair them with a
// translation's (see Align), kept by the parse stage for every page.
func Kinds(data []byte) string {
	keep := kindsBlocks.Get().(*[]Block)
	p := cutInto("", data, true, (*keep)[:0])
	b := make([]byte, len(p.Blocks))
	for i, x := range p.Blocks {
		b[i] = kindLetters[x.Kind]
	}
	clear(p.Blocks) // no strings of this page kept
	*keep = p.Blocks[:0]
	kindsBlocks.Put(keep)
	return string(b)
}

// kindsBlocks keeps Kinds's slices of blocks for the next page: parse
// calls it for every page, and growing the slice anew was most of what
// it allocated.
var kindsBlocks = sync.Pool{New: func() any { return new([]Block) }}

// AlignKinds is Align for two pages' Kinds: the number of pairs.
func AlignKinds(a, b string) int {
	prev, cur := make([]int, len(b)+1), make([]int, len(b)+1)
	for i := range len(a) {
		for j := range len(b) {
			if a[i] == b[j] {
				cur[j+1] = prev[j] + 1
			} else {
				cur[j+1] = max(cur[j], prev[j+1])
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// item reads a list item's line: its indent, marker ("-", "1."), the
// spaces after it, a task box ("[ ] ") and the rest; nil if it is none.
func item(line string) (parts [6]string, ok bool) {
	i := len(line) - len(strings.TrimLeft(line, " \t"))
	indent, rest := line[:i], line[i:]
	n := 0
	switch {
	case rest == "":
		return parts, false
	case rest[0] == '-' || rest[0] == '*' || rest[0] == '+':
		n = 1
	default:
		for n < len(rest) && n < 9 && rest[n] >= '0' && rest[n] <= '9' {
			n++
		}
		if n == 0 || n >= len(rest) || rest[n] != '.' && rest[n] != ')' {
			return parts, false
		}
		n++
	}
	marker, rest := rest[:n], rest[n:]
	sp := len(rest) - len(strings.TrimLeft(rest, " \t"))
	if sp == 0 {
		return parts, false
	}
	space, rest := rest[:sp], rest[sp:]
	task := ""
	if len(rest) >= 3 && rest[0] == '[' && rest[2] == ']' && strings.IndexByte(" xX", rest[1]) >= 0 {
		if t := len(rest[3:]) - len(strings.TrimLeft(rest[3:], " \t")); t > 0 {
			task, rest = rest[:3+t], rest[3+t:]
		}
	}
	return [6]string{line, indent, marker, space, task, rest}, true
}

// quote reads a quote's line: its marker with the spaces around it, and
// the rest; nil if it is none.
func quote(line string) (parts [3]string, ok bool) {
	i := len(line) - len(strings.TrimLeft(line, " \t"))
	if i >= len(line) || line[i] != '>' {
		return parts, false
	}
	i++
	if i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	return [3]string{line, line[:i], line[i:]}, true
}

// blankBytes reports whether a block's text holds nothing to translate:
// only white space, or only HTML tags (name drops such blocks).
func blankBytes(text []byte) bool {
	return len(bytes.TrimSpace(text)) == 0 || bytes.IndexByte(text, '<') >= 0 && onlyCodeRE.Match(text)
}

// spaces is blanks' source.
const spaces = "                                                                "

// blanks returns n spaces.
func blanks(n int) string {
	if n <= len(spaces) {
		return spaces[:n]
	}
	return strings.Repeat(" ", n)
}

// heading reads an ATX heading line as the regexp
// ^(#{1,6})\s+(.*?)\s*#*\s*$ does (its whole line, its hashes and its
// text; TestHeadingIsTheRegexp holds the two equal): one to six hashes
// starting the line, white space, and the text without the white space
// and closing hashes that end it. A regexp was most of Kinds's time.
func heading(line string) (m [3]string, ok bool) {
	n := 0
	for n < len(line) && line[n] == '#' {
		n++
	}
	if n == 0 || n > 6 || n == len(line) || !isSpace(line[n]) {
		return m, false
	}
	text := line[n:]
	for len(text) > 0 && isSpace(text[0]) {
		text = text[1:]
	}
	end := len(text)
	for end > 0 && isSpace(text[end-1]) {
		end--
	}
	for end > 0 && text[end-1] == '#' {
		end--
	}
	for end > 0 && isSpace(text[end-1]) {
		end--
	}
	return [3]string{line, line[:n], text[:end]}, true
}

// isSpace reports whether c is white space as \s is in a Go regexp.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}
