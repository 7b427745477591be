package markdown

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Containers: the one parser of every `:::` block (knowledge checks, tab
// groups and their tabs), the fenced divs of Pandoc and the container
// directives of Docusaurus and VitePress.
//
// # Syntax
//
// A block opens with a line of three or more colons and a name, and any
// words the name takes (`::: quiz multiple`, `::: tab Salesforce`); it
// closes with a line of colons alone. The name may follow the colons
// without a space (`:::tabs`), and the fence lines may be indented up to
// three spaces, like every fence in CommonMark. Inside, anything is
// Markdown, other `:::` blocks included.
//
// # Nesting
//
// A closing fence closes the innermost open block opened with as many
// colons, and everything still open inside it. So a block nests in another
// by a longer fence, as in Docusaurus:
//
//	:::: tabs
//	::: tab Salesforce
//	::: quiz
//	…
//	:::            closes the quiz
//	::::           closes the group and its last tab
//
// and where blocks share a fence length, the innermost one closes first,
// as in Pandoc: a quiz in a tab of a `::: tabs` group closes with `:::`
// and the group with the next `:::`. Between blocks opened with as many
// colons, indentation decides: a closing fence closes the one whose
// opening fence stands at its column, so an indented quiz under a tab is
// closed by its indented `:::`. A fence inside a list item or a block quote
// belongs to that item or quote, as every block does.
//
// A tab is a part of its group: it ends where the next `::: tab` of the
// group begins, or where the group ends. When the group's fence is longer
// than the tab's (`:::: tabs`, `::: tab`), a tab may also be closed on its
// own with `:::`.
//
// # Problems
//
// Each is reported once, at the line that opens the block concerned: a
// block never closed (or closed by an outer block's fence before its own),
// a block closed with a fence of another length, an unknown name, words a
// block does not take, a tab outside a tab group. A closing fence that
// closes nothing is reported at its own line, unless it is the misplaced
// fence of a block just reported as not closed (outside the list item or
// quote that block is in): then that block's message says so. No fence
// line is ever shown as text on the page.
//
// # Limits
//
// Blocks nest at most [MaxContainerDepth] deep and a tab group has at most
// [MaxTabs] tabs: goldmark keeps, for every line, a record for each block
// open around it, so unbounded nesting would take memory growing with the
// square of the page's size. Past either limit the page fails with one
// error at the first line over it; the blocks over the depth are not
// opened, and their fences are dropped, so the work stays linear.
//
// # Adding a construct
//
// One entry in [containerKinds]: its name, the node its opening line
// becomes, and where it may stand; its node embeds [Fence]. Its checks and
// its renderer live in its own file, as an extension listed in
// extensions.go.

// MaxContainerDepth is how deep `:::` blocks may nest in one another.
const MaxContainerDepth = 8

// MaxTabs is the most tabs a tab group may have.
const MaxTabs = 20

// containerKind is one `:::` construct.
type containerKind struct {
	name string
	// open returns the block for an opening line whose words after the
	// name are arg, and what is wrong with arg ("" when nothing is).
	open func(arg string) (fenced, string)
	// in is the name of the block it must stand directly in ("" for
	// anywhere).
	in string
	// parts: a block of this kind is a part of its parent, ending at the
	// next of its kind there or with the parent (a tab of its group).
	parts bool
	// max is how many may stand in one parent (0: any number).
	max int
}

// containerKinds is every `:::` construct rapport knows, by name. A new
// one is an entry here.
var containerKinds = [...]containerKind{
	{name: "quiz", open: openQuestion},
	{name: "tabs", open: openTabs},
	{name: "tab", open: openTab, in: "tabs", parts: true, max: MaxTabs},
}

func kindNamed(name string) (containerKind, bool) {
	for _, k := range containerKinds {
		if k.name == name {
			return k, true
		}
	}
	return containerKind{}, false
}

// Fence is what a `:::` block knows of its fences. Every block the
// container parser opens embeds it.
type Fence struct {
	// Offset is where the opening fence's first colon is in the source.
	Offset int
	name   string
	colons int // in the opening fence
	col    int // the column of the opening fence's first colon
	// part: a tab opened with its group's fence, which no fence of its
	// own closes (see containerKind.parts).
	part bool
	// closed: ended by its own closing fence or, a part, by the next one.
	closed bool
	done   bool // closed, in any way
	// members counts the children limited by their kind's max; full
	// tells that the limit was reported.
	members int
	full    bool
	// misplaced is the offset of a closing fence meant for this block
	// that stood outside the list item or quote the block is in, plus 1.
	misplaced int
}

func (f *Fence) fence() *Fence { return f }

// fenced is a block opened by a `:::` line.
type fenced interface {
	ast.Node
	fence() *Fence
}

// Node kinds the container parser uses while parsing; the transformer
// takes them out of the tree.
var (
	kindFenceLine    = ast.NewNodeKind("FenceLine")
	kindUnknownBlock = ast.NewNodeKind("UnknownBlock")
)

// fenceLine is a fence line that opens or closes no block: it is dropped.
type fenceLine struct{ ast.BaseBlock }

func (*fenceLine) Kind() ast.NodeKind           { return kindFenceLine }
func (n *fenceLine) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// unknownBlock is a block with a name no kind has: reported, and replaced
// by its children.
type unknownBlock struct {
	ast.BaseBlock
	Fence
}

func (*unknownBlock) Kind() ast.NodeKind           { return kindUnknownBlock }
func (n *unknownBlock) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// Containers is the extension: the block parser of every `:::` block and
// the transformer that drops fence lines which opened or closed nothing.
// The constructs' checks and renderers are extensions of their own
// (Quizzes, TabGroups).
type Containers struct{}

// Extend registers the parser and the transformer.
func (Containers) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		// Before goldmark's own parsers (100+): ':' starts nothing else.
		parser.WithBlockParsers(util.Prioritized(containerParser{}, 50)),
		// Before the constructs' own transformers (150+).
		parser.WithASTTransformers(util.Prioritized(containerTransformer{}, 100)),
	)
}

