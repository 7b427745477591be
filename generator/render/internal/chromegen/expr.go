package main

import (
	"go/types"
	"strconv"
	"strings"
	"text/template/parse"
)

// pipeValue is a pipeline of one command that declares nothing.
func (c *compiler) pipeValue(p *parse.PipeNode, sc *scope) (val, error) {
	if len(p.Decl) > 0 || len(p.Cmds) != 1 {
		return val{}, c.errorf(p, "pipeline of %d commands and %d variables", len(p.Cmds), len(p.Decl))
	}
	return c.command(p.Cmds[0], sc)
}

// command is a command's value: a field or method chain, a variable, a
// function call or a constant.
func (c *compiler) command(cmd *parse.CommandNode, sc *scope) (val, error) {
	rest := cmd.Args[1:]
	switch n := cmd.Args[0].(type) {
	case *parse.FieldNode:
		return c.chain(sc.dot, n.Ident, rest, sc, n)
	case *parse.VariableNode:
		v, ok := sc.lookup(n.Ident[0])
		if !ok {
			return val{}, c.errorf(n, "no variable %s", n.Ident[0])
		}
		return c.chain(v, n.Ident[1:], rest, sc, n)
	case *parse.IdentifierNode:
		return c.call(n, rest, sc)
	}
	if len(rest) > 0 {
		return val{}, c.errorf(cmd, "arguments to a value that is no function")
	}
	return c.arg(cmd.Args[0], sc)
}

// arg is the value of an argument node.
func (c *compiler) arg(n parse.Node, sc *scope) (val, error) {
	switch n := n.(type) {
	case *parse.DotNode:
		return sc.dot, nil
	case *parse.FieldNode, *parse.VariableNode, *parse.IdentifierNode:
		return c.command(&parse.CommandNode{NodeType: parse.NodeCommand, Pos: n.Position(), Args: []parse.Node{n}}, sc)
	case *parse.PipeNode:
		return c.pipeValue(n, sc)
	case *parse.StringNode:
		return val{code: strconv.Quote(n.Text), typ: types.Typ[types.UntypedString], konst: true}, nil
	case *parse.NumberNode:
		if n.IsInt {
			return val{code: strconv.FormatInt(n.Int64, 10), typ: types.Typ[types.UntypedInt], konst: true}, nil
		}
	case *parse.BoolNode:
		return val{code: strconv.FormatBool(n.True), typ: types.Typ[types.UntypedBool], konst: true}, nil
	}
	return val{}, c.errorf(n, "no Go for argument %s", n)
}

// chain is base's fields and methods idents, the last given args.
func (c *compiler) chain(base val, idents []string, args []parse.Node, sc *scope, n parse.Node) (val, error) {
	if len(idents) == 0 && len(args) > 0 {
		return val{}, c.errorf(n, "arguments to a value that is no function")
	}
	v := base
	for i, id := range idents {
		var a []parse.Node
		if i == len(idents)-1 {
			a = args
		}
		var err error
		if v, err = c.field(v, id, a, sc, n); err != nil {
			return val{}, err
		}
	}
	return v, nil
}

// field is base.name, as text/template finds it: a method of the value
// (of its pointer when addressable), else a field, promoted ones too.
func (c *compiler) field(base val, name string, args []parse.Node, sc *scope, n parse.Node) (val, error) {
	t := base.typ
	_, isPtr := t.Underlying().(*types.Pointer)
	obj, _, _ := types.LookupFieldOrMethod(t, base.addr || isPtr, c.g.pkg.types, name)
	if obj == nil || !obj.Exported() {
		return val{}, c.errorf(n, "%s has no exported field or method %s", t, name)
	}
	code := base.code + "." + name
	through := isPtr || base.ptr // Go reaches the field through a pointer
	if v, ok := obj.(*types.Var); ok {
		if len(args) > 0 {
			return val{}, c.errorf(n, "field %s given arguments", name)
		}
		if _, iface := v.Type().Underlying().(*types.Interface); iface && name == "Data" && types.Identical(t, c.g.page) {
			return c.view(code, n)
		}
		f := val{code: code, typ: v.Type(), addr: base.addr || through, sel: through || base.sel}
		if kind, _ := c.stringOf(f); kind == "HTML" && f.sel {
			f.code, f.hole = "o.get(&"+code+")", code
		}
		return f, nil
	}
	return c.method(base, obj.(*types.Func), args, sc, n)
}

// view is a page's .Data, of the type render gives the pages of the
// template being written.
func (c *compiler) view(code string, n parse.Node) (val, error) {
	t := c.g.views[c.f.tmpl]
	if t == nil {
		return val{}, c.errorf(n, ".Data of a page outside its page template (%s)", c.f.tmpl)
	}
	return val{code: code + ".(" + c.g.typeString(t) + ")", typ: t}, nil
}

func (c *compiler) method(base val, m *types.Func, args []parse.Node, sc *scope, n parse.Node) (val, error) {
	sig := m.Type().(*types.Signature)
	_, isPtr := base.typ.Underlying().(*types.Pointer)
	if _, ptrRecv := sig.Recv().Type().Underlying().(*types.Pointer); ptrRecv && !isPtr && !base.addr {
		return val{}, c.errorf(n, "method %s of a value text/template cannot address", m.Name())
	}
	if sig.Variadic() || sig.Results().Len() != 1 || sig.Params().Len() != len(args) {
		return val{}, c.errorf(n, "method %s: %s", m.Name(), sig)
	}
	var list []string
	for i, a := range args {
		v, err := c.arg(a, sc)
		if err != nil {
			return val{}, err
		}
		if !types.AssignableTo(v.typ, sig.Params().At(i).Type()) {
			return val{}, c.errorf(n, "method %s: argument %d is %s", m.Name(), i+1, v.typ)
		}
		list = append(list, v.code)
	}
	code := base.code + "." + m.Name() + "(" + strings.Join(list, ", ") + ")"
	return val{code: code, typ: sig.Results().At(0).Type()}, nil
}

