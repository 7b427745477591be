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
// which trainers' sites have too) and returns the rendered HTML and the
// problems as "line: message".
func parseQuiz(t *testing.T, src string) (string, []string, []QuestionShape) {
	t.Helper()
	md := goldmark.New(goldmark.WithExtensions(extension.TaskList, Quizzes{}))
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

func TestQuizCheck(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // "line: start of message"
	}{
		{"valid single", "::: quiz\nQ?\n\n- [x] a\n- [ ] b\n:::\n", nil},
		{"valid multiple", "::: quiz multiple\nQ?\n- [x] a\n- [X] b\n- [ ] c\n:::\n", nil},
		{"feedback and explanation", "::: quiz\nQ?\n\n- [x] a\n  > yes\n- [ ] b\n  > no\n\nBecause.\n:::\n", nil},
		{"ordinary list in question", "::: quiz\nWhich?\n\n1. one\n2. two\n\n- [x] a\n- [ ] b\n:::\n", nil},
		{"longer fence", ":::: quiz\nQ?\n- [x] a\n- [ ] b\n::::\n", nil},
		{"no right answer", "intro\n\n::: quiz\nQ?\n\n- [ ] a\n- [ ] b\n:::\n", []string{"6: question has no right answer"}},
		{"single with two right", "::: quiz\nQ?\n- [x] a\n- [x] b\n:::\n", []string{"1: single-choice question has 2 right answers"}},
		{"empty question", "::: quiz\n- [x] a\n- [ ] b\n:::\n", []string{"1: empty question"}},
		{"orphan feedback after answers", "::: quiz\nQ?\n- [x] a\n- [ ] b\n\n> why\n:::\n", []string{"6: feedback belongs to no answer"}},
		{"orphan feedback before answers", "::: quiz\nQ?\n\n> hint\n\n- [x] a\n- [ ] b\n:::\n", []string{"4: feedback belongs to no answer"}},
		{"no answers", "::: quiz\nQ?\n:::\n", []string{"1: question has no answers"}},
		{"one answer", "::: quiz\nQ?\n- [x] a\n:::\n", []string{"3: a question needs at least two answers"}},
		{"unmarked answer", "::: quiz\nQ?\n- [x] a\n- b\n:::\n", []string{"4: answer needs `[x]`"}},
		{"empty answer", "::: quiz\nQ?\n- [x] a\n- [ ]\n:::\n", []string{"4: empty answer"}},
		{"two answer lists", "::: quiz\nQ?\n- [x] a\n- [ ] b\n\nMore:\n\n1. [ ] c\n:::\n", []string{"8: a question has one list of answers"}},
		{"extra block in answer", "::: quiz\nQ?\n- [x] a\n\n  more\n- [ ] b\n:::\n", []string{"5: an answer is one paragraph"}},
		{"unclosed", "text\n\n::: quiz\nQ?\n- [x] a\n- [ ] b\n", []string{"3: question is not closed"}},
		{"unknown kind", "::: quiz several\nQ?\n- [x] a\n- [ ] b\n:::\n", []string{"1: unknown question kind \"several\""}},
		{"nested", ":::: quiz\nQ?\n- [x] a\n- [ ] b\n\n::: quiz\nR?\n- [x] c\n- [ ] d\n:::\n::::\n", []string{"6: a question cannot be inside another question"}},
		{"not a quiz fence", "::: note\ntext\n:::\n", nil},
		{"task list outside quiz untouched", "- [x] done\n- [ ] todo\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got, _ := parseQuiz(t, tt.src)
			if len(got) != len(tt.want) {
				t.Fatalf("problems\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tt.want[i]) {
					t.Errorf("problem %d = %q, want prefix %q", i, got[i], tt.want[i])
				}
			}
		})
	}
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

func TestQuizRender(t *testing.T) {
	src := "::: quiz\nWhat does **NPS** ask?\n\n- [ ] How often\n  > No: frequency.\n- [x] Would you recommend `us`\n\nOne question.\n:::\n\n- [x] done\n"
	html, probs, _ := parseQuiz(t, src)
	if probs != nil {
		t.Fatal(probs)
	}
	want := `<section class="quiz" id="q-1" data-quiz="single">
<fieldset>
<legend><a class="quiz-num" href="#q-1"><span class="visually-hidden">quiz.question </span>1</a> <span class="quiz-text">What does <strong>NPS</strong> ask?</span></legend>
<p class="quiz-hint">quiz.choose_one</p>
<ul class="quiz-answers">
<li><input type="radio" name="q-1" id="q-1-1" value="1"> <label for="q-1-1">How often</label>
<div class="quiz-feedback" hidden>
<p>No: frequency.</p>
</div>
</li>
<li><input type="radio" name="q-1" id="q-1-2" value="2" data-right> <label for="q-1-2">Would you recommend <code>us</code></label></li>
</ul>
</fieldset>
<div class="quiz-actions" hidden><button type="button" class="quiz-check">quiz.check</button> <button type="button" class="quiz-retry" hidden>quiz.retry</button></div>
<p class="quiz-result" role="status"></p>
<details class="quiz-reveal"><summary>quiz.show_answer</summary>
<p class="quiz-right"><strong>quiz.right_one</strong> Would you recommend us</p>
<p>One question.</p>
</details>
</section>
<ul>
<li><input checked="" disabled="" type="checkbox"> done</li>
</ul>
<p class="quiz-score" data-total="1" hidden></p>
`
	if html != want {
		t.Errorf("got\n%s\nwant\n%s", html, want)
	}
}
