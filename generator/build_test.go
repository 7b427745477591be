package generator

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"

	"rapport"
	"rapport/generator/output"
)

func build(t *testing.T, opts Options) *Result {
	t.Helper()
	res, err := Build(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestDeterministic builds the same site on one core and on all, twice,
// and requires byte-identical output.
func TestDeterministic(t *testing.T) {
	src := os.DirFS("../testdata/site")
	prev := runtime.GOMAXPROCS(1)
	one := build(t, Options{Src: src})
	runtime.GOMAXPROCS(max(prev, 4))
	all := build(t, Options{Src: src})
	again := build(t, Options{Src: src, Cache: NewCache()})
	runtime.GOMAXPROCS(prev)
	for _, other := range []*Result{all, again} {
		if len(one.Files) != len(other.Files) {
			t.Fatalf("%d files, then %d", len(one.Files), len(other.Files))
		}
		for i := range one.Files {
			if one.Files[i].Path != other.Files[i].Path || !bytes.Equal(one.Files[i].Bytes(), other.Files[i].Bytes()) {
				t.Errorf("%s differs between builds", one.Files[i].Path)
			}
		}
	}
}

// TestEscaping puts hostile text in front matter and checks it comes out
// escaped in every context: element text, attributes, URLs and JSON.
func TestEscaping(t *testing.T) {
	evil := `x</title><script>alert(1)</script>"'&` + "\u202e"
	src := fstest.MapFS{
		"content/he/_index.md": {Data: []byte("---\nweight: 0\n---\n")},
		"content/he/a.md": {Data: []byte("---\ntitle: '" + strings.ReplaceAll(evil, "'", "''") + "'\ndescription: '" +
			strings.ReplaceAll(evil, "'", "''") + "'\n---\n[l](javascript:alert(1)) <img src=x onerror=alert(1)>\n")},
	}
	res := build(t, Options{Src: src})
	if !res.Diags.HasErrors() || !strings.Contains(res.Diags.String(), "links that run code are not allowed") {
		t.Errorf("javascript: link accepted: %s", res.Diags)
	}
	for _, f := range res.Files {
		if !strings.HasSuffix(f.Path, ".html") {
			continue
		}
		s := string(f.Bytes())
		for _, bad := range []string{"<script>alert", "onerror=", "\u202e", `"'&`, "javascript:"} {
			if strings.Contains(s, bad) {
				t.Errorf("%s contains unescaped %q", f.Path, bad)
			}
		}
		if strings.Contains(s, "style=") || (strings.Contains(s, "<script>") && !strings.Contains(s, "<script src")) {
			t.Errorf("%s has an inline style or script", f.Path)
		}
	}
}

// TestPortable checks that a portable build has only relative links that
// end in index.html.
func TestPortable(t *testing.T) {
	res := build(t, Options{Src: os.DirFS("../testdata/site"), Portable: true})
	checked := 0
	for _, f := range res.Files {
		if !strings.HasSuffix(f.Path, ".html") || f.Path == "404.html" {
			continue
		}
		for _, m := range hrefRE.FindAllSubmatch(f.Bytes(), -1) {
			u := string(m[1])
			if u == "" {
				continue
			}
			checked++
			if strings.HasPrefix(u, "/") || strings.HasSuffix(u, "/") || path.Ext(u) == "" {
				t.Errorf("%s: link %q is not portable", f.Path, u)
			}
			if !exists(res.Files, f.Path, u) {
				t.Errorf("%s: link %q is broken", f.Path, u)
			}
		}
	}
	if checked < 20 {
		t.Errorf("only %d links checked", checked)
	}
}

func exists(files []output.File, from, rel string) bool {
	dir := from[:strings.LastIndex(from, "/")+1]
	target := dir + rel
	for strings.Contains(target, "../") {
		i := strings.Index(target, "../")
		j := strings.LastIndex(target[:max(i-1, 0)], "/")
		target = target[:j+1] + target[i+3:]
	}
	for _, f := range files {
		if f.Path == target {
			return true
		}
	}
	return false
}

// TestConfigURL builds with rapport.toml's url, which Options.BaseURL
// (the -base-url flag) overrides, and fails on its unknown keys.
func TestConfigURL(t *testing.T) {
	src := fstest.MapFS{
		"rapport.toml":         {Data: []byte("url = \"https://example.com/training/\"\n")},
		"content/he/_index.md": {Data: []byte("---\nweight: 0\n---\n")},
		"content/he/a.md":      {Data: []byte("---\ntitle: א\n---\nטקסט\n")},
	}
	page := func(res *Result) string {
		for _, f := range res.Files {
			if f.Path == "he/a/index.html" {
				return string(f.Bytes())
			}
		}
		t.Fatalf("no he/a/index.html in %d files", len(res.Files))
		return ""
	}
	res := build(t, Options{Src: src})
	if res.Diags.HasErrors() || !strings.Contains(page(res), `href="/training/he/"`) {
		t.Errorf("rapport.toml url not used: %s", res.Diags)
	}
	if !strings.Contains(page(build(t, Options{Src: src, BaseURL: "/other/"})), `href="/other/he/"`) {
		t.Errorf("BaseURL does not override rapport.toml's url")
	}
	src["rapport.toml"] = &fstest.MapFile{Data: []byte("url = \"/t/\"\n\n[brand]\nacent = \"#fff\"\n")}
	if got, want := build(t, Options{Src: src}).Diags.String(), `rapport.toml:4: unknown key "brand.acent"`; !strings.Contains(got, want) {
		t.Errorf("diags %q, want %q", got, want)
	}
}

// TestFallbackWarnings checks that the UI strings a language's file lacks
// are reported once, as a warning naming them, by a build with and without
// a cache, and again by a cached rebuild that renders nothing anew.
func TestFallbackWarnings(t *testing.T) {
	src := fstest.MapFS{
		"content/de/_index.md": {Data: []byte("---\ntitle: Start\n---\n")},
		"content/de/a.md":      {Data: []byte("---\ntitle: Gespräch\n---\nText.\n")},
		"locales/de.toml":      {Data: []byte("[site]\ntitle = \"Schulung\"\n")},
	}
	cache := NewCache()
	for i, opts := range []Options{{Src: src}, {Src: src, Cache: cache}, {Src: src, Cache: cache}} {
		res := build(t, opts)
		got := res.Diags.String()
		// One warning, naming the strings (sorted: certificate.*, which
		// the certificate page of every language shows, come first).
		if strings.Count(got, "locales/de.toml: warning: strings shown in English because this file lacks them") != 1 ||
			!strings.Contains(got, "lacks them (") || !strings.Contains(got, "): certificate.below_pass, ") {
			t.Errorf("build %d: want one fallback warning naming certificate.below_pass first, got:\n%s", i, got)
		}
	}
}

// TestThemeOverride builds with a site's own themes/default, a copy of
// the built-in theme whose page and status templates are changed: pages
// of every kind are drawn by the site's templates.
func TestThemeOverride(t *testing.T) {
	src := fstest.MapFS{
		"content/he/_index.md": {Data: []byte("---\nweight: 0\n---\n")},
		"content/he/a.md":      {Data: []byte("---\ntitle: א\n---\nטקסט\n")},
	}
	err := fs.WalkDir(rapport.Theme(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(rapport.Theme(), p)
		if p == "templates/page.html" || p == "templates/status.html" {
			data = bytes.Replace(data, []byte("<h1>"), []byte("<h1 data-site-theme>"), 1)
		}
		src["themes/default/"+p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	res := build(t, Options{Src: src})
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags)
	}
	for _, want := range []string{"he/a/index.html", "status/index.html"} {
		found := false
		for _, f := range res.Files {
			if f.Path == want {
				found = true
				if !bytes.Contains(f.Bytes(), []byte("<h1 data-site-theme>")) {
					t.Errorf("%s not drawn by the site's theme", want)
				}
			}
		}
		if !found {
			t.Errorf("no %s", want)
		}
	}
}

// TestEditAndUpdated checks "edit this page" from rapport.toml's editURL
// and "last updated" from lastmod, a page without a date, and a bad date.
func TestEditAndUpdated(t *testing.T) {
	src := fstest.MapFS{
		"rapport.toml":         {Data: []byte("editURL = \"https://git.example.com/edit/main/{path}\"\n")},
		"content/th/_index.md": {Data: []byte("---\nweight: 0\n---\n")},
		"content/th/a.md":      {Data: []byte("---\ntitle: ก\nlastmod: 2026-11-30\n---\nข\n")},
		"content/th/b.md":      {Data: []byte("+++\ntitle = \"ค\"\nlastmod = 2026-01-05\n+++\nข\n")},
		"content/th/c.md":      {Data: []byte("---\ntitle: ง\n---\nข\n")},
	}
	res := build(t, Options{Src: src})
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags)
	}
	pages := map[string]string{}
	for _, f := range res.Files {
		pages[f.Path] = string(f.Bytes())
	}
	for page, want := range map[string][]string{
		"th/a/index.html": {`<time datetime="2026-11-30">2026-11-30</time>`, `<a href="https://git.example.com/edit/main/content/th/a.md" rel="nofollow">แก้ไขหน้านี้</a>`, "/assets/dates."},
		"th/b/index.html": {`<time datetime="2026-01-05">`},
		"th/c/index.html": {`href="https://git.example.com/edit/main/content/th/c.md"`},
	} {
		for _, w := range want {
			if !strings.Contains(pages[page], w) {
				t.Errorf("%s lacks %s", page, w)
			}
		}
	}
	if strings.Contains(pages["th/c/index.html"], "<time") || strings.Contains(pages["th/c/index.html"], "dates.") {
		t.Errorf("a page without a date shows one or loads dates.js")
	}
	src["content/th/c.md"] = &fstest.MapFile{Data: []byte("---\ntitle: ง\nlastmod: 30.11.2026\n---\nข\n")}
	if got, want := build(t, Options{Src: src}).Diags.String(), `content/th/c.md:3: lastmod "30.11.2026" is not a date`; !strings.Contains(got, want) {
		t.Errorf("diags %q, want %q", got, want)
	}
}

// TestBrand publishes rapport.toml's logo and colours as fingerprinted
// assets that every page links, with no inline style.
func TestBrand(t *testing.T) {
	src := fstest.MapFS{
		"rapport.toml":         {Data: []byte("[brand]\nlogo = \"brand/logo.svg\"\naccent = \"#0b6e4f\"\n")},
		"brand/logo.svg":       {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"/>`)},
		"content/he/_index.md": {Data: []byte("---\nweight: 0\n---\n")},
		"content/he/a.md":      {Data: []byte("---\ntitle: א\n---\nטקסט\n")},
	}
	res := build(t, Options{Src: src})
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags)
	}
	var css, logo, page string
	for _, f := range res.Files {
		switch {
		case strings.HasPrefix(f.Path, "assets/settings.") && strings.HasSuffix(f.Path, ".css"):
			css = string(f.Bytes())
		case strings.HasPrefix(f.Path, "assets/logo.") && strings.HasSuffix(f.Path, ".svg"):
			logo = f.Path
		case f.Path == "he/a/index.html":
			page = string(f.Bytes())
		}
	}
	if !strings.Contains(css, "--accent: light-dark(#0b6e4f, ") || logo == "" {
		t.Fatalf("settings.css %q, logo %q", css, logo)
	}
	for _, want := range []string{`<link rel="stylesheet" href="/assets/settings.`, `<img class="site-logo" src="/` + logo + `" alt="">`} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if strings.Contains(page, "style=") {
		t.Errorf("inline style in the page")
	}
}