// call is a call of one of text/template's functions.
func (c *compiler) call(id *parse.IdentifierNode, args []parse.Node, sc *scope) (val, error) {
	vals := make([]val, len(args))
	for i, a := range args {
		v, err := c.arg(a, sc)
		if err != nil {
			return val{}, err
		}
		vals[i] = v
	}
	boolean := types.Typ[types.Bool]
	switch op := compare[id.Ident]; {
	case id.Ident == "len" && len(vals) == 1 && hasLen(vals[0].typ):
		return val{code: "len(" + vals[0].code + ")", typ: types.Typ[types.Int]}, nil
	case id.Ident == "not" && len(vals) == 1:
		t, err := c.truth(vals[0], id)
		return val{code: "!(" + t + ")", typ: boolean}, err
	case op != "" && len(vals) == 2 && comparable(vals[0], vals[1], op):
		return val{code: "(" + vals[0].code + " " + op + " " + vals[1].code + ")", typ: boolean}, nil
	case (id.Ident == "and" || id.Ident == "or") && len(vals) > 0 && allBool(vals):
		return c.andOr(id, vals)
	}
	return val{}, c.errorf(id, "no Go for function %s with these arguments", id.Ident)
}

// compare are text/template's comparison functions as Go operators.
var compare = map[string]string{"eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}

// comparable reports whether Go compares a and b as text/template does:
// integers with integers, strings with strings, booleans for equality.
func comparable(a, b val, op string) bool {
	ba, okA := a.typ.Underlying().(*types.Basic)
	bb, okB := b.typ.Underlying().(*types.Basic)
	if !okA || !okB || !(a.konst || b.konst || types.Identical(a.typ, b.typ)) {
		return false
	}
	for _, kind := range []types.BasicInfo{types.IsInteger, types.IsString} {
		if ba.Info()&kind != 0 && bb.Info()&kind != 0 {
			return true
		}
	}
	return (op == "==" || op == "!=") && ba.Info()&types.IsBoolean != 0 && bb.Info()&types.IsBoolean != 0
}

func hasLen(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Slice, *types.Map, *types.Array:
		return true
	case *types.Basic:
		return u.Info()&types.IsString != 0
	}
	return false
}

func allBool(vals []val) bool {
	for _, v := range vals {
		if b, ok := v.typ.Underlying().(*types.Basic); !ok || b.Info()&types.IsBoolean == 0 {
			return false
		}
	}
	return true
}

// andOr is and or or of booleans, which is their value.
func (c *compiler) andOr(id *parse.IdentifierNode, vals []val) (val, error) {
	op := " && "
	if id.Ident == "or" {
		op = " || "
	}
	codes := make([]string, len(vals))
	for i, v := range vals {
		codes[i] = v.code
	}
	return val{code: "(" + strings.Join(codes, op) + ")", typ: types.Typ[types.Bool]}, nil
}

// cond is the condition of an if: the truth of its pipeline's value;
// and, or and not of any values.
func (c *compiler) cond(p *parse.PipeNode, sc *scope) (string, error) {
	if len(p.Decl) > 0 || len(p.Cmds) != 1 {
		return "", c.errorf(p, "if with %d commands and %d variables", len(p.Cmds), len(p.Decl))
	}
	cmd := p.Cmds[0]
	if id, ok := cmd.Args[0].(*parse.IdentifierNode); ok && (id.Ident == "and" || id.Ident == "or") && len(cmd.Args) > 1 {
		var parts []string
		for _, a := range cmd.Args[1:] {
			v, err := c.arg(a, sc)
			if err != nil {
				return "", err
			}
			t, err := c.truth(v, a)
			if err != nil {
				return "", err
			}
			parts = append(parts, "("+t+")")
		}
		return strings.Join(parts, map[string]string{"and": " && ", "or": " || "}[id.Ident]), nil
	}
	v, err := c.command(cmd, sc)
	if err != nil {
		return "", err
	}
	return c.truth(v, cmd)
}

// truth is text/template's truth of v (isTrue): non-zero numbers,
// non-empty strings, slices and maps, non-nil pointers; structs always.
func (c *compiler) truth(v val, n parse.Node) (string, error) {
	if v.ptr {
		return "true", nil
	}
	switch u := v.typ.Underlying().(type) {
	case *types.Basic:
		switch info := u.Info(); {
		case info&types.IsBoolean != 0:
			return v.code, nil
		case info&types.IsString != 0:
			return "len(" + v.code + ") > 0", nil
		case info&types.IsNumeric != 0:
			return v.code + " != 0", nil
		}
	case *types.Slice, *types.Map, *types.Array:
		return "len(" + v.code + ") > 0", nil
	case *types.Pointer, *types.Interface, *types.Chan, *types.Signature:
		return v.code + " != nil", nil
	case *types.Struct:
		return "true", nil
	}
	return "", c.errorf(n, "no truth for %s", v.typ)
}
