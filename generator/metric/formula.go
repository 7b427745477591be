package metric

import (
	"fmt"
	"math"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// Node is a formula's syntax tree. Op is one of: num, var, neg, + - * /,
// < <= > >= (only in checks), or call (Name is min, max or round).
type Node struct {
	Op    string
	Value float64
	Name  string
	Args  []*Node
	Pos   int // byte offset of the node's first token in the formula
	depth int // levels of operations from here down, for MaxDepth
}

// MaxDepth is how deeply a formula's operations may nest: a + b + c nests
// two deep, ((a)) none. A calculator evaluates the formula in the reader's
// browser by recursion, so an unbounded tree could exhaust its stack; no
// real metric comes near the limit. Parsing stops at the first operation
// past it, which also keeps hostile formulas linear to reject.
const MaxDepth = 200

// tooDeep is the error for a formula past MaxDepth, at offset pos.
func tooDeep(pos int) error {
	return &SyntaxError{pos, fmt.Sprintf("formula too long or nested too deeply: at most %d operations may nest", MaxDepth)}
}

// node returns an operation node over args, one level above the deepest.
func node(op string, pos int, args ...*Node) *Node {
	d := 0
	for _, a := range args {
		d = max(d, a.depth)
	}
	return &Node{Op: op, Args: args, Pos: pos, depth: d + 1}
}

// token is a lexeme of the formula language.
type token struct {
	kind string // num, ident, op, (, ), ",", eof, or bad (text: why)
	text string
	pos  int
}

// SyntaxError is a formula error at a byte offset of the formula text.
type SyntaxError struct {
	Pos int
	Msg string
}

func (e *SyntaxError) Error() string { return e.Msg }

// scan returns the token at byte offset i of src, after any spaces, and
// the offset after it. A character the language does not have is a "bad"
// token whose text is the message. Tokens are scanned as the parser asks
// for them: a formula rejected early costs no more than its start.
func scan(src string, i int) (token, int) {
	for i < len(src) {
		r, size := utf8.DecodeRuneInString(src[i:])
		if !unicode.IsSpace(r) {
			break
		}
		i += size
	}
	if i == len(src) {
		return token{"eof", "", i}, i
	}
	r, size := utf8.DecodeRuneInString(src[i:])
	switch {
	case isDigit(r) || r == '.':
		j := number(src, i)
		return token{"num", src[i:j], i}, j
	case unicode.IsLetter(r) || r == '_':
		j := i + size
		for j < len(src) {
			r, n := utf8.DecodeRuneInString(src[j:])
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' {
				break
			}
			j += n
		}
		return token{"ident", src[i:j], i}, j
	case r == '<' || r == '>':
		n := 1
		if i+1 < len(src) && src[i+1] == '=' {
			n = 2
		}
		return token{"op", src[i : i+n], i}, i + n
	case r == '+' || r == '-' || r == '*' || r == '/':
		return token{"op", src[i : i+1], i}, i + 1
	case r == '(' || r == ')' || r == ',':
		return token{src[i : i+1], src[i : i+1], i}, i + 1
	}
	return token{"bad", fmt.Sprintf("unexpected character %q", r), i}, i + size
}

func isDigit(r rune) bool { return '0' <= r && r <= '9' }

// number returns the end of the number that starts at src[i]: digits and
// dots, then an optional exponent (1.5e3, 2E-4). A malformed number such as
// 1.2.3 is one token, which the parser rejects.
func number(src string, i int) int {
	j := i
	for j < len(src) && (isDigit(rune(src[j])) || src[j] == '.') {
		j++
	}
	if j < len(src) && (src[j] == 'e' || src[j] == 'E') {
		k := j + 1
		if k < len(src) && (src[k] == '+' || src[k] == '-') {
			k++
		}
		if k < len(src) && isDigit(rune(src[k])) {
			for k < len(src) && isDigit(rune(src[k])) {
				k++
			}
			j = k
		}
	}
	return j
}