// TestDivergentFeatures checks that the translation report compares
// callouts, footnotes, tab groups and code blocks section by section.
func TestDivergentFeatures(t *testing.T) {
	he := "---\ntitle: א\n---\n## ראשון\n\n> [!TIP]\n> טיפ\n\nהערה[^1]\n\n[^1]: מקור.\n\n```sh\nls\n```\n\n::: tabs\n::: tab A\nא\n::: tab B\nב\n:::\n"
	bg := "---\ntitle: А\n---\n## Първи\n\nТекст.\n"
	src := fstest.MapFS{
		"content/he/_index.md": {Data: []byte("---\nweight: 0\n---\n")},
		"content/bg/_index.md": {Data: []byte("---\nweight: 0\n---\n")},
		"content/he/a.md":      {Data: []byte(he)},
		"content/bg/a.md":      {Data: []byte(bg)},
	}
	res := build(t, Options{Src: src})
	var got []string
	for _, f := range res.Report.Findings {
		if f.Kind == "divergent" && f.Pos.File == "content/bg/a.md" {
			got = append(got, f.Msg)
		}
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{"0 callouts; the he version has 1", "0 footnotes; the he version has 1", "0 tab groups; the he version has 1", "0 code blocks; the he version has 1"} {
		if !strings.Contains(all, want) {
			t.Errorf("report lacks %q:\n%s", want, all)
		}
	}
}
