package markdown

import (
	"bufio"
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// Hole is a place in a page's rendered body where a link's or image's
// destination goes: Offset is a byte offset in the body HTML, Link an index
// into the page's [Links].
type Hole struct {
	Offset, Link int
}

// Holes renders a page's body once, at parse time, before the site's link
// graph is known: every link and image is rendered exactly as goldmark
// renders it, except that its destination is left out and its position
// recorded as a [Hole]. [FillHoles] later writes the resolved destinations
// in, so the body is never parsed twice and no syntax tree outlives its
// page's parse.
//
// The renderers for links and images override goldmark's (priority 100
// beats the default 1000) and delegate to goldmark's own, rendered with an
// empty destination, so everything else in the tag stays goldmark's.
//
// A Holes value keeps the state of the render in progress: use one per
// goroutine, with [Holes.Render].
type Holes struct {
	r        *holeRenderer
	renderer renderer.Renderer
	// w buffers goldmark's writes (goldmark would allocate 4 KiB per
	// render); out and scratch are the caller's (see Buffer).
	w       *bufio.Writer
	out     bytes.Buffer
	scratch []byte
}

// NewHoles adds the hole renderers for links and images to md's renderer
// and returns the recorder. md is then only for [Holes.Render], from one
// goroutine at a time.
func NewHoles(md goldmark.Markdown) *Holes {
	h := &Holes{r: &holeRenderer{}, renderer: md.Renderer(), w: bufio.NewWriter(nil)}
	h.r.sw = bufio.NewWriter(&h.r.scratch)
	base := map[ast.NodeKind]renderer.NodeRendererFunc{}
	html.NewRenderer().RegisterFuncs(funcCollector(base))
	h.r.link, h.r.image = base[ast.KindLink], base[ast.KindImage]
	md.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(h.r, 100)))
	return h
}

// Render renders doc, parsed from src, whose links (in [Links] order) are
// links, into w, and returns the holes of their destinations in the order
// they appear in the output.
func (h *Holes) Render(w *bytes.Buffer, src []byte, doc ast.Node, links []Link) ([]Hole, error) {
	r := h.r
	r.out, r.holes = w, nil
	r.index = make(map[ast.Node]int, len(links))
	for i, l := range links {
		r.index[l.Node] = i
	}
	h.w.Reset(w)
	err := h.renderer.Render(h.w, src, doc)
	if ferr := h.w.Flush(); err == nil {
		err = ferr
	}
	h.w.Reset(nil)
	holes := r.holes
	r.out, r.holes, r.index = nil, nil, nil
	return holes, err
}

// Buffer returns an empty buffer to render into, and Scratch a slice of
// length n: both are the caller's until its next call of the same method. A
// Holes is used by one goroutine, so parsing a page allocates no buffers of
// its own.
func (h *Holes) Buffer() *bytes.Buffer {
	h.out.Reset()
	return &h.out
}

// Scratch: see Buffer.
func (h *Holes) Scratch(n int) []byte {
	if cap(h.scratch) < n {
		h.scratch = make([]byte, n)
	}
	return h.scratch[:n]
}

// FillHoles appends body to dst with dest(i) written, escaped as goldmark
// escapes a destination, in each hole of link i.
func FillHoles(dst *bytes.Buffer, body []byte, holes []Hole, dest func(link int) string) {
	at := 0
	for _, h := range holes {
		dst.Write(body[at:h.Offset])
		at = h.Offset
		d := util.URLEscape([]byte(dest(h.Link)), true)
		if !html.IsDangerousURL(d) {
			dst.Write(util.EscapeHTML(d))
		}
	}
	dst.Write(body[at:])
}

type funcCollector map[ast.NodeKind]renderer.NodeRendererFunc

func (c funcCollector) Register(k ast.NodeKind, f renderer.NodeRendererFunc) { c[k] = f }

type holeRenderer struct {
	link, image renderer.NodeRendererFunc
	out         *bytes.Buffer
	index       map[ast.Node]int
	holes       []Hole
	scratch     bytes.Buffer
	sw          *bufio.Writer // writes to scratch
}

func (r *holeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindLink, r.renderLink)
	reg.Register(ast.KindImage, r.renderImage)
}

func (r *holeRenderer) renderLink(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	return r.render(w, src, node, entering, &node.(*ast.Link).Destination, `<a href="`, r.link)
}

func (r *holeRenderer) renderImage(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	return r.render(w, src, node, entering, &node.(*ast.Image).Destination, `<img src="`, r.image)
}

// render renders a link or image, whose destination is dest, with
// goldmark's f, its destination left out as a hole.
func (r *holeRenderer) render(w util.BufWriter, src []byte, node ast.Node, entering bool, dest *[]byte, prefix string, f renderer.NodeRendererFunc) (ast.WalkStatus, error) {
	if !entering {
		return f(w, src, node, entering)
	}
	saved := *dest
	*dest = nil
	defer func() { *dest = saved }()
	return r.withHole(w, src, node, prefix, f)
}

// withHole renders node with goldmark's renderer f into a scratch buffer
// (its destination is empty, so the output starts with prefix), writes the
// prefix to w, records the hole and writes the rest.
func (r *holeRenderer) withHole(w util.BufWriter, src []byte, node ast.Node, prefix string, f renderer.NodeRendererFunc) (ast.WalkStatus, error) {
	i, ok := r.index[node]
	if !ok || r.out == nil {
		return f(w, src, node, true)
	}
	r.scratch.Reset()
	r.sw.Reset(&r.scratch)
	status, err := f(r.sw, src, node, true)
	r.sw.Flush()
	rest, ok := bytes.CutPrefix(r.scratch.Bytes(), []byte(prefix))
	if !ok {
		w.Write(r.scratch.Bytes())
		return status, err
	}
	w.WriteString(prefix)
	r.holes = append(r.holes, Hole{Offset: r.out.Len() + w.Buffered(), Link: i})
	w.Write(rest)
	return status, err
}
