package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

var linkRE = regexp.MustCompile(`\]\(p(\d{5})\.md\)`)

// hugoVersions are the Hugo configuration dialects the corpus is written
// for: Hugo 0.158 renamed the language keys (languageName → label,
// languageDirection → direction) and their template fields, and warns about
// the old ones. Each dialect gets its own config file and themes folder, the
// same site otherwise: hugo --config hugo-DIALECT.toml --theme plain|full.
var hugoVersions = []struct {
	name, label, direction string
}{
	{"0.111", "languageName", "languageDirection"},
	{"0.158", "label", "direction"},
}

// hugoConfig gives Hugo the same job as rapport: five languages with their
// directions, translations by translationKey, topics as the tags taxonomy,
// related pages by shared tags, a sitemap, no RSS (rapport makes none), no
// minification. label and direction are the dialect's key names.
func hugoConfig(dialect, label, direction string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `baseURL = "/"
title = "Customer relationship playbooks"
defaultContentLanguage = "he"
defaultContentLanguageInSubdir = true
disableKinds = ["RSS"]
themesDir = "themes-%s"
theme = "plain"
[taxonomies]
  tag = "tags"
[markup.goldmark.renderer]
  unsafe = false
[related]
  includeNewer = true
  threshold = 1
  toLower = false
  [[related.indices]]
    name = "tags"
    weight = 100
[languages]
`, dialect)
	dirs := map[string]string{"he": "rtl", "ar": "rtl", "bg": "ltr", "cs": "ltr", "th": "ltr"}
	names := map[string]string{"he": "עברית", "ar": "العربية", "bg": "Български", "cs": "Čeština", "th": "ไทย"}
	for i, l := range langs {
		fmt.Fprintf(&b, "  [languages.%s]\n    %s = %q\n    %s = %q\n    weight = %d\n    contentDir = \"content/%s\"\n",
			l, label, names[l], direction, dirs[l], i+1, l)
	}
	return b.String()
}

// hugoPlain is a minimal theme comparable to rapport's pages: the content,
// html lang and dir, a language switcher over translations, the page's
// tags, and page lists on home, section and taxonomy pages. LABEL and
// DIRECTION stand for the dialect's field names.
var hugoPlain = map[string]string{
	"_default/baseof.html": `<!DOCTYPE html>
<html lang="{{ .Language.Lang }}" dir="{{ .Language.DIRECTION | default "ltr" }}">
<head><meta charset="utf-8"><title>{{ .Title }}</title>
{{ range .Translations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .RelPermalink }}">{{ end }}
</head>
<body>
<nav><ul>{{ range .Translations }}<li><a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}">{{ .Language.LABEL }}</a></li>{{ end }}</ul></nav>
<main>{{ block "main" . }}{{ end }}</main>
</body></html>
`,
	"_default/single.html": `{{ define "main" }}<article><h1>{{ .Title }}</h1>
<ul class="tags">{{ range .Params.tags }}<li><a href="{{ (printf "tags/%s/" (urlize .)) | relLangURL }}">{{ . }}</a></li>{{ end }}</ul>
{{ .Content }}</article>{{ end }}
`,
	"_default/list.html": `{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
`,
	"_default/terms.html": `{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>{{ end }}
`,
}

// hugoFull is a theme that shows what a rapport page shows: a navigation
// list (the first 30 pages of the language, as rapport caps its sidebar),
// breadcrumbs, reading time, topics, a table of contents, related pages by
// shared tags and a language switcher naming every language; the main
// element is marked for Pagefind, which indexes the output afterwards as
// rapport's search index does.
var hugoFull = map[string]string{
	"_default/baseof.html": `<!DOCTYPE html>
<html lang="{{ .Language.Lang }}" dir="{{ .Language.DIRECTION | default "ltr" }}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ site.Title }}</title>
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .RelPermalink }}">
{{ end }}</head>
<body>
<header><a href="{{ site.Home.RelPermalink }}">{{ site.Home.Title }}</a>
<nav class="lang-switcher"><ul>{{ $cur := . }}{{ range .AllTranslations }}<li>{{ if eq .Language.Lang $cur.Language.Lang }}<span aria-current="true">{{ .Language.LABEL }}</span>{{ else }}<a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}">{{ .Language.LABEL }}</a>{{ end }}</li>{{ end }}</ul></nav>
</header>
<nav class="site-nav"><ul>{{ range first 30 site.RegularPages }}<li{{ if eq . $cur }} class="current"{{ end }}><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}<li><a href="{{ "tags/" | relLangURL }}">Tags</a></li></ul></nav>
<main data-pagefind-body>{{ block "main" . }}{{ end }}</main>
</body></html>
`,
	"_default/single.html": `{{ define "main" }}<article>
<nav class="breadcrumbs"><ol>{{ range .Ancestors.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}<li aria-current="page">{{ .Title }}</li></ol></nav>
<header><h1>{{ .Title }}</h1><p class="meta">{{ .ReadingTime }} min</p>
<ul class="tags">{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul></header>
<nav class="toc">{{ .TableOfContents }}</nav>
<div class="content">{{ .Content }}</div>
{{ with first 5 (site.RegularPages.Related .) }}<aside class="related"><ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></aside>{{ end }}
</article>{{ end }}
`,
	"_default/list.html": `{{ define "main" }}<nav class="breadcrumbs"><ol>{{ range .Ancestors.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}<li aria-current="page">{{ .Title }}</li></ol></nav>
<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
`,
	"_default/terms.html": `{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>{{ end }}
`,
}

// writeHugoSite writes, for each dialect, hugo-DIALECT.toml and the two
// themes (plain, full) in themes-DIALECT/.
func writeHugoSite(dir string) error {
	for _, v := range hugoVersions {
		cfg := filepath.Join(dir, "hugo-"+v.name+".toml")
		if err := os.WriteFile(cfg, []byte(hugoConfig(v.name, v.label, v.direction)), 0o644); err != nil {
			return err
		}
		fields := strings.NewReplacer("LABEL", strings.ToUpper(v.label[:1])+v.label[1:],
			"DIRECTION", strings.ToUpper(v.direction[:1])+v.direction[1:])
		for theme, layouts := range map[string]map[string]string{"plain": hugoPlain, "full": hugoFull} {
			for name, body := range layouts {
				p := filepath.Join(dir, "themes-"+v.name, theme, "layouts", name)
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					return err
				}
				if err := os.WriteFile(p, []byte(fields.Replace(body)), 0o644); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
