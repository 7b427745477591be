package markdown

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Knowledge checks: self-assessment questions written in Markdown.
//
// A question is a `:::` block (see [Containers]) opened by a line
// `::: quiz` (single choice) or `::: quiz multiple` (any number of right
// answers) and closed by a line `:::`. Inside, in this order:
//
//	::: quiz
//	What does NPS measure?               the question: any Markdown
//
//	- [ ] How often customers buy         the answers: one task list,
//	  > Not quite: that is frequency.     - [x] right, - [ ] wrong, each
//	- [x] How likely they recommend us    with optional feedback as a
//	  > Right.                            block quote under it
//
//	NPS asks one question: …             the explanation: what follows
//	:::
//
// Why a fence and not a bare task list: an ordinary task list (a to-do in
// a playbook) must stay a task list, so a question needs a marker of its
// own. A `:::` container (Pandoc's fenced div, also used by Docusaurus and
// VitePress) marks the whole question, including its explanation, and in a
// plain Markdown preview (GitHub, an editor) the inside still reads as what
// it is: a question, a task list with the right answers ticked, quoted
// feedback, then an explanation; only the two fence lines show as text.
// GitHub's `> [!NOTE]` alert syntax was not taken: rapport's callouts use
// it and a question is not a callout; a heading marker would put questions
// into the table of contents.
//
// The build checks each question and reports, with its line: no right
// answer, two right answers to a single-choice question, an empty question,
// no answers or only one, an answer without `[x]` or `[ ]`, an empty answer,
// feedback (a block quote) that is not under an answer, a second list of
// answers and a question inside a question ([Containers] reports fences
// never closed).
//
// The page shows each question as a numbered fieldset with an anchor
// (#q-1, #q-2…), radio buttons or checkboxes, and a <details> revealing the
// right answers and the explanation, readable without JavaScript; quiz.js
// adds checking, feedback, retry and the score.

// Node kinds of knowledge checks.
var (
	KindQuestion       = ast.NewNodeKind("Question")
	KindQuestionLegend = ast.NewNodeKind("QuestionLegend")
	KindQuestionPrompt = ast.NewNodeKind("QuestionPrompt")
	KindAnswers        = ast.NewNodeKind("Answers")
	KindAnswer         = ast.NewNodeKind("Answer")
	KindAnswerText     = ast.NewNodeKind("AnswerText")
	KindFeedback       = ast.NewNodeKind("Feedback")
	KindReveal         = ast.NewNodeKind("Reveal")
	KindQuizScore      = ast.NewNodeKind("QuizScore")
)

// Question is one knowledge-check question: a `::: quiz` container. After
// parsing its children are a QuestionLegend, an optional QuestionPrompt,
// Answers and a Reveal.
type Question struct {
	ast.BaseBlock
	Fence    // Offset: of the opening fence, in the source
	Multiple bool
	Number   int      // 1-based, per document
	ID       string   // the anchor: q-1, q-2…
	Right    []string // the right answers' text
	right    []string // the right answers as HTML: text and math
}

// Kind returns KindQuestion.
func (*Question) Kind() ast.NodeKind { return KindQuestion }

// Dump prints the node for debugging.
func (n *Question) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"ID": n.ID, "Multiple": strconv.FormatBool(n.Multiple)}, nil)
}

// Answer is one answer of a question; its children are an AnswerText and an
// optional Feedback.
type Answer struct {
	ast.BaseBlock
	Right  bool
	Number int // 1-based, per question
	q      *Question
}

// Kind returns KindAnswer.
func (*Answer) Kind() ast.NodeKind { return KindAnswer }

// Dump prints the node for debugging.
func (n *Answer) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Right": strconv.FormatBool(n.Right)}, nil)
}

// quizPart is a container node of a question whose meaning is its kind.
type quizPart struct {
	ast.BaseBlock
	kind ast.NodeKind
	q    *Question
	a    *Answer
}

func (n *quizPart) Kind() ast.NodeKind              { return n.kind }
func (n *quizPart) Dump(src []byte, level int)      { ast.DumpHelper(n, src, level, nil, nil) }
func newPart(k ast.NodeKind, q *Question) *quizPart { return &quizPart{kind: k, q: q} }

// QuizScore marks the end of a page with questions, where quiz.js shows
// the score; Total is the number of questions.
type QuizScore struct {
	ast.BaseBlock
	Total int
}

