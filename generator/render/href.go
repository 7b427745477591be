package render

import (
	"path"
	"strings"

	"rapport/generator/markdown"
)

// linker turns site paths into hrefs for one page: absolute under the base
// path, or, in a portable build, relative and ending in index.html so the
// site opens from disk.
type linker struct {
	base     string // "/" or "/training/"
	portable bool
	from     string // the page's own site path ("he/a/"; "" for the root)
}

// href returns the href of site path target ("he/b/", "he/b/#x",
// "assets/s.css"). External URLs and same-page anchors are returned as is.
func (l linker) href(target string) string {
	if target == "" || strings.HasPrefix(target, "#") || markdown.IsExternal(target) {
		return target
	}
	if strings.HasPrefix(target, "/") {
		return target // site-absolute link written by a trainer
	}
	t, frag, hasFrag := strings.Cut(target, "#")
	if hasFrag {
		frag = "#" + frag
	}
	if !l.portable {
		return l.base + t + frag
	}
	if t == "" || strings.HasSuffix(t, "/") {
		t += "index.html"
	}
	return relative(l.from, t) + frag
}

// root returns the site's root as seen from the page: the base path, or
// in a portable build the way up to it ("../../" from "he/search/").
func (l linker) root() string {
	if !l.portable {
		return l.base
	}
	return strings.Repeat("../", strings.Count(l.from, "/"))
}

// relative returns the path from folder dir (site path ending in "/" or "")
// to file target.
func relative(dir, target string) string {
	from := strings.Split(strings.TrimSuffix(dir, "/"), "/")
	if dir == "" {
		from = nil
	}
	to := strings.Split(target, "/")
	i := 0
	for i < len(from) && i < len(to)-1 && from[i] == to[i] {
		i++
	}
	up := strings.Repeat("../", len(from)-i)
	return up + path.Join(to[i:]...)
}