// fenceState is the container parser's state for one parse.
type fenceState struct {
	src []byte
	// deep tells that a block over MaxContainerDepth was reported;
	// skipped counts such blocks whose closing fence is still to come.
	deep    bool
	skipped int
	// closer is the block the last closing fence closed; just tells
	// that no fence line came since.
	closer *Fence
	just   bool
	// unclosed is the block just reported as not closed, whose message
	// the next fence line, if it closes nothing, completes; problem is
	// its index, late tells that an outer block's fence closed it.
	unclosed *Fence
	problem  int
	late     bool
	// target caches, for the fence line starting at line-1, the block it
	// closes and whether the colons match.
	line   int
	target *Fence
	exact  bool
	// drop are the nodes the transformer takes out.
	drop []ast.Node
}

var fenceKey = parser.NewContextKey()

func fenceStateOf(pc parser.Context, src []byte) *fenceState {
	st, _ := pc.Get(fenceKey).(*fenceState)
	if st == nil {
		st = &fenceState{src: src}
		pc.Set(fenceKey, st)
	}
	return st
}

// fenceLen returns the number of ':' that line starts with.
func fenceLen(line []byte) int {
	n := 0
	for n < len(line) && line[n] == ':' {
		n++
	}
	return n
}

// fenceRest returns what follows the colons of a fence line, without
// surrounding space and without closing colons after a space (Pandoc's
// `::: Warning :::`).
func fenceRest(rest []byte) []byte {
	rest = bytes.TrimSpace(rest)
	if i := bytes.LastIndexAny(rest, " \t"); i >= 0 && fenceLen(rest[i+1:]) == len(rest)-i-1 && len(rest)-i-1 >= 3 {
		rest = bytes.TrimSpace(rest[:i])
	}
	return rest
}

// splitName splits an opening fence's text into the name and its words.
func splitName(rest []byte) (string, string) {
	name, arg, _ := strings.Cut(string(rest), " ")
	if i := strings.IndexByte(name, '\t'); i >= 0 {
		name, arg = name[:i], name[i+1:]+" "+arg
	}
	return name, strings.TrimSpace(arg)
}

