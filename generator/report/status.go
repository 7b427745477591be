package report

import (
	"strings"

	"rapport/generator/diag"
	"rapport/generator/locale"
)

// Locales reports, for each language of the site, the UI strings it lacks
// (falling back to English) and the keys it has that English does not know
// (left over from an old version, or misspelt).
func (r *Report) Locales(b *locale.Bundle, langs []string) {
	en := b.IDs(locale.Fallback)
	for _, lang := range langs {
		file := "locales/" + lang + ".toml"
		if !b.Has(lang) {
			continue // the build itself warns once about a missing file
		}
		have := map[string]bool{}
		for _, id := range b.IDs(lang) {
			have[id] = true
		}
		for _, id := range en {
			if !have[id] {
				r.add(diag.Warning, lang, "locale", diag.Pos{File: file}, "missing %s %q: English is shown", kindOf(id), id)
			}
		}
		known := map[string]bool{}
		for _, id := range en {
			known[id] = true
		}
		for _, id := range b.IDs(lang) {
			if !known[id] {
				r.add(diag.Warning, lang, "locale", diag.Pos{File: file}, "unused key %q: locales/en.toml has no such string", id)
			}
		}
	}
}

func kindOf(id string) string {
	switch {
	case strings.HasPrefix(id, "topic."):
		return "topic name"
	case strings.HasPrefix(id, "metric."):
		return "metric label"
	}
	return "UI string"
}
