package render

import (
	"html/template"
	"slices"
	"testing"
)

func TestAnswerKey(t *testing.T) {
	tests := []struct {
		name, body, want string
		answers          []template.HTML
	}{
		{"none", "<p>a</p>", "<p>a</p>", nil},
		{"two", `<p>a</p><details class="quiz-reveal"><summary>Show</summary><p>x</p></details><p>b</p><details class="quiz-reveal"><summary>Show</summary> y </details>`,
			"<p>a</p><p>b</p>", []template.HTML{"<p>x</p>", "y"}},
		{"nested details kept whole", `<details class="quiz-reveal"><summary>S</summary><details><summary>more</summary>z</details></details><p>c</p>`,
			"<p>c</p>", []template.HTML{"<details><summary>more</summary>z</details>"}},
		{"other details stay", `<details><summary>n</summary>m</details>`, `<details><summary>n</summary>m</details>`, nil},
		{"unclosed", `<p>a</p><details class="quiz-reveal"><summary>S</summary>z`, "<p>a</p>", []template.HTML{"z"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, answers := answerKey(tt.body)
			if got != tt.want || !slices.Equal(answers, tt.answers) {
				t.Errorf("answerKey = %q, %q; want %q, %q", got, answers, tt.want, tt.answers)
			}
		})
	}
}

// TestHandoutCSSStrings: a handout's title and page-number words become
// CSS strings that no title can end early, with counters for the
// placeholders.
func TestHandoutCSSStrings(t *testing.T) {
	if got, want := cssString(`He said "hi" \ </style>`+"\n"), `"He said \22 hi\22  \5c  \3c /style\3e \a "`; got != want {
		t.Errorf("cssString = %s, want %s", got, want)
	}
	vars := map[string]string{"{{.Page}}": "counter(page)", "{{.Pages}}": "counter(pages)"}
	for in, want := range map[string]string{
		"{{.Page}} / {{.Pages}}":              `counter(page) " / " counter(pages)`,
		"עמוד {{.Page}} מתוך {{.Pages}}":      `"עמוד " counter(page) " מתוך " counter(pages)`,
		"หน้า {{.Page}}/{{.Pages}}":           `"หน้า " counter(page) "/" counter(pages)`,
		"{{.Pages}} pages, this is {{.Page}}": `counter(pages) " pages, this is " counter(page)`,
		"":                                    `""`,
	} {
		if got := cssContent(in, vars); got != want {
			t.Errorf("cssContent(%q) = %s, want %s", in, got, want)
		}
	}
}
