package generator

import (
	"rapport/generator/link"
	"rapport/generator/render"
)

// searchIndex is replaced when the search stage is wired in.
var searchIndex func(lang string, pages []*link.Page) ([]render.File, string, string)