// fenceName is how a message shows a block's opening fence.
func fenceName(f *Fence) string { return strings.Repeat(":", f.colons) + " " + f.name }

type containerParser struct{}

func (containerParser) Trigger() []byte             { return []byte{':'} }
func (containerParser) CanInterruptParagraph() bool { return true }
func (containerParser) CanAcceptIndentedLine() bool { return false }

func (containerParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 {
		return nil, parser.NoChildren
	}
	n := fenceLen(line[pos:])
	if n < 3 {
		return nil, parser.NoChildren
	}
	col := reader.LineOffset() + pc.BlockIndent()
	off := seg.Start + pos
	rest := fenceRest(line[pos+n:])
	reader.AdvanceToEOL()
	st := fenceStateOf(pc, reader.Source())
	if len(rest) == 0 {
		st.stray(pc, parent, off, n)
		return st.inert(), parser.NoChildren
	}
	st.unclosed, st.just = nil, false
	name, arg := splitName(rest)
	b := st.open(pc, parent, name, arg, off)
	if b == nil {
		return st.inert(), parser.NoChildren
	}
	f := b.fence()
	f.Offset, f.name, f.colons, f.col = off, name, n, col
	if k, _ := kindNamed(name); k.parts {
		if pf, ok := parent.(fenced); ok && pf.fence().name == k.in && pf.fence().colons == n {
			f.part = true
		}
	}
	return b, parser.HasChildren
}

// inert returns a node for a fence line that opens or closes nothing.
func (st *fenceState) inert() ast.Node {
	n := &fenceLine{}
	st.drop = append(st.drop, n)
	return n
}

// open returns the block a line `::: name arg` opens in parent, reporting
// what is wrong with it, or nil when it opens none (over the depth limit).
func (st *fenceState) open(pc parser.Context, parent ast.Node, name, arg string, off int) fenced {
	k, known := kindNamed(name)
	if depth := containerDepth(parent); depth >= MaxContainerDepth {
		if !st.deep {
			Report(pc, off, fmt.Sprintf("`::: %s` is nested %d blocks deep: `:::` blocks nest at most %d deep", name, depth+1, MaxContainerDepth))
			st.deep = true
		}
		if !k.parts {
			st.skipped++
		}
		return nil
	}
	if !known {
		Report(pc, off, unknownMessage(name))
		b := &unknownBlock{}
		st.drop = append(st.drop, b)
		return b
	}
	b, problem := k.open(arg)
	if problem != "" {
		Report(pc, off, problem)
	}
	pf, inOwn := parent.(fenced)
	inOwn = inOwn && pf.fence().name == k.in
	switch {
	case k.in != "" && !inOwn:
		Report(pc, off, fmt.Sprintf("`::: %s` outside a `::: %s` block: %s", name, k.in, placeHint(k)))
	case k.max > 0 && inOwn:
		f := pf.fence()
		if f.members++; f.members > k.max && !f.full {
			f.full = true
			Report(pc, off, fmt.Sprintf("a `::: %s` block has more than %d `::: %s` blocks: split it in two", k.in, k.max, name))
		}
	}
	return b
}

// containerDepth returns how many `:::` blocks n is in, n included.
func containerDepth(n ast.Node) int {
	d := 0
	for ; n != nil; n = n.Parent() {
		if _, ok := n.(fenced); ok {
			d++
		}
	}
	return d
}

func unknownMessage(name string) string {
	known := make([]string, len(containerKinds))
	for i, k := range containerKinds {
		known[i] = "`::: " + k.name + "`"
	}
	msg := fmt.Sprintf("unknown block `::: %s`: rapport knows %s", name, strings.Join(known, ", "))
	switch strings.ToLower(name) {
	case "note", "tip", "info", "important", "warning", "caution", "danger":
		msg += fmt.Sprintf("; for a callout write `> [!%s]` and quote its text", strings.ToUpper(name))
	}
	return msg
}

