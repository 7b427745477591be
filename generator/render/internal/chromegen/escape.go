package main

import (
	"go/types"
	"strings"
	"text/template/parse"
)

// escPrefix starts the names of the escapers html/template adds.
const escPrefix = "_html_template_"

// plainChains are the escaper chains html/template ends an action with,
// by context, and the method of render's writer (w, chrome.go) that
// writes what the chain gives for a plain string (escape.go;
// TestEscapersAreHTMLTemplates holds each to html/template):
var plainChains = map[string]string{
	"htmlescaper":   "h", // element text: htmlEscaper
	"attrescaper":   "h", // a quoted attribute value: the same table
	"rcdataescaper": "h", // <title>, <textarea>: the same table
	// a whole URL attribute: scheme filtered, normalized, attribute-escaped
	"urlfilter urlnormalizer attrescaper": "u",
	"urlnormalizer attrescaper":           "un", // a URL's path after a prefix
	"urlfilter attrescaper":               "uf", // a URL inside another attribute: <meta content="0; url={{.}}">
	"urlescaper attrescaper":              "uq", // a URL's query or fragment
}

// textChains are the chains that treat every one of html/template's
// typed strings but HTML as a plain string (HTML is written as it is by
// htmlescaper; the others are html/template's own content types).
var textChains = map[string]bool{"htmlescaper": true, "attrescaper": true, "rcdataescaper": true}

// action writes an action's value through its escapers.
func (c *compiler) action(n *parse.ActionNode, sc *scope) ([]string, error) {
	if len(n.Pipe.Decl) > 0 {
		return nil, c.errorf(n, "action declares a variable")
	}
	cmds := n.Pipe.Cmds
	var esc []string
	for len(cmds) > 1 {
		last := cmds[len(cmds)-1]
		id, ok := last.Args[0].(*parse.IdentifierNode)
		if !ok || len(last.Args) != 1 || !strings.HasPrefix(id.Ident, escPrefix) {
			break
		}
		esc = append([]string{strings.TrimPrefix(id.Ident, escPrefix)}, esc...)
		cmds = cmds[:len(cmds)-1]
	}
	if len(esc) == 0 || len(cmds) != 1 {
		return nil, c.errorf(n, "action not escaped by html/template, or a pipeline")
	}
	chain := strings.Join(esc, " ")
	if id, ok := cmds[0].Args[0].(*parse.IdentifierNode); ok && id.Ident == "cachedEach" {
		return c.each(cmds[0], chain, sc)
	}
	v, err := c.command(cmds[0], sc)
	if err != nil {
		return nil, err
	}
	return c.print(v, chain, n)
}

// print writes v through escaper chain.
func (c *compiler) print(v val, chain string, n parse.Node) ([]string, error) {
	kind, s := c.stringOf(v)
	switch {
	case kind == "HTML" && chain == "htmlescaper" && v.hole != "":
		return []string{"o.html(&" + v.hole + ")"}, nil // the frame's Main, a view's Content: see w.html
	case kind == "HTML" && chain == "htmlescaper":
		return []string{"o.t(" + v.code + ")"}, nil
	case kind == "HTMLAttr" && chain == "htmlnamefilter":
		return []string{"o.s(" + s + ")"}, nil
	case kind == "plain" && plainChains[chain] != "":
		return []string{"o." + plainChains[chain] + "(" + s + ")"}, nil
	case kind != "" && kind != "HTML" && textChains[chain]:
		return []string{"o.h(" + s + ")"}, nil
	}
	return nil, c.errorf(n, "no Go for escaper chain %q of a %s", chain, v.typ)
}

// stringOf returns what html/template's escapers make of v: its content
// type ("plain", or the name of one of html/template's typed strings)
// and Go code for its text; kind "" when chromegen does not know.
func (c *compiler) stringOf(v val) (kind, code string) {
	if v.ptr {
		return "", ""
	}
	if named, ok := v.typ.(*types.Named); ok && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == "html/template" {
		return named.Obj().Name(), "string(" + v.code + ")"
	}
	ms := types.NewMethodSet(v.typ)
	if ms.Lookup(nil, "String") != nil || ms.Lookup(nil, "Error") != nil {
		return "", "" // fmt would call them
	}
	b, ok := v.typ.Underlying().(*types.Basic)
	if !ok {
		return "", ""
	}
	switch info := b.Info(); {
	case info&types.IsString != 0 && (v.konst || types.Identical(v.typ, types.Typ[types.String])):
		return "plain", v.code
	case info&types.IsString != 0:
		return "plain", "string(" + v.code + ")"
	case b.Kind() == types.Int && !v.konst:
		c.g.imports["strconv"] = true
		return "plain", "strconv.Itoa(" + v.code + ")"
	case info&types.IsInteger != 0 && info&types.IsUnsigned == 0:
		c.g.imports["strconv"] = true
		return "plain", "strconv.FormatInt(int64(" + v.code + "), 10)"
	case info&types.IsBoolean != 0:
		c.g.imports["strconv"] = true
		return "plain", "strconv.FormatBool(" + v.code + ")"
	}
	return "", ""
}

// each is {{cachedEach "name" items}}: template name for each item
// (w.each).
func (c *compiler) each(cmd *parse.CommandNode, chain string, sc *scope) ([]string, error) {
	if len(cmd.Args) != 3 || chain != "htmlescaper" {
		return nil, c.errorf(cmd, "cachedEach with %d arguments, escaped by %q", len(cmd.Args)-1, chain)
	}
	name, ok := cmd.Args[1].(*parse.StringNode)
	if !ok {
		return nil, c.errorf(cmd, "cachedEach of a template not named by a constant")
	}
	items, err := c.arg(cmd.Args[2], sc)
	if err != nil {
		return nil, err
	}
	if s, ok := items.typ.Underlying().(*types.Slice); !ok || !types.Identical(s.Elem(), c.g.item) {
		return nil, c.errorf(cmd, "cachedEach of a %s", items.typ)
	}
	callee := c.g.function(name.Text, val{typ: c.g.item})
	if callee.err != nil {
		return nil, c.errorf(cmd, "%s, which it runs: %v", name.Text, callee.err)
	}
	for u := range callee.uses {
		c.f.uses[u] = true
	}
	return []string{"o.each(" + items.code + ", " + callee.goName + ") // cachedEach " + name.Quoted}, nil
}
