package generator

import (
	"maps"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

// TestCalculatorTitleLevel requires a calculator's title to take the
// heading level after the heading before it, so the outline has no gap:
// h2 at the top of a page (under its h1), h3 in an h2 section, h4 in an h3
// one; and the form to have no empty action (invalid HTML).
func TestCalculatorTitleLevel(t *testing.T) {
	calc := "```calculator\nmetric: score\n```\n\n"
	src := maps.Clone(messageSite)
	src["content/he/score.md"] = &fstest.MapFile{Data: []byte("---\ntitle: ניקוד\n---\n" + calc +
		"## פרק\n\n" + calc + "### סעיף\n\nטקסט.\n\n" + calc + "## פרק שני\n\n" + calc)}
	res := build(t, Options{Src: src})
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags.Errors())
	}
	var html string
	for _, f := range res.Files {
		if f.Path == "he/score/index.html" {
			html = string(f.Bytes())
		}
	}
	titles := regexp.MustCompile(`<h(\d) id="calc-\d+-title"`).FindAllStringSubmatch(html, -1)
	var got []string
	for _, m := range titles {
		got = append(got, "h"+m[1])
	}
	if want := "h2 h3 h4 h3"; strings.Join(got, " ") != want {
		t.Errorf("calculator title levels %v, want %s", got, want)
	}
	if strings.Contains(html, `action=""`) {
		t.Error(`calculator form has action="" (invalid HTML)`)
	}
}