func placeHint(k containerKind) string {
	if k.name == "tab" {
		return "a group's tabs end at the next `::: tab` line and the group at its closing `:::`; to close each tab with its own `:::`, open the group with a longer fence (`:::: tabs` … `::::`)"
	}
	return fmt.Sprintf("put it inside a `::: %s` block", k.in)
}

func (containerParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	b, ok := node.(fenced)
	if !ok {
		return parser.Close // a fence line: one line long
	}
	line, seg := reader.PeekLine()
	w, pos := util.IndentWidth(line, reader.LineOffset())
	if w > 3 || fenceLen(line[pos:]) < 3 || inRaw(pc) {
		return parser.Continue | parser.HasChildren
	}
	f := b.fence()
	n := fenceLen(line[pos:])
	rest := fenceRest(line[pos+n:])
	st := fenceStateOf(pc, reader.Source())
	if len(rest) == 0 {
		t, exact := st.closes(pc, seg.Start, n, reader.LineOffset()+w)
		if t != f {
			return parser.Continue | parser.HasChildren
		}
		f.closed = true
		st.closer, st.unclosed, st.just = f, nil, true
		if !exact {
			Report(pc, f.Offset, fmt.Sprintf("`%s` is closed with `%s`: close it with `%s`, as many colons as it opens with", fenceName(f), strings.Repeat(":", n), strings.Repeat(":", f.colons)))
		}
		reader.AdvanceToEOL()
		return parser.Close
	}
	if k, _ := kindNamed(f.name); k.parts {
		if name, _ := splitName(rest); name == f.name && innermost(pc, k.in) == node.Parent() {
			f.closed = true // the next part begins: the line opens it
			return parser.Close
		}
	}
	return parser.Continue | parser.HasChildren
}

// inRaw tells whether the innermost open block is a fenced code block,
// whose lines are its text until its own fence. An HTML block is not: it
// ends at a blank line in CommonMark, which trainers do not see, so a
// `:::` right after `</details>` still closes its block.
func inRaw(pc parser.Context) bool {
	blocks := pc.OpenedBlocks()
	return len(blocks) > 0 && blocks[len(blocks)-1].Node.Kind() == ast.KindFencedCodeBlock
}

// closes returns the block a closing fence of n colons at column col
// closes, starting at offset line: the innermost open block opened with n
// colons at that column, else the innermost opened with n colons, else
// (a mismatch, exact false) the innermost open block.
func (st *fenceState) closes(pc parser.Context, line, n, col int) (t *Fence, exact bool) {
	if st.line == line+1 {
		return st.target, st.exact
	}
	var sameN, any *Fence
	blocks := pc.OpenedBlocks()
	for i := len(blocks) - 1; i >= 0 && t == nil; i-- {
		b, ok := blocks[i].Node.(fenced)
		if !ok || b.fence().part || b.fence().done {
			continue
		}
		f := b.fence()
		switch {
		case f.colons == n && f.col == col:
			t = f
		case f.colons == n && sameN == nil:
			sameN = f
		case any == nil:
			any = f
		}
	}
	exact = true
	switch {
	case t != nil:
	case sameN != nil:
		t = sameN
	default:
		t, exact = any, false
	}
	st.line, st.target, st.exact = line+1, t, exact
	return t, exact
}

// innermost returns the innermost open block named name, or nil.
func innermost(pc parser.Context, name string) ast.Node {
	blocks := pc.OpenedBlocks()
	for i := len(blocks) - 1; i >= 0; i-- {
		if b, ok := blocks[i].Node.(fenced); ok && b.fence().name == name && !b.fence().done {
			return b
		}
	}
	return nil
}