// Kind returns KindQuizScore.
func (*QuizScore) Kind() ast.NodeKind { return KindQuizScore }

// Dump prints the node for debugging.
func (n *QuizScore) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// QuestionShape is what the translation report compares between
// translations: a question's answers and right answers.
type QuestionShape struct {
	ID             string
	Offset         int
	Answers, Right int
}

// QuestionShapes returns the shape of every question of doc, in order.
func QuestionShapes(doc ast.Node) []QuestionShape {
	var out []QuestionShape
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		q, ok := n.(*Question)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		s := QuestionShape{ID: q.ID, Offset: q.Offset, Right: len(q.Right)}
		ast.Walk(q, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
			if _, ok := c.(*Answer); ok && entering {
				s.Answers++
			}
			return ast.WalkContinue, nil
		})
		out = append(out, s)
		return ast.WalkSkipChildren, nil
	})
	return out
}

// Quizzes is the extension: `::: quiz` containers become numbered
// questions, checked as they are parsed, rendered with the page language's
// labels.
type Quizzes struct {
	// Label returns the UI string with the given ID ("quiz.check").
	Label func(id string) string
}

// Extend registers the answer-marker paragraph transformer, the checking
// AST transformer and the renderer. The `::: quiz` blocks themselves are
// parsed by [Containers].
func (e Quizzes) Extend(m goldmark.Markdown) {
	label := e.Label
	if label == nil {
		label = func(id string) string { return id }
	}
	m.Parser().AddOptions(
		// After link reference definitions (100): "[x] answer" is not one.
		parser.WithParagraphTransformers(util.Prioritized(answerMarker{}, 200)),
		parser.WithASTTransformers(util.Prioritized(quizTransformer{}, 600)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(&quizRenderer{label: label}, 500)))
}

// openQuestion returns the question a line `::: quiz arg` opens.
func openQuestion(arg string) (fenced, string) {
	q := &Question{}
	switch arg {
	case "":
	case "multiple":
		q.Multiple = true
	default:
		return q, fmt.Sprintf("unknown question kind %q: write `::: quiz` (one right answer) or `::: quiz multiple`", arg)
	}
	return q, ""
}

// answerMarker takes "[x] " or "[ ] " off the first line of a list item
// directly in a question, before inline parsing, and records it on the
// item: the text of an answer is then only the answer, whether or not
// goldmark's task-list extension is also in use.
type answerMarker struct{}

// markAttr is the list item attribute answerMarker sets, a mark.
var markAttr = []byte("rapport-answer")

// mark is an answer's marker: right or not, and where the item's text
// started before the marker was taken off.
type mark struct {
	right  bool
	offset int
}

func (answerMarker) Transform(p *ast.Paragraph, reader text.Reader, pc parser.Context) {
	li, ok := p.Parent().(*ast.ListItem)
	if !ok || li.FirstChild() != p || li.Parent() == nil || p.Lines().Len() == 0 {
		return
	}
	if _, ok := li.Parent().Parent().(*Question); !ok {
		return
	}
	seg := p.Lines().At(0)
	v := seg.Value(reader.Source())
	if len(v) < 3 || v[0] != '[' || v[2] != ']' || (len(v) > 3 && v[3] != ' ' && v[3] != '\t' && v[3] != '\n') {
		return
	}
	switch v[1] {
	case 'x', 'X', ' ':
		li.SetAttribute(markAttr, mark{right: v[1] != ' ', offset: seg.Start})
	default:
		return
	}
	start := seg.Start + 3
	for start < seg.Stop && (v[start-seg.Start] == ' ' || v[start-seg.Start] == '\t') {
		start++
	}
	switch lines := p.Lines(); {
	case !util.IsBlank(v[start-seg.Start:]):
		lines.Set(0, seg.WithStart(start))
	case lines.Len() > 1: // the answer starts on the next line
		lines.SetSliced(1, lines.Len())
	default: // no text: checkAnswers reports an empty answer
		lines.Clear()
	}
}

func answerMark(li ast.Node) (mark, bool) {
	v, ok := li.Attribute(markAttr)
	if !ok {
		return mark{}, false
	}
	m, ok := v.(mark)
	return m, ok
}

// quizTransformer checks every question and gives it its final shape.
type quizTransformer struct{}

