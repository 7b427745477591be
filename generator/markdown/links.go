package markdown

import (
	"bytes"
	"html"
	"strings"

	"github.com/yuin/goldmark/ast"

	"rapport/generator/diag"
)

// Link is a link or image destination found in a document.
type Link struct {
	Node   ast.Node // *ast.Link or *ast.Image
	Dest   string   // as written
	Offset int      // byte offset in the source, best effort
	Image  bool
	// Pos is Offset as a file position, set by the parse stage so later
	// stages can report a link without the page's source.
	Pos diag.Pos
}

// Links returns every link and image of doc in document order, with the byte
// offset of its destination in src where it can be found.
func Links(doc ast.Node, src []byte) []Link {
	var out []Link
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if l, ok := LinkOf(n, src); ok && entering {
			out = append(out, l)
		}
		return ast.WalkContinue, nil
	})
	return out
}

// LinkOf returns n as a Link when it is a link or an image: the parse
// stage gathers links in its one walk over a page with it.
func LinkOf(n ast.Node, src []byte) (Link, bool) {
	var dest []byte
	img := false
	switch n := n.(type) {
	case *ast.Link:
		dest = n.Destination
	case *ast.Image:
		dest, img = n.Destination, true
	case *ast.AutoLink:
		// <https://…> needs no check; <javascript:…> is refused as a
		// link is (renderAutoLink shows it as text).
		if url := n.URL(src); !SafeURL(url) {
			return Link{Node: n, Dest: string(url), Offset: autoLinkOffset(n, src, url)}, true
		}
		return Link{}, false
	default:
		return Link{}, false
	}
	return Link{Node: n, Dest: string(dest), Offset: destOffset(n, src, dest), Image: img}, true
}

// enclosingBlockStart returns the offset of the first line of the block
// an inline n is in.
func enclosingBlockStart(n ast.Node) int {
	block := n.Parent()
	for block != nil && block.Type() != ast.TypeBlock {
		block = block.Parent()
	}
	if block != nil && block.Lines().Len() > 0 {
		return block.Lines().At(0).Start
	}
	return 0
}

// autoLinkOffset finds <url> from the start of the enclosing block.
func autoLinkOffset(n ast.Node, src, url []byte) int {
	start := enclosingBlockStart(n)
	if i := bytes.Index(src[start:], append([]byte("<"), url...)); i >= 0 {
		return start + i + 1
	}
	return start
}

// destOffset finds where dest is written, searching from the start of the
// enclosing block. Reference links are found at their block.
func destOffset(n ast.Node, src, dest []byte) int {
	start := enclosingBlockStart(n)
	if len(dest) > 0 {
		if i := bytes.Index(src[start:], append([]byte("]("), dest...)); i >= 0 {
			return start + i + 2
		}
	}
	return start
}

// dangerousSchemes may run code when a reader clicks or loads them.
var dangerousSchemes = []string{"javascript:", "vbscript:", "data:", "file:"}

// SafeURL reports whether a URL is free of schemes that can run code, in any
// disguise: mixed case, HTML entities, and whitespace or control characters
// inside the scheme.
func SafeURL(u []byte) bool {
	s := html.UnescapeString(string(u))
	s = html.UnescapeString(s) // double-encoded &amp;#106;
	var b strings.Builder
	for _, r := range s {
		if r <= ' ' || r == 0x7f || r == '\u00ad' || (r >= 0x200b && r <= 0x200f) || r == 0xfeff {
			continue
		}
		b.WriteRune(r)
	}
	low := strings.ToLower(b.String())
	for _, sch := range dangerousSchemes {
		if strings.HasPrefix(low, sch) {
			return false
		}
	}
	return true
}

// IsExternal reports whether a link destination leaves the site: a
// protocol-relative URL ("//host/x") or one with a scheme, that is a colon
// with no '/', '?' or '#' before it ("https:", "mailto:", "a.b:c", as RFC
// 3986 allows '.' in a scheme). Anything else is a path in the site. The
// link stage and render both ask this, so a destination is never resolved
// as external by one and rewritten as a site path by the other.
func IsExternal(dest string) bool {
	if strings.HasPrefix(dest, "//") {
		return true
	}
	i := strings.IndexByte(dest, ':')
	return i > 0 && !strings.ContainsAny(dest[:i], "/?#")
}