// stray handles a closing fence of n colons at off that no open block
// took, in parent.
func (st *fenceState) stray(pc parser.Context, parent ast.Node, off, n int) {
	if st.skipped > 0 || st.deep {
		st.skipped = max(st.skipped-1, 0)
		return
	}
	// A block still open but not around parent is being closed by this
	// line: the fence meant for it stands outside its list item or quote.
	blocks := pc.OpenedBlocks()
	for i := len(blocks) - 1; i >= 0; i-- {
		b, ok := blocks[i].Node.(fenced)
		if ok && !b.fence().part && !b.fence().done && b.fence().colons == n && !isWithin(parent, b) {
			b.fence().misplaced = off + 1
			return
		}
	}
	if u := st.unclosed; u != nil && u.colons == n {
		ps := Problems(pc)
		if st.late {
			ps[st.problem].Msg += fmt.Sprintf(" (the `%s` %s comes after that)", strings.Repeat(":", n), linesBelow(st.src, u.Offset, off))
		} else {
			ps[st.problem].Msg += fmt.Sprintf("; the `%s` %s closes nothing where it stands: %s", strings.Repeat(":", n), linesBelow(st.src, u.Offset, off), outsideHint)
		}
		st.unclosed = nil
		return
	}
	msg := fmt.Sprintf("`%s` closes nothing: remove it, or open a block above it (`::: quiz`, `::: tabs`)", strings.Repeat(":", n))
	if c := st.closer; st.just && c.colons == n && c.name == "tabs" {
		longer := strings.Repeat(":", n+1)
		msg = fmt.Sprintf("`%s` closes nothing: the one before it closed the whole `%s` group, as a tab ends at the next `::: tab` line; remove this line, or open the group with a longer fence (`%s tabs` … `%s`) to close each tab with `%s`", strings.Repeat(":", n), fenceName(c), longer, longer, strings.Repeat(":", n))
	}
	st.just = false
	Report(pc, off, msg)
}

const outsideHint = "it is outside the list item or quote the block is in; indent (or quote) it like the opening line"

// isWithin tells whether n is b or inside it.
func isWithin(n, b ast.Node) bool {
	for ; n != nil; n = n.Parent() {
		if n == b {
			return true
		}
	}
	return false
}

// linesBelow says how far below offset from the line at offset to is.
func linesBelow(src []byte, from, to int) string {
	n := bytes.Count(src[from:to], []byte("\n"))
	if n == 1 {
		return "on the next line"
	}
	return fmt.Sprintf("%d lines below", n)
}

func (containerParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	b, ok := node.(fenced)
	if !ok {
		return
	}
	f := b.fence()
	f.done = true
	if f.closed {
		return
	}
	if k, known := kindNamed(f.name); !known || k.parts {
		return // unknown: reported; a part ends with its block, reported if not closed
	}
	st := fenceStateOf(pc, reader.Source())
	closeWith := strings.Repeat(":", f.colons)
	msg := fmt.Sprintf("`%s` is not closed: end it with a line `%s`", fenceName(f), closeWith)
	st.late = false
	switch {
	case f.misplaced > 0:
		msg += fmt.Sprintf("; the `%s` %s does not close it: %s", closeWith, linesBelow(st.src, f.Offset, f.misplaced-1), outsideHint)
	case st.closer != nil && st.closer.node(node.Parent()) != nil:
		msg += fmt.Sprintf(" before the `%s` that closes the `%s` around it", strings.Repeat(":", st.closer.colons), fenceName(st.closer))
		st.late = true
	}
	Report(pc, f.Offset, msg)
	st.unclosed, st.problem = f, len(Problems(pc))-1
	if f.misplaced > 0 {
		st.unclosed = nil
	}
}

// node returns the block among n and its ancestors whose fence f is, or
// nil.
func (f *Fence) node(n ast.Node) ast.Node {
	for ; n != nil; n = n.Parent() {
		if b, ok := n.(fenced); ok && b.fence() == f {
			return n
		}
	}
	return nil
}

// containerTransformer takes fence lines that opened or closed nothing
// out of the tree, and puts the children of unknown blocks in their place.
type containerTransformer struct{}

func (containerTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st, _ := pc.Get(fenceKey).(*fenceState)
	if st == nil {
		return
	}
	for _, n := range st.drop {
		p := n.Parent()
		if p == nil {
			continue
		}
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			p.InsertBefore(p, n, c)
			c = next
		}
		p.RemoveChild(p, n)
	}
	st.drop = nil
}