func (quizTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	var qs []*Question
	walkBlocks(doc, func(n ast.Node) {
		if q, ok := n.(*Question); ok {
			qs = append(qs, q)
		}
	})
	src := reader.Source()
	for i, q := range qs {
		q.Number = i + 1
		q.ID = string(pc.IDs().Generate([]byte("q "+strconv.Itoa(q.Number)), KindQuestion))
		if inQuestion(q.Parent()) {
			Report(pc, q.Offset, "a question cannot be inside another question: close the first with `:::`")
		}
		checkQuestion(q, src, pc)
	}
	if len(qs) > 0 {
		doc.AppendChild(doc, &QuizScore{Total: len(qs)})
	}
}

func inQuestion(n ast.Node) bool {
	for ; n != nil; n = n.Parent() {
		if _, ok := n.(*Question); ok {
			return true
		}
	}
	return false
}

// checkQuestion reports what is wrong with q and rebuilds its children as
// legend, prompt, answers and reveal.
func checkQuestion(q *Question, src []byte, pc parser.Context) {
	var prompt, explain []ast.Node
	var list *ast.List
	for c := q.FirstChild(); c != nil; c = c.NextSibling() {
		l, isList := c.(*ast.List)
		switch {
		case isBlockquote(c):
			Report(pc, quoteMarker(src, offsetOf(c, q.Offset)), "feedback belongs to no answer: indent the `>` line under an answer (`- [ ] …`)")
		case isList && list == nil && hasMarks(l):
			list = l
		case isList && hasMarks(l):
			Report(pc, offsetOf(c, q.Offset), "a question has one list of answers: start the next question with `::: quiz`")
		case list == nil:
			prompt = append(prompt, c)
		default:
			explain = append(explain, c)
		}
	}
	if len(prompt) == 0 || blank(prompt, src) {
		Report(pc, q.Offset, "empty question: write the question between `::: quiz` and its answers")
	}
	var answers []*Answer
	if list == nil {
		Report(pc, q.Offset, "question has no answers: list them as `- [x] right` and `- [ ] wrong`")
	} else {
		answers = checkAnswers(q, list, src, pc)
	}
	rebuild(q, prompt, answers, explain)
}

// quoteMarker returns the offset of the first `>` on the line of off, a
// block quote's text, or off: an error about the quote points at its
// marker, not at its text after "> ".
func quoteMarker(src []byte, off int) int {
	start := bytes.LastIndexByte(src[:off], '\n') + 1
	if i := bytes.IndexByte(src[start:off], '>'); i >= 0 {
		return start + i
	}
	return off
}

func isBlockquote(n ast.Node) bool { _, ok := n.(*ast.Blockquote); return ok }

func hasMarks(l *ast.List) bool {
	for li := l.FirstChild(); li != nil; li = li.NextSibling() {
		if _, ok := answerMark(li); ok {
			return true
		}
	}
	return false
}

// blank reports whether nodes hold no text at all.
func blank(nodes []ast.Node, src []byte) bool {
	for _, n := range nodes {
		for i := 0; i < n.Lines().Len(); i++ {
			seg := n.Lines().At(i)
			if len(bytes.TrimSpace(seg.Value(src))) > 0 {
				return false
			}
		}
		if n.Lines().Len() == 0 && n.HasChildren() {
			return false
		}
	}
	return true
}

// checkAnswers turns the items of list into Answers, reporting items
// without a mark, empty answers, stray blocks and wrong right-answer counts.
func checkAnswers(q *Question, list *ast.List, src []byte, pc parser.Context) []*Answer {
	var answers []*Answer
	listOff := offsetOf(list, q.Offset)
	for li := list.FirstChild(); li != nil; li = li.NextSibling() {
		m, ok := answerMark(li)
		if !ok {
			Report(pc, offsetOf(li, q.Offset), "answer needs `[x]` (right) or `[ ]` (wrong) after the `-`")
			continue
		}
		off := m.offset
		if li == list.FirstChild() {
			listOff = off
		}
		a := &Answer{Right: m.right, Number: len(answers) + 1, q: q}
		text := newPart(KindAnswerText, q)
		text.a = a
		a.AppendChild(a, text)
		var fb *quizPart
		if li.FirstChild() == nil { // goldmark drops a paragraph left with no lines
			Report(pc, off, "empty answer: write the answer after `[x]` or `[ ]`")
		}
		for c := li.FirstChild(); c != nil; {
			next := c.NextSibling()
			switch {
			case c == li.FirstChild():
				if blank([]ast.Node{c}, src) {
					Report(pc, off, "empty answer: write the answer after `[x]` or `[ ]`")
				}
				moveChildren(text, c)
			case isBlockquote(c):
				if fb == nil {
					fb = newPart(KindFeedback, q)
					fb.a = a
					a.AppendChild(a, fb)
				}
				moveChildren(fb, c)
			default:
				Report(pc, offsetOf(c, off), "an answer is one paragraph: put its feedback in a `>` block quote under it")
			}
			c = next
		}
		if a.Right {
			q.Right = append(q.Right, PlainText(text, src))
			q.right = append(q.right, answerHTML(text, src))
		}
		answers = append(answers, a)
	}
	complete := len(answers) == list.ChildCount() // else already reported
	switch right := len(q.Right); {
	case complete && len(answers) < 2:
		Report(pc, listOff, "a question needs at least two answers")
	case complete && right == 0:
		Report(pc, listOff, "question has no right answer: mark it with `- [x]`")
	case right > 1 && !q.Multiple:
		Report(pc, q.Offset, fmt.Sprintf("single-choice question has %d right answers: keep one `[x]`, or open it with `::: quiz multiple`", right))
	}
	return answers
}

