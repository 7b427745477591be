package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

var linkRE = regexp.MustCompile(`\]\(p(\d{5})\.md\)`)

// hugoConfig gives Hugo the same job as rapport: five languages with their
// directions, translations by translationKey, topics as the tags taxonomy,
// a sitemap, no RSS (rapport makes none), no minification.
func hugoConfig() string {
	var b strings.Builder
	b.WriteString(`baseURL = "/"
defaultContentLanguage = "he"
defaultContentLanguageInSubdir = true
disableKinds = ["RSS"]
[taxonomies]
  tag = "tags"
[markup.goldmark.renderer]
  unsafe = false
[languages]
`)
	dirs := map[string]string{"he": "rtl", "ar": "rtl", "bg": "ltr", "cs": "ltr", "th": "ltr"}
	names := map[string]string{"he": "עברית", "ar": "العربية", "bg": "Български", "cs": "Čeština", "th": "ไทย"}
	for i, l := range langs {
		fmt.Fprintf(&b, "  [languages.%s]\n    languageName = %q\n    languageDirection = %q\n    weight = %d\n    contentDir = \"content/%s\"\n",
			l, names[l], dirs[l], i+1, l)
	}
	return b.String()
}

// hugoLayouts is a minimal theme comparable to rapport's pages: the
// content, html lang and dir, a language switcher over translations, the
// page's tags, and page lists on home, section and taxonomy pages.
var hugoLayouts = map[string]string{
	"_default/baseof.html": `<!DOCTYPE html>
<html lang="{{ .Language.Lang }}" dir="{{ .Language.LanguageDirection | default "ltr" }}">
<head><meta charset="utf-8"><title>{{ .Title }}</title>
{{ range .Translations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .RelPermalink }}">{{ end }}
</head>
<body>
<nav><ul>{{ range .Translations }}<li><a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}">{{ .Language.LanguageName }}</a></li>{{ end }}</ul></nav>
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

func writeHugoSite(dir string) error {
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte(hugoConfig()), 0o644); err != nil {
		return err
	}
	for name, body := range hugoLayouts {
		p := filepath.Join(dir, "layouts", name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			return err
		}
	}
	return nil
}
