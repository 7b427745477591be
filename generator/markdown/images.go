package markdown

import (
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// ImageSize is the size in pixels of a raster image of the site.
type ImageSize struct{ Width, Height int }

// Images gives images the attributes a phone needs: width and height from
// the file when it is a local raster image of the site (so the page does
// not jump while it loads; the theme's max-inline-size: 100% and
// height: auto keep the ratio on narrow screens), and loading="lazy"
// except for an image in the first few blocks of the page (the first
// screen). A missing local image is reported by the link stage, as any
// link to a missing file.
type Images struct {
	// Sizes maps a slash path from the site's folder
	// (content/he/img/a.png) to the image's size.
	Sizes map[string]ImageSize
}

// Extend registers the transformer.
func (i Images) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(imageTransformer(i), 600)))
}

// firstScreenBlocks is how many top-level blocks are taken to fill the
// first screen of a phone: images in them load at once.
const firstScreenBlocks = 3

type imageTransformer Images

// Transform sets the attributes of every image.
func (t imageTransformer) Transform(doc *ast.Document, _ text.Reader, pc parser.Context) {
	block := 0
	for top := doc.FirstChild(); top != nil; top = top.NextSibling() {
		block++
		ast.Walk(top, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			img, ok := n.(*ast.Image)
			if !ok || !entering {
				return ast.WalkContinue, nil
			}
			if block > firstScreenBlocks {
				img.SetAttributeString("loading", []byte("lazy"))
			}
			img.SetAttributeString("decoding", []byte("async"))
			if sz, ok := t.Sizes[localImage(PagePath(pc), string(img.Destination))]; ok {
				img.SetAttributeString("width", []byte(strconv.Itoa(sz.Width)))
				img.SetAttributeString("height", []byte(strconv.Itoa(sz.Height)))
			}
			return ast.WalkContinue, nil
		})
	}
}

// localImage returns the site path of an image destination relative to
// the page at page, or "" for a URL or a site-absolute path.
func localImage(page, dest string) string {
	if page == "" || dest == "" || strings.HasPrefix(dest, "/") || strings.Contains(dest, ":") {
		return ""
	}
	dest, _, _ = strings.Cut(dest, "#")
	dest, _, _ = strings.Cut(dest, "?")
	if d, err := url.PathUnescape(dest); err == nil {
		dest = d
	}
	return path.Join(path.Dir(page), dest)
}

var pageKey = parser.NewContextKey()

// SetPagePath records in pc the slash path of the page being parsed
// (content/he/a.md), for extensions that look at files beside it.
func SetPagePath(pc parser.Context, p string) { pc.Set(pageKey, p) }

// PagePath returns the path set with SetPagePath, or "".
func PagePath(pc parser.Context) string {
	p, _ := pc.Get(pageKey).(string)
	return p
}