// answerHTML returns an answer's text as HTML for the list of right
// answers: its text escaped, its math as math, other markup left out.
func answerHTML(n ast.Node, src []byte) string {
	var b bytes.Buffer
	ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *Math:
			b.WriteString(MathML(c.TeX))
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			b.Write(util.EscapeHTML(c.Segment.Value(src)))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(util.EscapeHTML(c.Value))
		}
		return ast.WalkContinue, nil
	})
	return string(bytes.TrimSpace(b.Bytes()))
}

// moveChildren moves the children of from to the end of to.
func moveChildren(to, from ast.Node) {
	for c := from.FirstChild(); c != nil; {
		next := c.NextSibling()
		to.AppendChild(to, c)
		c = next
	}
}

// rebuild replaces q's children with its legend, prompt, answers and
// reveal (right answers and explanation).
func rebuild(q *Question, prompt []ast.Node, answers []*Answer, explain []ast.Node) {
	q.RemoveChildren(q)
	legend := newPart(KindQuestionLegend, q)
	q.AppendChild(q, legend)
	if len(prompt) > 0 {
		if p, ok := prompt[0].(*ast.Paragraph); ok {
			moveChildren(legend, p)
			prompt = prompt[1:]
		}
	}
	if len(prompt) > 0 {
		more := newPart(KindQuestionPrompt, q)
		for _, n := range prompt {
			more.AppendChild(more, n)
		}
		q.AppendChild(q, more)
	}
	list := newPart(KindAnswers, q)
	for _, a := range answers {
		list.AppendChild(list, a)
	}
	q.AppendChild(q, list)
	reveal := newPart(KindReveal, q)
	for _, n := range explain {
		reveal.AppendChild(reveal, n)
	}
	q.AppendChild(q, reveal)
}

// offsetOf returns the source offset of n's first line, or def.
func offsetOf(n ast.Node, def int) int {
	for ; n != nil; n = n.FirstChild() {
		if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
			return n.Lines().At(0).Start
		}
	}
	return def
}

// quizRenderer writes questions as accessible HTML: a fieldset whose
// legend is the numbered question, radio buttons (single choice) or
// checkboxes (multiple) with labels, hidden feedback for quiz.js to show,
// and a <details> with the right answers and the explanation.
type quizRenderer struct{ label func(string) string }

func (r *quizRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindQuestion, r.question)
	reg.Register(KindQuestionLegend, r.legend)
	reg.Register(KindQuestionPrompt, r.wrap(`<div class="quiz-prompt">`+"\n", "</div>\n"))
	reg.Register(KindAnswers, r.answers)
	reg.Register(KindAnswer, r.answer)
	reg.Register(KindAnswerText, r.answerText)
	reg.Register(KindFeedback, r.feedback)
	reg.Register(KindReveal, r.reveal)
	reg.Register(KindQuizScore, r.score)
}

// text writes the UI string id, escaped.
func (r *quizRenderer) text(w util.BufWriter, id string) {
	w.Write(util.EscapeHTML([]byte(r.label(id))))
}

func (r *quizRenderer) wrap(open, close string) renderer.NodeRendererFunc {
	return func(w util.BufWriter, _ []byte, _ ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			w.WriteString(open)
		} else {
			w.WriteString(close)
		}
		return ast.WalkContinue, nil
	}
}

