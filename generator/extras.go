package generator

import (
	"html/template"

	"rapport/generator/link"
	"rapport/generator/locale"
	"rapport/generator/render"
)

// searchIndex is replaced when the search stage is wired in.
var searchIndex func(lang string, pages []*link.Page) ([]render.File, string, string)

// statusPage is replaced when the translation report is wired in.
func statusPage(site *link.Site, b *locale.Bundle) func(func(string) string) template.HTML {
	return nil
}
