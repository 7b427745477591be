package generator

import (
	"context"
	"html"
	"os"
	"regexp"
	"strings"
	"testing"
)

var (
	canonicalRE = regexp.MustCompile(`<link rel="canonical" href="([^"]*)">`)
	altRE       = regexp.MustCompile(`<link rel="alternate" hreflang="([^"]+)" href="([^"]*)">`)
	metaRE      = regexp.MustCompile(`<meta (?:name|property)="([^"]+)" content="([^"]*)">`)
)

// TestSharingMetadata builds the sample site with its full URL and reads
// each page's head as a search engine or a link preview does: a canonical
// link to itself, absolute hreflang alternates with an x-default, a
// description (the front matter's, else the first paragraph), Open Graph
// and Twitter card tags; and a robots.txt that names the sitemap.
func TestSharingMetadata(t *testing.T) {
	const site = "https://example.org/training/"
	res, err := Build(context.Background(), Options{Src: os.DirFS(".."), BaseURL: site})
	if err != nil || res.Diags.HasErrors() {
		t.Fatal(err, res.Diags.Errors())
	}
	files := map[string]string{}
	for _, f := range res.Files {
		files[f.Path] = string(f.Bytes())
	}
	if got := files["robots.txt"]; !strings.Contains(got, "Sitemap: "+site+"sitemap.xml") || !strings.Contains(got, "User-agent: *") {
		t.Errorf("robots.txt = %q, want a User-agent line and Sitemap: %ssitemap.xml", got, site)
	}
	checked := 0
	for path, page := range files {
		if !strings.HasSuffix(path, "index.html") {
			continue
		}
		checked++
		url := site + strings.TrimSuffix(path, "index.html")
		if m := canonicalRE.FindStringSubmatch(page); m == nil || m[1] != url {
			t.Errorf("%s: canonical %v, want %s", path, m, url)
		}
		meta := map[string]string{}
		for _, m := range metaRE.FindAllStringSubmatch(page, -1) {
			meta[m[1]] = html.UnescapeString(m[2])
		}
		for _, name := range []string{"description", "og:title", "og:description", "og:type", "og:url", "og:site_name", "og:locale", "twitter:card"} {
			if strings.TrimSpace(meta[name]) == "" && (name != "og:locale" || path != "index.html") { // the chooser is in every language
				t.Errorf("%s: no %s", path, name)
			}
		}
		if meta["og:url"] != url {
			t.Errorf("%s: og:url %q, want %s", path, meta["og:url"], url)
		}
		alts := altRE.FindAllStringSubmatch(page, -1)
		xdefault := false
		for _, a := range alts {
			if !strings.HasPrefix(a[2], site) {
				t.Errorf("%s: hreflang %s alternate %q is not absolute", path, a[1], a[2])
			}
			xdefault = xdefault || a[1] == "x-default"
		}
		if len(alts) > 0 && !xdefault {
			t.Errorf("%s: hreflang alternates without x-default", path)
		}
	}
	if checked < 40 {
		t.Fatalf("only %d pages checked", checked)
	}
	// A playbook whose front matter has no description is described by its
	// first paragraph.
	page := files["he/global-perspective/why-it-matters/index.html"]
	src, _ := os.ReadFile("../content/he/global-perspective/why-it-matters.md")
	if strings.Contains(string(src), "\ndescription:") {
		t.Fatal("the test page has a description in its front matter; pick another")
	}
	var desc string
	for _, m := range metaRE.FindAllStringSubmatch(page, -1) {
		if m[1] == "description" {
			desc = html.UnescapeString(m[1+1])
		}
	}
	first := strings.TrimSuffix(desc, "…")
	if len(first) < 40 || !strings.Contains(text([]byte(page)), first) {
		t.Errorf("description %q is not the start of the first paragraph", desc)
	}
}

// TestRelativeMetadataWithoutSiteURL builds with a path only: hreflang
// stays relative (a guessed host would be wrong), no canonical or og:url,
// and robots.txt has no sitemap line (it must be absolute).
func TestRelativeMetadataWithoutSiteURL(t *testing.T) {
	res := buildSample(t)
	for _, f := range res.Files {
		s := string(f.Bytes())
		switch {
		case f.Path == "robots.txt" && strings.Contains(s, "Sitemap:"):
			t.Errorf("robots.txt names a sitemap without the site's URL: %q", s)
		case strings.HasSuffix(f.Path, ".html") && (canonicalRE.MatchString(s) || strings.Contains(s, `property="og:url"`)):
			t.Errorf("%s: canonical or og:url without the site's URL", f.Path)
		case strings.Contains(s, `hreflang="x-default"`) && !strings.Contains(s, `hreflang="x-default" href="/">`):
			t.Errorf("%s: x-default does not lead to the language chooser at /", f.Path)
		}
	}
}

// TestNoEmptyProgressBars: a progress bar with max="0" is invalid HTML
// (the Nu checker's error on Thai pages with no playbooks in an article).
func TestNoEmptyProgressBars(t *testing.T) {
	for _, f := range buildSample(t).Files {
		if strings.Contains(string(f.Bytes()), `<progress max="0"`) {
			t.Errorf("%s: <progress max=\"0\">", f.Path)
		}
	}
}
