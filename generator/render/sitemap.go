package render

import (
	"bytes"
	"encoding/xml"

	"rapport/generator/link"
)

// sitemap lists every content page, with an xhtml:link alternate for each
// language it exists in (itself included, as the sitemap protocol asks).
// Locations are SiteURL + BaseURL + path: absolute when the site's host is
// known, absolute paths otherwise.
func sitemap(site *link.Site, opts Options) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n")
	loc := func(p *link.Page) string { return opts.SiteURL + opts.BaseURL + p.URL }
	for _, p := range site.Pages {
		b.WriteString("  <url>\n    <loc>")
		xml.EscapeText(&b, []byte(loc(p)))
		b.WriteString("</loc>\n")
		if len(p.Translations) > 0 {
			for _, q := range append([]*link.Page{p}, p.Translations...) {
				b.WriteString(`    <xhtml:link rel="alternate" hreflang="`)
				xml.EscapeText(&b, []byte(q.Lang.Tag))
				b.WriteString(`" href="`)
				xml.EscapeText(&b, []byte(loc(q)))
				b.WriteString("\"/>\n")
			}
		}
		b.WriteString("  </url>\n")
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

// robots is robots.txt: every page may be crawled; the sitemap is named
// when the site's full URL is known (the protocol wants it absolute). A
// site served under a path must copy it to the host's root to be read.
func robots(opts Options) []byte {
	s := "User-agent: *\nAllow: /\n"
	if opts.SiteURL != "" {
		s += "\nSitemap: " + opts.SiteURL + opts.BaseURL + "sitemap.xml\n"
	}
	return []byte(s)
}