func (r *quizRenderer) question(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	q := node.(*Question)
	if !entering {
		w.WriteString("</section>\n")
		return ast.WalkContinue, nil
	}
	kind := "single"
	if q.Multiple {
		kind = "multiple"
	}
	fmt.Fprintf(w, `<section class="quiz" id="%s" data-quiz="%s">`+"\n<fieldset>\n", util.EscapeHTML([]byte(q.ID)), kind)
	return ast.WalkContinue, nil
}

func (r *quizRenderer) legend(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	q := node.(*quizPart).q
	if !entering {
		w.WriteString("</span></legend>\n")
		return ast.WalkContinue, nil
	}
	fmt.Fprintf(w, `<legend><a class="quiz-num" href="#%s"><span class="visually-hidden">`, util.EscapeHTML([]byte(q.ID)))
	r.text(w, "quiz.question")
	fmt.Fprintf(w, ` </span>%d</a> <span class="quiz-text">`, q.Number)
	return ast.WalkContinue, nil
}

func (r *quizRenderer) answers(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	q := node.(*quizPart).q
	if entering {
		w.WriteString(`<p class="quiz-hint">`)
		r.text(w, map[bool]string{false: "quiz.choose_one", true: "quiz.choose_many"}[q.Multiple])
		w.WriteString("</p>\n<ul class=\"quiz-answers\">\n")
		return ast.WalkContinue, nil
	}
	// The verdict comes right after the answers it judges, before the
	// buttons: read (and seen) before "Try again".
	w.WriteString("</ul>\n</fieldset>\n")
	w.WriteString(`<p class="quiz-result" role="status"></p>` + "\n")
	w.WriteString(`<div class="quiz-actions" hidden><button type="button" class="quiz-check">`)
	r.text(w, "quiz.check")
	w.WriteString(`</button> <button type="button" class="quiz-retry" hidden>`)
	r.text(w, "quiz.retry")
	w.WriteString("</button></div>\n")
	return ast.WalkContinue, nil
}

func (r *quizRenderer) answer(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	a := node.(*Answer)
	if !entering {
		w.WriteString("</li>\n")
		return ast.WalkContinue, nil
	}
	typ := "radio"
	if a.q.Multiple {
		typ = "checkbox"
	}
	id := util.EscapeHTML([]byte(a.q.ID))
	fmt.Fprintf(w, `<li><input type="%s" name="%s" id="%s-%d" value="%d"`, typ, id, id, a.Number, a.Number)
	if a.Right {
		w.WriteString(" data-right")
	}
	w.WriteString("> ")
	return ast.WalkContinue, nil
}

func (r *quizRenderer) answerText(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	a := node.(*quizPart).a
	if entering {
		fmt.Fprintf(w, `<label for="%s-%d">`, util.EscapeHTML([]byte(a.q.ID)), a.Number)
	} else {
		w.WriteString("</label>")
	}
	return ast.WalkContinue, nil
}

func (r *quizRenderer) feedback(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		w.WriteString("\n" + `<div class="quiz-feedback" hidden>` + "\n")
	} else {
		w.WriteString("</div>\n")
	}
	return ast.WalkContinue, nil
}

func (r *quizRenderer) reveal(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	q := node.(*quizPart).q
	if !entering {
		w.WriteString("</details>\n")
		return ast.WalkContinue, nil
	}
	w.WriteString(`<details class="quiz-reveal"><summary>`)
	r.text(w, "quiz.show_answer")
	w.WriteString("</summary>\n")
	if len(q.Right) == 1 {
		w.WriteString(`<p class="quiz-right"><strong>`)
		r.text(w, "quiz.right_one")
		w.WriteString("</strong> ")
		w.WriteString(q.right[0])
		w.WriteString("</p>\n")
		return ast.WalkContinue, nil
	}
	w.WriteString(`<p class="quiz-right"><strong>`)
	r.text(w, "quiz.right_many")
	w.WriteString("</strong></p>\n<ul class=\"quiz-right\">\n")
	for _, s := range q.right {
		w.WriteString("<li>")
		w.WriteString(s)
		w.WriteString("</li>\n")
	}
	w.WriteString("</ul>\n")
	return ast.WalkContinue, nil
}

func (r *quizRenderer) score(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		fmt.Fprintf(w, `<p class="quiz-score" data-total="%d" hidden></p>`+"\n", node.(*QuizScore).Total)
	}
	return ast.WalkSkipChildren, nil
}
