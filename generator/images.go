package generator

import (
	"bytes"
	"image"
	_ "image/gif" // decoders for image.DecodeConfig
	_ "image/jpeg"
	_ "image/png"
	"path"
	"strings"

	"rapport/generator/load"
	"rapport/generator/markdown"
	"rapport/generator/memo"
)

// imageSizes reads the size of each raster image among the site's assets
// (only the header is decoded) and writes what it found into h: pages
// render width and height from it, so it is part of the parse cache's key.
func imageSizes(assets []load.Asset, h *memo.Hash) map[string]markdown.ImageSize {
	sizes := map[string]markdown.ImageSize{}
	for _, a := range assets {
		switch strings.ToLower(path.Ext(a.Path)) {
		case ".png", ".jpg", ".jpeg", ".gif":
		default:
			continue
		}
		c, _, err := image.DecodeConfig(bytes.NewReader(a.Data))
		if err != nil || c.Width <= 0 || c.Height <= 0 {
			continue // not an image after all: published as it is, with no size
		}
		sizes[a.Path] = markdown.ImageSize{Width: c.Width, Height: c.Height}
		h.Strings(a.Path).Ints(c.Width, c.Height)
	}
	return sizes
}