// Parse parses a formula. With comparisons true, the whole formula may be a
// comparison (a check such as "lost <= start").
func Parse(src string, comparisons bool) (*Node, error) {
	p := &parser{src: src}
	p.next()
	n, err := p.expr()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); comparisons && t.kind == "op" && (t.text[0] == '<' || t.text[0] == '>') {
		p.next()
		rhs, err := p.expr()
		if err != nil {
			return nil, err
		}
		if n = node(t.text, n.Pos, n, rhs); n.depth > MaxDepth {
			return nil, tooDeep(t.pos)
		}
	}
	if t := p.peek(); t.kind != "eof" {
		return nil, unexpected(t)
	}
	return n, nil
}

type parser struct {
	src   string
	tok   token // the next token
	off   int   // where the token after it starts
	depth int   // recursion depth of unary and primary
}

// unexpected is the error for a token the grammar does not allow there.
func unexpected(t token) error {
	if t.kind == "bad" {
		return &SyntaxError{t.pos, t.text}
	}
	return &SyntaxError{t.pos, fmt.Sprintf("unexpected %q", t.text)}
}

// enter counts one level of recursion at the token at pos; leave undoes it.
func (p *parser) enter(pos int) error {
	if p.depth++; p.depth > MaxDepth {
		return tooDeep(pos)
	}
	return nil
}

func (p *parser) leave() { p.depth-- }

func (p *parser) peek() token { return p.tok }

// next returns the next token and scans the one after it.
func (p *parser) next() token {
	t := p.tok
	p.tok, p.off = scan(p.src, p.off)
	return t
}

// expr = term { ("+" | "-") term }
func (p *parser) expr() (*Node, error) {
	return p.binary(p.term, "+", "-")
}

// term = unary { ("*" | "/") unary }
func (p *parser) term() (*Node, error) {
	return p.binary(p.unary, "*", "/")
}

func (p *parser) binary(operand func() (*Node, error), ops ...string) (*Node, error) {
	n, err := operand()
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		if t.kind != "op" || (t.text != ops[0] && t.text != ops[1]) {
			return n, nil
		}
		p.next()
		rhs, err := operand()
		if err != nil {
			return nil, err
		}
		if n = node(t.text, n.Pos, n, rhs); n.depth > MaxDepth {
			return nil, tooDeep(t.pos)
		}
	}
}

// unary = "-" unary | primary
func (p *parser) unary() (*Node, error) {
	t := p.peek()
	if err := p.enter(t.pos); err != nil {
		return nil, err
	}
	defer p.leave()
	if t.kind == "op" && t.text == "-" {
		p.next()
		n, err := p.unary()
		if err != nil {
			return nil, err
		}
		if n = node("neg", t.pos, n); n.depth > MaxDepth {
			return nil, tooDeep(t.pos)
		}
		return n, nil
	}
	return p.primary()
}

// primary = number | ident | ident "(" expr {"," expr} ")" | "(" expr ")"
func (p *parser) primary() (*Node, error) {
	t := p.next()
	switch t.kind {
	case "num":
		v, err := strconv.ParseFloat(t.text, 64)
		if err != nil {
			return nil, &SyntaxError{t.pos, fmt.Sprintf("bad number %q", t.text)}
		}
		return &Node{Op: "num", Value: v, Pos: t.pos}, nil
	case "ident":
		if p.peek().kind == "(" {
			return p.call(t)
		}
		return &Node{Op: "var", Name: t.text, Pos: t.pos}, nil
	case "(":
		n, err := p.expr()
		if err != nil {
			return nil, err
		}
		if c := p.next(); c.kind == "eof" {
			return nil, &SyntaxError{c.pos, fmt.Sprintf("expected ')' to close the '(' at column %d, but the formula ends", t.pos+1)}
		} else if c.kind == "bad" {
			return nil, unexpected(c)
		} else if c.kind != ")" {
			return nil, &SyntaxError{c.pos, fmt.Sprintf("expected ')' to close the '(' at column %d, found %q", t.pos+1, c.text)}
		}
		return n, nil
	case "eof":
		return nil, &SyntaxError{t.pos, "formula ends too early: an operand is missing"}
	}
	return nil, unexpected(t)
}

// functions maps the named functions to their number of arguments (-1: any,
// at least one).
var functions = map[string]int{"min": -1, "max": -1, "round": 1}

