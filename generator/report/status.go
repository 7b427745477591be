package report

import (
	"fmt"
	"html/template"
	"strings"

	"rapport/generator/diag"
	"rapport/generator/link"
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

// StatusHTML renders the table of translation groups × languages for the
// status page. href turns a site path into a link from that page.
func (r *Report) StatusHTML(site *link.Site, b *locale.Bundle, href func(string) string) template.HTML {
	var s strings.Builder
	esc := template.HTMLEscapeString
	s.WriteString(`<table class="status-table"><thead><tr><th scope="col">` + esc(b.For("en").S("status.group")) + `</th>`)
	for _, l := range site.Langs {
		fmt.Fprintf(&s, `<th scope="col" lang="%s" dir="%s">%s</th>`, esc(l.Tag), l.Dir, esc(b.NativeName(l.Tag)))
	}
	s.WriteString("</tr></thead><tbody>\n")
	en := b.For("en")
	for _, g := range r.Groups {
		first := g.Cells[0]
		for _, c := range g.Cells {
			if c.Page != nil {
				first = c
				break
			}
		}
		fmt.Fprintf(&s, `<tr><th scope="row" lang="%s" dir="%s">%s</th>`, esc(first.Lang), link.Direction(first.Lang), esc(g.Title))
		for _, c := range g.Cells {
			label := esc(en.S("status." + string(c.State)))
			title := esc(strings.Join(c.Notes, "\n"))
			if c.Page == nil {
				fmt.Fprintf(&s, `<td class="%s">%s</td>`, c.State, label)
				continue
			}
			fmt.Fprintf(&s, `<td class="%s" title="%s"><a href="%s">%s</a></td>`, c.State, title, esc(href(c.Page.URL)), label)
		}
		s.WriteString("</tr>\n")
	}
	s.WriteString("</tbody></table>\n")
	return template.HTML(s.String())
}
