package markdown

import (
	"bytes"
	"fmt"
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
//
// An image from another host is an error at its destination unless
// Hosts allows the host: the pages' Content-Security-Policy would block
// it, and the reader would see an empty frame. Allowed hosts' images
// must be https, as the policy allows them over https only.
type Images struct {
	// Sizes maps a slash path from the site's folder
	// (content/he/img/a.png) to the image's size.
	Sizes map[string]ImageSize
	// Hosts reports whether images may come from a host (a URL's host,
	// with its port if it has one); nil allows none.
	Hosts func(host string) bool
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
func (t imageTransformer) Transform(doc *ast.Document, r text.Reader, pc parser.Context) {
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
			if msg := t.external(string(img.Destination)); msg != "" {
				Report(pc, imageOffset(img, r.Source()), msg)
			}
			if sz, ok := t.Sizes[localImage(PagePath(pc), string(img.Destination))]; ok {
				img.SetAttributeString("width", []byte(strconv.Itoa(sz.Width)))
				img.SetAttributeString("height", []byte(strconv.Itoa(sz.Height)))
			}
			return ast.WalkContinue, nil
		})
	}
}

// external returns why the image at dest, when it is on another host,
// cannot be shown, or "". A destination that runs code (data:,
// javascript:) is left to the link stage, which refuses it.
func (t imageTransformer) external(dest string) string {
	if !IsExternal(dest) || !SafeURL([]byte(dest)) {
		return ""
	}
	u, err := url.Parse(dest)
	if err != nil || u.Host == "" || (u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https") {
		return fmt.Sprintf("image %q cannot be shown: the pages show images of the site, or over https from the hosts listed in rapport.toml's [assets] imageHosts", dest)
	}
	host := strings.ToLower(u.Host)
	if t.Hosts == nil || !t.Hosts(host) {
		return fmt.Sprintf("image from another host, %s: the pages' Content-Security-Policy blocks it; save the image beside the page, or list %q in rapport.toml's [assets] imageHosts", host, host)
	}
	if u.Scheme != "https" {
		return fmt.Sprintf("image %q: write https:// (images from %s are allowed over https only)", dest, host)
	}
	return ""
}

// imageOffset returns where img's destination is written: in the image
// (![x](dest)), or else, for a reference image (![x][ref]), where it first
// appears in the page, its definition ([ref]: dest).
func imageOffset(img *ast.Image, src []byte) int {
	off := destOffset(img, src, img.Destination)
	if len(img.Destination) > 0 && !bytes.HasPrefix(src[off:], img.Destination) {
		if i := bytes.Index(src, img.Destination); i >= 0 {
			return i
		}
	}
	return off
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
