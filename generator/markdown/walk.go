package markdown

import "github.com/yuin/goldmark/ast"

// walkBlocks calls f for every block under n, in document order, without
// visiting inline content (text, links, emphasis: most of a page's nodes),
// which holds no blocks. Transformers that look for a kind of block use it;
// they change the tree only after the walk.
func walkBlocks(n ast.Node, f func(ast.Node)) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if c.Type() == ast.TypeBlock {
			f(c)
			walkBlocks(c, f)
		}
	}
}