func (p *parser) call(name token) (*Node, error) {
	arity, ok := functions[name.text]
	if !ok {
		return nil, &SyntaxError{name.pos, fmt.Sprintf("unknown function %q: use min, max or round", name.text)}
	}
	p.next() // (
	n := &Node{Op: "call", Name: name.text, Pos: name.pos}
	for {
		if t := p.peek(); t.kind == ")" && len(n.Args) == 0 {
			return nil, &SyntaxError{t.pos, fmt.Sprintf("%s(…) needs at least one argument", name.text)}
		}
		a, err := p.expr()
		if err != nil {
			return nil, err
		}
		n.Args = append(n.Args, a)
		if n.depth = max(n.depth, a.depth+1); n.depth > MaxDepth {
			return nil, tooDeep(name.pos)
		}
		t := p.next()
		if t.kind == ")" {
			break
		}
		if t.kind == "bad" {
			return nil, unexpected(t)
		}
		if t.kind != "," {
			return nil, &SyntaxError{t.pos, fmt.Sprintf("expected ',' or ')' in %s(…), found %q", name.text, t.text)}
		}
	}
	if arity > 0 && len(n.Args) != arity {
		return nil, &SyntaxError{name.pos, fmt.Sprintf("%s takes %d argument, not %d", name.text, arity, len(n.Args))}
	}
	return n, nil
}

// Vars returns the variables n uses, each once, in order of appearance.
func (n *Node) Vars() []*Node {
	var out []*Node
	seen := map[string]bool{}
	var walk func(*Node)
	walk = func(n *Node) {
		if n.Op == "var" && !seen[n.Name] {
			seen[n.Name] = true
			out = append(out, n)
		}
		for _, a := range n.Args {
			walk(a)
		}
	}
	walk(n)
	return out
}

// ErrDivZero is returned by Eval when a divisor is zero; Input names the
// variable that is zero when the divisor is a single input.
type ErrDivZero struct{ Input string }

func (e *ErrDivZero) Error() string { return "division by zero" }

// Eval computes n with the given variable values.
func (n *Node) Eval(vars map[string]float64) (float64, error) {
	arg := func(i int) (float64, error) { return n.Args[i].Eval(vars) }
	switch n.Op {
	case "num":
		return n.Value, nil
	case "var":
		v, ok := vars[n.Name]
		if !ok {
			return 0, fmt.Errorf("no value for %s", n.Name)
		}
		return v, nil
	case "neg":
		v, err := arg(0)
		return -v, err
	case "call":
		return n.evalCall(vars)
	}
	a, err := arg(0)
	if err != nil {
		return 0, err
	}
	b, err := arg(1)
	if err != nil {
		return 0, err
	}
	switch n.Op {
	case "+":
		return a + b, nil
	case "-":
		return a - b, nil
	case "*":
		return a * b, nil
	case "/":
		if b == 0 {
			e := &ErrDivZero{}
			if d := n.Args[1].Vars(); len(d) == 1 {
				e.Input = d[0].Name
			}
			return 0, e
		}
		return a / b, nil
	}
	return boolNum(compare(n.Op, a, b)), nil
}

func (n *Node) evalCall(vars map[string]float64) (float64, error) {
	vals := make([]float64, len(n.Args))
	for i, a := range n.Args {
		v, err := a.Eval(vars)
		if err != nil {
			return 0, err
		}
		vals[i] = v
	}
	switch n.Name {
	case "round":
		return math.Round(vals[0]), nil
	case "min":
		m := vals[0]
		for _, v := range vals[1:] {
			m = math.Min(m, v)
		}
		return m, nil
	}
	m := vals[0]
	for _, v := range vals[1:] {
		m = math.Max(m, v)
	}
	return m, nil
}

func compare(op string, a, b float64) bool {
	switch op {
	case "<":
		return a < b
	case "<=":
		return a <= b
	case ">":
		return a > b
	}
	return a >= b
}

func boolNum(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// Data returns the tree in the compact data form the browser's evaluator
// reads: ["num", 5], ["var", "x"], ["neg", a], ["+", a, b], ["call", "min", a, b…].
func (n *Node) Data() []any {
	switch n.Op {
	case "num":
		return []any{"num", n.Value}
	case "var":
		return []any{"var", n.Name}
	}
	out := []any{n.Op}
	if n.Op == "call" {
		out = append(out, n.Name)
	}
	for _, a := range n.Args {
		out = append(out, a.Data())
	}
	return out
}
