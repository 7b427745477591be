package markdown

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// TaskLists are GitHub's task lists (`- [ ] call the customer`, `- [x]`),
// rendered as read-only checkboxes (goldmark's extension: disabled
// inputs), with class="task" on their list items and class="tasks" on a
// list of them, so the theme can drop the bullet before a checkbox.
type TaskLists struct{}

// Extend registers goldmark's task list parser and renderer, and the
// transformer that marks the items.
func (TaskLists) Extend(m goldmark.Markdown) {
	extension.TaskList.Extend(m)
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(taskMarker{}, 500)))
}

type taskMarker struct{}

// Transform sets the classes on list items that start with a checkbox.
func (taskMarker) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if _, ok := n.(*east.TaskCheckBox); !ok || !entering {
			return ast.WalkContinue, nil
		}
		for p := n.Parent(); p != nil; p = p.Parent() {
			if li, ok := p.(*ast.ListItem); ok {
				li.SetAttributeString("class", []byte("task"))
				li.Parent().SetAttributeString("class", []byte("tasks"))
				break
			}
		}
		return ast.WalkContinue, nil
	})
}
