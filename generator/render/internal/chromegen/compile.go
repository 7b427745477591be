package main

import (
	"fmt"
	"go/types"
	"regexp"
	"strconv"
	"strings"
	"text/template/parse"
)

// maxLines is the most lines of statements a generated function holds;
// longer lists are moved into functions of their own (parts), so that
// none is over the function length CI allows.
const maxLines = 50

// val is a value of the template as Go code.
type val struct {
	code  string
	typ   types.Type // its type, as text/template sees it
	addr  bool       // text/template could take its address
	ptr   bool       // code is a pointer to a struct of type typ
	sel   bool       // code is a field Go can take the address of
	konst bool       // an untyped constant
	// hole is, for a template.HTML field, the field: code gets its value
	// through w.get, and writing it goes through w.html (see w's holes).
	hole string
}

// variable is a template variable ("$", "$i") or, without a name, a Go
// variable holding a dot.
type variable struct {
	name string
	v    val
}

// scope is what a node sees: its dot and the variables.
type scope struct {
	dot  val
	vars []variable
}

func (s *scope) with(dot val, vars ...variable) *scope {
	all := append(append(append([]variable(nil), s.vars...), variable{v: dot}), vars...)
	return &scope{dot: dot, vars: all}
}

func (s *scope) lookup(name string) (val, bool) {
	for i := len(s.vars) - 1; i >= 0; i-- {
		if s.vars[i].name == name {
			return s.vars[i].v, true
		}
	}
	return val{}, false
}

// compiler writes one template's function.
type compiler struct {
	g     *gen
	f     *fn
	n     int      // Go variables named so far
	parts []string // the functions moved out of f's, as code
	nPart int      // parts named so far
	tree  *parse.Tree
}

func (c *compiler) errorf(n parse.Node, format string, args ...any) error {
	loc := c.f.tmpl
	if c.tree != nil && n != nil {
		loc, _ = c.tree.ErrorContext(n)
	}
	return fmt.Errorf("%s: %s", loc, fmt.Sprintf(format, args...))
}

// newVar returns a new Go variable name starting with prefix.
func (c *compiler) newVar(prefix string) string {
	c.n++
	return prefix + strconv.Itoa(c.n)
}

// list returns the statements of l.
func (c *compiler) list(l *parse.ListNode, sc *scope) ([]string, error) {
	if l == nil {
		return nil, nil
	}
	var groups [][]string
	for _, n := range l.Nodes {
		lines, err := c.node(n, sc)
		if err != nil {
			return nil, err
		}
		if len(lines) > 0 {
			groups = append(groups, lines)
		}
	}
	return c.fit(groups, sc), nil
}

func (c *compiler) node(n parse.Node, sc *scope) ([]string, error) {
	switch n := n.(type) {
	case *parse.TextNode:
		if len(n.Text) == 0 {
			return nil, nil
		}
		return []string{"o.s(" + strconv.Quote(string(n.Text)) + ")"}, nil
	case *parse.ActionNode:
		return c.action(n, sc)
	case *parse.IfNode:
		return c.ifNode(n, sc)
	case *parse.WithNode:
		return c.withNode(n, sc)
	case *parse.RangeNode:
		return c.rangeNode(n, sc)
	case *parse.TemplateNode:
		return c.templateNode(n, sc)
	case *parse.CommentNode:
		return nil, nil
	case *parse.BreakNode:
		return []string{"break"}, nil
	case *parse.ContinueNode:
		return []string{"continue"}, nil
	}
	return nil, c.errorf(n, "no Go for %T", n)
}

func (c *compiler) ifNode(n *parse.IfNode, sc *scope) ([]string, error) {
	cond, err := c.cond(n.Pipe, sc)
	if err != nil {
		return nil, err
	}
	body, err := c.list(n.List, sc)
	if err != nil {
		return nil, err
	}
	elseBody, err := c.list(n.ElseList, sc)
	if err != nil {
		return nil, err
	}
	return block("if "+cond+" {", body, elseBody), nil
}

// block returns head, body and, if there is one, an else.
func block(head string, body, elseBody []string) []string {
	out := append([]string{head}, body...)
	if len(elseBody) > 0 {
		out = append(out, "} else {")
		out = append(out, elseBody...)
	}
	return append(out, "}")
}

