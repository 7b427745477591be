package markdown

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// extensions is the list of every extension of the Markdown rapport
// accepts, for a page in language l. To add one, write its file and add
// one line here.
func extensions(c Config, l Lang) []goldmark.Extender {
	return []goldmark.Extender{
		extension.Table,
		extension.Strikethrough,
		extension.Linkify,
		Formulas{},
		Isolate{},
		Maths{},
		Anchors{Label: l.Label("page.anchor")},
		Calculators{Set: c.Metrics, Label: l.Label, Dir: l.Dir},
		Containers{},
		Quizzes{Label: l.Label},
		Footnotes{Label: l.Label},
		TaskLists{},
		extension.DefinitionList,
		Callouts{Label: l.Label},
		CodeBlocks{Label: l.Label, Highlight: c.Highlight},
		TabGroups{},
		Images{Sizes: c.Images, Hosts: c.ImageHosts},
		RawHTML{},
	}
}
