package markdown

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// parseQuiz parses src with the quiz extension (and goldmark's task lists,
// which trainers' sites have too) and returns the rendered HTML, the
// problems as "line: message" and the questions' shapes. The HTML and
// problems of knowledge checks are in testdata/quiz.txt.
func parseQuiz(t *testing.T, src string) (string, []string, []QuestionShape) {
	t.Helper()
	md := goldmark.New(goldmark.WithExtensions(extension.TaskList, Containers{}, Quizzes{}))
	pc := parser.NewContext(parser.WithIDs(NewIDs()))
	doc := md.Parser().Parse(text.NewReader([]byte(src)), parser.WithContext(pc))
	var probs []string
	for _, p := range Problems(pc) {
		line := 1 + strings.Count(src[:p.Offset], "\n")
		probs = append(probs, fmt.Sprintf("%d: %s", line, p.Msg))
	}
	var b bytes.Buffer
	if err := md.Renderer().Render(&b, []byte(src), doc); err != nil {
		t.Fatal(err)
	}
	return b.String(), probs, QuestionShapes(doc)
}

func TestQuizShapes(t *testing.T) {
	src := "## Check\n\n::: quiz\nQ?\n- [x] a\n- [ ] b\n- [ ] c\n:::\n\n::: quiz multiple\nR?\n- [x] a\n- [x] b\n:::\n"
	_, probs, got := parseQuiz(t, src)
	if probs != nil {
		t.Fatal(probs)
	}
	want := []QuestionShape{{ID: "q-1", Offset: 10, Answers: 3, Right: 1}, {ID: "q-2", Offset: 51, Answers: 2, Right: 2}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