func (c *compiler) withNode(n *parse.WithNode, sc *scope) ([]string, error) {
	if len(n.Pipe.Decl) > 0 {
		return nil, c.errorf(n, "with declares a variable")
	}
	v, err := c.pipeValue(n.Pipe, sc)
	if err != nil {
		return nil, err
	}
	name := c.newVar("d")
	dot := val{code: name, typ: v.typ, addr: v.addr, ptr: v.ptr}
	body, err := c.list(n.List, sc.with(dot))
	if err != nil {
		return nil, err
	}
	elseBody, err := c.list(n.ElseList, sc)
	if err != nil {
		return nil, err
	}
	if !uses(body, name) {
		t, err := c.truth(v, n)
		return block("if "+t+" {", body, elseBody), err
	}
	t, err := c.truth(dot, n)
	return block("if "+name+" := "+v.code+"; "+t+" {", body, elseBody), err
}

func (c *compiler) rangeNode(n *parse.RangeNode, sc *scope) ([]string, error) {
	if len(n.Pipe.Cmds) != 1 || len(n.Pipe.Decl) > 2 {
		return nil, c.errorf(n, "range pipeline of %d commands", len(n.Pipe.Cmds))
	}
	v, err := c.command(n.Pipe.Cmds[0], sc)
	if err != nil {
		return nil, err
	}
	var elem types.Type
	switch u := v.typ.Underlying().(type) {
	case *types.Slice:
		elem = u.Elem()
	case *types.Array:
		elem = u.Elem()
	default:
		return nil, c.errorf(n, "range over %s", v.typ)
	}
	r, i, d := c.newVar("r"), c.newVar("i"), c.newVar("d")
	dot := val{code: d, typ: elem, addr: true, ptr: isStruct(elem)}
	index := val{code: i, typ: types.Typ[types.Int]}
	var vars []variable
	switch len(n.Pipe.Decl) {
	case 1:
		vars = []variable{{name: n.Pipe.Decl[0].Ident[0], v: dot}}
	case 2:
		vars = []variable{{name: n.Pipe.Decl[0].Ident[0], v: index}, {name: n.Pipe.Decl[1].Ident[0], v: dot}}
	}
	body, err := c.list(n.List, sc.with(dot, vars...))
	if err != nil {
		return nil, err
	}
	elseBody, err := c.list(n.ElseList, sc)
	if err != nil {
		return nil, err
	}
	return rangeLoop(v.code, r, i, dot, body, elseBody), nil
}

// rangeLoop is a loop over the slice code as r, index i, element dot.
func rangeLoop(code, r, i string, dot val, body, elseBody []string) []string {
	var loop []string
	if uses(body, dot.code) {
		elem := r + "[" + i + "]"
		if dot.ptr {
			elem = "&" + elem
		}
		body = append([]string{dot.code + " := " + elem}, body...)
	}
	if len(elseBody) == 0 {
		loop = []string{"for " + i + ", " + r + " := 0, " + code + "; " + i + " < len(" + r + "); " + i + "++ {"}
		return append(append(loop, body...), "}")
	}
	loop = append([]string{"for " + i + " := range " + r + " {"}, body...)
	loop = append(loop, "}")
	return block("if "+r+" := "+code+"; len("+r+") == 0 {", elseBody, loop)
}

func (c *compiler) templateNode(n *parse.TemplateNode, sc *scope) ([]string, error) {
	if n.Pipe == nil {
		return nil, c.errorf(n, "template %q without a dot", n.Name)
	}
	v, err := c.pipeValue(n.Pipe, sc)
	if err != nil {
		return nil, err
	}
	callee := c.g.function(n.Name, v)
	if callee.err != nil {
		return nil, fmt.Errorf("%s, which it runs: %w", n.Name, callee.err)
	}
	for u := range callee.uses {
		c.f.uses[u] = true
	}
	pre, arg := pass(v, callee.dot, c.newVar("t"))
	return append(pre, callee.goName+"(o, "+arg+")"), nil
}

// pass returns v as an argument for a parameter like param, with the
// statements that must come first.
func pass(v, param val, tmp string) ([]string, string) {
	switch {
	case !param.ptr || v.ptr:
		return nil, v.code
	case v.sel:
		return nil, "&" + v.code
	}
	return []string{tmp + " := " + v.code}, "&" + tmp
}

var wordRE = map[string]*regexp.Regexp{}

// uses reports whether Go variable name occurs in lines.
func uses(lines []string, name string) bool {
	re, ok := wordRE[name]
	if !ok {
		re = regexp.MustCompile(`\b` + regexp.QuoteMeta(name) + `\b`)
		wordRE[name] = re
	}
	for _, l := range lines {
		if re.MatchString(stripStrings(l)) {
			return true
		}
	}
	return false
}

// stringRE matches Go string literals, which may hold any word.
var stringRE = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

func stripStrings(l string) string {
	if !strings.Contains(l, `"`) {
		return l
	}
	return stringRE.ReplaceAllString(l, `""`)
}
