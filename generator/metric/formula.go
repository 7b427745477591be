package metric

import (
	"fmt"
	"math"
	"strconv"
	"unicode"
)

// Node is a formula's syntax tree. Op is one of: num, var, neg, + - * /,
// < <= > >= (only in checks), or call (Name is min, max or round).
type Node struct {
	Op    string
	Value float64
	Name  string
	Args  []*Node
	Pos   int // byte offset of the node's first token in the formula
}

// token is a lexeme of the formula language.
type token struct {
	kind string // num, ident, op, (, ), ",", eof
	text string
	pos  int
}

// SyntaxError is a formula error at a byte offset of the formula text.
type SyntaxError struct {
	Pos int
	Msg string
}

func (e *SyntaxError) Error() string { return e.Msg }

func lex(src string) ([]token, error) {
	var toks []token
	rs := []rune(src)
	off := func(i int) int { return len(string(rs[:i])) }
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			i++
		case unicode.IsDigit(r) || r == '.':
			j := i
			for j < len(rs) && (unicode.IsDigit(rs[j]) || rs[j] == '.') {
				j++
			}
			toks = append(toks, token{"num", string(rs[i:j]), off(i)})
			i = j
		case unicode.IsLetter(r) || r == '_':
			j := i
			for j < len(rs) && (unicode.IsLetter(rs[j]) || unicode.IsDigit(rs[j]) || rs[j] == '_') {
				j++
			}
			toks = append(toks, token{"ident", string(rs[i:j]), off(i)})
			i = j
		case r == '<' || r == '>':
			t := string(r)
			if i+1 < len(rs) && rs[i+1] == '=' {
				t += "="
			}
			toks = append(toks, token{"op", t, off(i)})
			i += len([]rune(t))
		case r == '+' || r == '-' || r == '*' || r == '/':
			toks = append(toks, token{"op", string(r), off(i)})
			i++
		case r == '(' || r == ')' || r == ',':
			toks = append(toks, token{string(r), string(r), off(i)})
			i++
		default:
			return nil, &SyntaxError{off(i), fmt.Sprintf("unexpected character %q", r)}
		}
	}
	return append(toks, token{"eof", "", len(src)}), nil
}

// Parse parses a formula. With comparisons true, the whole formula may be a
// comparison (a check such as "lost <= start").
func Parse(src string, comparisons bool) (*Node, error) {
	toks, err := lex(src)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks}
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
		n = &Node{Op: t.text, Args: []*Node{n, rhs}, Pos: n.Pos}
	}
	if t := p.peek(); t.kind != "eof" {
		return nil, &SyntaxError{t.pos, fmt.Sprintf("unexpected %q", t.text)}
	}
	return n, nil
}

type parser struct {
	toks []token
	i    int
}

func (p *parser) peek() token { return p.toks[p.i] }
func (p *parser) next() token { t := p.toks[p.i]; p.i++; return t }

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
		n = &Node{Op: t.text, Args: []*Node{n, rhs}, Pos: n.Pos}
	}
}

// unary = "-" unary | primary
func (p *parser) unary() (*Node, error) {
	if t := p.peek(); t.kind == "op" && t.text == "-" {
		p.next()
		n, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &Node{Op: "neg", Args: []*Node{n}, Pos: t.pos}, nil
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
		if c := p.next(); c.kind != ")" {
			return nil, &SyntaxError{c.pos, fmt.Sprintf("expected ')' to close the '(' at column %d, found %q", t.pos+1, c.text)}
		}
		return n, nil
	case "eof":
		return nil, &SyntaxError{t.pos, "formula ends too early: an operand is missing"}
	}
	return nil, &SyntaxError{t.pos, fmt.Sprintf("unexpected %q", t.text)}
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
		a, err := p.expr()
		if err != nil {
			return nil, err
		}
		n.Args = append(n.Args, a)
		t := p.next()
		if t.kind == ")" {
			break
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
